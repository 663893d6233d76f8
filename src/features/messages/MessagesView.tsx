import { memo, useCallback, useMemo, useState } from 'react';
import { toCsv, toJsonLines } from '../../data/exportMessages';
import type { MessageLog } from '../../data/messageLog';
import { MessageView, type MessageCriteria } from '../../data/messageView';
import { formatBytes } from '../../mqtt/payload';
import { previewMessage } from '../../data/decoders/preview';
import { weakCache } from '../../data/weakCache';
import { compileTopicFilter, validateTopicFilter } from '../../mqtt/topic';
import type { ReceivedMessage } from '../../mqtt/types';
import { useSessionActions, useSessionData } from '../../stores/sessionContext';
import { useLiveStats } from '../../stores/live';
import type { Profile } from '../../stores/profileModel';
import { useMessageViewState, useRowHeight, useViewsStore } from '../../stores/views';
import { downloadText, fileStamp, safeFileName } from '../../shared/download';
import { formatClock, formatCount, plural } from '../../shared/format/format';
import { Button } from '../../shared/ui/Button';
import { TextField } from '../../shared/ui/Field';
import { FollowingList, ListHeaderRow, ListRow } from '../../shared/ui/FollowingList';
import { ErrorBoundary } from '../../shared/ui/ErrorBoundary';
import { MessageDetail } from './MessageDetail';

/** Height of one message row in px (rows are fixed-height so the list can be virtualized). */
export const MESSAGE_ROW_HEIGHT_PX = 28;

/** Previews are computed for visible rows only, once per message. */
const previewOf = weakCache((message: ReceivedMessage) => previewMessage(message));

/** One view per message log, kept outside React and brought up to date when the log's revision changes. */
const viewOf = weakCache((_log: MessageLog) => new MessageView());

/** The message log of a connection: filters, pause, export, a virtualized list and the selected message. */
export function MessagesView({ profile }: { profile: Profile }) {
  const actions = useSessionActions();
  const reader = useSessionData();
  const id = profile.id;
  const stats = useLiveStats(id);
  const state = useMessageViewState(id);
  const patch = useViewsStore((s) => s.patchMessages);
  const log = reader.data(id).log;
  const [topicInput, setTopicInput] = useState(state.topicFilter);
  const topicError = topicInput ? validateTopicFilter(topicInput) : null;

  const subscriptionStyle = useMemo(() => {
    const entries = profile.subscriptions.map((s) => ({ match: compileTopicFilter(s.filter), color: s.color ?? '#94a3b8', muted: !!s.muted }));
    const muted = entries.filter((e) => e.muted);
    const hidden =
      muted.length === 0 ? null : (topic: string) => muted.some((e) => e.match(topic)) && !entries.some((e) => !e.muted && e.match(topic));
    return {
      colorOf: (topic: string) => entries.find((e) => !e.muted && e.match(topic))?.color,
      hidden,
      hiddenKey: profile.subscriptions.map((s) => `${s.filter}:${s.muted ? 1 : 0}`).join('|'),
    };
  }, [profile.subscriptions]);

  const criteria: MessageCriteria = {
    topicFilter: state.topicFilter,
    text: state.text,
    hidden: subscriptionStyle.hidden,
    hiddenKey: subscriptionStyle.hiddenKey,
  };
  const view = viewOf(log);
  // Derived from the log and the criteria; cheap when nothing changed (see MessageView.update).
  view.update(log, criteria, state.pausedAt);
  const rowCount = view.length;
  const selected = state.selectedSeq !== null ? log.get(state.selectedSeq) : undefined;
  const select = useCallback((seq: number | null) => patch(id, { selectedSeq: seq }), [patch, id]);

  const exportAs = (format: 'jsonl' | 'csv') => {
    const messages: ReceivedMessage[] = [];
    for (let i = 0; i < view.length; i++) {
      const m = log.get(view.seqAt(i));
      if (m) messages.push(m);
    }
    const name = `mqttscope-${safeFileName(profile.name)}-${fileStamp()}`;
    if (format === 'jsonl') downloadText(`${name}.jsonl`, toJsonLines(messages), 'application/x-ndjson');
    else downloadText(`${name}.csv`, toCsv(messages), 'text/csv');
  };

  return (
    <section aria-label="Messages" data-rev={stats.rev} className="flex h-full min-h-0 flex-col">
      <div className="flex flex-wrap items-start gap-2 border-b border-slate-200 px-3 py-2 dark:border-slate-800">
        <TextField
          label="Filter by topic"
          inline
          className="min-w-48 flex-1 sm:max-w-72"
          inputClassName="font-mono py-1"
          placeholder="tele/+/SENSOR"
          spellCheck={false}
          data-shortcut-search
          value={topicInput}
          error={topicError}
          onChange={(e) => {
            const next = e.target.value;
            setTopicInput(next);
            if (!next || !validateTopicFilter(next)) patch(id, { topicFilter: next });
          }}
        />
        <TextField
          label="Filter by text"
          inline
          className="min-w-44 flex-1 sm:max-w-64"
          inputClassName="py-1"
          placeholder="in topic or payload"
          value={state.text}
          onChange={(e) => patch(id, { text: e.target.value })}
        />
        <div className="flex flex-wrap items-center gap-1.5">
          {state.pausedAt === null ? (
            <Button size="sm" onClick={() => patch(id, { pausedAt: log.nextSeq })}>
              Pause
            </Button>
          ) : (
            <Button size="sm" variant="primary" onClick={() => patch(id, { pausedAt: null })}>
              Resume
            </Button>
          )}
          <Button size="sm" variant="ghost" onClick={() => exportAs('jsonl')} disabled={rowCount === 0}>
            Export JSON Lines
          </Button>
          <Button size="sm" variant="ghost" onClick={() => exportAs('csv')} disabled={rowCount === 0}>
            Export CSV
          </Button>
          <Button
            size="sm"
            variant="ghost"
            onClick={() => {
              actions.clearMessages(id);
              patch(id, { selectedSeq: null, pausedAt: state.pausedAt === null ? null : log.nextSeq });
            }}
          >
            Clear
          </Button>
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 border-b border-slate-200 px-3 py-1 text-xs text-slate-600 dark:border-slate-800 dark:text-slate-300">
        <span aria-label="Messages shown">
          {view.isFiltered ? `${formatCount(rowCount)} shown · ` : ''}
          {formatCount(log.ring.length)} of {formatCount(stats.cap || log.ring.capacity)} kept
        </span>
        {stats.dropped > 0 ? (
          <span className="text-amber-700 dark:text-amber-400">{plural(stats.dropped, 'older message')} dropped to stay within the cap</span>
        ) : null}
        {state.pausedAt !== null ? (
          <span className="font-medium text-sky-700 dark:text-sky-300">Paused: {plural(view.waiting, 'new message')} waiting</span>
        ) : null}
        <span className="flex-1" />
        <CapSetting profile={profile} />
      </div>
      <MessageTable
        log={log}
        view={view}
        rowCount={rowCount}
        rev={stats.rev}
        colorOf={subscriptionStyle.colorOf}
        selectedSeq={state.selectedSeq}
        onSelect={select}
        emptyText={
          log.ring.length === 0
            ? 'No messages yet. Subscribe to a topic filter to see what the broker sends.'
            : 'No message matches the filters.'
        }
      />
      {selected ? (
        <div className="max-h-[45%] min-h-48 overflow-auto border-t border-slate-200 dark:border-slate-800">
          <ErrorBoundary what={`The message on ${selected.topic.slice(0, 200)} at ${formatClock(selected.receivedAt)}`} resetKey={`${selected.topic}|${selected.receivedAt}`}>
            <MessageDetail message={selected} profile={profile} onClose={() => patch(id, { selectedSeq: null })} />
          </ErrorBoundary>
        </div>
      ) : null}
    </section>
  );
}

interface TableProps {
  log: MessageLog;
  view: MessageView;
  rowCount: number;
  rev: number;
  colorOf(topic: string): string | undefined;
  selectedSeq: number | null;
  onSelect(seq: number | null): void;
  emptyText: string;
}

function MessageTable({ log, view, rowCount, rev, colorOf, selectedSeq, onSelect, emptyText }: TableProps) {
  const rowHeight = useRowHeight(MESSAGE_ROW_HEIGHT_PX);
  return (
    <FollowingList
      label="Message list"
      rowCount={rowCount}
      rowHeight={rowHeight}
      rev={rev}
      emptyText={emptyText}
      rows={view}
      selectedKey={selectedSeq}
      onSelect={onSelect}
      header={
        <ListHeaderRow grid={ROW_GRID}>
          <span role="columnheader">Time</span>
          <span role="columnheader">Topic</span>
          <span role="columnheader" className={`${WIDE_ONLY} text-center`}>
            QoS
          </span>
          <span role="columnheader" className={WIDE_ONLY}>
            Flags
          </span>
          <span role="columnheader" className={`${WIDE_ONLY} text-right`}>
            Size
          </span>
          <span role="columnheader">Payload</span>
        </ListHeaderRow>
      }
      renderRow={(i, slot) => {
        const seq = view.seqAt(i);
        const message = log.get(seq);
        if (!message) return null;
        return <MessageRow key={slot} index={i} seq={seq} height={rowHeight} message={message} color={colorOf(message.topic)} selected={seq === selectedSeq} onSelect={onSelect} />;
      }}
    />
  );
}

/**
 * The row's columns: all of them from 42rem of list width (a projector at 800 px has that), time, topic and
 * payload below it (a phone: QoS, flags and size are in the message's detail). Every column starts inside
 * the list's own width, so none is cut off.
 */
const ROW_GRID =
  'grid grid-cols-[5.75rem_minmax(0,2fr)_minmax(0,3fr)] @2xl:grid-cols-[6.5rem_minmax(8rem,4fr)_2rem_2.5rem_4rem_minmax(8rem,5fr)] items-center gap-2 px-3';
/** A column shown only when the list is wide enough for all of them. */
const WIDE_ONLY = 'hidden @2xl:block';

interface RowProps {
  index: number;
  seq: number;
  height: number;
  message: ReceivedMessage;
  color: string | undefined;
  selected: boolean;
  onSelect(seq: number): void;
}

const MessageRow = memo(function MessageRow({ index, seq, height, message, color, selected, onSelect }: RowProps) {
  const preview = previewOf(message);
  const flags = `${message.retain ? 'R' : ''}${message.dup ? 'D' : ''}`;
  return (
    <ListRow grid={ROW_GRID} index={index} height={height} rowKey={seq} selected={selected} onSelect={onSelect} accent={color}>
      <span role="cell" className="text-slate-600 tabular-nums dark:text-slate-400">
        {formatClock(message.receivedAt)}
      </span>
      <span role="cell" className="truncate text-slate-900 dark:text-slate-100" title={message.topic}>
        {message.fromHistory ? (
          <span title="From history: stored before the page was reloaded" className="mr-1 rounded bg-slate-200 px-1 font-sans text-[10px] text-slate-800 dark:bg-slate-700 dark:text-slate-100">
            history
          </span>
        ) : null}
        {flags ? <span className="mr-1 rounded bg-violet-100 px-1 text-violet-800 @2xl:hidden dark:bg-violet-900/60 dark:text-violet-200">{flags}</span> : null}
        {message.topic}
      </span>
      <span role="cell" className={`${WIDE_ONLY} text-center`}>
        {message.qos}
      </span>
      <span role="cell" className={WIDE_ONLY} title={[message.retain ? 'retained' : '', message.dup ? 'duplicate' : ''].filter(Boolean).join(', ') || undefined}>
        {flags ? <span className="rounded bg-violet-100 px-1 text-violet-800 dark:bg-violet-900/60 dark:text-violet-200">{flags}</span> : null}
      </span>
      <span role="cell" className={`${WIDE_ONLY} text-right text-slate-600 tabular-nums dark:text-slate-400`}>
        {formatBytes(message.payload.byteLength)}
      </span>
      <span role="cell" className={`truncate ${preview.binary ? 'text-amber-700 dark:text-amber-300' : 'text-slate-700 dark:text-slate-200'}`}>
        {preview.binary ? <span className="mr-1 rounded bg-amber-100 px-1 font-sans text-[10px] text-amber-800 dark:bg-amber-900/60 dark:text-amber-200">hex</span> : null}
        {preview.text}
        {preview.truncated ? '…' : ''}
      </span>
    </ListRow>
  );
});

function CapSetting({ profile }: { profile: Profile }) {
  const actions = useSessionActions();
  const reader = useSessionData();
  const [text, setText] = useState(formatCount(profile.messageCap));
  const apply = () => {
    const n = Number.parseInt(text.replace(/[,_\s]/g, ''), 10);
    if (Number.isFinite(n) && n > 0) actions.setMessageCap(profile.id, n);
    setText(formatCount(Number.isFinite(n) && n > 0 ? reader.data(profile.id).log.ring.capacity : profile.messageCap));
  };
  return (
    <label className="flex items-center gap-1.5">
      <span>Keep at most</span>
      <input
        aria-label="Message cap"
        inputMode="numeric"
        className="w-20 rounded border border-slate-300 bg-white px-1.5 py-0.5 text-right tabular-nums dark:border-slate-600 dark:bg-slate-900"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply();
        }}
      />
      <span>messages</span>
    </label>
  );
}
