/**
 * Reads and writes one database of history (see historyDb): batches of messages and chart points per
 * profile, within a byte budget that drops the oldest first and counts what it dropped; the newest
 * messages for a reload; a chart line over a long window from block summaries; recordings.
 */
import type { IDBPTransaction } from 'idb';
import type { ReceivedMessage } from '../../mqtt/types';
import type { Downsampled } from '../series';
import { CHUNK_MESSAGES, fromReceived, packChunks, unpackChunk, type ChunkMessage, type MessageChunk } from './chunks';
import { emptyMeta, type HistoryDb, type HistorySchema, type HistoryMeta, type PointBlock, type PointData, type RecordingInfo, type StoredChunk, type StoredPresence } from './historyDb';
import { BLOCK_SPAN_MS, foldBlocks, needsPoints, type BlockSource } from './pointBlocks';

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
    const chunks = packChunks(batch.messages.map(fromReceived), meta.nextSeq);
    for (const chunk of chunks) {
      void messages.put({ ...chunk, p });
      meta.messageBytes += chunk.b;
      meta.nextSeq += chunk.n;
      const last = chunk.at[chunk.n - 1] as number;
      if (last > meta.lastAt) meta.lastAt = last;
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
      const chunk = cursor.value;
      meta.messageBytes -= chunk.b;
      meta.dropped += chunk.n;
      meta.droppedBytes += chunk.b;
      meta.firstSeq = chunk.s + chunk.n;
      void cursor.delete();
      cursor = await cursor.continue();
    }
  }

  /** The newest `limit` messages of profile `p`, oldest first (their payloads views into the chunks read). */
  async recent(p: string, limit: number): Promise<ChunkMessage[]> {
    const chunks: StoredChunk[] = [];
    let n = 0;
    let cursor = await this.db.transaction('messages').store.openCursor(messageRange(p), 'prev');
    while (cursor && n < limit) {
      chunks.push(cursor.value);
      n += cursor.value.n;
      cursor = await cursor.continue();
    }
    chunks.reverse();
    const out: ChunkMessage[] = [];
    chunks.forEach((chunk, i) => out.push(...unpackChunk(chunk, i === 0 ? n - limit : 0)));
    return out;
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

  /** One recording's description, or undefined when it is gone. */
  recording(id: string): Promise<RecordingInfo | undefined> {
    return this.db.get('recordings', id);
  }

  /** Saves a recording's description, and its messages `messages` numbered from `from`. */
  async saveRecording(info: RecordingInfo, messages: readonly ChunkMessage[] = [], from = 0): Promise<void> {
    const tx = this.db.transaction(['recordings', 'recorded'], 'readwrite');
    void tx.objectStore('recordings').put(info);
    for (const chunk of packChunks(messages, from)) void tx.objectStore('recorded').put({ ...chunk, r: info.id });
    await tx.done;
  }

  /** A recording's messages from seq `from`, at most `limit`, oldest first. */
  async recorded(id: string, from = 0, limit = Infinity): Promise<ChunkMessage[]> {
    const out: ChunkMessage[] = [];
    const tx = this.db.transaction('recorded');
    // the chunk holding `from` starts at most a chunk's length before it
    let cursor = await tx.store.openCursor(IDBKeyRange.bound([id, from - CHUNK_MESSAGES], [id, Infinity]));
    while (cursor && out.length < limit) {
      const chunk: MessageChunk = cursor.value;
      if (chunk.s + chunk.n > from) {
        const taken = unpackChunk(chunk, from - chunk.s);
        out.push(...taken.slice(0, limit - out.length));
      }
      cursor = await cursor.continue();
    }
    return out;
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
