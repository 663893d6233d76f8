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
