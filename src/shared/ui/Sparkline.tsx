import { formatClock } from '../format/format';

/**
 * A line of recent points, scaled to its own range: the last `windowMs` (named `windowName`), or since the
 * first point when that is later (a tile seen for a minute shows its minute). Its name says the range.
 */
export function Sparkline({ points, now, windowMs, windowName, name }: { points: { t: number[]; v: number[] }; now: number; windowMs: number; windowName: string; name: string }) {
  if (points.t.length < 2) return <div className="h-6" aria-hidden="true" />;
  const from = points.t[0] as number;
  const width = Math.max(1, now - from);
  let min = Infinity;
  let max = -Infinity;
  for (const v of points.v) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = max - min || 1;
  const d = points.t.map((t, i) => `${i ? 'L' : 'M'}${(((t - from) / width) * 100).toFixed(1)} ${(22 - (((points.v[i] as number) - min) / span) * 20).toFixed(1)}`).join('');
  const since = now - from >= windowMs - 60_000 ? windowName : `since ${formatClock(from).slice(0, 5)}`;
  return (
    <svg role="img" aria-label={`${name}: ${since}, ${points.t.length} points from ${Math.round(min * 100) / 100} to ${Math.round(max * 100) / 100}`} viewBox="0 0 100 24" preserveAspectRatio="none" className="h-6 w-full">
      <path d={d} fill="none" className="stroke-sky-600 dark:stroke-sky-400" strokeWidth={1.5} vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
