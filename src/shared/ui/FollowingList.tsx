import { useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Button } from './Button';
import { useVirtualRows } from './useVirtualRows';

export interface RowIndex {
  seqAt(index: number): number;
  rowOf(key: number): number;
}

export interface FollowingListProps {
  /** Accessible name of the table. */
  label: string;
  rowCount: number;
  rowHeight: number;
  /** Changes whenever rows change (the list re-anchors or follows on it). */
  rev: number;
  /** The header row (role=row with columnheaders). */
  header: ReactNode;
  emptyText: string;
  /** Which entry each row shows (a RingView, say): the stable key (absolute index) of a row, and back. */
  rows: RowIndex;
  /** Renders row `index`; `slot` is a stable React key (rows are recycled by position). */
  renderRow(index: number, slot: number): ReactNode;
  selectedKey: number | null;
  onSelect(key: number | null): void;
}

/**
 * A virtualized log that follows its newest row, or keeps the rows being read in place while new ones
 * arrive and old ones go. The scroller is `flex-direction: column-reverse`: the browser keeps it at its
 * end as rows are added, so following needs no scroll writes (each one would force a layout per frame);
 * scrollTop is 0 at the end and negative above it. Keys: Up/Down/Home/End select, Escape deselects.
 */
export function FollowingList({ label, rowCount, rowHeight, rev, header, emptyText, rows: rowIndex, renderRow, selectedKey, onSelect }: FollowingListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [following, setFollowing] = useState(true);
  const totalHeight = rowCount * rowHeight;
  const { start, end, onScroll } = useVirtualRows(scroller, rowCount, rowHeight, following, true);
  /** While the user reads older rows: the row at the top of the view and its offset, kept in place. */
  const anchor = useRef<{ key: number; offset: number } | null>(null);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || following) {
      anchor.current = null;
      return;
    }
    const a = anchor.current;
    if (!a) return;
    const top = rowIndex.rowOf(a.key) * rowHeight - a.offset;
    const scrollTop = Math.min(0, top - (totalHeight - el.clientHeight));
    if (Math.abs(el.scrollTop - scrollTop) >= 1) el.scrollTop = scrollTop;
  }, [rev, rowIndex, rowHeight, totalHeight, following]);

  const viewTop = (el: HTMLElement) => Math.max(0, totalHeight - el.clientHeight + el.scrollTop);

  const handleScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const atEnd = el.scrollTop > -rowHeight * 1.5;
    if (atEnd !== following) setFollowing(atEnd);
    if (!atEnd) {
      const top = viewTop(el);
      const row = Math.min(rowCount - 1, Math.floor(top / rowHeight));
      anchor.current = row >= 0 ? { key: rowIndex.seqAt(row), offset: row * rowHeight - top } : null;
      onScroll(top);
    }
  };

  const reveal = (index: number) => {
    const el = scroller.current;
    if (!el) return;
    const top = viewTop(el);
    const rowTop = index * rowHeight;
    let next = top;
    if (rowTop < top) next = rowTop;
    else if (rowTop + rowHeight > top + el.clientHeight) next = rowTop + rowHeight - el.clientHeight;
    if (next !== top) el.scrollTop = next - (totalHeight - el.clientHeight);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const keys = ['ArrowDown', 'ArrowUp', 'Home', 'End', 'Escape'];
    if (!keys.includes(event.key)) return;
    event.preventDefault();
    if (event.key === 'Escape') return onSelect(null);
    if (rowCount === 0) return;
    const current = selectedKey === null ? -1 : rowIndex.rowOf(selectedKey);
    let next: number;
    if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = rowCount - 1;
    else if (event.key === 'ArrowDown') next = Math.min(rowCount - 1, current + 1);
    else next = Math.max(0, current < 0 ? rowCount - 1 : current - 1);
    onSelect(rowIndex.seqAt(next));
    if (event.key === 'End') {
      setFollowing(true);
      if (scroller.current) scroller.current.scrollTop = 0;
    } else reveal(next);
  };

  const rows = [];
  // Keyed by position in the window, not by entry: as rows scroll by, React updates the same elements in
  // place instead of creating and removing elements for every new entry.
  for (let i = start; i < end; i++) rows.push(renderRow(i, i - start));

  return (
    <div className="@container relative flex min-h-0 flex-1 flex-col text-xs">
      <div role="table" aria-label={label} aria-rowcount={rowCount + 1} className="flex min-h-0 flex-1 flex-col">
        <div role="rowgroup">{header}</div>
        <div
          ref={scroller}
          role="rowgroup"
          onScroll={handleScroll}
          onKeyDown={onKeyDown}
          className="relative flex min-h-0 flex-1 flex-col-reverse overflow-auto [overflow-anchor:none] focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-500"
          tabIndex={0}
        >
          {rowCount === 0 ? (
            <div role="row" className="mb-auto p-6 text-center text-sm text-slate-600 dark:text-slate-400">
              <span role="cell">{emptyText}</span>
            </div>
          ) : (
            <div role="presentation" style={{ height: totalHeight }} className="relative mb-auto shrink-0">
              {rows}
            </div>
          )}
        </div>
      </div>
      {!following && rowCount > 0 ? (
        <Button
          size="sm"
          variant="primary"
          className="absolute right-5 bottom-3 shadow-lg"
          onClick={() => {
            setFollowing(true);
            if (scroller.current) scroller.current.scrollTop = 0;
          }}
        >
          ↓ Newest
        </Button>
      ) : null}
    </div>
  );
}

/** The header row of a {@link FollowingList}: `grid` is the column template its rows share. */
export function ListHeaderRow({ grid, children }: { grid: string; children: ReactNode }) {
  return (
    <div role="row" aria-rowindex={1} className={`${grid} border-b border-slate-200 bg-slate-50 py-1 font-medium text-slate-600 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-400`}>
      {children}
    </div>
  );
}

/** Row `index` of a {@link FollowingList}, placed at its offset; clicking selects `rowKey`. */
export function ListRow({
  grid,
  index,
  height,
  rowKey,
  selected,
  onSelect,
  accent,
  children,
}: {
  grid: string;
  index: number;
  height: number;
  rowKey: number;
  selected: boolean;
  onSelect(key: number): void;
  /** A colour marked on the row's left edge. */
  accent?: string | undefined;
  children: ReactNode;
}) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      onClick={() => onSelect(rowKey)}
      className={`${grid} absolute inset-x-0 cursor-pointer border-b border-slate-100 font-mono dark:border-slate-800/60 ${
        selected ? 'bg-sky-100 dark:bg-sky-900/50' : 'hover:bg-sky-50 dark:hover:bg-slate-800/60'
      }`}
      style={{ top: index * height, height, boxShadow: accent ? `inset 3px 0 0 ${accent}` : undefined }}
    >
      {children}
    </div>
  );
}
