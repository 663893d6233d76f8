/**
 * What the Home view is built from, kept per connection by the ingest path: the Home Assistant discovery
 * configs seen (and the entities they name), and the latest value of every watched value (a discovered
 * entity's state, a value the user pinned, a device's telemetry) with a sparkline of the last hour and
 * its availability. O(1) per message: a prefix test and two map lookups.
 */
import type { ReceivedMessage } from '../../mqtt/types';
import { Spark } from '../spark';
export { Spark, SPARK_POINTS, SPARK_SPACING_MS, SPARK_WINDOW_MS } from '../spark';
import type * as DiscoveryModule_ from '../discovery/discovery';
import type { DiscoveredEntity, DiscoveryConfig } from '../discovery/discovery';
import { parseNumber, parseSwitch, readPayload, valueIn } from '../extract';

type DiscoveryModule = typeof DiscoveryModule_;

/**
 * The discovery parser loads when the first discovery message comes (most streams have none), so it is
 * not part of the page's first download. Until then such messages wait, in order.
 */
let discovery: DiscoveryModule | null = null;
let loading: Promise<DiscoveryModule> | null = null;

/** Loads the discovery parser (tests call it first, to read configs at once). */
export function loadDiscovery(): Promise<DiscoveryModule> {
  loading ??= import('../discovery/discovery').then((m) => (discovery = m));
  return loading;
}

/** Home Assistant's default discovery prefix. */
export const DEFAULT_PREFIX = 'homeassistant';

/** Discovery configs kept at most (a big installation has a few thousand). */
export const MAX_CONFIGS = 20_000;

export interface ValueState {
  /** The value as read: a number, a state word, a boolean, text. */
  value: string | number | boolean | null;
  /** As a number when it is one (a switch state counts as 1/0 for the sparkline). */
  number: number | null;
  at: number;
  fromHistory: boolean;
  /** Usual time between updates (a running average), for "stale". */
  intervalMs: number | null;
  spark: Spark;
}

/** Something whose value the Home view shows. */
export interface Watch {
  id: string;
  topic: string;
  read(message: Pick<ReceivedMessage, 'payload' | 'decoded'>): string | number | boolean | null;
}

/** A value read from a topic and a JSON path ("" for the payload itself). */
export function pathWatch(id: string, topic: string, path: string): Watch {
  return {
    id,
    topic,
    read(message) {
      const value = valueIn(readPayload(message), path);
      if (typeof value === 'string' && path === '') return parseNumber(value) ?? value.trim();
      return typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' ? value : null;
    },
  };
}

const asNumber = (value: string | number | boolean | null): number | null => {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') return parseNumber(value) ?? parseSwitch(value);
  return null;
};

export type Presence = 'online' | 'offline' | 'unknown';

export class HomeData {
  private prefix = DEFAULT_PREFIX;
  /** Discovery messages that came before the parser loaded. */
  private waiting: ReceivedMessage[] = [];
  /** Told when configs read late (after the parser loaded) changed the tiles. */
  onLateConfigs: (() => void) | null = null;
  readonly configs = new Map<string, DiscoveryConfig>();
  /** Discovered entities by id (the newest config wins for an id). */
  readonly entities = new Map<string, DiscoveredEntity>();
  /** Values by watch id. */
  readonly states = new Map<string, ValueState>();
  private readonly watches = new Map<string, Watch>();
  private readonly byTopic = new Map<string, Watch[]>();
  /** Availability topic -> [entity id, index of that topic in the entity's list]. */
  private readonly byAvailability = new Map<string, Array<[string, number]>>();
  /** Per entity, the state each availability topic last said, and when. */
  private readonly availability = new Map<string, Array<{ state: 'online' | 'offline'; at: number } | undefined>>();
  /** Changes when configs (and so tiles) change. */
  version = 0;
  /** Changes when any value or availability changes. */
  rev = 0;
  private extra: Watch[] = [];
  private dirty = false;
  /**
   * The last message of a topic (the topic tree's), so that a config that comes after its state and
   * availability messages (retained messages arrive in any order) reads them at once.
   */
  lastOf: (topic: string) => ReceivedMessage | undefined = () => undefined;

  /** Brings the indexes up to date with the configs (readers call it before reading). */
  settle(): void {
    if (this.dirty) this.rebuild([]);
  }

  /** Whether `topic` has been seen (the topic tree knows it). */
  seen(topic: string): boolean {
    return this.lastOf(topic) !== undefined;
  }

  get discoveryPrefix(): string {
    return this.prefix;
  }

  /** The discovery prefix; configs are read again from `history` (the message log). */
  setPrefix(prefix: string, history: Iterable<ReceivedMessage> = []): void {
    if (prefix === this.prefix) return;
    this.prefix = prefix;
    this.waiting = [];
    this.configs.clear();
    this.entities.clear();
    for (const message of history) this.config(message);
    this.rebuild(history);
  }

  /** Values to watch besides discovered entities (pinned values, device telemetry); filled from `history`. */
  setWatches(watches: Watch[], history: Iterable<ReceivedMessage> = []): void {
    const ids = (list: Watch[]) => list.map((w) => `${w.id}\u0000${w.topic}`).join('\u0001');
    if (ids(watches) === ids(this.extra)) return;
    this.extra = watches;
    this.rebuild(history);
  }

  ingest(message: ReceivedMessage): void {
    if (this.config(message)) {
      // thousands of retained configs arrive at once on subscribe: the indexes are rebuilt once after
      this.dirty = true;
      this.version++;
      return;
    }
    if (this.dirty) this.rebuild([]);
    const watches = this.byTopic.get(message.topic);
    if (watches) for (const w of watches) this.update(w, message);
    this.applyAvailability(message);
  }

  private applyAvailability(message: ReceivedMessage): void {
    const avail = this.byAvailability.get(message.topic);
    if (avail) {
      for (const [entityId, index] of avail) {
        const entity = this.entities.get(entityId);
        const a = entity?.availability[index];
        if (!a) continue;
        const said = (discovery as DiscoveryModule).availabilityOf(a, message.payload);
        if (said === null) continue;
        let list = this.availability.get(entityId);
        if (!list) this.availability.set(entityId, (list = []));
        list[index] = { state: said, at: message.receivedAt };
      }
      this.rev++;
    }
  }

  /** An entity's availability under its availability_mode ('unknown' when it has none or nothing came). */
  presenceOf(entity: DiscoveredEntity): Presence {
    if (entity.availability.length === 0) return 'unknown';
    const said = this.availability.get(entity.id) ?? [];
    if (entity.availabilityMode === 'latest') {
      let latest: { state: 'online' | 'offline'; at: number } | undefined;
      for (const s of said) if (s && (!latest || s.at >= latest.at)) latest = s;
      return latest?.state ?? 'unknown';
    }
    const states = entity.availability.map((_, i) => said[i]?.state);
    if (entity.availabilityMode === 'all') {
      if (states.some((s) => s === 'offline')) return 'offline';
      return states.every((s) => s === 'online') ? 'online' : 'unknown';
    }
    if (states.some((s) => s === 'online')) return 'online';
    return states.every((s) => s === 'offline') ? 'offline' : 'unknown';
  }

  clear(): void {
    this.configs.clear();
    this.entities.clear();
    this.states.clear();
    this.availability.clear();
    this.rebuild([]);
  }

  /** Reads a discovery message into the configs; true when it was one. */
  private config(message: ReceivedMessage): boolean {
    if (!message.topic.startsWith(`${this.prefix}/`) || !message.topic.endsWith('/config')) return false;
    if (!discovery) {
      if (this.waiting.length < MAX_CONFIGS) this.waiting.push(message);
      if (this.waiting.length > 1) return true; // one load answers them all
      void loadDiscovery().then(() => {
        const waiting = this.waiting.splice(0);
        if (waiting.length === 0) return;
        for (const m of waiting) this.config(m);
        this.dirty = true;
        this.version++;
        this.rev++;
        this.onLateConfigs?.();
      });
      return true;
    }
    const config = discovery.parseDiscovery(message.topic, message.payload, message.retain, message.receivedAt, this.prefix);
    if (!config) return false;
    const old = this.configs.get(message.topic);
    for (const e of old?.entities ?? []) this.entities.delete(e.id);
    if (config.entities.length === 0 && config.problems.length === 0) this.configs.delete(message.topic);
    else if (this.configs.size < MAX_CONFIGS || old) this.configs.set(message.topic, config);
    for (const e of config.entities) this.entities.set(e.id, e);
    return true;
  }

  /** Rebuilds the topic indexes after configs or watches changed; values already read are kept. */
  private rebuild(history: Iterable<ReceivedMessage>): void {
    this.dirty = false;
    this.watches.clear();
    this.byTopic.clear();
    this.byAvailability.clear();
    const add = (w: Watch) => {
      this.watches.set(w.id, w);
      const list = this.byTopic.get(w.topic);
      if (list) list.push(w);
      else this.byTopic.set(w.topic, [w]);
    };
    for (const entity of this.entities.values()) {
      entity.availability.forEach((a, i) => {
        const list = this.byAvailability.get(a.topic);
        if (list) list.push([entity.id, i]);
        else this.byAvailability.set(a.topic, [[entity.id, i]]);
      });
      if (!entity.stateTopic || entity.fault) continue;
      add({ id: entity.id, topic: entity.stateTopic, read: (message) => (discovery as DiscoveryModule).entityValue(entity, message.payload) });
    }
    for (const w of this.extra) add(w);
    for (const id of this.states.keys()) if (!this.watches.has(id)) this.states.delete(id);
    for (const [topic, watches] of this.byTopic) {
      const last = this.lastOf(topic);
      if (last) for (const w of watches) if (!this.states.has(w.id)) this.update(w, last);
    }
    for (const topic of this.byAvailability.keys()) {
      const last = this.lastOf(topic);
      if (last) this.applyAvailability(last);
    }
    for (const message of history) {
      const watches = this.byTopic.get(message.topic);
      if (watches) for (const w of watches) if (!this.states.has(w.id) || (this.states.get(w.id) as ValueState).at <= message.receivedAt) this.update(w, message);
    }
    this.version++;
    this.rev++;
  }

  private update(w: Watch, message: ReceivedMessage): void {
    const value = w.read(message);
    if (value === null) return;
    const number = asNumber(value);
    let state = this.states.get(w.id);
    if (!state) {
      state = { value, number, at: message.receivedAt, fromHistory: Boolean(message.fromHistory), intervalMs: null, spark: new Spark() };
      this.states.set(w.id, state);
    } else {
      const gap = message.receivedAt - state.at;
      if (gap > 0 && !message.retain) state.intervalMs = state.intervalMs === null ? gap : state.intervalMs * 0.8 + gap * 0.2;
      state.value = value;
      state.number = number;
      state.at = message.receivedAt;
      state.fromHistory = Boolean(message.fromHistory);
    }
    if (number !== null) state.spark.push(message.receivedAt, number);
    this.rev++;
  }
}
