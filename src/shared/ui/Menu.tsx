import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

export interface MenuItem {
  id: string;
  label: ReactNode;
  /** Accessible name when the label is not plain text. */
  name?: string;
  onSelect(): void;
  disabled?: boolean;
}

/**
 * A menu button (WAI-ARIA menu button pattern): the button opens a menu; arrows move, Enter or a click
 * chooses, Escape or a click elsewhere closes and gives focus back to the button.
 */
export function MenuButton({ label, buttonLabel, items, className, align = 'right' }: { label: string; buttonLabel: ReactNode; items: MenuItem[]; className?: string; align?: 'left' | 'right' }) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const id = useId();
  useEffect(() => {
    if (!open) return;
    menu.current?.querySelectorAll<HTMLElement>('[role=menuitem]')[active]?.focus();
  }, [open, active]);
  useEffect(() => {
    if (!open) return;
    const close = (e: PointerEvent) => {
      if (!menu.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    return () => document.removeEventListener('pointerdown', close);
  }, [open]);
  const enabled = items.filter((i) => !i.disabled);
  const choose = (item: MenuItem) => {
    setOpen(false);
    button.current?.focus();
    item.onSelect();
  };
  return (
    <div className="relative">
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        aria-label={label}
        className={className}
        onClick={() => {
          setActive(0);
          setOpen((o) => !o);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            setActive(e.key === 'ArrowDown' ? 0 : enabled.length - 1);
            setOpen(true);
          }
        }}
      >
        {buttonLabel}
      </button>
      {open ? (
        <div
          ref={menu}
          id={id}
          role="menu"
          aria-label={label}
          onKeyDown={(e) => {
            if (e.key === 'Escape' || e.key === 'Tab') {
              if (e.key === 'Escape') e.preventDefault();
              setOpen(false);
              button.current?.focus();
            } else if (e.key === 'ArrowDown') {
              e.preventDefault();
              setActive((a) => (a + 1) % enabled.length);
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((a) => (a - 1 + enabled.length) % enabled.length);
            } else if (e.key === 'Home' || e.key === 'End') {
              e.preventDefault();
              setActive(e.key === 'Home' ? 0 : enabled.length - 1);
            }
          }}
          className={`absolute top-full z-30 mt-1 flex min-w-44 flex-col rounded-md border border-slate-200 bg-white p-1 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900 ${align === 'right' ? 'right-0' : 'left-0'}`}
        >
          {enabled.map((item) => (
            <button
              key={item.id}
              type="button"
              role="menuitem"
              tabIndex={-1}
              aria-label={item.name}
              onClick={() => choose(item)}
              className="rounded px-3 py-1.5 text-left text-slate-700 hover:bg-slate-100 focus:bg-sky-100 focus:outline-none dark:text-slate-200 dark:hover:bg-slate-800 dark:focus:bg-sky-900/60"
            >
              {item.label}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
