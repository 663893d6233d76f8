import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ReceivedMessage } from '../../mqtt/types';
import { openHistoryDb } from './historyDb';
import { storedSize } from './chunks';
import { HistoryStore } from './historyStore';
import { HistoryWriter } from './historyWriter';
import { BLOCK_POINTS, foldBlocks, lineKeyOf, summarize } from './pointBlocks';
import { FakeTimers } from '../../mqtt/testing/fakeTimers';

const enc = new TextEncoder();
const msg = (i: number, at = 1_000 + i, topic = 'home/t'): ReceivedMessage => ({ connectionId: 'p1', receivedAt: at, topic, payload: enc.encode(String(i)), qos: 0, retain: false, dup: false });

async function freshStore(): Promise<HistoryStore> {
  Object.assign(globalThis, { indexedDB: new IDBFactory() });
  return new HistoryStore(await openHistoryDb());
}

describe('HistoryStore', () => {
  let store: HistoryStore;
  beforeEach(async () => {
    store = await freshStore();
  });

  it('keeps messages per profile in order and reads back the newest', async () => {
    await store.write('p1', { messages: Array.from({ length: 30 }, (_, i) => msg(i)), blocks: [] }, 1e9);
    await store.write('p2', { messages: [msg(99)], blocks: [] }, 1e9);
    const seen = (await store.recent('p1', 10)).map((r) => Number(new TextDecoder().decode(r.payload)));
    expect(seen).toEqual([20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
    const meta = await store.meta('p1');
    expect(meta).toMatchObject({ firstSeq: 0, nextSeq: 30, dropped: 0, lastAt: 1_029 });
    expect((await store.meta('p2')).nextSeq).toBe(1);
  });

  it('drops the oldest beyond the budget and counts them', async () => {
    const one = storedSize('home/t', enc.encode('10'));
    // room for about 50 messages
    const budget = one * 50;
    for (let batch = 0; batch < 10; batch++) {
      await store.write('p1', { messages: Array.from({ length: 20 }, (_, i) => msg(batch * 20 + i + 10)), blocks: [] }, budget);
    }
    const meta = await store.meta('p1');
    expect(meta.messageBytes).toBeLessThanOrEqual(budget);
    expect(meta.dropped).toBeGreaterThan(140);
    expect(meta.dropped + (meta.nextSeq - meta.firstSeq)).toBe(200);
    const rows = (await store.recent('p1', 1_000)).map((r) => new TextDecoder().decode(r.payload));
    // what is kept is the newest, unbroken
    expect(rows.at(-1)).toBe('209');
    expect(rows.length).toBe(meta.nextSeq - meta.firstSeq);
  });

  it('clears one profile and leaves the others', async () => {
    await store.write('p1', { messages: [msg(1)], blocks: [] }, 1e9);
    await store.write('p2', { messages: [msg(2)], blocks: [] }, 1e9);
    await store.clear('p1');
    expect((await store.meta('p1')).nextSeq).toBe(0);
    expect(await store.recent('p1', 10)).toHaveLength(0);
    expect(await store.recent('p2', 10)).toHaveLength(1);
  });

  it('reads a long window from block summaries, and points where a bucket is narrower than a span', async () => {
    const l = lineKeyOf('home/+/temp', '', false, 'home/a/temp');
    const writer = new HistoryWriter({ store, profile: 'p1', budgetBytes: 1e9, timers: new FakeTimers() });
    await writer.ready;
    // 10,000 points, one per second, a sine with one spike
    for (let i = 0; i < 10_000; i++) writer.point(l, i * 1_000, i === 7_777 ? 500 : Math.sin(i / 100));
    await writer.flush();
    const all = await store.readLine('p1', l, 0, 10_000_000, 100);
    expect(all.stats?.count).toBe(10_000);
    expect(all.stats?.max).toBe(500);
    expect(all.length).toBeLessThanOrEqual(200);
    // fine buckets: the block's points are read
    const fine = await store.readLine('p1', l, 1_000_000, 1_100_000, 100);
    expect(fine.stats?.count).toBe(101);
    expect(fine.length).toBe(101);
  });

  it('keeps recordings apart from history', async () => {
    const info = { id: 'r1', name: 'a', profile: 'p1', filter: '#', startedAt: 1, endedAt: 2, count: 2, bytes: 2 };
    await store.saveRecording(info, [{ at: 1, topic: 'a', payload: enc.encode('1'), qos: 1, retain: false, dup: false }]);
    // a second batch, numbered on, in a chunk of its own
    await store.saveRecording(info, Array.from({ length: 2_500 }, (_, i) => ({ at: 2 + i, topic: 'b', payload: enc.encode(String(i)), qos: 0 as const, retain: true, dup: false, ...(i === 7 ? { props: { contentType: 'x' } } : {}) })), 1);
    expect((await store.recordings()).map((r) => r.id)).toEqual(['r1']);
    const all = await store.recorded('r1');
    expect(all.map((m) => m.topic).slice(0, 3)).toEqual(['a', 'b', 'b']);
    expect(all).toHaveLength(2_501);
    expect(all[8]?.props).toEqual({ contentType: 'x' });
    // a page from the middle of a chunk
    const page = await store.recorded('r1', 1_500, 10);
    expect(page.map((m) => new TextDecoder().decode(m.payload))).toEqual(Array.from({ length: 10 }, (_, i) => String(1_499 + i)));
    await store.deleteRecording('r1');
    expect(await store.recordings()).toEqual([]);
    expect(await store.recorded('r1')).toEqual([]);
  });
});

describe('HistoryWriter', () => {
  it('writes batches on its timer, not per message', async () => {
    const store = await freshStore();
    const timers = new FakeTimers();
    const writer = new HistoryWriter({ store, profile: 'p1', budgetBytes: 1e9, timers });
    await writer.ready;
    for (let i = 0; i < 1_000; i++) writer.message(msg(i));
    expect((await store.meta('p1')).nextSeq).toBe(0);
    timers.advance(500);
    await writer.flush();
    expect((await store.meta('p1')).nextSeq).toBe(1_000);
  });

  it('stops on a full quota, says so, and keeps what was stored', async () => {
    const store = await freshStore();
    const writer = new HistoryWriter({ store, profile: 'p1', budgetBytes: 1e9, timers: new FakeTimers() });
    await writer.ready;
    writer.message(msg(1));
    await writer.flush();
    const write = store.write.bind(store);
    store.write = () => Promise.reject(new DOMException('full', 'QuotaExceededError'));
    writer.message(msg(2));
    await writer.flush();
    expect(writer.status.writer.state).toBe('stopped');
    expect(writer.status.writer).toMatchObject({ reason: expect.stringContaining('storage quota') });
    writer.message(msg(3));
    expect(writer.status.notStored).toBe(2);
    store.write = write;
    expect((await store.meta('p1')).nextSeq).toBe(1);
  });

  it('a second tab of the same profile does not write', async () => {
    const store = await freshStore();
    const held = new Set<string>();
    const lock = (name: string) => Promise.resolve(held.has(name) ? false : (held.add(name), true));
    const first = new HistoryWriter({ store, profile: 'p1', budgetBytes: 1e9, timers: new FakeTimers(), lock });
    const second = new HistoryWriter({ store, profile: 'p1', budgetBytes: 1e9, timers: new FakeTimers(), lock });
    await Promise.all([first.ready, second.ready]);
    first.message(msg(1));
    second.message(msg(1));
    await first.flush();
    await second.flush();
    expect(second.status.writer.state).toBe('other-tab');
    expect((await store.meta('p1')).nextSeq).toBe(1);
  });
});

describe('point blocks', () => {
  it('summaries keep every spike of a block', () => {
    const t = Float64Array.from({ length: BLOCK_POINTS }, (_, i) => i);
    const v = Float64Array.from({ length: BLOCK_POINTS }, (_, i) => (i === 500 ? -40 : 20));
    const folded = foldBlocks([{ s: 0, e: BLOCK_POINTS - 1, sum: summarize(t, v, t.length) }], 0, BLOCK_POINTS, 4);
    expect(folded.stats).toMatchObject({ count: BLOCK_POINTS, min: -40, max: 20 });
    expect(Array.from(folded.v.subarray(0, folded.length))).toContain(-40);
  });
});
