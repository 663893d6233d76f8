import { memo, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { weakCache } from '../../data/weakCache';
import { flattenTopicTree, type TopicNode, type TopicRow, type TopicTree } from '../../data/topicTree';
import { previewPayload } from '../../mqtt/payload';
import { useSessionActions, useSessionData } from '../../stores/sessionContext';
import { useSlowLiveRev } from '../../stores/live';
import type { Profile } from '../../stores/profileModel';
import { useTopicViewState, useViewsStore } from '../../stores/views';
import { formatAgo } from '../../shared/format/ago';
import { formatCount, formatRate } from '../../shared/format/format';
import { Button } from '../../shared/ui/Button';
import { TextField } from '../../shared/ui/Field';
import { useVirtualRows } from '../../shared/ui/useVirtualRows';
import { TopicDetail } from './TopicDetail';

export const TOPIC_ROW_HEIGHT_PX = 26;
/** While topics keep appearing, the tree's rows are rebuilt at most this often. */
export const TOPIC_REFLATTEN_INTERVAL_MS = 500;

interface FlatCache {
  version: number;
  expanded: ReadonlySet<string>;
  search: string;
  rows: TopicRow[];
  at: number;
}
const flatCacheOf = weakCache((_tree: TopicTree): { last: FlatCache | null } => ({ last: null }));

/** The visible rows; rebuilt when expansion or search change, and at a bounded rate when topics appear. */
function rowsOf(tree: TopicTree, expanded: ReadonlySet<string>, search: string, now: number): TopicRow[] {
  const holder = flatCacheOf(tree);
  const cache = holder.last;
  if (cache && cache.expanded === expanded && cache.search === search) {
    if (cache.version === tree.structureVersion) return cache.rows;
    if (now - cache.at < TOPIC_REFLATTEN_INTERVAL_MS) return cache.rows;
  }
  const rows = flattenTopicTree(tree, expanded, search);
  holder.last = { version: tree.structureVersion, expanded, search, rows, at: now };
  return rows;
}

/** The topic tree (role=tree "Topics"), virtualized, with the selected topic's detail beside it. */
export function TopicsView({ profile }: { profile: Profile }) {
  const actions = useSessionActions();
  const reader = useSessionData();
  const id = profile.id;
  const rev = useSlowLiveRev(id);
  const state = useTopicViewState(id);
  const patch = useViewsStore((s) => s.patchTopics);
  const toggle = useViewsStore((s) => s.toggleExpanded);
  const tree = reader.data(id).topics;
  const [now, setNow] = useState(() => Date.now());
  // Ages ("3 s ago") and rates decay with time, also when nothing arrives.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  const renderNow = Math.max(now, tree.root.lastSeen);
  const rows = rowsOf(tree, state.expanded, state.search, renderNow);
  const selected = state.selected !== null ? findNode(tree, state.selected) : undefined;

  return (
    <div className="flex h-full min-h-0 flex-col" data-rev={rev}>
      <div className="flex flex-wrap items-end gap-2 border-b border-slate-200 px-3 py-2 dark:border-slate-800">
        <TextField
          label="Search topics"
          className="w-64"
          inputClassName="py-1"
          placeholder="part of a topic"
          value={state.search}
          onChange={(e) => patch(id, { search: e.target.value })}
        />
        <Button size="sm" variant="ghost" onClick={() => patch(id, { expanded: new Set(allParents(tree)) })}>
          Expand all
        </Button>
        <Button size="sm" variant="ghost" onClick={() => patch(id, { expanded: new Set() })}>
          Collapse all
        </Button>
        <Button size="sm" variant="ghost" onClick={() => actions.clearTopics(id)}>
          Clear tree
        </Button>
        <span className="pb-1 text-xs text-slate-600 dark:text-slate-300">
          {formatCount(tree.topicCount)} topics · {formatCount(tree.root.total)} messages
          {tree.overflowMessages > 0 ? ` · tree full: ${formatCount(tree.overflowMessages)} messages on new topics not shown` : ''}
        </span>
      </div>
      <div className="flex min-h-0 flex-1 flex-col 2xl:flex-row">
        <TreeList
          rows={rows}
          now={renderNow}
          rev={rev}
          selected={state.selected}
          expanded={state.expanded}
          searching={state.search.trim() !== ''}
          onSelect={(path) => patch(id, { selected: path })}
          onToggle={(path, open) => toggle(id, path, open)}
        />
        {selected ? (
          <div className="max-h-[50%] min-h-48 overflow-auto border-t border-slate-200 2xl:max-h-none 2xl:w-[30rem] 2xl:border-t-0 2xl:border-l dark:border-slate-800">
            <TopicDetail profile={profile} node={selected} now={renderNow} onClose={() => patch(id, { selected: null })} />
          </div>
        ) : null}
      </div>
    </div>
  );
}

function findNode(tree: TopicTree, path: string): TopicNode | undefined {
  const exact = tree.get(path);
  if (exact) return exact;
  // an intermediate level (no message of its own): walk down
  let node: TopicNode | undefined = tree.root;
  for (const level of path.split('/')) node = node?.children?.get(level);
  return node;
}

function allParents(tree: TopicTree): string[] {
  const out: string[] = [];
  const walk = (node: TopicNode) => {
    for (const child of node.children?.values() ?? []) {
      if (child.hasChildren) {
        out.push(child.path);
        walk(child);
      }
    }
  };
  walk(tree.root);
  return out;
}

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

function TreeList({ rows, now, rev, selected, expanded, searching, onSelect, onToggle }: TreeListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const { start, end, totalHeight, onScroll } = useVirtualRows(scroller, rows.length, TOPIC_ROW_HEIGHT_PX);
  const selectedIndex = selected === null ? -1 : rows.findIndex((r) => r.node.path === selected);

  const reveal = (index: number) => {
    const el = scroller.current;
    if (!el) return;
    const top = index * TOPIC_ROW_HEIGHT_PX;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + TOPIC_ROW_HEIGHT_PX > el.scrollTop + el.clientHeight) el.scrollTop = top + TOPIC_ROW_HEIGHT_PX - el.clientHeight;
  };
  const move = (index: number) => {
    const row = rows[Math.max(0, Math.min(rows.length - 1, index))];
    if (!row) return;
    onSelect(row.node.path);
    reveal(rows.indexOf(row));
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const row = rows[selectedIndex];
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(selectedIndex + 1),
      ArrowUp: () => move(selectedIndex < 0 ? 0 : selectedIndex - 1),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      ArrowRight: () => {
        if (!row?.node.hasChildren) return;
        if (!searching && !expanded.has(row.node.path)) onToggle(row.node.path, true);
        else move(selectedIndex + 1);
      },
      ArrowLeft: () => {
        if (!row) return;
        if (!searching && row.node.hasChildren && expanded.has(row.node.path)) onToggle(row.node.path, false);
        else if (row.node.parent && row.node.parent.depth >= 0) move(rows.findIndex((r) => r.node === row.node.parent));
      },
      Enter: () => row && row.node.hasChildren && !searching && onToggle(row.node.path),
    };
    const action = keys[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };

  const items = [];
  for (let i = start; i < end; i++) {
    const row = rows[i] as TopicRow;
    items.push(
      <TreeRow
        key={row.node.path}
        row={row}
        top={i * TOPIC_ROW_HEIGHT_PX}
        now={now}
        rev={rev}
        open={searching || expanded.has(row.node.path)}
        selected={row.node.path === selected}
        onSelect={onSelect}
        onToggle={onToggle}
        searching={searching}
      />,
    );
  }

  return (
    <div
      ref={scroller}
      role="tree"
      aria-label="Topics"
      tabIndex={0}
      aria-activedescendant={selectedIndex >= start && selectedIndex < end ? treeItemId(selected ?? '') : undefined}
      onKeyDown={onKeyDown}
      onScroll={() => onScroll()}
      className="@container relative min-h-0 min-w-0 flex-1 overflow-auto text-xs outline-none focus-visible:ring-2 focus-visible:ring-sky-500/40"
    >
      {rows.length === 0 ? (
        <p className="p-6 text-center text-sm text-slate-500 dark:text-slate-400">
          {searching ? 'No topic matches the search.' : 'Topics appear here as messages arrive.'}
        </p>
      ) : (
        <div style={{ height: totalHeight }} className="relative" role="presentation">
          {items}
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
  now: number;
  rev: number;
  open: boolean;
  selected: boolean;
  searching: boolean;
  onSelect(path: string): void;
  onToggle(path: string, open?: boolean): void;
}

const TreeRow = memo(function TreeRow({ row, top, now, open, selected, searching, onSelect, onToggle }: RowProps) {
  const { node } = row;
  const last = node.last;
  const preview = last ? previewPayload(last.payload, 80) : null;
  const rate = node.rate(now);
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
      onClick={() => onSelect(node.path)}
      className={`absolute inset-x-0 flex cursor-pointer items-center gap-2 pr-3 font-mono ${selected ? 'bg-sky-100 dark:bg-sky-900/50' : 'hover:bg-slate-50 dark:hover:bg-slate-800/60'}`}
      style={{ top, height: TOPIC_ROW_HEIGHT_PX, paddingLeft: 8 + node.depth * 16 }}
    >
      {node.hasChildren ? (
        <button
          type="button"
          tabIndex={-1}
          aria-hidden
          disabled={searching}
          onClick={(e) => {
            e.stopPropagation();
            onToggle(node.path);
          }}
          className="w-4 shrink-0 text-slate-500"
        >
          {open ? '▾' : '▸'}
        </button>
      ) : (
        <span className="w-4 shrink-0" />
      )}
      <span className={`shrink-0 ${node.name === '' ? 'text-slate-400 italic' : 'text-slate-900 dark:text-slate-100'}`}>{node.name === '' ? '(empty)' : node.name}</span>
      {node.retained ? (
        <span title="A retained message is held for this topic" className="rounded bg-violet-100 px-1 font-sans text-[10px] text-violet-800 dark:bg-violet-900/60 dark:text-violet-200">
          retained
        </span>
      ) : null}
      {preview ? (
        <span className={`min-w-0 flex-1 truncate ${preview.binary ? 'text-amber-700 dark:text-amber-300' : 'text-slate-500 dark:text-slate-400'}`}>
          = {preview.text}
          {preview.truncated ? '…' : ''}
        </span>
      ) : (
        <span className="flex-1" />
      )}
      <span className="shrink-0 font-sans text-slate-500 tabular-nums dark:text-slate-400" title="messages here and below">
        {formatCount(node.total)} msg
        <span className="hidden @xl:inline">{node.hasChildren ? ` · ${formatCount(node.topics)} topics` : ''}</span>
      </span>
      <span className="hidden w-14 shrink-0 text-right font-sans text-slate-500 tabular-nums @lg:inline dark:text-slate-400">{rate >= 0.05 ? `${formatRate(rate)}/s` : ''}</span>
      <span className="hidden w-20 shrink-0 text-right font-sans text-slate-400 @md:inline dark:text-slate-500">{formatAgo(node.lastSeen, now)}</span>
    </div>
  );
});
