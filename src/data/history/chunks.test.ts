import { describe, expect, it } from 'vitest';
import { CHUNK_BYTES, CHUNK_MESSAGES, packChunks, unpackChunk, type ChunkMessage } from './chunks';

const enc = new TextEncoder();

describe('message chunks', () => {
  it('pack and unpack every field, numbered on from the first seq', () => {
    const messages: ChunkMessage[] = Array.from({ length: 2_345 }, (_, i) => ({
      at: 1_700_000_000_000 + i,
      topic: `t/${i % 7}`,
      payload: i % 5 === 0 ? new Uint8Array([0xff, i & 0xff]) : enc.encode(`v${i}`),
      qos: (i % 3) as 0 | 1 | 2,
      retain: i % 2 === 0,
      dup: i % 11 === 0,
      ...(i === 42 ? { props: { userProperties: { a: 'b' }, correlationData: new Uint8Array([1]) } } : {}),
    }));
    const chunks = packChunks(messages, 100);
    expect(chunks.map((c) => [c.s, c.n])).toEqual([
      [100, CHUNK_MESSAGES],
      [1_100, CHUNK_MESSAGES],
      [2_100, 345],
    ]);
    expect(chunks.flatMap((c) => unpackChunk(c))).toEqual(messages);
  });

  it('a chunk holds at most CHUNK_BYTES of payload, and a bigger message goes alone', () => {
    const big = (at: number, size: number): ChunkMessage => ({ at, topic: 'b', payload: new Uint8Array(size), qos: 0, retain: false, dup: false });
    const chunks = packChunks([big(1, 300_000), big(2, 300_000), big(3, CHUNK_BYTES * 2), big(4, 10)], 0);
    expect(chunks.map((c) => c.n)).toEqual([1, 1, 1, 1]);
    expect(chunks[2]?.data.byteLength).toBe(CHUNK_BYTES * 2);
  });
});
