import { jsonPreview, payloadJsonChanges, type JsonChange, type JsonValue } from '../../data/json';
import { TopicHistory } from '../../data/topicHistory';
import { weakCache } from '../../data/weakCache';
import type { TopicNode } from '../../data/topicTree';
import { previewMessage } from '../../data/decoders/preview';
import type { ReceivedMessage } from '../../mqtt/types';
import { useSessionData } from '../../stores/sessionContext';
import { useChartValue } from '../../shared/ui/useChartValue';
import { useConnectionStatus } from '../../stores/connections';
import type { Profile } from '../../stores/profileModel';
import { formatAgo } from '../../shared/format/ago';
import { formatClock, formatCount, formatRate, plural } from '../../shared/format/format';
import { PayloadViewer } from '../../shared/payload/PayloadViewer';
import { ClearRetained } from '../../shared/ui/ClearRetained';
import { Button } from '../../shared/ui/Button';

const historyOf = weakCache((node: TopicNode) => new TopicHistory(node.path));

/** One topic: its numbers, last payload, recent history with JSON diffs, and "Clear retained". */
export function TopicDetail({ profile, node, now, onClose }: { profile: Profile; node: TopicNode; now: number; onClose(): void }) {
  const chartValue = useChartValue(profile.id);
  const reader = useSessionData();
  const status = useConnectionStatus(profile.id);
  const history = node.count > 0 ? historyOf(node).update(reader.data(profile.id).log) : [];
  return (
    <section aria-label="Topic detail" className="flex flex-col gap-3 p-3">
      {chartValue.dialog}
      <div className="flex items-start gap-2">
        <h3 className="min-w-0 flex-1 font-mono text-sm break-all text-slate-900 dark:text-white">{node.path === '' ? '(empty level)' : node.path}</h3>
        <Button size="sm" variant="ghost" aria-label="Close topic detail" onClick={onClose}>
          ✕
        </Button>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-0.5 text-xs">
        <dt className="text-slate-600 dark:text-slate-400">Messages on this topic</dt>
        <dd>{formatCount(node.count)}</dd>
        <dt className="text-slate-600 dark:text-slate-400">Here and below</dt>
        <dd>
          {plural(node.total, 'message')} on {plural(node.topics, 'topic')}
        </dd>
        <dt className="text-slate-600 dark:text-slate-400">Rate</dt>
        <dd>{formatRate(node.rate(now))} msg/s</dd>
        <dt className="text-slate-600 dark:text-slate-400">Last seen</dt>
        <dd>
          {node.lastSeen ? `${formatClock(node.lastSeen)} (${formatAgo(node.lastSeen, now)})` : '—'}
          {node.last?.fromHistory ? ' · from history (stored before the reload)' : ''}
        </dd>
        <dt className="text-slate-600 dark:text-slate-400">Retained</dt>
        <dd>
          {node.retainedByUsAt
            ? `yes: you published it with Retain at ${formatClock(node.retainedByUsAt).slice(0, 8)}, and the broker holds it`
            : node.retained
              ? 'yes: the broker holds a retained message for this topic'
              : 'no retained message seen'}
        </dd>
      </dl>
      <ClearRetained
          key={node.path}
          available={Boolean(node.retained)}
          connectionId={profile.id}
          topic={node.path}
          disabled={status.state !== 'connected'}
          label="Clear retained"
          variant="danger"
          clearedText="Cleared: an empty retained message was published, and the broker acknowledged it."
        />
      {node.last ? (
        <div>
          <h4 className="mb-1 text-xs font-semibold text-slate-600 dark:text-slate-300">{node.last.fromHistory ? 'Last payload (from history)' : 'Last payload'}</h4>
          <PayloadViewer key={node.path} payload={node.last.payload} decoded={node.last.decoded} onChart={(path) => chartValue.chart(node.path, path)} />
        </div>
      ) : null}
      {history.length > 0 ? <History messages={history} /> : null}
    </section>
  );
}

function History({ messages }: { messages: ReceivedMessage[] }) {
  return (
    <div>
      <h4 className="mb-1 text-xs font-semibold text-slate-600 dark:text-slate-300">Recent messages ({messages.length}), newest first</h4>
      <ol aria-label="Topic history" className="flex flex-col gap-1 text-xs">
        {messages.map((m, i) => {
          const older = messages[i + 1];
          const changes = older ? jsonChanges(older, m) : null;
          const preview = previewMessage(m, 120);
          return (
            <li key={`${m.receivedAt}-${i}`} className="rounded border border-slate-200 p-1.5 dark:border-slate-700">
              <div className="flex gap-2 font-mono">
                <span className="text-slate-600 dark:text-slate-400">{formatClock(m.receivedAt)}</span>
                {m.retain ? <span className="text-violet-700 dark:text-violet-300">R</span> : null}
                <span className="min-w-0 flex-1 truncate">{preview.text}</span>
              </div>
              {changes && changes.length > 0 ? (
                <ul aria-label="Changes from the previous message" className="mt-1 flex flex-col gap-0.5 font-mono">
                  {changes.slice(0, 12).map((c) => (
                    <li key={c.path} className={c.kind === 'added' ? 'text-emerald-700 dark:text-emerald-400' : c.kind === 'removed' ? 'text-red-700 dark:text-red-400' : 'text-amber-700 dark:text-amber-300'}>
                      {c.kind === 'added' ? '+' : c.kind === 'removed' ? '−' : '~'} {c.path || '(root)'}
                      {c.kind === 'changed' ? `: ${shortJson(c.before)} → ${shortJson(c.after)}` : c.kind === 'added' ? `: ${shortJson(c.after)}` : ''}
                    </li>
                  ))}
                  {changes.length > 12 ? <li className="text-slate-600 dark:text-slate-400">… {changes.length - 12} more changes</li> : null}
                </ul>
              ) : changes ? (
                <p className="mt-1 text-slate-600 dark:text-slate-400">same JSON as the previous message</p>
              ) : null}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/** The changes from the message before, worked out once per message (history re-renders every second). */
const changesCache = new WeakMap<ReceivedMessage, { before: ReceivedMessage; changes: JsonChange[] | null }>();
function jsonChanges(before: ReceivedMessage, after: ReceivedMessage): JsonChange[] | null {
  const cached = changesCache.get(after);
  if (cached?.before === before) return cached.changes;
  const changes = payloadJsonChanges(before.payload, after.payload);
  changesCache.set(after, { before, changes });
  return changes;
}

/** A changed value, short: long strings and big leaves are cut. */
function shortJson(value: JsonValue | undefined): string {
  return value === undefined ? '' : jsonPreview(value, 80);
}
