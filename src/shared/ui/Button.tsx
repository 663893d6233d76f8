import type { ButtonHTMLAttributes } from 'react';

type Variant = 'primary' | 'secondary' | 'danger' | 'ghost';

/**
 * Each style has a disabled look of its own (faded, no hover): a button that does nothing must not look
 * clickable, whatever its style.
 */
const variants: Record<Variant, string> = {
  primary:
    'bg-sky-700 text-white enabled:hover:bg-sky-800 disabled:bg-sky-700/40 dark:bg-sky-400 dark:text-slate-950 dark:enabled:hover:bg-sky-300 dark:disabled:bg-sky-400/40',
  secondary:
    'border border-slate-300 bg-white text-slate-800 enabled:hover:bg-slate-50 disabled:border-slate-200 disabled:text-slate-400 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100 dark:enabled:hover:bg-slate-700 dark:disabled:border-slate-700 dark:disabled:text-slate-500',
  danger: 'bg-red-700 text-white enabled:hover:bg-red-800 disabled:bg-red-700/40 dark:bg-red-500 dark:enabled:hover:bg-red-400 dark:disabled:bg-red-500/40',
  ghost: 'text-slate-700 enabled:hover:bg-slate-100 disabled:text-slate-400 dark:text-slate-200 dark:enabled:hover:bg-slate-800 dark:disabled:text-slate-500',
};

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; size?: 'sm' | 'md' };

export function Button({ variant = 'secondary', size = 'md', className, type = 'button', ...rest }: ButtonProps) {
  const sizing = size === 'sm' ? 'px-2 py-1 text-xs' : 'px-3 py-1.5 text-sm';
  return (
    <button
      type={type}
      className={`inline-flex items-center justify-center gap-1.5 rounded-md font-medium whitespace-nowrap transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 disabled:cursor-not-allowed ${sizing} ${variants[variant]} ${className ?? ''}`}
      {...rest}
    />
  );
}
