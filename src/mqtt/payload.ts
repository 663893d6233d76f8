/**
 * Payloads are bytes. These helpers turn them into text that is safe to put in the DOM as text
 * (never as HTML): valid UTF-8 shows as text, anything else as hex.
 */

/** Characters a one-line preview shows before it is cut. */
export const PREVIEW_MAX_CHARS = 160;

const strictDecoder = new TextDecoder('utf-8', { fatal: true });
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

export type PayloadKind = 'empty' | 'json' | 'text' | 'binary';

/** Decodes bytes as UTF-8, or returns null when they are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Decodes the first `maxBytes` bytes as UTF-8. A multi-byte character cut at the end is dropped,
 * not counted as invalid. Returns null when the bytes are not UTF-8.
 */
function decodeUtf8Prefix(bytes: Uint8Array, maxBytes: number): string | null {
  if (bytes.length <= maxBytes) return decodeUtf8(bytes);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    return decoder.decode(bytes.subarray(0, maxBytes), { stream: true });
  } catch {
    return null;
  }
}

/** Whether a string holds control characters other than tab, CR and LF (a sign of binary data). */
function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return true;
  }
  return false;
}

/** One byte as two lowercase hex digits: the one hex formatter every dump and list uses. */
export function hexByte(byte: number): string {
  return HEX[byte & 0xff] as string;
}

/** Space-separated lowercase hex of the first `maxBytes` bytes. */
export function toHex(bytes: Uint8Array, maxBytes = bytes.length): string {
  const end = Math.min(bytes.length, maxBytes);
  if (end === 0) return '';
  // written as ASCII into one buffer: a 200 kB payload in about a millisecond, not a 200,000-part join
  const out = new Uint8Array(end * 3 - 1);
  for (let i = 0, o = 0; i < end; i++) {
    const b = bytes[i] as number;
    out[o++] = HEX_DIGITS[b >> 4] as number;
    out[o++] = HEX_DIGITS[b & 15] as number;
    if (o < out.length) out[o++] = 0x20;
  }
  return ASCII.decode(out);
}

const HEX_DIGITS = new TextEncoder().encode('0123456789abcdef');

const BASE64 = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const ASCII = new TextDecoder();

/** Standard base64 (RFC 4648) of the bytes: three bytes to four characters, written as ASCII in one pass. */
export function toBase64(bytes: Uint8Array): string {
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  const whole = bytes.length - (bytes.length % 3);
  let o = 0;
  for (let i = 0; i < whole; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out[o++] = BASE64[n >> 18] as number;
    out[o++] = BASE64[(n >> 12) & 63] as number;
    out[o++] = BASE64[(n >> 6) & 63] as number;
    out[o++] = BASE64[n & 63] as number;
  }
  const rest = bytes.length - whole;
  if (rest > 0) {
    const n = ((bytes[whole] as number) << 16) | (rest === 2 ? (bytes[whole + 1] as number) << 8 : 0);
    out[o++] = BASE64[n >> 18] as number;
    out[o++] = BASE64[(n >> 12) & 63] as number;
    out[o++] = rest === 2 ? (BASE64[(n >> 6) & 63] as number) : 0x3d;
    out[o] = 0x3d;
  }
  return ASCII.decode(out);
}

/** Decodes base64 (standard or URL-safe, padding optional); null when it is not base64. */
export function fromBase64(text: string): Uint8Array | null {
  const clean = text.replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.replace(/=+$/, '').length % 4 === 1) return null;
  const padded = clean.padEnd(Math.ceil(clean.length / 4) * 4, '=');
  const binary = atob(padded);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/**
 * Parses hex such as "de ad be ef", "DEADBEEF" or "0xde,0xad"; returns the bytes, or a sentence saying
 * where the input stops being hex.
 */
export function fromHex(text: string): Uint8Array | string {
  const out = new Uint8Array(text.length >> 1);
  let n = 0;
  let high = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // separators people paste: spaces, line breaks, commas, colons; and a 0x before a byte
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2c || c === 0x3a) continue;
    if (c === 0x30 && high < 0 && (text.charCodeAt(i + 1) | 0x20) === 0x78) {
      i++;
      continue;
    }
    const v = hexValue(c);
    if (v < 0) return `"${text[i] ?? ''}" is not a hex digit (0-9, a-f).`;
    if (high < 0) high = v;
    else {
      out[n++] = (high << 4) | v;
      high = -1;
    }
  }
  if (high >= 0) return 'Hex needs two digits per byte; there is an odd number of digits.';
  return out.slice(0, n);
}

/** The value of one hex digit's character code, or -1. */
function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
}

/** Whether JSON text nests `[` and `{` deeper than `limit` (one pass over the text, strings skipped). */
export function jsonNestingExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** Nesting past this is not handed to JSON.parse, which recurses per level (a 10,000-deep array costs seconds). */
const MAX_DETECT_DEPTH = 256;

/** What a payload looks like, to pick the view that shows it best. */
export function detectPayloadKind(bytes: Uint8Array): PayloadKind {
  if (bytes.length === 0) return 'empty';
  const text = decodeUtf8(bytes);
  if (text === null || hasControlCharacters(text)) return 'binary';
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') {
    // Too deep to parse here: it still looks like JSON, and the JSON view says why it shows it as text.
    if (jsonNestingExceeds(text, MAX_DETECT_DEPTH)) return 'json';
    try {
      JSON.parse(text);
      return 'json';
    } catch {
      return 'text';
    }
  }
  return 'text';
}

/**
 * A one-line preview for lists: text with line breaks shown as "⏎", or hex for bytes that are not text.
 * Reads at most a few times `maxChars` bytes, so a 10 MB payload costs the same as a short one.
 */
export function previewPayload(bytes: Uint8Array, maxChars = PREVIEW_MAX_CHARS): PayloadPreview {
  if (bytes.length === 0) return { text: '', binary: false, truncated: false };
  const text = decodeUtf8Prefix(bytes, maxChars * 4);
  if (text === null || hasControlCharacters(text)) {
    const shownBytes = Math.floor(maxChars / 3);
    return { text: toHex(bytes, shownBytes), binary: true, truncated: bytes.length > shownBytes };
  }
  const oneLine = text.replace(/\r?\n/g, ' ⏎ ');
  const truncated = oneLine.length > maxChars || bytes.length > maxChars * 4;
  return { text: truncated ? oneLine.slice(0, maxChars) : oneLine, binary: false, truncated };
}

export interface PayloadPreview {
  text: string;
  /** The payload is not text: `text` is hex. */
  binary: boolean;
  truncated: boolean;
}

/** "512 B", "1.4 kB", "2.0 MB" (decimal units, as network tools count). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  if (bytes < 1_000_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  return `${(bytes / 1_000_000_000).toFixed(2)} GB`;
}
