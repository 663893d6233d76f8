/**
 * Presence rules: which topic says a device is online or offline, as the firmware people run does it
 * (../shared/reference/device-conventions.md). A rule's pattern names the device level with {device};
 * patterns also match under a prefix ("demo/abc/tele/livingroom/LWT"), which becomes part of the device.
 */
import { decodeUtf8 } from '../mqtt/payload';
import { tryParseJson, type JsonValue } from './json';
import { valueAtPath } from './extract';

export type PresenceState = 'online' | 'offline' | 'init' | 'sleeping' | 'alert' | 'unknown';

export interface PresenceRule {
  id: string;
  name: string;
  /** Topic pattern with one {device} level, e.g. tele/{device}/LWT. "+" matches any one level. */
  pattern: string;
  /** Payloads meaning online / offline, compared case-insensitively. */
  online: string[];
  offline: string[];
  /** Other payloads with a state of their own (Homie's init, sleeping, alert). */
  other?: Record<string, PresenceState>;
  /** For JSON payloads: where the state is ("state" for Zigbee2MQTT's {"state":"online"}). */
  jsonPath?: string;
  /** Topics that count as the device being heard from, and carry its telemetry. */
  telemetry: string[];
  /** Only this device name (the Zigbee2MQTT bridge). */
  deviceIs?: string;
  /** Written by the user (matched before the presets). */
  custom?: boolean;
}

/** The Sparkplug B preset: read by message type (NBIRTH, NDEATH, DBIRTH, DDEATH), not by its pattern. */
export const SPARKPLUG_RULE_ID = 'sparkplug';

/** The presets, most specific first: a topic is claimed by the first rule that matches it. */
export const PRESET_RULES: readonly PresenceRule[] = [
  {
    id: SPARKPLUG_RULE_ID,
    name: 'Sparkplug B edge nodes and devices',
    pattern: 'spBv1.0/+/NBIRTH/{device}',
    online: ['NBIRTH', 'DBIRTH'],
    offline: ['NDEATH', 'DDEATH'],
    telemetry: ['spBv1.0/+/NDATA/{device}', 'spBv1.0/+/DDATA/{device}/+'],
  },
  {
    id: 'sparkplug-host',
    name: 'Sparkplug host application',
    pattern: 'spBv1.0/STATE/{device}',
    online: ['true'],
    offline: ['false'],
    jsonPath: 'online',
    telemetry: [],
  },
  {
    id: 'tasmota',
    name: 'Tasmota',
    pattern: 'tele/{device}/LWT',
    online: ['Online'],
    offline: ['Offline'],
    telemetry: ['tele/{device}/#', 'stat/{device}/#'],
  },
  {
    id: 'zigbee2mqtt-bridge',
    name: 'Zigbee2MQTT bridge',
    pattern: 'zigbee2mqtt/{device}/state',
    deviceIs: 'bridge',
    online: ['online'],
    offline: ['offline'],
    jsonPath: 'state',
    telemetry: ['zigbee2mqtt/{device}/#'],
  },
  {
    id: 'zigbee2mqtt',
    name: 'Zigbee2MQTT',
    pattern: 'zigbee2mqtt/{device}/availability',
    online: ['online'],
    offline: ['offline'],
    jsonPath: 'state',
    telemetry: ['zigbee2mqtt/{device}', 'zigbee2mqtt/{device}/#'],
  },
  {
    id: 'homie5',
    name: 'Homie 5',
    pattern: 'homie/5/{device}/$state',
    online: ['ready'],
    offline: ['disconnected', 'lost'],
    other: { init: 'init', sleeping: 'sleeping' },
    telemetry: ['homie/5/{device}/#'],
  },
  {
    id: 'homie',
    name: 'Homie 3/4',
    pattern: 'homie/{device}/$state',
    online: ['ready'],
    offline: ['disconnected', 'lost'],
    other: { init: 'init', sleeping: 'sleeping', alert: 'alert' },
    telemetry: ['homie/{device}/#'],
  },
  {
    id: 'shelly',
    name: 'Shelly Gen1',
    pattern: 'shellies/{device}/online',
    online: ['true'],
    offline: ['false'],
    telemetry: ['shellies/{device}/#'],
  },
  {
    id: 'esphome',
    name: 'ESPHome',
    pattern: '{device}/status',
    online: ['online'],
    offline: ['offline'],
    telemetry: ['{device}/#'],
  },
  {
    id: 'home-assistant',
    name: 'Home Assistant availability',
    pattern: '{device}/availability',
    online: ['online'],
    offline: ['offline'],
    jsonPath: 'state',
    telemetry: ['{device}/#'],
  },
  {
    id: 'shelly-gen2',
    name: 'Shelly Gen2',
    pattern: '{device}/online',
    online: ['true'],
    offline: ['false'],
    telemetry: ['{device}/#'],
  },
];

/** A rule's pattern checked: one {device} level, no other braces, "#" only last. */
export function validateRulePattern(pattern: string): string | null {
  const levels = pattern.split('/');
  const devices = levels.filter((l) => l === '{device}').length;
  if (devices !== 1) return 'The pattern needs exactly one {device} level, e.g. sensors/{device}/status.';
  if (levels.some((l) => l !== '{device}' && /[{}]/.test(l))) return 'Only {device} may be written in braces.';
  if (levels.some((l) => l.includes('#'))) return 'A presence pattern names one topic: "#" is not allowed ("+" is).';
  if (levels.some((l) => l.includes('+') && l !== '+')) return '"+" must take a whole level.';
  return null;
}

export interface PatternMatch {
  device: string;
  /** Topic levels before the pattern ("" when none). */
  prefix: string;
}

/** A pattern compiled for matching topics, with or without a prefix. */
export class RulePattern {
  private readonly levels: string[];
  private readonly multi: boolean;

  constructor(readonly pattern: string) {
    this.levels = pattern.split('/');
    this.multi = this.levels[this.levels.length - 1] === '#';
    if (this.multi) this.levels.pop();
  }

  /**
   * The device and prefix; null when the topic does not match. A pattern without "#" matches the end of
   * the topic (the levels before are the prefix).
   */
  match(topic: string): PatternMatch | null {
    return this.matchAll(topic)[0] ?? null;
  }

  /** Every way the topic matches, shortest prefix first (a pattern ending in "#" can match at several places). */
  matchAll(topic: string): PatternMatch[] {
    const t = topic.split('/');
    const n = this.levels.length;
    const lastOffset = t.length - n;
    const out: PatternMatch[] = [];
    for (let offset = this.multi ? 0 : lastOffset; offset <= lastOffset; offset++) {
      if (offset < 0) continue;
      let device: string | null = null;
      let ok = true;
      for (let i = 0; i < n && ok; i++) {
        const level = this.levels[i] as string;
        const part = t[offset + i] as string;
        if (level === '{device}') {
          if (part === '') ok = false;
          else device = part;
        } else if (level !== '+' && level !== part) ok = false;
      }
      if (ok && device !== null) out.push({ device, prefix: t.slice(0, offset).join('/') });
    }
    return out;
  }
}

/** What a presence payload says, or null when it says nothing this rule knows. */
export function readPresence(rule: PresenceRule, payload: Uint8Array): { state: PresenceState; text: string } | 'removed' | null {
  if (payload.byteLength === 0) return 'removed';
  if (payload.byteLength > 1024) return null;
  const raw = decodeUtf8(payload);
  if (raw === null) return null;
  let text = raw.trim();
  if (rule.jsonPath && text.startsWith('{')) {
    const json = tryParseJson(text);
    const value: JsonValue | undefined = json === undefined ? undefined : valueAtPath(json, rule.jsonPath);
    if (typeof value === 'string' || typeof value === 'boolean') text = String(value);
    else return null;
  }
  const lower = text.toLowerCase();
  if (rule.online.some((p) => p.toLowerCase() === lower)) return { state: 'online', text };
  if (rule.offline.some((p) => p.toLowerCase() === lower)) return { state: 'offline', text };
  for (const [payloadText, state] of Object.entries(rule.other ?? {})) {
    if (payloadText.toLowerCase() === lower) return { state, text };
  }
  return null;
}

/** The rules in force: the user's own first, then the presets not switched off. */
export function activeRules(custom: readonly PresenceRule[], disabledPresets: readonly string[]): PresenceRule[] {
  return [...custom.map((r) => ({ ...r, custom: true })), ...PRESET_RULES.filter((r) => !disabledPresets.includes(r.id))];
}
