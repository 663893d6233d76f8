/**
 * Devices of one connection, recognised by presence rules from what arrives: their state (from last-will
 * and birth messages), when they were last heard from (any message on their topics), their latest
 * telemetry, and a 24-hour timeline of presence changes. Updated per message in O(1) after a topic's first
 * message (topics are classified once and remembered).
 */
import type { ReceivedMessage } from '../mqtt/types';
import { sparkplugTopic } from './decoders/sparkplugTopic';
import { activeRules, readPresence, RulePattern, SPARKPLUG_RULE_ID, type PresenceRule, type PresenceState } from './presence';

/** A device is Stale when it has been silent this many times its usual interval... */
export const DEFAULT_STALE_FACTOR = 3;
/** ...and at least this long. */
export const STALE_MIN_SILENCE_MS = 10_000;
/** Gaps shorter than this are a burst, not the device's interval. */
const BURST_GAP_MS = 500;
/**
 * A device reports regularly when its gaps vary by less than this share of their mean (a Tasmota SENSOR
 * every 10 s); an event-driven one (a motion sensor, a door contact) varies more, and its silence proves
 * nothing: it is never Stale while its availability says online.
 */
export const REGULAR_GAP_VARIATION = 0.5;
/** Gaps seen before a device's rhythm is judged. */
const GAPS_BEFORE_JUDGING = 4;
/**
 * A state that came retained and is not confirmed by anything live for this long may be left over by a
 * device that is gone (it disconnected cleanly without clearing its retained "online").
 */
export const GHOST_AFTER_MS = 60_000;
export const TIMELINE_WINDOW_MS = 24 * 60 * 60 * 1000;
const TIMELINE_CAP = 500;
const VALUE_TOPICS_CAP = 24;
export const PRESENCE_EVENTS_CAP = 500;
/** Devices whose telemetry is kept before their status arrives. */
const EARLY_DEVICES_CAP = 1_000;
/** Topics remembered as belonging (or not) to devices. */
const TOPIC_INDEX_CAP = 250_000;

export interface DeviceRecord {
  /** Stable across sessions: rule, prefix and name. */
  key: string;
  name: string;
  prefix: string;
  rule: PresenceRule;
  presence: PresenceState;
  /** The payload as it came ("Online", {"state":"online"} -> "online"). */
  presenceText: string;
  /** The state came in a retained message: it may be old. */
  presenceRetained: boolean;
  presenceSince: number;
  presenceTopic: string;
  /** Last live (not retained) message on its topics; 0 when not heard from yet. */
  lastSeen: number;
  messages: number;
  /** Usual time between messages (smoothed), null until learned. */
  intervalMs: number | null;
  /** How much the gaps vary around intervalMs (smoothed mean absolute deviation). */
  intervalDeviationMs: number;
  /** Gaps seen so far (up to GAPS_BEFORE_JUDGING). */
  gaps: number;
  timeline: Array<{ at: number; state: PresenceState }>;
  /** The latest message on each telemetry topic, for values shown on the card. */
  latest: Map<string, ReceivedMessage>;
}

export interface PresenceEvent {
  at: number;
  key: string;
  name: string;
  from: PresenceState | null;
  to: PresenceState | 'removed';
  retained: boolean;
  /** The message that made the change (none when the user forgot the device). */
  message?: ReceivedMessage;
}

export type DisplayState = PresenceState | 'stale';

export function deviceKey(ruleId: string, prefix: string, name: string): string {
  return `${ruleId}:${prefix ? `${prefix}/` : ''}${name}`;
}

interface CompiledRule {
  rule: PresenceRule;
  presence: RulePattern;
  telemetry: RulePattern[];
}

type TopicClass = { presence: { rule: CompiledRule; key: string; name: string; prefix: string } | null; telemetry: string[] };

export class DeviceTracker {
  private rules: CompiledRule[] = [];
  /** The Sparkplug B preset, read by topic type rather than by pattern (null when switched off). */
  private sparkplugRule: PresenceRule | null = null;
  readonly devices = new Map<string, DeviceRecord>();
  private readonly topicIndex = new Map<string, TopicClass | null>();
  readonly events: PresenceEvent[] = [];
  /**
   * Telemetry for devices not known yet: a retained data topic may come before the retained status that
   * makes the device (mosquitto sends "front_door" before "front_door/availability").
   */
  private readonly early = new Map<string, Map<string, ReceivedMessage>>();
  /** Changes when a device appears, goes, or changes state. */
  version = 0;
  private readonly listeners = new Set<(event: PresenceEvent) => void>();

  constructor(rules: readonly PresenceRule[] = activeRules([], [])) {
    this.setRules(rules);
  }

  /** Replaces the rules; devices are then rebuilt from `history` (the message log), oldest first. */
  setRules(rules: readonly PresenceRule[], history: Iterable<ReceivedMessage> = []): void {
    this.sparkplugRule = rules.find((r) => r.id === SPARKPLUG_RULE_ID) ?? null;
    this.rules = rules.filter((r) => r !== this.sparkplugRule).map((rule) => ({ rule, presence: new RulePattern(rule.pattern), telemetry: rule.telemetry.map((t) => new RulePattern(t)) }));
    this.topicIndex.clear();
    this.devices.clear();
    this.early.clear();
    this.events.length = 0;
    const listeners = [...this.listeners];
    this.listeners.clear(); // a rebuild is not news
    for (const message of history) this.ingest(message);
    for (const l of listeners) this.listeners.add(l);
    this.version++;
  }

  /** Called for every presence change (for notifications). Returns the unsubscribe function. */
  onEvent(listener: (event: PresenceEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  ingest(message: ReceivedMessage): void {
    if (this.sparkplugRule && message.topic.startsWith('spBv1.0/') && this.sparkplugMessage(this.sparkplugRule, message)) return;
    let cls = this.topicIndex.get(message.topic);
    if (cls === undefined) {
      cls = this.classify(message.topic);
      if (this.topicIndex.size < TOPIC_INDEX_CAP) this.topicIndex.set(message.topic, cls);
    }
    if (cls === null) return;
    if (cls.presence) this.presenceMessage(cls.presence, message);
    for (const key of cls.telemetry) {
      const device = this.devices.get(key);
      if (device) this.heardFrom(device, message);
      else this.keepEarly(key, message);
    }
  }

  /**
   * What to show: the presence state, or Stale for an online device that reports regularly and has been
   * silent for too long (an event-driven device is trusted to its availability: see REGULAR_GAP_VARIATION).
   */
  displayState(device: DeviceRecord, now: number, staleFactor = DEFAULT_STALE_FACTOR): DisplayState {
    if (device.presence !== 'online' || device.intervalMs === null || !isRegular(device)) return device.presence;
    const silence = now - device.lastSeen;
    return silence > Math.max(STALE_MIN_SILENCE_MS, staleFactor * device.intervalMs) ? 'stale' : 'online';
  }

  /**
   * A retained "online" nothing live has confirmed for GHOST_AFTER_MS: likely left over by a device that
   * disconnected cleanly without clearing it (no will was sent, so nobody said offline).
   */
  isGhost(device: DeviceRecord, now: number): boolean {
    return device.presence === 'online' && device.presenceRetained && device.lastSeen === 0 && now - device.presenceSince > GHOST_AFTER_MS;
  }

  /** Forgets a device (its retained status was cleared, or the user removed it). */
  forget(key: string, at: number): void {
    const device = this.devices.get(key);
    if (!device) return;
    this.devices.delete(key);
    this.record({ at, key, name: device.name, from: device.presence, to: 'removed', retained: false });
  }

  /** Times the device went offline in the last 24 hours. */
  outages(device: DeviceRecord, now: number): number {
    return device.timeline.filter((t) => t.state === 'offline' && now - t.at <= TIMELINE_WINDOW_MS).length;
  }

  clear(): void {
    this.rebuild([]);
  }

  /** Devices rebuilt from `history` under the same rules. */
  rebuild(history: Iterable<ReceivedMessage>): void {
    this.setRules(this.rules.map((r) => r.rule), history);
  }

  private classify(topic: string): TopicClass | null {
    let presence: TopicClass['presence'] = null;
    for (const compiled of this.rules) {
      const match = compiled.presence.match(topic);
      if (!match) continue;
      if (compiled.rule.deviceIs && match.device !== compiled.rule.deviceIs) continue;
      presence = { rule: compiled, key: deviceKey(compiled.rule.id, match.prefix, match.device), name: match.device, prefix: match.prefix };
      break;
    }
    const telemetry = new Set<string>();
    if (presence) telemetry.add(presence.key);
    for (const compiled of this.rules) {
      for (const pattern of compiled.telemetry) {
        for (const m of pattern.matchAll(topic)) telemetry.add(deviceKey(compiled.rule.id, m.prefix, m.device));
      }
    }
    if (!presence && telemetry.size === 0) return null;
    return { presence, telemetry: [...telemetry] };
  }

  private presenceMessage(p: NonNullable<TopicClass['presence']>, message: ReceivedMessage): void {
    const read = readPresence(p.rule.rule, message.payload);
    if (read === null) return;
    const existing = this.devices.get(p.key);
    if (read === 'removed') {
      if (existing) {
        this.devices.delete(p.key);
        this.record({ at: message.receivedAt, key: p.key, name: p.name, from: existing.presence, to: 'removed', retained: message.retain, message });
      }
      return;
    }
    this.applyPresence({ rule: p.rule.rule, key: p.key, name: p.name, prefix: p.prefix }, read, message);
  }

  /** A device's state as a message says it: created when new, its timeline and events when it changed. */
  private applyPresence(p: { rule: PresenceRule; key: string; name: string; prefix: string }, read: { state: PresenceState; text: string }, message: ReceivedMessage): void {
    const existing = this.devices.get(p.key);
    const device =
      existing ??
      (() => {
        const created: DeviceRecord = {
          key: p.key,
          name: p.name,
          prefix: p.prefix,
          rule: p.rule,
          presence: read.state,
          presenceText: read.text,
          presenceRetained: message.retain,
          presenceSince: message.receivedAt,
          presenceTopic: message.topic,
          // A retained state may be old: the device has not been heard from yet.
          lastSeen: message.retain ? 0 : message.receivedAt,
          messages: 0,
          intervalMs: null,
          intervalDeviationMs: 0,
          gaps: 0,
          timeline: [],
          latest: new Map(),
        };
        this.devices.set(p.key, created);
        for (const early of this.early.get(p.key)?.values() ?? []) this.heardFrom(created, early);
        this.early.delete(p.key);
        return created;
      })();
    const changed = !existing || existing.presence !== read.state;
    device.presenceText = read.text;
    device.presenceRetained = message.retain;
    device.presenceTopic = message.topic;
    if (changed) {
      const from = existing ? existing.presence : null;
      device.presence = read.state;
      device.presenceSince = message.receivedAt;
      device.timeline.push({ at: message.receivedAt, state: read.state });
      while (device.timeline.length > TIMELINE_CAP || (device.timeline[0] && message.receivedAt - device.timeline[0].at > TIMELINE_WINDOW_MS)) device.timeline.shift();
      this.record({ at: message.receivedAt, key: p.key, name: p.name, from, to: read.state, retained: message.retain, message });
    }
  }

  /**
   * Sparkplug B: an edge node is online from its NBIRTH to its NDEATH (the will; one carrying the bdSeq
   * of an older session changes nothing), a device from its DBIRTH to its DDEATH or its node's NDEATH.
   * NDATA and DDATA are the node (and device) heard from. Returns false for topics outside the namespace.
   */
  private sparkplugMessage(rule: PresenceRule, message: ReceivedMessage): boolean {
    const facts = message.decoded?.sparkplug ?? sparkplugTopic(message.topic);
    if (!facts) return false;
    const prefix = `spBv1.0/${facts.group}`;
    const node = { rule, key: deviceKey(rule.id, prefix, facts.node), name: facts.node, prefix };
    const devicePrefix = `${prefix}/${facts.node}`;
    const device = facts.device === undefined ? null : { rule, key: deviceKey(rule.id, devicePrefix, facts.device), name: facts.device, prefix: devicePrefix };
    // a device's messages are the node heard from, but its values are the device's
    const heard = (key: string, values = true) => {
      const record = this.devices.get(key);
      if (record) this.heardFrom(record, message, values);
      else if (values) this.keepEarly(key, message);
    };
    switch (facts.type) {
      case 'NBIRTH':
        this.applyPresence(node, { state: 'online', text: 'NBIRTH' }, message);
        break;
      case 'NDEATH':
        if (facts.staleDeath) break;
        this.applyPresence(node, { state: 'offline', text: 'NDEATH' }, message);
        for (const d of this.devices.values()) {
          if (d.rule.id === rule.id && d.prefix === devicePrefix) this.applyPresence({ rule, key: d.key, name: d.name, prefix: devicePrefix }, { state: 'offline', text: 'NDEATH of its node' }, message);
        }
        break;
      case 'DBIRTH':
        if (device) this.applyPresence(device, { state: 'online', text: 'DBIRTH' }, message);
        heard(node.key, false);
        break;
      case 'DDEATH':
        if (device) this.applyPresence(device, { state: 'offline', text: 'DDEATH' }, message);
        heard(node.key, false);
        break;
      case 'NDATA':
        heard(node.key);
        break;
      case 'DDATA':
        if (device) heard(device.key);
        heard(node.key, false);
        break;
      default:
        // NCMD and DCMD are sent to the node: they prove nothing about it
        break;
    }
    return true;
  }

  private keepEarly(key: string, message: ReceivedMessage): void {
    let byTopic = this.early.get(key);
    if (!byTopic) {
      if (this.early.size >= EARLY_DEVICES_CAP) return;
      this.early.set(key, (byTopic = new Map()));
    }
    if (byTopic.has(message.topic) || byTopic.size < VALUE_TOPICS_CAP) byTopic.set(message.topic, message);
  }

  private heardFrom(device: DeviceRecord, message: ReceivedMessage, values = true): void {
    device.messages++;
    // A retained message is old news: it says nothing about when the device was last heard from.
    if (message.retain) {
      if (values && message.topic !== device.presenceTopic && (device.latest.has(message.topic) || device.latest.size < VALUE_TOPICS_CAP)) device.latest.set(message.topic, message);
      return;
    }
    const gap = message.receivedAt - device.lastSeen;
    if (device.lastSeen > 0 && gap >= BURST_GAP_MS) {
      if (device.intervalMs === null) device.intervalMs = gap;
      else {
        device.intervalDeviationMs = device.intervalDeviationMs * 0.8 + Math.abs(gap - device.intervalMs) * 0.2;
        device.intervalMs = device.intervalMs * 0.8 + gap * 0.2;
      }
      if (device.gaps < GAPS_BEFORE_JUDGING) device.gaps++;
    }
    device.lastSeen = Math.max(device.lastSeen, message.receivedAt);
    if (values && message.topic !== device.presenceTopic && (device.latest.has(message.topic) || device.latest.size < VALUE_TOPICS_CAP)) {
      device.latest.set(message.topic, message);
    }
  }

  private record(event: PresenceEvent): void {
    this.events.push(event);
    if (this.events.length > PRESENCE_EVENTS_CAP) this.events.shift();
    this.version++;
    for (const listener of this.listeners) listener(event);
  }
}

/** Whether the device reports at a steady rhythm (enough gaps seen, varying little). */
export function isRegular(device: DeviceRecord): boolean {
  return device.intervalMs !== null && device.gaps >= GAPS_BEFORE_JUDGING && device.intervalDeviationMs <= REGULAR_GAP_VARIATION * device.intervalMs;
}
