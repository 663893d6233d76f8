import { SYS_METRICS, type Busy, type MetricState } from '../../data/brokerHealth';
import { formatBytes } from '../../mqtt/payload';
import { useConnectionStatus } from '../../stores/connections';
import { useSlowLiveRev } from '../../stores/live';
import type { Profile } from '../../stores/profileModel';
import { useConnectionData, useSessionActions } from '../../stores/sessionContext';
import { formatDuration, formatCount } from '../../shared/format/format';
import { Button } from '../../shared/ui/Button';
import { Sparkline } from '../../shared/ui/Sparkline';
import { useNow } from '../../shared/ui/useNow';

const SPARK_WINDOW_MS = 300_000;

function shown(state: MetricState | undefined): string {
  if (!state || state.value === null) return '—';
  const { value, metric } = state;
  if (typeof value === 'string') return value;
  if (metric.kind === 'uptime') return formatDuration(value * 1000);
  if (metric.unit === 'B/s') return `${formatBytes(Math.round(value))}/s`;
  if (metric.kind === 'rate') return `${value < 10 ? value.toFixed(1) : formatCount(Math.round(value))}/s`;
  return formatCount(value);
}

/**
 * Broker health: what the broker says of itself under $SYS (clients, messages and bytes per second,
 * subscriptions, retained messages, uptime, version), each with five minutes of sparkline, and what floods
 * it: the busiest topics and subtrees of the last minute, by messages and by bytes.
 */
export function BrokerView({ profile }: { profile: Profile }) {
  const data = useConnectionData(profile.id);
  const actions = useSessionActions();
  const rev = useSlowLiveRev(profile.id);
  const now = useNow(1_000);
  const connected = useConnectionStatus(profile.id).state === 'connected';
  const health = data.broker;
  const subscribed = profile.subscriptions.some((s) => s.filter.startsWith('$SYS'));
  const busy = health.busiest(now);
  return (
    <section aria-label="Broker" data-rev={rev} className="flex h-full min-h-0 flex-col gap-3 overflow-y-auto p-3 text-sm">
      <h2 className="text-sm font-semibold text-slate-900 dark:text-slate-100">What the broker says ($SYS)</h2>
      {health.metrics.size === 0 ? (
        <div className="flex flex-wrap items-center gap-2 text-xs text-slate-700 dark:text-slate-300">
          <p className="max-w-prose">
            {subscribed
              ? `No $SYS figures yet (${formatCount(health.sysMessages)} $SYS messages). mosquitto publishes them every sys_interval seconds (10 by default); EMQX under $SYS/brokers/<node>/; HiveMQ and some cloud brokers publish none.`
              : 'Brokers publish their figures under $SYS, which "#" does not match: subscribe to $SYS/# to read them.'}
          </p>
          {!subscribed ? (
            <Button size="sm" disabled={!connected} onClick={() => actions.subscribe(profile.id, '$SYS/#', 0)}>
              Subscribe to $SYS/#
            </Button>
          ) : null}
        </div>
      ) : null}
      <ul aria-label="Broker figures" className="grid grid-cols-[repeat(auto-fill,minmax(11rem,1fr))] gap-2">
        {SYS_METRICS.map((metric) => {
          const state = health.metrics.get(metric.id);
          if (!state) return null;
          return (
            <li key={metric.id} aria-label={metric.label} className="rounded-lg border border-slate-200 p-2 dark:border-slate-700">
              <p className="text-xs text-slate-600 dark:text-slate-400">{metric.label}</p>
              <p className="truncate text-lg font-semibold tabular-nums text-slate-900 dark:text-slate-100" title={String(state.value)}>
                {shown(state)}
              </p>
              {metric.kind === 'text' || metric.kind === 'uptime' ? null : (
                <Sparkline points={state.spark.since(now - SPARK_WINDOW_MS)} now={now} windowMs={SPARK_WINDOW_MS} windowName="the last 5 minutes" name={metric.label} />
              )}
            </li>
          );
        })}
      </ul>
      <h2 className="text-sm font-semibold text-slate-900 dark:text-slate-100">What floods the broker</h2>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        From what this connection receives over the last {busy.seconds || 60} s: subscribe to # (and $SYS/#) to see all of it.
      </p>
      <div className="grid gap-3 md:grid-cols-3">
        <Ranking label="Busiest topics" items={busy.topics} seconds={busy.seconds} by="messages" />
        <Ranking label="Busiest subtrees" items={busy.subtrees} seconds={busy.seconds} by="messages" />
        <Ranking label="Most bytes" items={busy.byBytes} seconds={busy.seconds} by="bytes" />
      </div>
    </section>
  );
}

function Ranking({ label, items, seconds, by }: { label: string; items: Busy[]; seconds: number; by: 'messages' | 'bytes' }) {
  const per = Math.max(1, seconds);
  return (
    <div className="min-w-0">
      <h3 className="mb-1 text-xs font-semibold text-slate-700 dark:text-slate-300">{label}</h3>
      {items.length === 0 ? <p className="text-xs text-slate-600 dark:text-slate-400">Nothing received in the last minute.</p> : null}
      <ol aria-label={label} className="flex flex-col gap-0.5 text-xs">
        {items.map((b) => (
          <li key={b.name} aria-label={b.name} className="flex gap-2">
            <span className="min-w-0 flex-1 truncate font-mono" title={b.name}>
              {b.name}
            </span>
            <span className="shrink-0 tabular-nums text-slate-600 dark:text-slate-400">
              {by === 'messages' ? `${formatCount(Math.round(b.messages / per))} msg/s` : `${formatBytes(Math.round(b.bytes / per))}/s`}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
