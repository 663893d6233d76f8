import { formatBytes } from '../../mqtt/payload';
import { useConnectionStatus } from '../../stores/connections';
import { useSlowLiveStats } from '../../stores/live';
import { formatCount, formatRate } from '../../shared/format/format';
import { stateTone, stateWord } from './statusText';

/** One line per connection: state, totals, rates, buffer use and drops. */
export function StatusBar({ connectionId }: { connectionId: string }) {
  const status = useConnectionStatus(connectionId);
  const stats = useSlowLiveStats(connectionId);
  return (
    <section
      aria-label="Status bar"
      className="sticky bottom-0 z-10 flex flex-wrap items-center gap-x-4 gap-y-0.5 border-t border-slate-200 bg-slate-50 px-4 py-1 text-xs text-slate-600 dark:border-slate-800 dark:bg-slate-950 dark:text-slate-300"
    >
      <span className="flex items-center gap-1.5">
        <span aria-hidden className={`size-2 rounded-full ${stateTone[status.state]}`} />
        {stateWord(status.state)}
      </span>
      <span>
        <span data-testid="received-count">{formatCount(stats.received)}</span> received
      </span>
      <span>{formatRate(stats.msgPerSec)} msg/s</span>
      <span>{formatBytes(Math.round(stats.bytesPerSec))}/s</span>
      <span>
        buffer {formatCount(stats.buffered)} / {formatCount(stats.cap)}
      </span>
      <span className={stats.dropped > 0 ? 'text-amber-700 dark:text-amber-400' : undefined}>{formatCount(stats.dropped)} dropped</span>
    </section>
  );
}
