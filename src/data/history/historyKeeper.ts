/**
 * History for every profile of the page: opens the database once (or finds it refused, and says so),
 * runs one writer per profile whose history is on, brings a profile's stream back after a reload, and
 * reads long chart windows. The Session hands it what arrives; nothing here is React.
 */
import { compileTopicFilter, type TopicMatcher } from '../../mqtt/topic';
import type { TimerHandle, Timers } from '../../mqtt/timers';
import type { ReceivedMessage } from '../../mqtt/types';
import { TIMELINE_WINDOW_MS, type PresenceEvent } from '../devices';
import type { Downsampled } from '../series';
import { storedSize, type ChunkMessage } from './chunks';
// the database, its store and writer load when history is first opened, not with the page
import type { HistoryDb, HistoryMeta, RecordingInfo } from './historyDb';
import type { HistoryStore } from './historyStore';
import type * as WriterModule_ from './historyWriter';
import type { HistoryWriter, WriterStatus } from './historyWriter';

type WriterModule = typeof WriterModule_;
import { lineKeyOf } from './pointBlocks';

/** How often a recording is written (as history is: historyWriter's FLUSH_INTERVAL_MS). */
const RECORDING_FLUSH_MS = 500;

export type HistoryAvailability = { state: 'opening' } | { state: 'ready' } | { state: 'refused'; reason: string };

/** What the page shows of one profile's history. */
export interface HistoryStatus {
  /** Whether this browser keeps history at all (a private window may refuse IndexedDB). */
  available: HistoryAvailability;
  /** On for this profile (writing or reading). */
  on: boolean;
  writer: WriterStatus | null;
  /** What the last reload brought back. */
  restored: RestoredHistory | null;
}

export interface RestoredHistory {
  count: number;
  /** Time of the newest message brought back (the page was closed after it). */
  until: number;
  /** Times the page was closed, oldest first. */
  gaps: Array<[number, number]>;
}

export interface KeeperOptions {
  timers: Timers;
  open?: () => Promise<HistoryDb>;
  lock?: (name: string) => Promise<boolean>;
  onStatus?: (id: string, status: HistoryStatus) => void;
  /** A recording started, grew (at most every RECORDING_FLUSH_MS), stopped (null), or failed (error). */
  onRecording?: (id: string, recording: RecordingInfo | null, error?: string) => void;
  now?: () => number;
}

interface Recorder {
  info: RecordingInfo;
  match: TopicMatcher;
  pending: ChunkMessage[];
  /** Messages stored so far (the next one's seq). */
  written: number;
  timer: TimerHandle;
  writing: Promise<void>;
}

/** Messages put through the views at a time when history comes back, the page drawing between. */
const RESTORE_PAGE = 2_000;

const REFUSED =
  'This browser refused to store data for this page (a private window, or storage switched off): history is kept in memory only, for as long as the page is open.';

export class HistoryKeeper {
  readonly store: Promise<HistoryStore | null>;
  private available: HistoryAvailability = { state: 'opening' };
  private readonly writers = new Map<string, HistoryWriter>();
  private readonly restored = new Map<string, RestoredHistory>();
  private readonly on = new Set<string>();
  private readonly now: () => number;
  private readonly recorders = new Map<string, Recorder>();
  private writerModule: WriterModule | null = null;

  constructor(private readonly options: KeeperOptions) {
    this.now = options.now ?? (() => Date.now());
    this.store = (async () => {
      try {
        if (!options.open && typeof indexedDB === 'undefined') throw new Error('no IndexedDB');
        const [{ openHistoryDb }, { HistoryStore }, writerModule] = await Promise.all([import('./historyDb'), import('./historyStore'), import('./historyWriter')]);
        this.writerModule = writerModule;
        const store = new HistoryStore(await (options.open ?? openHistoryDb)());
        this.available = { state: 'ready' };
        return store;
      } catch {
        this.available = { state: 'refused', reason: REFUSED };
        return null;
      } finally {
        for (const id of this.on) this.emit(id);
      }
    })();
  }

  /** Turns profile `id`'s history on (with a budget) or off. */
  async configure(id: string, on: boolean, budgetBytes: number): Promise<void> {
    const existing = this.writers.get(id);
    if (!on) {
      this.on.delete(id);
      existing?.close();
      this.writers.delete(id);
      this.emit(id);
      return;
    }
    this.on.add(id);
    if (existing) {
      existing.budgetBytes = budgetBytes;
      return;
    }
    const store = await this.store;
    const module = this.writerModule;
    if (!store || !module || !this.on.has(id) || this.writers.has(id)) return this.emit(id);
    const writer = new module.HistoryWriter({
      store,
      profile: id,
      budgetBytes,
      timers: this.options.timers,
      lock: this.options.lock ?? module.webLock,
      onStatus: () => this.emit(id),
    });
    this.writers.set(id, writer);
    writer.status = { ...writer.status, meta: await store.meta(id) };
    this.emit(id);
  }

  isOn(id: string): boolean {
    return this.on.has(id);
  }

  /** A live message of profile `id` (O(1)). */
  message(id: string, message: ReceivedMessage): void {
    this.writers.get(id)?.message(message);
    const recorder = this.recorders.get(id);
    if (recorder && recorder.match(message.topic)) {
      const info = recorder.info;
      info.count++;
      const m: ChunkMessage = { at: message.receivedAt, topic: message.topic, payload: message.payload, qos: message.qos, retain: message.retain, dup: false };
      if (message.properties) m.props = message.properties;
      info.bytes += storedSize(message.topic, message.payload);
      info.endedAt = message.receivedAt;
      recorder.pending.push(m);
    }
  }

  /** Starts recording what connection `id` receives (matching `filter`) under `name`. */
  async startRecording(id: string, recordingId: string, name: string, filter: string): Promise<string | null> {
    if (this.recorders.has(id)) return 'This connection is recording already.';
    const store = await this.store;
    if (!store) return REFUSED;
    const now = this.now();
    const info: RecordingInfo = { id: recordingId, name, profile: id, filter, startedAt: now, endedAt: now, count: 0, bytes: 0 };
    const recorder: Recorder = {
      info,
      match: compileTopicFilter(filter),
      pending: [],
      written: 0,
      timer: this.options.timers.setInterval(() => void this.writeRecording(id), RECORDING_FLUSH_MS),
      writing: Promise.resolve(),
    };
    this.recorders.set(id, recorder);
    await store.saveRecording({ ...info });
    this.options.onRecording?.(id, { ...info });
    return null;
  }

  /** Stops recording on connection `id`; resolves with the recording once all of it is stored. */
  async stopRecording(id: string): Promise<RecordingInfo | null> {
    const recorder = this.recorders.get(id);
    if (!recorder) return null;
    this.options.timers.clearInterval(recorder.timer);
    await this.writeRecording(id);
    this.recorders.delete(id);
    this.options.onRecording?.(id, null);
    return { ...recorder.info };
  }

  private writeRecording(id: string): Promise<void> {
    const recorder = this.recorders.get(id);
    if (!recorder) return Promise.resolve();
    recorder.writing = recorder.writing.then(async () => {
      const store = await this.store;
      if (!store) return;
      const batch = recorder.pending;
      if (batch.length === 0) return;
      recorder.pending = [];
      try {
        await store.saveRecording({ ...recorder.info }, batch, recorder.written);
        recorder.written += batch.length;
        this.options.onRecording?.(id, { ...recorder.info });
      } catch (error) {
        this.options.timers.clearInterval(recorder.timer);
        this.recorders.delete(id);
        const quota = error instanceof DOMException && error.name === 'QuotaExceededError';
        this.options.onRecording?.(
          id,
          null,
          quota ? 'The browser has no more room for this site: recording stopped; what was recorded is kept.' : `Recording stopped: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    });
    return recorder.writing;
  }

  point(id: string, line: string, t: number, v: number): void {
    this.writers.get(id)?.point(line, t, v);
  }

  presence(id: string, event: PresenceEvent): void {
    this.writers.get(id)?.presence(event);
  }

  /**
   * Brings back the newest `limit` messages of profile `id`, page by page (`ingest` gets each page, and
   * the page may draw between them), and notes the time the page was closed as a gap.
   */
  async restore(id: string, limit: number, ingest: (page: ChunkMessage[]) => void): Promise<RestoredHistory | null> {
    const store = await this.store;
    if (!store) return null;
    const meta = await store.meta(id);
    const now = this.now();
    const messages = await store.recent(id, limit);
    // first, the messages that changed a device's presence in the day before the oldest message that
    // comes back: the devices and their timelines are whole however few messages come back
    const presence = await store.presence(id, now - TIMELINE_WINDOW_MS, Math.min(messages[0]?.at ?? now, now));
    if (presence.length) ingest(presence.map((e) => ({ at: e.at, topic: e.topic, payload: e.payload, qos: e.qos, retain: e.retain, dup: false })));
    for (let from = 0; from < messages.length; from += RESTORE_PAGE) {
      ingest(messages.slice(from, from + RESTORE_PAGE));
      // let the page draw between pages
      await new Promise<void>((resolve) => this.options.timers.setTimeout(resolve, 0));
    }
    const gaps = meta.lastAt > 0 ? (await store.noteGap(id, meta.lastAt, now)).gaps : meta.gaps;
    const restored = { count: presence.length + messages.length, until: meta.lastAt, gaps };
    this.restored.set(id, restored);
    this.emit(id);
    return restored;
  }

  /**
   * The stored lines of chart series over a long window, by series id and topic ("<id>|<topic>"): every
   * topic stored for each series (up to `maxLines` per series), whether or not it is in memory now.
   */
  async readLines(id: string, series: ReadonlyArray<{ id: string; filter: string; path: string; booleans: boolean }>, start: number, end: number, buckets: number, maxLines: number): Promise<Map<string, Downsampled>> {
    const out = new Map<string, Downsampled>();
    const store = await this.store;
    if (!store) return out;
    await this.writers.get(id)?.flush();
    const keys = await store.lineKeys(id);
    for (const spec of series) {
      const prefix = lineKeyOf(spec.filter, spec.path, spec.booleans, '');
      const mine = keys.filter((k) => k.startsWith(prefix)).slice(0, maxLines);
      const read = await Promise.all(mine.map((k) => store.readLine(id, k, start, end, buckets)));
      mine.forEach((k, i) => out.set(`${spec.id}|${k.slice(prefix.length)}`, read[i] as Downsampled));
    }
    return out;
  }

  /** Writes what is queued for `id` now. */
  async flush(id: string): Promise<void> {
    await this.writers.get(id)?.flush();
  }

  /** Forgets everything stored for profile `id`. */
  async clear(id: string): Promise<void> {
    const store = await this.store;
    if (!store) return;
    const writer = this.writers.get(id);
    await writer?.flush();
    await store.clear(id);
    this.restored.delete(id);
    writer?.reset(await store.meta(id));
    this.emit(id);
  }

  resume(id: string): void {
    this.writers.get(id)?.resume();
  }

  async meta(id: string): Promise<HistoryMeta | null> {
    const store = await this.store;
    return store ? store.meta(id) : null;
  }

  status(id: string): HistoryStatus {
    return { available: this.available, on: this.on.has(id), writer: this.writers.get(id)?.status ?? null, restored: this.restored.get(id) ?? null };
  }

  close(): void {
    for (const recorder of this.recorders.values()) this.options.timers.clearInterval(recorder.timer);
    for (const writer of this.writers.values()) writer.close();
    this.writers.clear();
  }

  private emit(id: string): void {
    this.options.onStatus?.(id, this.status(id));
  }
}
