import { toBase64 } from '../../mqtt/payload';
import { hexDump } from './hexDump';

export type ChunkedView = 'text' | 'hex' | 'base64';

/**
 * Bytes per chunk for each view, so that each chunk is about 128 K characters on screen: a chunk is made
 * and laid out well inside one frame, and a 10 MB payload is shown in steps instead of one long task.
 * Hex chunks are whole lines of 16 bytes; base64 chunks are whole groups of 3 bytes, so chunks join up;
 * a text chunk ends at its last line break (the rest moves to the next chunk), since each chunk is drawn
 * as a block of its own.
 */
export const CHUNK_BYTES: Record<ChunkedView, number> = { text: 131_072, hex: 32_768, base64: 98_304 };

/** The chunks of a payload in one view, made in order and kept: chunk(i) makes every chunk up to i once. */
export interface PayloadChunks {
  count: number;
  /** Bytes covered by the first `n` chunks. */
  bytesUpTo(n: number): number;
  chunk(i: number): string;
  /** The chunks made so far. */
  made(): readonly string[];
  /** For text: whether a byte sequence so far was not valid UTF-8 (shown as �). */
  invalidUtf8(): boolean;
}

export function payloadChunks(bytes: Uint8Array, view: ChunkedView): PayloadChunks {
  const size = CHUNK_BYTES[view];
  const count = Math.max(1, Math.ceil(bytes.byteLength / size));
  const part = (i: number) => bytes.subarray(i * size, Math.min(bytes.byteLength, (i + 1) * size));
  // text: streaming decoders keep a character split across two chunks whole
  let strict: TextDecoder | null = new TextDecoder('utf-8', { fatal: true });
  const lenient = new TextDecoder('utf-8');
  let invalid = false;
  let carry = ''; // text after a chunk's last line break, moved to the next chunk so chunks end at line ends
  const made: string[] = [];
  const make = (i: number): string => {
    const bytesOfChunk = part(i);
    if (view === 'hex') return `${hexDump(bytesOfChunk, bytesOfChunk.length, i * size)}${i < count - 1 ? '\n' : ''}`;
    if (view === 'base64') return toBase64(bytesOfChunk);
    const last = i === count - 1;
    if (strict) {
      try {
        strict.decode(bytesOfChunk, { stream: !last }); // only to learn whether the bytes are valid UTF-8
      } catch {
        invalid = true;
        strict = null;
      }
    }
    const text = carry + lenient.decode(bytesOfChunk, { stream: !last });
    const lineEnd = last ? -1 : text.lastIndexOf('\n');
    carry = lineEnd >= 0 ? text.slice(lineEnd + 1) : '';
    return lineEnd >= 0 ? text.slice(0, lineEnd + 1) : text;
  };
  return {
    count,
    bytesUpTo: (n) => Math.min(bytes.byteLength, n * size),
    invalidUtf8: () => invalid,
    made: () => made,
    chunk(i) {
      while (made.length <= Math.min(i, count - 1)) made.push(make(made.length));
      return made[i] ?? '';
    },
  };
}
