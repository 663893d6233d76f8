/**
 * The topic tree of one connection, built from what arrives: one node per topic level, with counts,
 * the last message, a smoothed rate and the retained marker. Bounded: past {@link TOPIC_TREE_MAX_TOPICS}
 * distinct topics, new ones are counted but not added.
 *
 * Updated per message in O(depth); structure changes bump `structureVersion` so views re-flatten only then.
 */
import type { ReceivedMessage } from '../mqtt/types';

/** Distinct topics kept in the tree. */
export const TOPIC_TREE_MAX_TOPICS = 250_000;
/** Time constant of the per-topic rate estimate. */
export const TOPIC_RATE_TAU_MS = 5_000;

export class TopicNode {
  children: Map<string, TopicNode> | null = null;
  private sortedCache: TopicNode[] | null = null;
  /** Messages on exactly this topic. */
  count = 0;
  /** Messages on this topic and every topic below it. */
  total = 0;
  /** Distinct topics that received messages, at and below this node. */
  topics = 0;
  /** Last message on exactly this topic. */
  last: ReceivedMessage | null = null;
  /** When a message last arrived here or below (ms since the epoch). */
  lastSeen = 0;
  /** The last message on this topic was a retained one (or a retained message is known to be held). */
  retained = false;
  /** When this dashboard itself published the retained message held (ms since the epoch), else 0. */
  retainedByUsAt = 0;
  private rateSum = 0;
  private rateAt = 0;

  constructor(
    readonly name: string,
    readonly path: string,
    readonly depth: number,
    readonly parent: TopicNode | null,
  ) {}

  get hasChildren(): boolean {
    return this.children !== null && this.children.size > 0;
  }

  /** Children sorted by name, numbers in numeric order ("2" before "10"). Cached until a child is added. */
  sortedChildren(): TopicNode[] {
    if (!this.children) return [];
    if (!this.sortedCache) this.sortedCache = [...this.children.values()].sort((a, b) => collator.compare(a.name, b.name));
    return this.sortedCache;
  }

  /** Messages per second on exactly this topic, smoothed over about {@link TOPIC_RATE_TAU_MS}. */
  rate(now: number): number {
    if (this.rateSum === 0) return 0;
    return (this.rateSum * Math.exp(-(now - this.rateAt) / TOPIC_RATE_TAU_MS) * 1000) / TOPIC_RATE_TAU_MS;
  }

  /** Forgets all children and counts (the root, when the tree is cleared). */
  reset(): void {
    this.children = null;
    this.sortedCache = null;
    this.count = 0;
    this.total = 0;
    this.topics = 0;
    this.lastSeen = 0;
    this.last = null;
  }

  child(name: string, path: string): { node: TopicNode; created: boolean } {
    if (!this.children) this.children = new Map();
    let node = this.children.get(name);
    if (node) return { node, created: false };
    node = new TopicNode(name, path, this.depth + 1, this);
    this.children.set(name, node);
    this.sortedCache = null;
    return { node, created: true };
  }

  record(message: ReceivedMessage): void {
    this.count++;
    this.last = message;
    // Live deliveries lose the retain flag (MQTT §3.3.1.3), so a live message leaves the marker as it was;
    // an empty payload is how a retained message is deleted.
    if (message.payload.byteLength === 0) {
      this.retained = false;
      this.retainedByUsAt = 0;
    } else if (message.retain) {
      this.retained = true;
      this.retainedByUsAt = 0;
    }
    const now = message.receivedAt;
    this.rateSum = this.rateSum * Math.exp(-(now - this.rateAt) / TOPIC_RATE_TAU_MS) + 1;
    this.rateAt = now;
  }
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

export class TopicTree {
  readonly root = new TopicNode('', '', -1, null);
  private readonly byTopic = new Map<string, TopicNode>();
  /** Changes whenever a node is added (not when counts change). */
  structureVersion = 0;
  /** Messages on topics not added because the tree was full. */
  overflowMessages = 0;

  constructor(private readonly maxTopics = TOPIC_TREE_MAX_TOPICS) {}

  /** Distinct topics in the tree. */
  get topicCount(): number {
    return this.root.topics;
  }

  get(topic: string): TopicNode | undefined {
    return this.byTopic.get(topic);
  }

  add(message: ReceivedMessage): void {
    let node = this.byTopic.get(message.topic);
    if (!node) {
      if (this.root.topics >= this.maxTopics) {
        this.overflowMessages++;
        return;
      }
      node = this.insert(message.topic);
    }
    const firstOnTopic = node.count === 0;
    node.record(message);
    this.noteRetained(node);
    for (let n: TopicNode | null = node; n; n = n.parent) {
      n.total++;
      n.lastSeen = message.receivedAt;
      if (firstOnTopic) n.topics++;
    }
  }

  /** The node for `topic` and its ancestors, created as needed. */
  private insert(topic: string): TopicNode {
    let node = this.root;
    let start = 0;
    for (;;) {
      const slash = topic.indexOf('/', start);
      const end = slash < 0 ? topic.length : slash;
      const { node: next, created } = node.child(topic.slice(start, end), topic.slice(0, end));
      if (created) this.structureVersion++;
      node = next;
      if (slash < 0) break;
      start = slash + 1;
    }
    this.byTopic.set(topic, node);
    const ownAt = this.ownRetained.get(topic);
    if (ownAt !== undefined) {
      this.ownRetained.delete(topic);
      node.retained = true;
      node.retainedByUsAt = ownAt;
      this.noteRetained(node);
    }
    return node;
  }

  /** Nodes whose retained message the broker is known to hold, kept as the marker changes (not found by a walk). */
  private readonly retainedSet = new Set<TopicNode>();

  private noteRetained(node: TopicNode): void {
    if (node.retained) this.retainedSet.add(node);
    else this.retainedSet.delete(node);
  }

  /** Topics whose retained message the broker is known to hold. */
  retainedNodes(): IterableIterator<TopicNode> {
    return this.retainedSet.values();
  }

  /** Retained publishes of our own, for topics not in the tree yet (their echo may come later, or never). */
  private readonly ownRetained = new Map<string, number>();

  /** Marks a topic's retained message as gone (after "Clear retained"). */
  forgetRetained(topic: string): void {
    this.noteOwnRetained(topic, false, 0);
  }

  /**
   * This dashboard published on `topic` with Retain: the broker now holds that message (`held`), or holds
   * none (an empty payload clears it). Live deliveries lose the retain flag, so the tree learns it here.
   */
  noteOwnRetained(topic: string, held: boolean, at: number): void {
    const node = this.byTopic.get(topic);
    if (node) {
      node.retained = held;
      node.retainedByUsAt = held ? at : 0;
      this.noteRetained(node);
      return;
    }
    if (!held) this.ownRetained.delete(topic);
    else if (this.ownRetained.size < 10_000) this.ownRetained.set(topic, at);
  }

  clear(): void {
    this.root.reset();
    this.byTopic.clear();
    this.retainedSet.clear();
    this.overflowMessages = 0;
    this.structureVersion++;
  }
}

/** One visible row of the tree. */
export interface TopicRow {
  node: TopicNode;
  /** Position among its siblings (1-based) and their number, for aria-posinset/aria-setsize. */
  index: number;
  siblings: number;
}

/**
 * The rows to draw: depth-first over expanded nodes. With `search`, nodes whose path contains it and
 * their ancestors, all expanded.
 */
export function flattenTopicTree(tree: TopicTree, expanded: ReadonlySet<string>, search = ''): TopicRow[] {
  const rows: TopicRow[] = [];
  const needle = search.trim().toLowerCase();
  if (needle) {
    const keep = new Set<TopicNode>();
    const mark = (node: TopicNode): boolean => {
      let any = node.path.toLowerCase().includes(needle) && node !== tree.root;
      for (const child of node.sortedChildren()) if (mark(child)) any = true;
      if (any) keep.add(node);
      return any;
    };
    mark(tree.root);
    const walk = (node: TopicNode) => {
      const kids = node.sortedChildren().filter((c) => keep.has(c));
      kids.forEach((child, i) => {
        rows.push({ node: child, index: i + 1, siblings: kids.length });
        walk(child);
      });
    };
    walk(tree.root);
    return rows;
  }
  const walk = (node: TopicNode) => {
    const kids = node.sortedChildren();
    for (let i = 0; i < kids.length; i++) {
      const child = kids[i] as TopicNode;
      rows.push({ node: child, index: i + 1, siblings: kids.length });
      if (child.hasChildren && expanded.has(child.path)) walk(child);
    }
  };
  walk(tree.root);
  return rows;
}
