import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useRef, type KeyboardEvent } from 'react';
import type { TopicRow } from '../../data/topicTree';
import { previewMessage } from '../../data/decoders/preview';
import { useRowHeight } from '../../stores/views';
import { formatAgo } from '../../shared/format/ago';
import { formatRate, plural } from '../../shared/format/format';

export const TOPIC_ROW_HEIGHT_PX = 26;
/** A topic that changed within this time flashes (not with prefers-reduced-motion). */
const FLASH_MS = 1_200;

interface TreeListProps {
  rows: TopicRow[];
  now: number;
  rev: number;
  selected: string | null;
  expanded: ReadonlySet<string>;
  searching: boolean;
  onSelect(path: string): void;
  onToggle(path: string, open?: boolean): void;
}

/**
 * The topic tree as a WAI-ARIA tree, virtualized (@tanstack/react-virtual: only the rows in view are in
 * the page). A click on a row selects it and opens or closes it when it has children; Up/Down/Home/End
 * move, Right opens (or goes to the first child), Left closes (or goes to the parent), Enter selects.
 */
export function TopicTreeList({ rows, now, rev, selected, expanded, searching, onSelect, onToggle }: TreeListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const rowHeight = useRowHeight(TOPIC_ROW_HEIGHT_PX);
  // The app does not use the React Compiler, whose memoization this rule guards; the virtualizer
  // re-renders this component through its own state when the tree scrolls.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 8 });
  const selectedIndex = selected === null ? -1 : rows.findIndex((r) => r.node.path === selected);

  const move = (index: number) => {
    const target = Math.max(0, Math.min(rows.length - 1, index));
    const row = rows[target];
    if (!row) return;
    onSelect(row.node.path);
    virtualizer.scrollToIndex(target, { align: 'auto' });
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const row = rows[selectedIndex];
    const open = row ? searching || expanded.has(row.node.path) : false;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(selectedIndex + 1),
      ArrowUp: () => move(selectedIndex < 0 ? 0 : selectedIndex - 1),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      ArrowRight: () => {
        if (!row?.node.hasChildren) return;
        if (!open) onToggle(row.node.path, true);
        else move(selectedIndex + 1);
      },
      ArrowLeft: () => {
        if (!row) return;
        if (row.node.hasChildren && open && !searching) onToggle(row.node.path, false);
        else if (row.node.parent && row.node.parent.depth >= 0) move(rows.findIndex((r) => r.node === row.node.parent));
      },
      Enter: () => move(selectedIndex < 0 ? 0 : selectedIndex),
    };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };

  const items = virtualizer.getVirtualItems();
  const activeInView = items.some((v) => v.index === selectedIndex);
  return (
    <div
      ref={scroller}
      role="tree"
      aria-label="Topics"
      tabIndex={0}
      aria-activedescendant={activeInView && selected !== null ? treeItemId(selected) : undefined}
      onKeyDown={onKeyDown}
      className="@container relative min-h-0 min-w-0 flex-1 overflow-auto text-xs outline-none focus-visible:ring-2 focus-visible:ring-sky-500/60 focus-visible:ring-inset"
    >
      {rows.length === 0 ? (
        <p className="p-6 text-center text-sm text-slate-600 dark:text-slate-400">{searching ? 'No topic matches the search.' : 'Topics appear here as messages arrive.'}</p>
      ) : (
        <div style={{ height: virtualizer.getTotalSize() }} className="relative" role="presentation">
          {items.map((v) => {
            const row = rows[v.index] as TopicRow;
            return (
              <TreeRow
                key={row.node.path}
                row={row}
                top={v.start}
                height={rowHeight}
                now={now}
                rev={rev}
                open={searching || expanded.has(row.node.path)}
                selected={row.node.path === selected}
                searching={searching}
                onClick={() => {
                  onSelect(row.node.path);
                  if (row.node.hasChildren && !searching) onToggle(row.node.path);
                }}
              />
            );
          })}
        </div>
      )}
    </div>
  );
}

function treeItemId(path: string): string {
  return `topic-${encodeURIComponent(path).replace(/%/g, '_')}`;
}

interface RowProps {
  row: TopicRow;
  top: number;
  height: number;
  now: number;
  rev: number;
  open: boolean;
  selected: boolean;
  searching: boolean;
  onClick(): void;
}

const TreeRow = memo(function TreeRow({ row, top, height, now, open, selected, onClick }: RowProps) {
  const { node } = row;
  const last = node.last;
  const preview = last ? previewMessage(last, 80) : null;
  const rate = node.rate(now);
  // a topic's own new message (not one below it: a busy parent would never stop flashing)
  const changedAt = node.last?.receivedAt ?? 0;
  const fresh = changedAt > 0 && now - changedAt < FLASH_MS;
  return (
    <div
      id={treeItemId(node.path)}
      role="treeitem"
      aria-level={node.depth + 1}
      aria-setsize={row.siblings}
      aria-posinset={row.index}
      aria-expanded={node.hasChildren ? open : undefined}
      aria-selected={selected}
      aria-label={node.name === '' ? '(empty level)' : node.name}
      onClick={onClick}
      className={`absolute inset-x-0 flex cursor-pointer items-center gap-2 pr-3 font-mono ${selected ? 'bg-sky-100 dark:bg-sky-900/50' : 'hover:bg-slate-50 dark:hover:bg-slate-800/60'}`}
      style={{ top, height, paddingLeft: 8 + node.depth * 16 }}
    >
      {/* a fresh message: the row flashes once (keyed by the time, so each message starts it again) */}
      {fresh && !selected ? <span key={changedAt} aria-hidden className="animate-flash pointer-events-none absolute inset-0 motion-reduce:hidden" /> : null}
      <span aria-hidden className="w-4 shrink-0 text-slate-600 dark:text-slate-400">
        {node.hasChildren ? (open ? '▾' : '▸') : ''}
      </span>
      <span className={`shrink-0 ${node.name === '' ? 'text-slate-600 italic' : 'text-slate-900 dark:text-slate-100'}`}>{node.name === '' ? '(empty)' : node.name}</span>
      {node.retained ? (
        <span title="A retained message is held for this topic" className="rounded bg-violet-100 px-1 font-sans text-[10px] text-violet-800 dark:bg-violet-900/60 dark:text-violet-200">
          retained
        </span>
      ) : null}
      {preview ? (
        <span className={`min-w-0 flex-1 truncate ${preview.binary ? 'text-amber-700 dark:text-amber-300' : 'text-slate-600 dark:text-slate-400'}`}>
          = {preview.text}
          {preview.truncated ? '…' : ''}
        </span>
      ) : (
        <span className="flex-1" />
      )}
      <span className="shrink-0 font-sans text-slate-600 tabular-nums dark:text-slate-400" title="messages here and below">
        {plural(node.total, 'msg', 'msg')}
        <span className="hidden @xl:inline">{node.hasChildren ? ` · ${plural(node.topics, 'topic')}` : ''}</span>
      </span>
      <span className="hidden w-14 shrink-0 text-right font-sans text-slate-600 tabular-nums @lg:inline dark:text-slate-400">{rate >= 0.05 ? `${formatRate(rate)}/s` : ''}</span>
      <span className="hidden w-20 shrink-0 text-right font-sans text-slate-600 @md:inline dark:text-slate-400">{formatAgo(node.lastSeen, now)}</span>
    </div>
  );
});
