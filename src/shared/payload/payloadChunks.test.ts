import { describe, expect, it } from 'vitest';
import { toBase64 } from '../../mqtt/payload';
import { hexDump } from './hexDump';
import { CHUNK_BYTES, payloadChunks } from './payloadChunks';

function all(bytes: Uint8Array, view: 'text' | 'hex' | 'base64'): string {
  const chunks = payloadChunks(bytes, view);
  let out = '';
  for (let i = 0; i < chunks.count; i++) out += chunks.chunk(i);
  return out;
}

describe('payloadChunks', () => {
  const big = new Uint8Array(CHUNK_BYTES.text * 2 + 1001).map((_, i) => (i % 7 === 0 ? 0xc3 : i % 7 === 1 ? 0xa9 : 0x61 + (i % 26))); // é split at chunk edges

  it('joins up to the whole payload in every view, characters split across chunks kept whole', () => {
    expect(all(big, 'text')).toBe(new TextDecoder().decode(big));
    expect(all(big, 'hex')).toBe(hexDump(big));
    expect(all(big, 'base64')).toBe(toBase64(big));
    expect(payloadChunks(big, 'text').invalidUtf8()).toBe(false);
  });

  it('notices invalid UTF-8 in a later chunk, and shows it as the replacement character', () => {
    const bytes = new Uint8Array(CHUNK_BYTES.text + 10).fill(0x41);
    bytes[CHUNK_BYTES.text + 3] = 0xff;
    const chunks = payloadChunks(bytes, 'text');
    chunks.chunk(0);
    expect(chunks.invalidUtf8()).toBe(false);
    expect(chunks.chunk(1)).toBe('AAA\uFFFDAAAAAA');
    expect(chunks.invalidUtf8()).toBe(true);
  });

  it('ends a text chunk at its last line break, the rest moved to the next chunk', () => {
    const line = 'x'.repeat(99) + '\n';
    const text = line.repeat(Math.ceil((CHUNK_BYTES.text * 2) / line.length));
    const chunks = payloadChunks(new TextEncoder().encode(text), 'text');
    expect(chunks.chunk(0).endsWith('\n')).toBe(true);
    expect(chunks.made().every((c, i) => i === chunks.count - 1 || c.endsWith('\n'))).toBe(true);
    let joined = '';
    for (let i = 0; i < chunks.count; i++) joined += chunks.chunk(i);
    expect(joined).toBe(text);
  });

  it('counts bytes by chunk, and an empty payload is one empty chunk', () => {
    const chunks = payloadChunks(big, 'hex');
    expect(chunks.bytesUpTo(1)).toBe(CHUNK_BYTES.hex);
    expect(chunks.bytesUpTo(chunks.count)).toBe(big.byteLength);
    expect(payloadChunks(new Uint8Array(0), 'text').count).toBe(1);
  });
});
