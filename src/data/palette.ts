/** Colours for subscriptions and chart series: distinct, readable on light and dark backgrounds. */
export const SERIES_COLORS = ['#0ea5e9', '#f97316', '#22c55e', '#a855f7', '#ef4444', '#eab308', '#14b8a6', '#ec4899', '#6366f1', '#84cc16'] as const;

/** The first colour not in `used`, or cycles when all are taken. */
export function nextColor(used: ReadonlyArray<string | undefined>): string {
  const free = SERIES_COLORS.find((c) => !used.includes(c));
  return free ?? (SERIES_COLORS[used.length % SERIES_COLORS.length] as string);
}
