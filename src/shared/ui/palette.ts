/** Colours for subscriptions and chart series: distinct, readable on light and dark backgrounds. */
export const SERIES_COLORS = ['#0ea5e9', '#f97316', '#22c55e', '#a855f7', '#ef4444', '#eab308', '#14b8a6', '#ec4899', '#6366f1', '#84cc16'] as const;

/** The first colour not in `used`, or cycles when all are taken. */
export function nextColor(used: ReadonlyArray<string | undefined>): string {
  const free = SERIES_COLORS.find((c) => !used.includes(c));
  return free ?? (SERIES_COLORS[used.length % SERIES_COLORS.length] as string);
}

/** Background and text of a small status badge, by tone, for light and dark. */
export const BADGE_TONE = {
  green: 'bg-emerald-100 text-emerald-800 dark:bg-emerald-900/60 dark:text-emerald-200',
  red: 'bg-red-100 text-red-800 dark:bg-red-900/60 dark:text-red-200',
  amber: 'bg-amber-100 text-amber-900 dark:bg-amber-900/60 dark:text-amber-200',
  grey: 'bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100',
  blue: 'bg-sky-100 text-sky-800 dark:bg-sky-900/60 dark:text-sky-200',
  indigo: 'bg-indigo-100 text-indigo-800 dark:bg-indigo-900/60 dark:text-indigo-200',
  orange: 'bg-orange-100 text-orange-800 dark:bg-orange-900/60 dark:text-orange-200',
} as const;
