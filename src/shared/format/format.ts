/** Formatting for numbers and times shown in the UI. */

const integer = new Intl.NumberFormat('en');

/** 12,345 */
export function formatCount(n: number): string {
  return integer.format(Math.round(n));
}

/** "1.2k/s"-style short rate: 0, 3.5, 42, 1,234 */
export function formatRate(perSecond: number): string {
  if (perSecond < 10) return (Math.round(perSecond * 10) / 10).toString();
  return integer.format(Math.round(perSecond));
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** 14:05:09.123 in local time. */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** "3 s", "4 min", "2 h 5 min" */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

/** "1 topic", "2 topics", "1,234 messages": a count with its noun, singular when it is one. */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${formatCount(n)} ${n === 1 ? noun : nouns}`;
}
