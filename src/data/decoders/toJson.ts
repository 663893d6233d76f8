/**
 * What a binary decoder returns (bigints, 64-bit Longs, byte arrays, Maps, Dates, tags) turned into plain
 * JSON the views, charts and tiles read. Bounded like every walker over strangers' data: at most
 * {@link MAX_DECODED_DEPTH} levels and {@link MAX_DECODED_NODES} values; what lies beyond is one string
 * saying so.
 */
import type { DecodedValue } from '../../mqtt/types';
import { toHex } from '../../mqtt/payload';

export const MAX_DECODED_DEPTH = 64;
export const MAX_DECODED_NODES = 100_000;
/** Bytes inside a decoded value show as hex, this many at most. */
const BYTES_SHOWN = 256;

interface LongLike {
  low: number;
  high: number;
  unsigned: boolean;
  toString(): string;
}

function isLong(value: object): value is LongLike {
  return 'low' in value && 'high' in value && 'unsigned' in value && typeof (value as LongLike).low === 'number';
}

/** A 64-bit integer as a number when it fits exactly, else as its decimal text. */
export function int64(value: bigint | string | number | LongLike): number | string {
  if (typeof value === 'number') return value;
  const big = typeof value === 'bigint' ? value : BigInt(value.toString());
  return big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(big) : big.toString();
}

export function bytesText(bytes: Uint8Array): string {
  return bytes.length > BYTES_SHOWN ? `${toHex(bytes, BYTES_SHOWN)} … (${bytes.length} bytes)` : toHex(bytes);
}

export function toJson(value: unknown): DecodedValue {
  let nodes = 0;
  const walk = (v: unknown, depth: number): DecodedValue => {
    if (++nodes > MAX_DECODED_NODES) return '[more values than shown]';
    if (v === null || v === undefined) return null;
    switch (typeof v) {
      case 'boolean':
      case 'string':
        return v;
      case 'number':
        return Number.isFinite(v) ? v : String(v);
      case 'bigint':
        return int64(v);
      case 'object':
        break;
      default:
        return String(v);
    }
    if (v instanceof Uint8Array) return bytesText(v);
    if (v instanceof ArrayBuffer) return bytesText(new Uint8Array(v));
    if (ArrayBuffer.isView(v)) return walk(Array.from(v as unknown as ArrayLike<number>), depth);
    if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
    if (isLong(v)) return int64(v);
    if (depth >= MAX_DECODED_DEPTH) return `[nested deeper than ${MAX_DECODED_DEPTH} levels]`;
    if (Array.isArray(v) || v instanceof Set) {
      const out: DecodedValue[] = [];
      for (const item of v) {
        if (nodes >= MAX_DECODED_NODES) break;
        out.push(walk(item, depth + 1));
      }
      return out;
    }
    const out: { [key: string]: DecodedValue } = {};
    const entries = v instanceof Map ? v.entries() : Object.entries(v as object);
    for (const [key, item] of entries) {
      if (nodes >= MAX_DECODED_NODES) break;
      out[typeof key === 'string' ? key : JSON.stringify(toJson(key))] = walk(item, depth + 1);
    }
    return out;
  };
  return walk(value, 0);
}
