/**
 * What a device card shows of a device's latest telemetry: numbers with their units, and states in words
 * (a door contact is "closed", not `true`; a switch is "on", not `"ON"`), each with a short label and the
 * full path for its tooltip.
 */
import type { DeviceRecord } from './devices';
import { guessUnit, parseNumber, parseSwitch, readPayload } from './extract';
import { flattenJson, type JsonValue } from './json';

export interface DeviceValue {
  topic: string;
  /** The field's path in a JSON payload ("" for a payload that is the value). */
  path: string;
  /** Short: the last part of the path, or the sensor's name for a plain payload. */
  label: string;
  /** Topic and path: what the label stands for, whole. */
  fullLabel: string;
  /** As shown: "21.4", "closed", "on". */
  text: string;
  unit: string;
  /** The number, for charts (a state counts as 1/0), or null for text. */
  number: number | null;
}

/** Values a card shows at most. */
export const CARD_VALUES = 8;

/** Words for true/false by what the field is (Zigbee2MQTT and Home Assistant names). */
const BOOLEAN_WORDS: Array<[RegExp, string, string]> = [
  [/(^|_)contact$/i, 'closed', 'open'],
  [/occupancy|motion|presence/i, 'detected', 'clear'],
  [/water_?leak|smoke|gas|tamper|alarm|battery_low/i, 'yes', 'no'],
];

function booleanWords(field: string, value: boolean): string {
  for (const [pattern, yes, no] of BOOLEAN_WORDS) if (pattern.test(field)) return value ? yes : no;
  return value ? 'on' : 'off';
}

function labelOf(topic: string, path: string): string {
  if (path) {
    const parts = path.split(/[.[\]]/).filter(Boolean);
    // a Sparkplug metric is metrics.<name>.value: named by its metric
    const last = parts.at(-1) === 'value' && parts.length > 1 ? parts.at(-2) : parts.at(-1);
    return last?.replace(/^"|"$/g, '') ?? path;
  }
  const levels = topic.split('/');
  // a plain ESPHome state (".../sensor/power/state") is named by its sensor
  return (levels.at(-1) === 'state' ? levels.at(-2) : levels.at(-1)) ?? topic;
}

function valueOf(topic: string, path: string, raw: JsonValue): DeviceValue | null {
  const label = labelOf(topic, path);
  const base = { topic, path, label, fullLabel: path ? `${topic} ${path}` : topic };
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return null;
    return { ...base, text: String(Math.round(raw * 100) / 100), unit: guessUnit(path, topic), number: raw };
  }
  if (typeof raw === 'boolean') return { ...base, text: booleanWords(label, raw), unit: '', number: raw ? 1 : 0 };
  if (typeof raw === 'string') {
    const n = parseNumber(raw);
    if (n !== null) return { ...base, text: String(Math.round(n * 100) / 100), unit: guessUnit(path, topic), number: n };
    const s = parseSwitch(raw);
    if (s !== null && raw.length <= 12) return { ...base, text: raw.trim().toLowerCase(), unit: '', number: s };
  }
  return null;
}

/** The card's values: from each telemetry topic's latest message, numbers and states, at most `max`. */
export function deviceValues(device: DeviceRecord, max = CARD_VALUES): DeviceValue[] {
  const out: DeviceValue[] = [];
  for (const [topic, message] of device.latest) {
    const { text, json } = readPayload(message);
    const entries: Array<[string, JsonValue]> = json !== undefined ? [...flattenJson(json)] : text !== null ? [['', text]] : [];
    for (const [path, raw] of entries) {
      const value = valueOf(topic, path, raw);
      if (!value) continue;
      out.push(value);
      if (out.length >= max) return out;
    }
  }
  return out;
}
