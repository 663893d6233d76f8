/**
 * Reads and writes one database of history (see historyDb): batches of messages and chart points per
 * profile, within a byte budget that drops the oldest first and counts what it dropped; the newest
 * messages for a reload; a chart line over a long window from block summaries; recordings.
 */
import type { IDBPTransaction } from 'idb';
import type { ReceivedMessage } from '../../mqtt/types';
import type { Downsampled } from '../series';
import { emptyMeta, type HistoryDb, type HistorySchema, type HistoryMeta, type PointBlock, type PointData, type RecordedMessage, type RecordingInfo, type StoredMessage, type StoredPresence } from './historyDb';
import { BLOCK_SPAN_MS, foldBlocks, needsPoints, type BlockSource } from './pointBlocks';

/** What a stored message counts against the budget: payload, topic, and the record around them. */
export function storedSize(topic: string, payload: Uint8Array): number {
  return payload.byteLength + topic.length * 2 + 64;
}

/** Points may take at most this share of the budget; beyond it their oldest blocks go. */
export const POINT_SHARE = 0.25;
/** Page-closed gaps remembered per profile. */
export const MAX_GAPS = 200;

const messageRange = (p: string) => IDBKeyRange.bound([p, -Infinity], [p, Infinity]);
const profileRange = (p: string) => IDBKeyRange.bound([p], [p, []]);
const lineRange = (p: string, l: string, from: number, to: number) => IDBKeyRange.bound([p, l, from], [p, l, to]);

export interface WriteBatch {
  messages: readonly ReceivedMessage[];
  /** Blocks written whole (a block still filling is written again with each batch). */
  blocks: ReadonlyArray<{ block: PointBlock; data: PointData }>;
  presence?: readonly StoredPresence[];
}

type WriteTx = IDBPTransaction<HistorySchema, ['messages', 'meta', 'blocks', 'blockData', 'presence'], 'readwrite'>;

export class HistoryStore {
  constructor(readonly db: HistoryDb) {}

  async meta(p: string): Promise<HistoryMeta> {
    return (await this.db.get('meta', p)) ?? emptyMeta(p);
  }

  /** Writes one batch in one transaction (all or nothing), then keeps the profile within `budgetBytes`. */
  async write(p: string, batch: WriteBatch, budgetBytes: number): Promise<HistoryMeta> {
    const tx = this.db.transaction(['messages', 'meta', 'blocks', 'blockData', 'presence'], 'readwrite');
    for (const event of batch.presence ?? []) void tx.objectStore('presence').put(event);
    const meta = (await tx.objectStore('meta').get(p)) ?? emptyMeta(p);
    const messages = tx.objectStore('messages');
    for (const m of batch.messages) {
      const b = storedSize(m.topic, m.payload);
      const stored: StoredMessage = { p, s: meta.nextSeq++, at: m.receivedAt, topic: m.topic, payload: m.payload, qos: m.qos, retain: m.retain, dup: m.dup, b };
      if (m.properties) stored.props = m.properties;
      void messages.put(stored);
      meta.messageBytes += b;
      if (m.receivedAt > meta.lastAt) meta.lastAt = m.receivedAt;
    }
    const blocks = tx.objectStore('blocks');
    const blockData = tx.objectStore('blockData');
    for (const { block, data } of batch.blocks) {
      const before = await blocks.get([p, block.l, block.s]);
      meta.pointBytes += blockBytes(block.n) - (before ? blockBytes(before.n) : 0);
      void blocks.put(block);
      void blockData.put(data);
    }
    if (meta.messageBytes + meta.pointBytes > budgetBytes) await this.evict(tx, meta, budgetBytes);
    void tx.objectStore('meta').put(meta);
    await tx.done;
    return meta;
  }

  /** Drops the oldest messages (and, past their share, the oldest point blocks) until within the budget. */
  private async evict(tx: WriteTx, meta: HistoryMeta, budgetBytes: number): Promise<void> {
    if (meta.pointBytes > budgetBytes * POINT_SHARE) {
      const keys = await tx.objectStore('blocks').getAllKeys(profileRange(meta.p));
      keys.sort((a, b) => a[2] - b[2]);
      for (const key of keys) {
        if (meta.pointBytes <= budgetBytes * POINT_SHARE * 0.9) break;
        const block = await tx.objectStore('blocks').get(key);
        if (!block) continue;
        meta.pointBytes -= blockBytes(block.n);
        void tx.objectStore('blocks').delete(key);
        void tx.objectStore('blockData').delete(key);
      }
    }
    // a tenth below the budget, so the next batches do not evict again at once
    const target = Math.max(0, budgetBytes * 0.9 - meta.pointBytes);
    let cursor = await tx.objectStore('messages').openCursor(messageRange(meta.p));
    while (cursor && meta.messageBytes > target) {
      meta.messageBytes -= cursor.value.b;
      meta.dropped++;
      meta.droppedBytes += cursor.value.b;
      meta.firstSeq = cursor.value.s + 1;
      void cursor.delete();
      cursor = await cursor.continue();
    }
  }

  /** The newest `limit` messages of profile `p`, oldest first, read in pages of `page`. */
  async recent(p: string, limit: number, page = 5_000, onPage?: (messages: StoredMessage[]) => void | Promise<void>): Promise<number> {
    const meta = await this.meta(p);
    let from = Math.max(meta.firstSeq, meta.nextSeq - limit);
    let read = 0;
    while (from < meta.nextSeq) {
      const rows = await this.db.getAll('messages', IDBKeyRange.bound([p, from], [p, meta.nextSeq - 1]), page);
      if (rows.length === 0) break;
      read += rows.length;
      from = (rows[rows.length - 1] as StoredMessage).s + 1;
      await onPage?.(rows);
    }
    return read;
  }

  /** Every message of `p` with seq in [from, to), in pages (exports, replays). */
  async range(p: string, from: number, to: number, page: number): Promise<StoredMessage[]> {
    if (to <= from) return [];
    return this.db.getAll('messages', IDBKeyRange.bound([p, from], [p, to - 1]), page);
  }

  /** Notes that the page was closed from `from` to `to` (drawn as a gap). */
  async noteGap(p: string, from: number, to: number): Promise<HistoryMeta> {
    const tx = this.db.transaction('meta', 'readwrite');
    const meta = (await tx.store.get(p)) ?? emptyMeta(p);
    meta.gaps = [...meta.gaps, [from, to] as [number, number]].slice(-MAX_GAPS);
    void tx.store.put(meta);
    await tx.done;
    return meta;
  }

  /** A stored chart line over [start, end] in `buckets` buckets, from summaries where they suffice. */
  async readLine(p: string, l: string, start: number, end: number, buckets: number): Promise<Downsampled> {
    const bucketMs = (end - start) / buckets;
    const tx = this.db.transaction(['blocks', 'blockData']);
    const blocks = await tx.objectStore('blocks').getAll(lineRange(p, l, start - BLOCK_SPAN_MS, end));
    const sources: BlockSource[] = [];
    for (const block of blocks) {
      if (block.e < start) continue;
      const source: BlockSource = { s: block.s, e: block.e, sum: block.sum };
      if (needsPoints(block.s, block.e, bucketMs)) {
        const data = await tx.objectStore('blockData').get([p, l, block.s]);
        if (data) source.points = { t: data.t, v: data.v };
      }
      sources.push(source);
    }
    await tx.done;
    return foldBlocks(sources, start, end, buckets);
  }

  /** The keys of the chart lines stored for profile `p`. */
  async lineKeys(p: string): Promise<string[]> {
    const keys = await this.db.getAllKeys('blocks', profileRange(p));
    return [...new Set(keys.map((k) => k[1]))];
  }

  /** Presence changes of profile `p` in [from, to). */
  async presence(p: string, from: number, to: number): Promise<StoredPresence[]> {
    if (to <= from) return [];
    return this.db.getAll('presence', IDBKeyRange.bound([p, from], [p, to], false, true));
  }

  /** Forgets everything stored for profile `p` (recordings stay). */
  async clear(p: string): Promise<void> {
    const tx = this.db.transaction(['messages', 'meta', 'blocks', 'blockData', 'presence'], 'readwrite');
    void tx.objectStore('presence').delete(profileRange(p));
    void tx.objectStore('messages').delete(messageRange(p));
    void tx.objectStore('blocks').delete(profileRange(p));
    void tx.objectStore('blockData').delete(profileRange(p));
    void tx.objectStore('meta').delete(p);
    await tx.done;
  }

  // Recordings

  async recordings(): Promise<RecordingInfo[]> {
    return (await this.db.getAll('recordings')).sort((a, b) => b.startedAt - a.startedAt);
  }

  async saveRecording(info: RecordingInfo, messages: readonly RecordedMessage[]): Promise<void> {
    const tx = this.db.transaction(['recordings', 'recorded'], 'readwrite');
    void tx.objectStore('recordings').put(info);
    for (const m of messages) void tx.objectStore('recorded').put(m);
    await tx.done;
  }

  /** A recording's messages with seq in [from, from + limit), oldest first. */
  async recorded(id: string, from = 0, limit?: number): Promise<RecordedMessage[]> {
    return this.db.getAll('recorded', IDBKeyRange.bound([id, from], [id, Infinity]), limit);
  }

  async deleteRecording(id: string): Promise<void> {
    const tx = this.db.transaction(['recordings', 'recorded'], 'readwrite');
    void tx.objectStore('recordings').delete(id);
    void tx.objectStore('recorded').delete(IDBKeyRange.bound([id, -Infinity], [id, Infinity]));
    await tx.done;
  }
}

/** What a block of `n` points counts against the budget: its two arrays, its summary and keys. */
export function blockBytes(n: number): number {
  return n * 16 + 1_800;
}
