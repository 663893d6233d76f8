/**
 * Numbers in payloads: a bare number is its own value (path ""), and every numeric field of a JSON payload
 * at any depth is named by its path (AM2301.Temperature, ENERGY.Power, readings[0].value).
 * Booleans and ON/OFF, open/closed, true/false become 1/0 only when asked.
 */
import { decodeUtf8 } from '../mqtt/payload';
import type { ReceivedMessage } from '../mqtt/types';
import { flattenJson, tryParseJson, type JsonValue } from './json';

export interface ExtractedValue {
  /** "" for a payload that is a number itself. */
  path: string;
  value: number;
}

/** Payloads larger than this are not searched for numbers (a firmware image is not telemetry). */
export const EXTRACT_MAX_BYTES = 65_536;

const NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;

const TRUTHY = new Set(['on', 'true', 'open', 'opened', 'yes', 'online', 'occupied', 'detected', 'motion']);
const FALSY = new Set(['off', 'false', 'closed', 'no', 'offline', 'clear', 'idle']);

/** A text that is a number and nothing else: "21.5", "-3", "1e3", " 7 ". Not "0x10", "1,5", "21.5 °C", "NaN". */
export function parseNumber(text: string): number | null {
  if (!NUMBER.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** ON/OFF and friends as 1/0, or null. */
export function parseSwitch(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (TRUTHY.has(t)) return 1;
  if (FALSY.has(t)) return 0;
  return null;
}

/** A payload as the views read it: text (null when it is not UTF-8, or was decoded) and JSON, if it is any. */
export interface PayloadData {
  text: string | null;
  json: JsonValue | undefined;
}

const NOTHING: PayloadData = { text: null, json: undefined };

/**
 * What a message's payload holds, once per message for every reader (charts, tiles, device cards, the
 * detail): the value its decoder made of it when one did (Sparkplug B, CBOR...), else its UTF-8 text and
 * that text parsed as JSON when it looks like JSON. Payloads over EXTRACT_MAX_BYTES are not read.
 */
export function readPayload(message: Pick<ReceivedMessage, 'payload' | 'decoded'>): PayloadData {
  if (message.decoded) return message.decoded.value === undefined ? NOTHING : { text: null, json: message.decoded.value };
  const payload = message.payload;
  if (payload.byteLength === 0 || payload.byteLength > EXTRACT_MAX_BYTES) return NOTHING;
  const text = decodeUtf8(payload);
  if (text === null) return NOTHING;
  const first = text.trimStart()[0];
  return { text, json: first === '{' || first === '[' ? tryParseJson(text) : undefined };
}

/** The value at `path` ("" for the payload itself: its text, or the scalar a decoder made of it). */
export function valueIn(data: PayloadData, path: string): JsonValue | undefined {
  if (path === '') return data.text ?? (data.json !== null && typeof data.json === 'object' ? undefined : data.json);
  return data.json === undefined ? undefined : valueAtPath(data.json, path);
}

/** A value as a number for charts: numbers, numeric text, and with `booleans` true/false and ON/OFF. */
export function numberFrom(value: JsonValue | undefined, booleans: boolean): number | null {
  return value === undefined ? null : fromValue(value, booleans);
}

function fromValue(value: JsonValue, booleans: boolean): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return booleans ? (value ? 1 : 0) : null;
  if (typeof value === 'string') return parseNumber(value) ?? (booleans ? parseSwitch(value) : null);
  return null;
}

/** Every chartable value of a payload. */
export function extractValues(payload: Uint8Array, options: { booleans?: boolean } = {}): ExtractedValue[] {
  if (payload.byteLength === 0 || payload.byteLength > EXTRACT_MAX_BYTES) return [];
  const text = decodeUtf8(payload);
  if (text === null) return [];
  const booleans = options.booleans ?? false;
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') {
    const json = tryParseJson(text);
    if (json === undefined) return [];
    const out: ExtractedValue[] = [];
    for (const [path, value] of flattenJson(json)) {
      const n = fromValue(value, booleans);
      if (n !== null) out.push({ path, value: n });
    }
    return out;
  }
  const n = parseNumber(text) ?? (booleans ? parseSwitch(text) : null);
  return n === null ? [] : [{ path: '', value: n }];
}

/** One value by path, or null (used per point by chart series: no full flatten per message). */
export function extractAt(payload: Uint8Array, path: string, options: { booleans?: boolean } = {}): number | null {
  if (payload.byteLength === 0 || payload.byteLength > EXTRACT_MAX_BYTES) return null;
  const text = decodeUtf8(payload);
  if (text === null) return null;
  const booleans = options.booleans ?? false;
  if (path === '') return parseNumber(text) ?? (booleans ? parseSwitch(text) : null);
  const json = tryParseJson(text);
  if (json === undefined) return null;
  const value = valueAtPath(json, path);
  return value === undefined ? null : fromValue(value, booleans);
}

/** Follows a path written by flattenJson: a.b, a[0], a["odd key"]. */
export function valueAtPath(root: JsonValue, path: string): JsonValue | undefined {
  let node: JsonValue | undefined = root;
  const token = /([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\./g;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = token.exec(path)) !== null) {
    if (match.index !== consumed) return undefined;
    consumed = token.lastIndex;
    if (match[0] === '.') continue;
    if (node === null || typeof node !== 'object') return undefined;
    if (match[1] !== undefined) node = Array.isArray(node) ? undefined : (node as Record<string, JsonValue>)[match[1]];
    else if (match[2] !== undefined) node = Array.isArray(node) ? node[Number(match[2])] : undefined;
    else if (match[3] !== undefined) node = Array.isArray(node) ? undefined : (node as Record<string, JsonValue>)[JSON.parse(match[3]) as string];
    if (node === undefined) return undefined;
  }
  return consumed === path.length ? node : undefined;
}

/** A unit guessed from a field name, where it is obvious. */
export function guessUnit(path: string, topic = ''): string {
  const name = `${topic}/${path}`.toLowerCase();
  // Shelly Gen1 counts energy in watt-minutes
  if (/^shellies\//.test(topic) && /\/energy$/.test(topic) && path === '') return 'Wmin';
  if (/temp(erature)?|\btc\b|dewpoint/.test(name)) return '°C';
  if (/humidity/.test(name)) return '%';
  if (/pressure/.test(name)) return 'hPa';
  if (/voltage|\bvolt/.test(name)) return 'V';
  if (/current/.test(name)) return 'A';
  if (/apower|\bpower\b|power$|\.power|watt/.test(name)) return 'W';
  if (/energy|total|today|yesterday/.test(name)) return 'kWh';
  if (/battery/.test(name)) return '%';
  if (/rssi|signal/.test(name)) return 'dBm';
  if (/linkquality/.test(name)) return 'lqi';
  if (/illuminance|lux/.test(name)) return 'lx';
  if (/uptime/.test(name)) return 's';
  return '';
}
