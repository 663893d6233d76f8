import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

/**
 * A button that shows a small panel of settings below it (a disclosure): settings that would otherwise take
 * the room of the content. Escape or a click elsewhere closes it.
 */
export function Popover({ label, children, align = 'right', wide = false }: { label: string; children: ReactNode; align?: 'left' | 'right'; wide?: boolean }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const id = useId();
  useEffect(() => {
    if (!open) return;
    const close = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    return () => document.removeEventListener('pointerdown', close);
  }, [open]);
  return (
    <div
      ref={root}
      className="relative"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((o) => !o)}
        className="rounded-md px-2 py-1 text-xs font-medium whitespace-nowrap text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-slate-200 dark:hover:bg-slate-800"
      >
        {label} ▾
      </button>
      {open ? (
        <div
          id={id}
          role="group"
          aria-label={label}
          className={`absolute top-full z-30 mt-1 flex ${wide ? 'w-[36rem]' : 'w-72'} max-w-[90vw] flex-col gap-3 rounded-md border border-slate-200 bg-white p-3 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900 ${align === 'right' ? 'right-0' : 'left-0'}`}
        >
          {children}
        </div>
      ) : null}
    </div>
  );
}
