import { memo, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { previewPayload, formatBytes, type PayloadPreview } from '../../mqtt/payload';
import { compileTopicFilter } from '../../mqtt/topic';
import type { ReceivedMessage } from '../../mqtt/types';
import { sessionActions, session } from '../../stores/appSession';
import { useLiveStats } from '../../stores/live';
import type { Profile } from '../../stores/profiles';
import { formatClock, formatCount } from '../../shared/format/format';
import { Button } from '../../shared/ui/Button';
import { useVirtualRows } from '../../shared/ui/useVirtualRows';

/** Height of one message row in px (rows are fixed-height so the list can be virtualized). */
export const MESSAGE_ROW_HEIGHT_PX = 28;

const previews = new WeakMap<ReceivedMessage, PayloadPreview>();
/** Previews are computed for visible rows only, once per message. */
function previewOf(message: ReceivedMessage): PayloadPreview {
  let preview = previews.get(message);
  if (!preview) {
    preview = previewPayload(message.payload);
    previews.set(message, preview);
  }
  return preview;
}

/** The message log of a connection: a virtualized list over its ring buffer, newest at the bottom. */
export function MessagesView({ profile }: { profile: Profile }) {
  const stats = useLiveStats(profile.id);
  const log = session.log(profile.id);
  const matchers = useMemo(
    () => profile.subscriptions.map((s) => ({ match: compileTopicFilter(s.filter), color: s.color ?? '#94a3b8' })),
    [profile.subscriptions],
  );
  const colorOf = (topic: string) => matchers.find((m) => m.match(topic))?.color;

  const scroller = useRef<HTMLDivElement>(null);
  const [following, setFollowing] = useState(true);
  const firstSeqSeen = useRef(log.firstSeq);
  const count = log.ring.length;
  const { start, end, totalHeight, onScroll } = useVirtualRows(scroller, count, MESSAGE_ROW_HEIGHT_PX, following);

  // Follow the newest message, or keep the rows the user is reading in place while old ones are dropped.
  useLayoutEffect(() => {
    const el = scroller.current;
    const shift = log.firstSeq - firstSeqSeen.current;
    firstSeqSeen.current = log.firstSeq;
    if (!el) return;
    if (following) el.scrollTop = el.scrollHeight;
    else if (shift > 0) el.scrollTop = Math.max(0, el.scrollTop - shift * MESSAGE_ROW_HEIGHT_PX);
  }, [stats.rev, log, following]);

  const handleScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < MESSAGE_ROW_HEIGHT_PX * 1.5;
    if (atBottom !== following) setFollowing(atBottom);
    if (!atBottom) onScroll();
  };

  const rows = [];
  for (let i = start; i < end; i++) {
    const message = log.ring.at(i);
    if (!message) continue;
    rows.push(<MessageRow key={log.firstSeq + i} index={i} message={message} color={colorOf(message.topic)} />);
  }

  return (
    <section aria-label="Messages" className="flex h-full min-h-0 flex-col">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 border-b border-slate-200 px-3 py-1.5 text-xs text-slate-600 dark:border-slate-800 dark:text-slate-300">
        <span>
          {formatCount(count)} of {formatCount(stats.cap || profile.messageCap)} messages kept
        </span>
        {stats.dropped > 0 ? (
          <span className="text-amber-700 dark:text-amber-400">{formatCount(stats.dropped)} older messages dropped to stay within the cap</span>
        ) : null}
        <span className="flex-1" />
        <CapSetting profile={profile} />
        <Button size="sm" variant="ghost" onClick={() => sessionActions.clearMessages(profile.id)}>
          Clear
        </Button>
      </div>
      <div role="table" aria-label="Message list" aria-rowcount={count + 1} className="flex min-h-0 flex-1 flex-col text-xs">
        <div role="rowgroup">
          <div role="row" aria-rowindex={1} className={`${ROW_GRID} border-b border-slate-200 bg-slate-50 font-medium text-slate-500 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-400`}>
            <span role="columnheader">Time</span>
            <span role="columnheader">Topic</span>
            <span role="columnheader" className="text-center">QoS</span>
            <span role="columnheader">Flags</span>
            <span role="columnheader" className="text-right">Size</span>
            <span role="columnheader">Payload</span>
          </div>
        </div>
        <div ref={scroller} onScroll={handleScroll} className="relative min-h-0 flex-1 overflow-auto" tabIndex={0} aria-label="Messages, newest last">
          {count === 0 ? (
            <p className="p-6 text-center text-sm text-slate-500 dark:text-slate-400">
              No messages yet. Subscribe to a topic filter to see what the broker sends.
            </p>
          ) : (
            <div role="rowgroup" style={{ height: totalHeight }} className="relative">
              {rows}
            </div>
          )}
        </div>
      </div>
      {!following ? (
        <div className="pointer-events-none relative">
          <Button
            size="sm"
            variant="primary"
            className="pointer-events-auto absolute right-4 bottom-3 shadow-lg"
            onClick={() => setFollowing(true)}
          >
            ↓ Newest
          </Button>
        </div>
      ) : null}
    </section>
  );
}

const ROW_GRID = 'grid grid-cols-[6.5rem_minmax(10rem,4fr)_2rem_2.5rem_4rem_minmax(8rem,5fr)] items-center gap-2 px-3';

const MessageRow = memo(function MessageRow({ index, message, color }: { index: number; message: ReceivedMessage; color: string | undefined }) {
  const preview = previewOf(message);
  const flags = `${message.retain ? 'R' : ''}${message.dup ? 'D' : ''}`;
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      className={`${ROW_GRID} absolute inset-x-0 border-b border-slate-100 font-mono hover:bg-sky-50 dark:border-slate-800/60 dark:hover:bg-slate-800/60`}
      style={{ top: index * MESSAGE_ROW_HEIGHT_PX, height: MESSAGE_ROW_HEIGHT_PX, boxShadow: color ? `inset 3px 0 0 ${color}` : undefined }}
    >
      <span role="cell" className="text-slate-500 tabular-nums dark:text-slate-400">
        {formatClock(message.receivedAt)}
      </span>
      <span role="cell" className="truncate text-slate-900 dark:text-slate-100" title={message.topic}>
        {message.topic}
      </span>
      <span role="cell" className="text-center">
        {message.qos}
      </span>
      <span role="cell" title={[message.retain ? 'retained' : '', message.dup ? 'duplicate' : ''].filter(Boolean).join(', ') || undefined}>
        {flags ? <span className="rounded bg-violet-100 px-1 text-violet-800 dark:bg-violet-900/60 dark:text-violet-200">{flags}</span> : null}
      </span>
      <span role="cell" className="text-right text-slate-500 tabular-nums dark:text-slate-400">
        {formatBytes(message.payload.byteLength)}
      </span>
      <span role="cell" className={`truncate ${preview.binary ? 'text-amber-700 dark:text-amber-300' : 'text-slate-700 dark:text-slate-200'}`}>
        {preview.binary ? <span className="mr-1 rounded bg-amber-100 px-1 font-sans text-[10px] text-amber-800 dark:bg-amber-900/60 dark:text-amber-200">hex</span> : null}
        {preview.text}
        {preview.truncated ? '…' : ''}
      </span>
    </div>
  );
});

function CapSetting({ profile }: { profile: Profile }) {
  const [text, setText] = useState(String(profile.messageCap));
  const apply = () => {
    const n = Number.parseInt(text.replace(/[,_\s]/g, ''), 10);
    if (Number.isFinite(n) && n > 0) sessionActions.setMessageCap(profile.id, n);
    else setText(String(profile.messageCap));
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
    </label>
  );
}
