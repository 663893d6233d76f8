import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabItem<Id extends string> {
  id: Id;
  label: ReactNode;
  /** Accessible name when the label is not plain text. */
  name?: string;
}

interface TabListProps<Id extends string> {
  /** Shared with the TabPanel: ties tabs and panel together for assistive technology. */
  idBase: string;
  label: string;
  items: ReadonlyArray<TabItem<Id>>;
  active: Id;
  onChange(id: Id): void;
  orientation?: 'horizontal' | 'vertical';
  className?: string;
  tabClassName?: (selected: boolean) => string;
}

/** WAI-ARIA tabs: arrow keys move between tabs, Home/End jump to the ends. */
export function TabList<Id extends string>({
  idBase,
  label,
  items,
  active,
  onChange,
  orientation = 'horizontal',
  className,
  tabClassName,
}: TabListProps<Id>) {
  const refs = useRef(new Map<Id, HTMLButtonElement>());
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
    refs.current.get(item.id)?.focus();
  };
  return (
    <div role="tablist" aria-label={label} aria-orientation={orientation} className={className} onKeyDown={onKeyDown}>
      {items.map((item) => {
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
            className={tabClassName?.(selected)}
          >
            {item.label}
          </button>
        );
      })}
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
