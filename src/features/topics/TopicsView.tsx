import { useState } from 'react';
import { weakCache } from '../../data/weakCache';
import { flattenTopicTree, type TopicNode, type TopicRow, type TopicTree } from '../../data/topicTree';
import { useSessionActions, useSessionData } from '../../stores/sessionContext';
import { useSlowLiveRev } from '../../stores/live';
import type { Profile } from '../../stores/profileModel';
import { useTopicViewState, useViewsStore } from '../../stores/views';
import { plural } from '../../shared/format/format';
import { Button } from '../../shared/ui/Button';
import { useNow } from '../../shared/ui/useNow';
import { ConfirmDialog } from '../../shared/ui/ConfirmDialog';
import { TextField } from '../../shared/ui/Field';
import { ErrorBoundary } from '../../shared/ui/ErrorBoundary';
import { TopicDetail } from './TopicDetail';
import { TopicTreeList } from './TopicTreeList';

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
  // Ages ("3 s ago") and rates decay with time, also when nothing arrives.
  const now = useNow(1_000);
  const renderNow = Math.max(now, tree.root.lastSeen);
  const rows = rowsOf(tree, state.expanded, state.search, renderNow);
  const selected = state.selected !== null ? findNode(tree, state.selected) : undefined;
  const [confirmClear, setConfirmClear] = useState(false);

  return (
    <div className="flex h-full min-h-0 flex-col" data-rev={rev}>
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-3 py-2 dark:border-slate-800">
        <TextField
          label="Search topics"
          inline
          className="min-w-48 flex-1 sm:max-w-72"
          inputClassName="py-1"
          placeholder="part of a topic"
          data-shortcut-search
          value={state.search}
          onChange={(e) => patch(id, { search: e.target.value })}
        />
        <Button size="sm" variant="ghost" onClick={() => patch(id, { expanded: new Set(allParents(tree)) })}>
          Expand all
        </Button>
        <Button size="sm" variant="ghost" onClick={() => patch(id, { expanded: new Set() })}>
          Collapse all
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setConfirmClear(true)} disabled={tree.topicCount === 0}>
          Clear tree
        </Button>
        <span className="text-xs text-slate-600 dark:text-slate-300">
          {plural(tree.topicCount, 'topic')} · {plural(tree.root.total, 'message')}
          {tree.overflowMessages > 0 ? ` · tree full: ${plural(tree.overflowMessages, 'message')} on new topics not shown` : ''}
        </span>
        <ConfirmDialog
          open={confirmClear}
          title="Clear the topic tree?"
          confirmLabel="Clear tree"
          onCancel={() => setConfirmClear(false)}
          onConfirm={() => {
            setConfirmClear(false);
            actions.clearTopics(id);
            patch(id, { selected: null });
          }}
        >
          Its {plural(tree.topicCount, 'topic')}, counts and last payloads are forgotten here; the message log and the broker keep theirs. Topics
          come back as messages arrive.
        </ConfirmDialog>
      </div>
      <div className="flex min-h-0 flex-1 flex-col 2xl:flex-row">
        <TopicTreeList
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
          <div className="min-h-0 basis-1/2 overflow-auto border-t border-slate-200 2xl:basis-auto 2xl:w-[30rem] 2xl:border-t-0 2xl:border-l dark:border-slate-800">
            <ErrorBoundary what={`The topic ${selected.path.slice(0, 200)}`} resetKey={selected.path}>
              <TopicDetail profile={profile} node={selected} now={renderNow} onClose={() => patch(id, { selected: null })} />
            </ErrorBoundary>
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

