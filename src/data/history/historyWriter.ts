/**
 * Keeps one profile's history: what arrives is queued in memory (O(1) per message, off the render path)
 * and written in one transaction every FLUSH_INTERVAL_MS, with the chart points gathered into blocks.
 * One tab writes a profile at a time (a Web Lock); a full disk stops the writing, says so, and keeps what
 * was stored. Nothing here is React.
 */
import type { ReceivedMessage } from '../../mqtt/types';
import type { TimerHandle, Timers } from '../../mqtt/timers';
import type { PresenceEvent } from '../devices';
import type { HistoryMeta, PointBlock, PointData, StoredPresence } from './historyDb';
import type { HistoryStore } from './historyStore';
import { BLOCK_POINTS, BLOCK_SPAN_MS, summarize } from './pointBlocks';

export const FLUSH_INTERVAL_MS = 500;
/** Messages queued for writing at most; beyond it they are counted as not stored (and said so). */
export const MAX_PENDING = 200_000;
/** How often a tab that found another writing tries to take over. */
export const LOCK_RETRY_MS = 5_000;

export type WriterState =
  /** Writing every batch. */
  | { state: 'writing' }
  /** Another tab of this profile writes; this one reads only. */
  | { state: 'other-tab' }
  /** Writing stopped: the disk or quota is full, or the database failed. */
  | { state: 'stopped'; reason: string };

export interface WriterStatus {
  writer: WriterState;
  meta: HistoryMeta | null;
  /** Messages that arrived while writing was impossible (stopped, other tab, queue full). */
  notStored: number;
}

interface OpenBlock {
  l: string;
  t: number[];
  v: number[];
  dirty: boolean;
}

export interface WriterOptions {
  store: HistoryStore;
  profile: string;
  budgetBytes: number;
  timers: Timers;
  /** Takes the profile's write lock; resolves false when another tab holds it. */
  lock?: (name: string) => Promise<boolean>;
  onStatus?: (status: WriterStatus) => void;
}

export class HistoryWriter {
  private pending: ReceivedMessage[] = [];
  private presencePending: StoredPresence[] = [];
  private readonly lines = new Map<string, OpenBlock>();
  private timer: TimerHandle | null = null;
  private lockTimer: TimerHandle | null = null;
  private writing: Promise<void> | null = null;
  private hasLock = false;
  private closed = false;
  status: WriterStatus = { writer: { state: 'writing' }, meta: null, notStored: 0 };
  /** Resolves once the lock has answered (the first time). */
  readonly ready: Promise<void>;

  constructor(private readonly options: WriterOptions) {
    this.timer = options.timers.setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.ready = this.takeLock();
  }

  get budgetBytes(): number {
    return this.options.budgetBytes;
  }

  set budgetBytes(bytes: number) {
    this.options.budgetBytes = bytes;
  }

  /** A message to keep (O(1)). */
  message(message: ReceivedMessage): void {
    if (!this.accepting()) return;
    if (this.pending.length >= MAX_PENDING) {
      this.status = { ...this.status, notStored: this.status.notStored + 1 };
      return;
    }
    this.pending.push(message);
  }

  /** A chart point of line `l` to keep. */
  point(l: string, t: number, v: number): void {
    if (!this.accepting()) return;
    let block = this.lines.get(l);
    if (block && (block.t.length >= BLOCK_POINTS || t - (block.t[0] as number) > BLOCK_SPAN_MS)) {
      // full: written once more below if dirty, then a new one starts
      this.closing.push(block);
      block = undefined;
    }
    if (!block) this.lines.set(l, (block = { l, t: [], v: [], dirty: true }));
    block.t.push(t);
    block.v.push(v);
    block.dirty = true;
  }

  private closing: OpenBlock[] = [];

  /** A device's presence change to keep. */
  presence(event: PresenceEvent): void {
    const m = event.message;
    if (!m || !this.accepting()) return;
    this.presencePending.push({ p: this.options.profile, at: event.at, k: event.key, to: event.to, topic: m.topic, payload: m.payload, qos: m.qos, retain: m.retain });
  }

  /** Whether to queue: while writing (or waiting for the lock); a stopped writer counts what it missed. */
  private accepting(): boolean {
    if (this.closed) return false;
    const state = this.status.writer.state;
    if (state === 'writing') return true;
    if (state === 'stopped') this.status = { ...this.status, notStored: this.status.notStored + 1 };
    return false;
  }

  /** Writes what is queued now (one transaction); resolves when written. */
  async flush(): Promise<void> {
    await this.ready;
    if (this.writing) {
      // the batch in flight, then what came since
      await this.writing;
      return this.flush();
    }
    if (!this.hasLock || this.status.writer.state !== 'writing') return;
    const messages = this.pending;
    const blocks: Array<{ block: PointBlock; data: PointData }> = [];
    for (const block of [...this.closing, ...this.lines.values()]) {
      if (!block.dirty || block.t.length === 0) continue;
      block.dirty = false;
      blocks.push(this.blockOf(block));
    }
    this.closing = [];
    const presence = this.presencePending;
    if (messages.length === 0 && blocks.length === 0 && presence.length === 0) return;
    this.pending = [];
    this.presencePending = [];
    this.writing = (async () => {
      try {
        const meta = await this.options.store.write(this.options.profile, { messages, blocks, presence }, this.options.budgetBytes);
        this.setStatus({ ...this.status, meta });
      } catch (error) {
        // the transaction is all or nothing: what was stored before stays; this batch is counted
        const quota = error instanceof DOMException && error.name === 'QuotaExceededError';
        const reason = quota
          ? 'The browser has no more room for this site (storage quota reached). Recording stopped; what was stored is kept. Lower the budget or clear history to go on.'
          : `Writing history failed: ${error instanceof Error ? error.message : String(error)}. Recording stopped; what was stored is kept.`;
        this.setStatus({ ...this.status, writer: { state: 'stopped', reason }, notStored: this.status.notStored + messages.length });
      } finally {
        this.writing = null;
      }
    })();
    return this.writing;
  }

  /** Starts writing again after a stop (the user freed room). */
  resume(): void {
    if (this.status.writer.state !== 'stopped') return;
    this.setStatus({ ...this.status, writer: { state: 'writing' } });
  }

  /** A fresh start after the history was cleared: open blocks are dropped, counts start over. */
  reset(meta: HistoryMeta | null): void {
    this.pending = [];
    this.presencePending = [];
    this.lines.clear();
    this.closing = [];
    this.setStatus({ ...this.status, meta, notStored: 0 });
  }

  close(): void {
    this.closed = true;
    if (this.timer !== null) this.options.timers.clearInterval(this.timer);
    if (this.lockTimer !== null) this.options.timers.clearTimeout(this.lockTimer);
    this.timer = null;
  }

  private blockOf(block: OpenBlock): { block: PointBlock; data: PointData } {
    const t = Float64Array.from(block.t);
    const v = Float64Array.from(block.v);
    const s = t[0] as number;
    const p = this.options.profile;
    return { block: { p, l: block.l, s, e: t[t.length - 1] as number, n: t.length, sum: summarize(t, v, t.length) }, data: { p, l: block.l, s, t, v } };
  }

  private async takeLock(): Promise<void> {
    const lock = this.options.lock ?? (() => Promise.resolve(true));
    const got = await lock(`mqttscope-history:${this.options.profile}`).catch(() => true);
    if (this.closed) return;
    this.hasLock = got;
    if (got) {
      this.setStatus({ ...this.status, writer: { state: 'writing' } });
      return;
    }
    this.pending = [];
    this.setStatus({ ...this.status, writer: { state: 'other-tab' } });
    this.lockTimer = this.options.timers.setTimeout(() => {
      this.lockTimer = null;
      this.setStatus({ ...this.status, writer: { state: 'writing' } });
      void this.takeLock();
    }, LOCK_RETRY_MS);
  }

  private setStatus(status: WriterStatus): void {
    this.status = status;
    this.options.onStatus?.(status);
  }
}

/** The browser's Web Lock for `name`, held until the page closes; false when another tab holds it. */
export function webLock(name: string): Promise<boolean> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return Promise.resolve(true);
  return new Promise((resolve) => {
    void locks.request(name, { ifAvailable: true }, (lock) => {
      resolve(lock !== null);
      // held for the page's life
      return lock ? new Promise<void>(() => undefined) : undefined;
    });
  });
}
