import { useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { MenuButton } from './Menu';

export interface TabItem<Id extends string> {
  id: Id;
  label: ReactNode;
  /** Accessible name when the label is not plain text. */
  name?: string;
}

/** The looks a tab list comes in. */
export type TabVariant = 'underline' | 'pill' | 'small-underline';

const TAB_CLASS: Record<TabVariant, (selected: boolean) => string> = {
  underline: (on) =>
    `-mb-px shrink-0 border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap ${
      on
        ? 'border-sky-600 text-sky-700 dark:border-sky-400 dark:text-sky-300'
        : 'border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100'
    }`,
  'small-underline': (on) => `-mb-px border-b-2 px-2 py-1 font-medium ${on ? 'border-sky-600 text-sky-700 dark:text-sky-300' : 'border-transparent text-slate-600 dark:text-slate-400'}`,
  pill: (on) =>
    `rounded px-2 py-0.5 text-xs font-medium ${on ? 'bg-slate-800 text-white dark:bg-slate-200 dark:text-slate-900' : 'text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'}`,
};

interface TabListProps<Id extends string> {
  /** Shared with the TabPanel: ties tabs and panel together for assistive technology. */
  idBase: string;
  label: string;
  items: ReadonlyArray<TabItem<Id>>;
  active: Id;
  onChange(id: Id): void;
  orientation?: 'horizontal' | 'vertical';
  className?: string;
  variant?: TabVariant;
  /** Overrides the variant's look (the connection list's cards). */
  tabClassName?: (selected: boolean) => string;
  /** Tabs that do not fit go into a "More" menu instead of being cut off. */
  overflow?: boolean;
}

/** Width kept for the "More" button, in px. */
const MORE_BUTTON_PX = 88;

/**
 * WAI-ARIA tabs: arrow keys move between tabs, Home/End jump to the ends. With `overflow`, the tabs that do
 * not fit the row are offered in a "More" menu (the active one always stays in the row).
 */
export function TabList<Id extends string>({
  idBase,
  label,
  items,
  active,
  onChange,
  orientation = 'horizontal',
  className,
  variant = 'underline',
  tabClassName,
  overflow = false,
}: TabListProps<Id>) {
  const refs = useRef(new Map<Id, HTMLButtonElement>());
  const row = useRef<HTMLDivElement>(null);
  const [widths, setWidths] = useState<Map<Id, number> | null>(null);
  const [room, setRoom] = useState(Number.POSITIVE_INFINITY);
  const itemsKey = items.map((i) => i.id).join('|');
  const [measuredFor, setMeasuredFor] = useState('');
  if (measuredFor !== itemsKey && widths !== null) {
    setMeasuredFor(itemsKey);
    setWidths(null);
  }
  // Every tab is rendered once to measure it; from then on only the ones that fit.
  useLayoutEffect(() => {
    if (!overflow || widths !== null) return;
    setWidths(new Map(items.map((i) => [i.id, refs.current.get(i.id)?.offsetWidth ?? 0])));
    setMeasuredFor(itemsKey);
  }, [overflow, widths, items, itemsKey]);
  useLayoutEffect(() => {
    const el = row.current?.parentElement;
    if (!overflow || !el) return;
    const observer = new ResizeObserver(() => setRoom(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, [overflow]);
  // The first tab's width changes when the text size does (class mode scales the page): measure again.
  const firstId = items[0]?.id;
  useLayoutEffect(() => {
    const first = firstId === undefined ? undefined : refs.current.get(firstId);
    if (!overflow || !widths || !first || firstId === undefined) return;
    const observer = new ResizeObserver(() => {
      if (Math.abs(first.offsetWidth - (widths.get(firstId) ?? 0)) > 1) setWidths(null);
    });
    observer.observe(first);
    return () => observer.disconnect();
  }, [overflow, widths, firstId]);

  let shown: ReadonlyArray<TabItem<Id>> = items;
  let hidden: ReadonlyArray<TabItem<Id>> = [];
  if (overflow && widths) {
    const total = items.reduce((sum, i) => sum + (widths.get(i.id) ?? 0), 0);
    if (total > room) {
      const fit: Array<TabItem<Id>> = [];
      let used = MORE_BUTTON_PX;
      for (const item of items) {
        used += widths.get(item.id) ?? 0;
        if (used > room) break;
        fit.push(item);
      }
      const activeItem = items.find((i) => i.id === active);
      if (activeItem && !fit.includes(activeItem)) {
        if (fit.length > 0) fit.pop();
        fit.push(activeItem);
      }
      shown = fit;
      hidden = items.filter((i) => !fit.includes(i));
    }
  }

  const onKeyDown = (event: KeyboardEvent) => {
    const index = items.findIndex((i) => i.id === active);
    const keys = orientation === 'horizontal' ? ['ArrowRight', 'ArrowLeft'] : ['ArrowDown', 'ArrowUp'];
    let target = -1;
    if (event.key === keys[0]) target = (index + 1) % items.length;
    else if (event.key === keys[1]) target = (index - 1 + items.length) % items.length;
    else if (event.key === 'Home') target = 0;
    else if (event.key === 'End') target = items.length - 1;
    const item = items[target];
    if (!item) return;
    event.preventDefault();
    onChange(item.id);
    // a tab that was in the "More" menu is in the row after this render
    requestAnimationFrame(() => refs.current.get(item.id)?.focus());
  };
  const look = tabClassName ?? TAB_CLASS[variant];
  const list = (
    <div ref={row} role="tablist" aria-label={label} aria-orientation={orientation} className={className} onKeyDown={onKeyDown}>
      {shown.map((item) => {
        const selected = item.id === active;
        return (
          <button
            key={item.id}
            ref={(el) => {
              if (el) refs.current.set(item.id, el);
              else refs.current.delete(item.id);
            }}
            type="button"
            role="tab"
            id={`${idBase}-tab-${item.id}`}
            aria-selected={selected}
            aria-controls={`${idBase}-panel`}
            aria-label={item.name}
            tabIndex={selected ? 0 : -1}
            onClick={() => onChange(item.id)}
            className={look(selected)}
          >
            {item.label}
          </button>
        );
      })}
    </div>
  );
  if (!overflow) return list;
  return (
    <div className="flex min-w-0 flex-1 items-end">
      {list}
      {hidden.length > 0 ? (
        <MenuButton
          label={`More ${label.toLowerCase()}`}
          buttonLabel={<>More ▾</>}
          align="left"
          className="mb-px shrink-0 px-3 py-2 text-sm font-medium whitespace-nowrap text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100"
          items={hidden.map((item) => ({ id: item.id, label: item.label, ...(item.name ? { name: item.name } : {}), onSelect: () => onChange(item.id) }))}
        />
      ) : null}
    </div>
  );
}

/** The panel of the active tab. Only the active panel's content is rendered, so hidden ones do no work. */
export function TabPanel({ idBase, active, className, children }: { idBase: string; active: string; className?: string; children: ReactNode }) {
  return (
    <div role="tabpanel" id={`${idBase}-panel`} aria-labelledby={`${idBase}-tab-${active}`} className={className}>
      {children}
    </div>
  );
}
