/**
 * Devices of one connection, recognised by presence rules from what arrives: their state (from last-will
 * and birth messages), when they were last heard from (any message on their topics), their latest
 * telemetry, and a 24-hour timeline of presence changes. Updated per message in O(1) after a topic's first
 * message (topics are classified once and remembered).
 */
import type { ReceivedMessage } from '../mqtt/types';
import { activeRules, readPresence, RulePattern, type PresenceRule, type PresenceState } from './presence';

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
    this.rules = rules.map((rule) => ({ rule, presence: new RulePattern(rule.pattern), telemetry: rule.telemetry.map((t) => new RulePattern(t)) }));
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
    this.setRules(this.rules.map((r) => r.rule));
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
    const device =
      existing ??
      (() => {
        const created: DeviceRecord = {
          key: p.key,
          name: p.name,
          prefix: p.prefix,
          rule: p.rule.rule,
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
    if (changed) {
      const from = existing ? existing.presence : null;
      device.presence = read.state;
      device.presenceSince = message.receivedAt;
      device.timeline.push({ at: message.receivedAt, state: read.state });
      while (device.timeline.length > TIMELINE_CAP || (device.timeline[0] && message.receivedAt - device.timeline[0].at > TIMELINE_WINDOW_MS)) device.timeline.shift();
      this.record({ at: message.receivedAt, key: p.key, name: p.name, from, to: read.state, retained: message.retain, message });
    }
  }

  private keepEarly(key: string, message: ReceivedMessage): void {
    let byTopic = this.early.get(key);
    if (!byTopic) {
      if (this.early.size >= EARLY_DEVICES_CAP) return;
      this.early.set(key, (byTopic = new Map()));
    }
    if (byTopic.has(message.topic) || byTopic.size < VALUE_TOPICS_CAP) byTopic.set(message.topic, message);
  }

  private heardFrom(device: DeviceRecord, message: ReceivedMessage): void {
    device.messages++;
    // A retained message is old news: it says nothing about when the device was last heard from.
    if (message.retain) {
      if (message.topic !== device.presenceTopic && (device.latest.has(message.topic) || device.latest.size < VALUE_TOPICS_CAP)) device.latest.set(message.topic, message);
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
    if (message.topic !== device.presenceTopic && (device.latest.has(message.topic) || device.latest.size < VALUE_TOPICS_CAP)) {
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
