/**
 * A CoAP message (RFC 7252 §3) read into labelled fields with their byte ranges, the way the MQTT decoder
 * reads a packet, so the Inspector can show a CoAP header beside MQTT's; and the encoder the lessons use
 * to put the same reading in CoAP's bytes. Written from the RFC, not from a library: a malformed message
 * is shown as it is, with what is wrong in words.
 */
import { hexByte } from '../payload';
import type { BitField, PacketField } from './decode';

export const COAP_TYPES = ['CON', 'NON', 'ACK', 'RST'] as const;
export type CoapType = (typeof COAP_TYPES)[number];

const TYPE_WORDS: Record<CoapType, string> = {
  CON: 'Confirmable: the receiver must answer with ACK or RST',
  NON: 'Non-confirmable: no acknowledgement',
  ACK: 'Acknowledgement of a Confirmable message with the same Message ID',
  RST: 'Reset: the receiver could not process the message',
};

/** Request methods (0.xx) and response codes (2.xx-5.xx) that RFC 7252 §12.1 registers. */
const CODE_NAMES: Record<string, string> = {
  '0.00': 'Empty',
  '0.01': 'GET',
  '0.02': 'POST',
  '0.03': 'PUT',
  '0.04': 'DELETE',
  '2.01': 'Created',
  '2.02': 'Deleted',
  '2.03': 'Valid',
  '2.04': 'Changed',
  '2.05': 'Content',
  '4.00': 'Bad Request',
  '4.01': 'Unauthorized',
  '4.02': 'Bad Option',
  '4.03': 'Forbidden',
  '4.04': 'Not Found',
  '4.05': 'Method Not Allowed',
  '4.06': 'Not Acceptable',
  '4.12': 'Precondition Failed',
  '4.13': 'Request Entity Too Large',
  '4.15': 'Unsupported Content-Format',
  '5.00': 'Internal Server Error',
  '5.01': 'Not Implemented',
  '5.02': 'Bad Gateway',
  '5.03': 'Service Unavailable',
  '5.04': 'Gateway Timeout',
  '5.05': 'Proxying Not Supported',
};

type OptionFormat = 'empty' | 'opaque' | 'uint' | 'string';

/** Options by number (RFC 7252 §5.10, Observe from RFC 7641, Block from RFC 7959). */
export const COAP_OPTIONS: Record<number, { name: string; format: OptionFormat }> = {
  1: { name: 'If-Match', format: 'opaque' },
  3: { name: 'Uri-Host', format: 'string' },
  4: { name: 'ETag', format: 'opaque' },
  5: { name: 'If-None-Match', format: 'empty' },
  6: { name: 'Observe', format: 'uint' },
  7: { name: 'Uri-Port', format: 'uint' },
  8: { name: 'Location-Path', format: 'string' },
  11: { name: 'Uri-Path', format: 'string' },
  12: { name: 'Content-Format', format: 'uint' },
  14: { name: 'Max-Age', format: 'uint' },
  15: { name: 'Uri-Query', format: 'string' },
  17: { name: 'Accept', format: 'uint' },
  20: { name: 'Location-Query', format: 'string' },
  23: { name: 'Block2', format: 'uint' },
  27: { name: 'Block1', format: 'uint' },
  28: { name: 'Size2', format: 'uint' },
  35: { name: 'Proxy-Uri', format: 'string' },
  39: { name: 'Proxy-Scheme', format: 'string' },
  60: { name: 'Size1', format: 'uint' },
};

/** Content-Format numbers (RFC 7252 §12.3). */
const CONTENT_FORMATS: Record<number, string> = {
  0: 'text/plain; charset=utf-8',
  40: 'application/link-format',
  41: 'application/xml',
  42: 'application/octet-stream',
  47: 'application/exi',
  50: 'application/json',
  60: 'application/cbor',
};

export const codeText = (code: number): string => `${code >> 5}.${String(code & 0x1f).padStart(2, '0')}`;
export const codeName = (code: number): string => CODE_NAMES[codeText(code)] ?? 'unassigned';

export interface CoapOption {
  number: number;
  name: string;
  /** The value as the option's format reads it: text, a number, or hex. */
  value: string;
}

export interface DecodedCoap {
  version: number;
  type: CoapType;
  tokenLength: number;
  /** "0.01", "2.05" */
  code: string;
  codeName: string;
  messageId: number;
  token: string;
  options: CoapOption[];
  payload: Uint8Array;
  fields: PacketField[];
  /** What does not follow RFC 7252 §3 (a message format error), in words. */
  problems: string[];
}

/** Bytes as hex digits with no spaces: 7d34. */
const hexDigits = (bytes: Uint8Array): string => Array.from(bytes, hexByte).join('');

/**
 * Options read at most: a CoAP message is one UDP datagram (at most 65,507 bytes), and a real one has a
 * handful; a hostile payload of a million one-byte options stops here, named.
 */
export const MAX_COAP_OPTIONS = 256;

const bits = (value: number, width: number) => value.toString(2).padStart(width, '0');

function readUint(bytes: Uint8Array): number {
  let n = 0;
  for (const b of bytes) n = n * 256 + b;
  return n;
}

function optionValue(number: number, value: Uint8Array): string {
  const format = COAP_OPTIONS[number]?.format ?? 'opaque';
  if (format === 'empty') return value.byteLength ? `0x${hexDigits(value)} (should be empty)` : '(empty)';
  if (format === 'uint') {
    const n = readUint(value);
    if (number === 12 || number === 17) return `${n} (${CONTENT_FORMATS[n] ?? 'unregistered format'})`;
    return String(n);
  }
  if (format === 'string') return JSON.stringify(new TextDecoder().decode(value));
  return value.byteLength ? `0x${hexDigits(value)}` : '(empty)';
}

/** Reads one CoAP message. Never throws: what it cannot read is in `problems`. */
export function decodeCoap(bytes: Uint8Array): DecodedCoap {
  const problems: string[] = [];
  const fields: PacketField[] = [];
  const result: DecodedCoap = { version: 0, type: 'CON', tokenLength: 0, code: '0.00', codeName: 'Empty', messageId: 0, token: '', options: [], payload: new Uint8Array(0), fields, problems };
  if (bytes.byteLength < 4) {
    problems.push(`A CoAP message starts with a 4-byte header; this one has ${bytes.byteLength} byte${bytes.byteLength === 1 ? '' : 's'}.`);
    return result;
  }
  const first = bytes[0] as number;
  const version = first >> 6;
  const type = COAP_TYPES[(first >> 4) & 0x3] as CoapType;
  const tkl = first & 0x0f;
  const code = bytes[1] as number;
  const messageId = ((bytes[2] as number) << 8) | (bytes[3] as number);
  Object.assign(result, { version, type, tokenLength: tkl, code: codeText(code), codeName: codeName(code), messageId });
  const bitRows: BitField[] = [
    { bits: '7-6', name: 'Version', value: `${bits(version, 2)} = ${version}` },
    { bits: '5-4', name: 'Type', value: `${bits((first >> 4) & 3, 2)} = ${type}` },
    { bits: '3-0', name: 'Token Length', value: `${bits(tkl, 4)} = ${tkl}` },
  ];
  const header: PacketField = {
    name: 'Header',
    section: 'fixed header',
    start: 0,
    end: 4,
    value: `${type} ${codeText(code)} ${codeName(code)}, Message ID ${messageId}`,
    children: [
      { name: 'Ver, T, TKL', section: 'fixed header', start: 0, end: 1, value: `0x${hexDigits(bytes.subarray(0, 1))}`, note: TYPE_WORDS[type], bits: bitRows },
      {
        name: 'Code',
        section: 'fixed header',
        start: 1,
        end: 2,
        value: `${codeText(code)} ${codeName(code)}`,
        note: `class ${code >> 5} (3 bits: ${code >> 5 === 0 ? 'a request, or empty' : code >> 5 === 2 ? 'success' : code >> 5 === 4 ? 'client error' : code >> 5 === 5 ? 'server error' : 'reserved'}), detail ${code & 0x1f} (5 bits)`,
      },
      { name: 'Message ID', section: 'fixed header', start: 2, end: 4, value: `${messageId} (0x${hexDigits(bytes.subarray(2, 4))})`, note: 'Matches an ACK or RST to its message and detects duplicates' },
    ],
  };
  fields.push(header);
  if (version !== 1) problems.push(`Version ${version}: RFC 7252 is version 1, and a message of another version is silently ignored.`);
  if (tkl > 8) {
    problems.push(`Token Length ${tkl}: lengths 9-15 are reserved and are a message format error (RFC 7252 §3).`);
    return result;
  }
  const codeClass = code >> 5;
  if (codeClass === 1 || codeClass === 6 || codeClass === 7) problems.push(`Code ${codeText(code)}: class ${codeClass} is reserved.`);
  let at = 4;
  if (at + tkl > bytes.byteLength) {
    problems.push(`The token should be ${tkl} bytes; the message ends after ${bytes.byteLength - at}.`);
    return result;
  }
  if (tkl > 0) {
    result.token = hexDigits(bytes.subarray(at, at + tkl));
    fields.push({ name: 'Token', section: 'variable header', start: at, end: at + tkl, value: `0x${result.token}`, note: 'Matches a response to its request, whatever the Message IDs' });
  }
  if (code === 0 && (tkl > 0 || bytes.byteLength > 4)) problems.push('An Empty message (Code 0.00) must be the 4-byte header alone.');
  at += tkl;
  let number = 0;
  const optionFields: PacketField[] = [];
  const path: string[] = [];
  while (at < bytes.byteLength) {
    if (result.options.length === MAX_COAP_OPTIONS && bytes[at] !== 0xff) {
      problems.push(`More than ${MAX_COAP_OPTIONS} options: the rest of the ${bytes.byteLength.toLocaleString('en')} bytes is not read.`);
      break;
    }
    const start = at;
    const byte = bytes[at] as number;
    if (byte === 0xff) {
      if (at + 1 >= bytes.byteLength) {
        problems.push('A payload marker (0xFF) with no payload after it is a message format error (RFC 7252 §3).');
        fields.push({ name: 'Payload marker', section: 'payload', start: at, end: at + 1, value: '0xFF' });
        at = bytes.byteLength;
        break;
      }
      if (optionFields.length) fields.push(optionsField(optionFields.splice(0)));
      result.payload = bytes.subarray(at + 1);
      fields.push({ name: 'Payload marker', section: 'payload', start: at, end: at + 1, value: '0xFF', note: 'The options end; the payload runs to the end of the datagram' });
      fields.push({ name: 'Payload', section: 'payload', start: at + 1, end: bytes.byteLength, value: `${bytes.byteLength - at - 1} bytes` });
      at = bytes.byteLength;
      break;
    }
    at++;
    const ext = (nibble: number, what: string): number | null => {
      if (nibble < 13) return nibble;
      if (nibble === 15) {
        problems.push(`Option ${what} 15 is reserved (only the payload marker 0xFF has it): a message format error.`);
        return null;
      }
      const size = nibble === 13 ? 1 : 2;
      if (at + size > bytes.byteLength) {
        problems.push(`The option's extended ${what} needs ${size} more byte${size === 1 ? '' : 's'}; the message ends.`);
        return null;
      }
      const value = size === 1 ? (bytes[at] as number) + 13 : (((bytes[at] as number) << 8) | (bytes[at + 1] as number)) + 269;
      at += size;
      return value;
    };
    const delta = ext(byte >> 4, 'delta');
    if (delta === null) break;
    const length = ext(byte & 0x0f, 'length');
    if (length === null) break;
    number += delta;
    if (at + length > bytes.byteLength) {
      problems.push(`Option ${number} says its value is ${length} bytes; the message ends after ${bytes.byteLength - at}.`);
      break;
    }
    const value = bytes.subarray(at, at + length);
    at += length;
    const name = COAP_OPTIONS[number]?.name ?? `Option ${number}`;
    const text = optionValue(number, value);
    result.options.push({ number, name, value: text });
    if (number === 11) path.push(new TextDecoder().decode(value));
    optionFields.push({
      name,
      section: 'properties',
      start,
      end: at,
      value: text,
      bits: [
        { bits: '7-4', name: 'Option Delta', value: `${bits(byte >> 4, 4)} = ${byte >> 4}${byte >> 4 >= 13 ? ` (extended: ${delta})` : ''}: option ${number - delta} + ${delta} = ${number}` },
        { bits: '3-0', name: 'Option Length', value: `${bits(byte & 0x0f, 4)} = ${byte & 0x0f}${(byte & 0x0f) >= 13 ? ` (extended: ${length})` : ''}` },
      ],
    });
  }
  if (optionFields.length) fields.splice(tkl > 0 ? 2 : 1, 0, optionsField(optionFields));
  header.value += path.length ? `, /${path.join('/')}` : '';
  return result;
}

function optionsField(children: PacketField[]): PacketField {
  const first = children[0] as PacketField;
  const last = children[children.length - 1] as PacketField;
  return { name: 'Options', section: 'properties', start: first.start, end: last.end, value: `${children.length}`, note: 'Each says how far its number is from the one before (delta) and how long its value is', children };
}

/** Bytes of a payload that is not text put in the summary as hex. */
const SUMMARY_HEX_BYTES = 256;

/** A CoAP message as JSON, for the Decoded tab and previews. */
export function coapSummary(message: DecodedCoap): Record<string, string | number | Record<string, string>> {
  const options: Record<string, string> = {};
  for (const o of message.options) options[o.name] = options[o.name] !== undefined ? `${options[o.name]}, ${o.value}` : o.value;
  let payload: string;
  try {
    payload = new TextDecoder('utf-8', { fatal: true }).decode(message.payload);
  } catch {
    // not text: its first bytes as hex (the Raw tab has them all)
    const shown = Math.min(message.payload.byteLength, SUMMARY_HEX_BYTES);
    payload = `0x${hexDigits(message.payload.subarray(0, shown))}${shown < message.payload.byteLength ? `… (${message.payload.byteLength.toLocaleString('en')} bytes)` : ''}`;
  }
  return { type: message.type, code: `${message.code} ${message.codeName}`, messageId: message.messageId, ...(message.token ? { token: `0x${message.token}` } : {}), options, payload };
}

export interface CoapDraft {
  type: CoapType;
  /** 0.01 GET is 1, 2.05 Content is 69: class << 5 | detail. */
  code: number;
  messageId: number;
  token?: Uint8Array;
  options?: Array<{ number: number; value: Uint8Array }>;
  payload?: Uint8Array;
}

/** A uint option value in the fewest bytes (0 is no bytes at all). */
export function coapUint(n: number): Uint8Array {
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v % 256);
  return Uint8Array.from(out);
}

/** Puts a message on the wire (RFC 7252 §3): options sorted by number and delta-encoded. */
export function encodeCoap(draft: CoapDraft): Uint8Array {
  const token = draft.token ?? new Uint8Array(0);
  if (token.byteLength > 8) throw new Error('A CoAP token is at most 8 bytes.');
  const out: number[] = [(1 << 6) | (COAP_TYPES.indexOf(draft.type) << 4) | token.byteLength, draft.code, (draft.messageId >> 8) & 0xff, draft.messageId & 0xff, ...token];
  const nibble = (n: number): [number, number[]] => (n < 13 ? [n, []] : n < 269 ? [13, [n - 13]] : [14, [((n - 269) >> 8) & 0xff, (n - 269) & 0xff]]);
  let previous = 0;
  for (const option of [...(draft.options ?? [])].sort((a, b) => a.number - b.number)) {
    const [d, dExt] = nibble(option.number - previous);
    const [l, lExt] = nibble(option.value.byteLength);
    out.push((d << 4) | l, ...dExt, ...lExt, ...option.value);
    previous = option.number;
  }
  if (draft.payload && draft.payload.byteLength) out.push(0xff, ...draft.payload);
  return Uint8Array.from(out);
}
