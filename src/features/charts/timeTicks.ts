/**
 * Time ticks for a chart's x axis: a few round times (seconds, minutes, hours, days) across the window,
 * about one per 120 px. Given explicitly: left to itself the axis would consider every data point a tick
 * candidate, which costs more than drawing the lines.
 */
import { formatClock } from '../../shared/format/format';

/** Steps for time ticks, in ms. */
export const TICK_STEPS_MS = [
  1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000,
  86_400_000, 172_800_000,
];

/** Pixels per tick, about. */
export const PX_PER_TICK = 120;

/**
 * Ticks on round local times in [start, end] for a plot `width` px wide. `timezoneOffsetMin` is the local
 * zone's offset (Date#getTimezoneOffset), so "round" means round on the wall clock.
 */
export function timeTicks(start: number, end: number, width: number, timezoneOffsetMin = new Date(start).getTimezoneOffset()): number[] {
  if (!(end > start)) return [];
  const wanted = Math.max(2, Math.floor(width / PX_PER_TICK));
  const step = TICK_STEPS_MS.find((s) => (end - start) / s <= wanted) ?? (TICK_STEPS_MS.at(-1) as number);
  const offset = timezoneOffsetMin * 60_000;
  const ticks: number[] = [];
  for (let t = Math.ceil((start - offset) / step) * step + offset; t <= end; t += step) ticks.push(t);
  return ticks;
}

/** A tick's label: seconds for short windows, minutes for longer ones, the date for days. */
export function tickLabel(t: number, spanMs: number): string {
  if (spanMs > 2 * 86_400_000) {
    const d = new Date(t);
    return `${d.getMonth() + 1}/${d.getDate()} ${formatClock(t).slice(0, 5)}`;
  }
  return formatClock(t).slice(0, spanMs > 120_000 ? 5 : 8);
}
