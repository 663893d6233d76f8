import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { retainedUnder, type ClearResult, type RetainedEntry } from '../../data/retained';
import { formatBytes } from '../../mqtt/payload';
import { validateTopicFilter } from '../../mqtt/topic';
import { useConnectionStatus } from '../../stores/connections';
import { useSlowLiveRev } from '../../stores/live';
import type { Profile } from '../../stores/profileModel';
import { useConnectionData, useSessionActions } from '../../stores/sessionContext';
import { useRowHeight } from '../../stores/views';
import { formatAgo } from '../../shared/format/ago';
import { formatClock, formatCount, plural } from '../../shared/format/format';
import { Button } from '../../shared/ui/Button';
import { ConfirmDialog } from '../../shared/ui/ConfirmDialog';
import { TextField } from '../../shared/ui/Field';
import { useNow } from '../../shared/ui/useNow';

/** Topics the confirmation lists before "and N more". */
const PREVIEW_TOPICS = 50;

type Progress = { done: number; total: number; results: ClearResult[] | null };

/**
 * Every retained message this connection has seen, by subtree: topic, size, age (exact when this
 * dashboard published it; "at least" when it came on subscribing) and its MQTT 5 properties. Clear a
 * whole subtree in one action, after a preview of what goes and how many, with no cap per click; a
 * broker's refusal (an ACL) is reported per topic.
 */
export function RetainedView({ profile }: { profile: Profile }) {
  const data = useConnectionData(profile.id);
  const actions = useSessionActions();
  const rev = useSlowLiveRev(profile.id);
  const connected = useConnectionStatus(profile.id).state === 'connected';
  const now = useNow(5_000);
  const [filter, setFilter] = useState('#');
  const fault = validateTopicFilter(filter);
  const { entries, bytes } = useMemo(() => (fault ? { entries: [], bytes: 0 } : retainedUnder(data.topics, filter)), [data.topics, filter, fault, rev]); // eslint-disable-line react-hooks/exhaustive-deps
  const [asking, setAsking] = useState<RetainedEntry[] | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const rowHeight = useRowHeight(40);
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: entries.length, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 8 });
  useEffect(() => virtualizer.measure(), [virtualizer, rowHeight]);

  const clear = (chosen: RetainedEntry[]) => {
    setAsking(null);
    setProgress({ done: 0, total: chosen.length, results: null });
    void actions
      .clearRetainedMany(
        profile.id,
        chosen.map((e) => e.topic),
        (done, total) => setProgress((p) => (p ? { ...p, done, total } : p)),
      )
      .then((results) => setProgress({ done: results.length, total: results.length, results }));
  };
  const refused = progress?.results?.filter((r) => r.error !== null) ?? [];

  return (
    <section aria-label="Retained messages" className="flex h-full min-h-0 flex-col">
      <div className="flex flex-wrap items-end gap-x-3 gap-y-2 border-b border-slate-200 px-3 py-2 text-xs dark:border-slate-800">
        <TextField label="Subtree" className="w-64" inputClassName="font-mono" spellCheck={false} value={filter} error={fault} onChange={(e) => setFilter(e.target.value)} />
        <p aria-label="Retained summary" className="flex-1 pb-1.5 text-slate-700 dark:text-slate-300">
          {plural(entries.length, 'retained message')} under <span className="font-mono">{filter}</span> · {formatBytes(bytes)}
        </p>
        <Button variant="danger" size="sm" disabled={!connected || entries.length === 0 || (progress !== null && progress.results === null)} onClick={() => setAsking(entries)}>
          Clear {formatCount(entries.length)} retained…
        </Button>
      </div>
      {progress ? (
        <div role="status" aria-label="Clearing result" className="border-b border-slate-200 px-3 py-1.5 text-xs dark:border-slate-800">
          {progress.results === null
            ? `Clearing: ${formatCount(progress.done)} of ${formatCount(progress.total)}…`
            : refused.length === 0
              ? `Cleared ${plural(progress.total, 'retained message')}: the broker took every empty retained message.`
              : `Cleared ${formatCount(progress.total - refused.length)} of ${formatCount(progress.total)}. Refused: ${refused
                  .slice(0, 20)
                  .map((r) => `${r.topic}: ${r.error}`)
                  .join('; ')}${refused.length > 20 ? ` and ${formatCount(refused.length - 20)} more` : ''}`}
        </div>
      ) : null}
      <div ref={scroller} className="min-h-0 flex-1 overflow-y-auto">
        {entries.length === 0 ? (
          <p className="p-4 text-sm text-slate-600 dark:text-slate-400">
            {fault ? 'Type a topic filter.' : 'No retained message seen under this subtree. Retained messages arrive when a subscription is made: subscribe to the subtree (or #) to see what the broker holds.'}
          </p>
        ) : null}
        <ul aria-label="Retained topics" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const e = entries[item.index] as RetainedEntry;
            return (
              <li
                key={e.topic}
                aria-label={e.topic}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: item.size, transform: `translateY(${item.start}px)` }}
                className="flex items-center gap-3 border-b border-slate-100 px-3 text-xs dark:border-slate-800"
              >
                <span className="min-w-0 flex-1 truncate font-mono text-slate-900 dark:text-slate-100" title={e.topic}>
                  {e.topic}
                </span>
                <span className="shrink-0 text-slate-600 dark:text-slate-400">{formatBytes(e.size)}</span>
                <span className="w-44 shrink-0 truncate text-slate-600 dark:text-slate-400" title={e.publishedAt ? `published by this dashboard at ${formatClock(e.publishedAt)}` : 'its age is not sent: it came when subscribing'}>
                  {e.publishedAt ? `published ${formatAgo(e.publishedAt, now)}` : `held since at least ${formatAgo(e.seenAt, now)}`}
                </span>
                <span className="hidden w-48 shrink-0 truncate text-slate-600 md:block dark:text-slate-400">{propertiesText(e)}</span>
              </li>
            );
          })}
        </ul>
      </div>
      <ConfirmDialog
        open={asking !== null}
        title={`Clear ${plural(asking?.length ?? 0, 'retained message')}?`}
        confirmLabel={`Clear ${formatCount(asking?.length ?? 0)}`}
        danger
        onCancel={() => setAsking(null)}
        onConfirm={() => asking && clear(asking)}
      >
        <p>
          This publishes an empty retained message to each of these {formatCount(asking?.length ?? 0)} topics under <span className="font-mono">{filter}</span>; the broker deletes
          the message it holds on each, and new subscribers no longer receive it.
        </p>
        <ul aria-label="Topics to clear" className="mt-2 max-h-48 overflow-y-auto font-mono text-xs">
          {asking?.slice(0, PREVIEW_TOPICS).map((e) => (
            <li key={e.topic}>{e.topic}</li>
          ))}
          {asking && asking.length > PREVIEW_TOPICS ? <li>and {formatCount(asking.length - PREVIEW_TOPICS)} more</li> : null}
        </ul>
      </ConfirmDialog>
    </section>
  );
}

function propertiesText(e: RetainedEntry): string {
  const p = e.properties;
  if (!p) return '';
  const parts: string[] = [];
  if (p.contentType) parts.push(p.contentType);
  if (p.messageExpiryInterval !== undefined) parts.push(`expires in ${p.messageExpiryInterval} s`);
  if (p.userProperties) parts.push(...Object.entries(p.userProperties).map(([k, v]) => `${k}=${[v].flat().join(',')}`));
  return parts.join(' · ');
}
