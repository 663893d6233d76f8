/**
 * (Over 300 lines: the ingest path, its commit pacing and the commands on its connections share state.)
 * The page's MQTT session: one ConnectionManager, the ingest queue and the per-connection data. It writes
 * what changed through a {@link SessionSink} it is handed (the app's adapter writes zustand stores; tests
 * record), as a React-free sync client is handed its store. No React, no stores here.
 *
 * The hot path: mqtt.js 'message' -> IngestQueue.push (O(1)) -> once per frame, drain into each
 * connection's buffers -> one `sink.live` call for all connections -> React renders once.
 * While the page is hidden, draining goes on (timer fallback, early drains) but the sink is not told;
 * when it becomes visible it catches up in one step.
 */
import type { ConnectionEnvironment } from '../mqtt/connection';
import type { ConnectionStatus, LogEntry } from '../mqtt/connectionStatus';
import { ConnectionManager, type SubscriptionRequest } from '../mqtt/connectionManager';
import { IngestQueue, type FrameClock } from '../mqtt/ingest';
import type { PublishRecord, PublishRequest } from '../mqtt/publishTracker';
import { systemTimers, type TimerHandle, type Timers } from '../mqtt/timers';
import type { ConnectionOptions, ReceivedMessage, SubscriptionState } from '../mqtt/types';
import type { SeriesSpec } from './charts';
import { ConnectionData } from './connectionData';
import type { DecoderSettings } from './decoders/payloadDecoders';
import type { PresenceEvent } from './devices';
import { toReceived } from './history/chunks';
import type { HistoryKeeper, RestoredHistory } from './history/historyKeeper';
import type { Watch } from './home/homeData';
import type { MessageLog } from './messageLog';
import type { PresenceRule } from './presence';
import { RATE_INTERVAL_MS, RateMeter, type Rate } from './rateMeter';
import { IDLE_REPEAT, RepeatPublisher, type RepeatState } from './repeatPublisher';

/** A connection's stream counters, as the status bar and lists read them. */
export interface LiveStats {
  /** Changes whenever the connection's message buffers changed. */
  rev: number;
  received: number;
  receivedBytes: number;
  /** Messages held in the buffer now, and its caps. */
  buffered: number;
  bufferedBytes: number;
  cap: number;
  /** Messages the buffer had to drop to stay within its caps. */
  dropped: number;
  msgPerSec: number;
  bytesPerSec: number;
}

export const EMPTY_STATS: LiveStats = { rev: 0, received: 0, receivedBytes: 0, buffered: 0, bufferedBytes: 0, cap: 0, dropped: 0, msgPerSec: 0, bytesPerSec: 0 };

/** Where the session says what changed. Each method is called at most once per frame (or per event). */
export interface SessionSink {
  status(id: string, status: ConnectionStatus): void;
  subscriptions(id: string, subscriptions: readonly SubscriptionState[]): void;
  log(id: string, entry: LogEntry): void;
  /**
   * The counters of the connections whose buffers changed (for lists, every frame at most), and, when
   * due, the same for aggregates a person reads rather than watches ({@link SLOW_COMMIT_INTERVAL_MS}).
   */
  live(fast: Readonly<Record<string, LiveStats>>, slow: Readonly<Record<string, LiveStats>> | null): void;
  /** Connections whose Sent list or repeat run changed since the last frame, with their repeat state. */
  publishing(changes: Readonly<Record<string, RepeatState>>): void;
  /** Connection `id` is gone. */
  forget(id: string): void;
}

/**
 * Under a flood, when the last commit brought more than this many messages (several screenfuls), the next
 * one waits {@link FLOOD_COMMIT_INTERVAL_MS}: the list's content is replaced wholesale either way, and
 * every other frame costs the page half the rendering.
 */
export const FLOOD_MESSAGES_PER_COMMIT = 120;
export const FLOOD_COMMIT_INTERVAL_MS = 30;
/** Aggregates refresh at most this often under load. */
export const SLOW_COMMIT_INTERVAL_MS = 250;

export interface SessionOptions {
  sink: SessionSink;
  /** Whether the page is hidden (no commits then). */
  isHidden?: () => boolean;
  /** Animation frames for the ingest queue. */
  clock?: FrameClock;
  /** Timers for rates, aggregates, repeats and every connection. */
  timers?: Timers;
  /** A monotonic clock in ms, for pacing commits. */
  monotonicNow?: () => number;
  /** The connections' environment (tests give a scripted broker). */
  connection?: Partial<ConnectionEnvironment>;
  /** Listen to the page's visibility and network events (on by default in a browser). */
  pageEvents?: boolean;
  /** Keeps the stream of profiles whose history is on, and brings it back after a reload. */
  history?: HistoryKeeper;
}

export class Session {
  readonly manager: ConnectionManager;
  private readonly sink: SessionSink;
  private readonly timers: Timers;
  private readonly monotonicNow: () => number;
  private readonly isHidden: () => boolean;
  private readonly connections = new Map<string, ConnectionData>();
  private readonly queue: IngestQueue<ReceivedMessage>;
  /** The counters last given to the sink, per connection. */
  private readonly stats = new Map<string, LiveStats>();
  private readonly slowStats = new Map<string, LiveStats>();
  private readonly touched = new Set<string>();
  /** Connections changed since the last slow (aggregate) update. */
  private readonly slowTouched = new Set<string>();
  private lastSlowAt = -Infinity;
  private slowTimer: TimerHandle | null = null;
  private readonly rates = new RateMeter();
  private rateTimer: TimerHandle | null = null;
  private commitWhenVisible = false;
  private lastCommitAt = -Infinity;
  private drainedSinceCommit = 0;
  private lastCommitSize = 0;
  private readonly cleanups: Array<() => void> = [];
  /** Connections whose Sent list or repeat count changed since the last commit. */
  private readonly publishTouched = new Set<string>();
  private readonly repeats = new Map<string, RepeatPublisher>();
  private readonly presenceListeners = new Set<(id: string, event: PresenceEvent) => void>();
  private readonly rulesKeys = new Map<string, string>();
  private readonly chartKeys = new Map<string, string>();
  private destroyed = false;
  readonly history: HistoryKeeper | null;
  /** Restores under way, by connection: a connect waits for its restore, so the log stays in order. */
  private readonly restoring = new Map<string, Promise<RestoredHistory | null>>();
  private readonly restoreDone = new Set<string>();

  constructor(options: SessionOptions) {
    this.sink = options.sink;
    this.history = options.history ?? null;
    this.timers = options.timers ?? systemTimers;
    this.monotonicNow = options.monotonicNow ?? (() => performance.now());
    this.isHidden = options.isHidden ?? (() => typeof document !== 'undefined' && document.hidden);
    this.queue = new IngestQueue<ReceivedMessage>({
      drain: (batch) => this.drain(batch),
      commit: () => this.commit(),
      ...(options.clock ? { clock: options.clock } : {}),
    });
    this.manager = new ConnectionManager((message) => this.receive(message), { timers: this.timers, ...options.connection });
    this.manager.on('status', (id, status) => this.sink.status(id, status));
    this.manager.on('subscriptions', (id, subs) => this.sink.subscriptions(id, subs));
    this.manager.on('log', (id, entry) => this.sink.log(id, entry));
    this.manager.on('publish', (id, record) => {
      const data = this.data(id);
      data.sent.note(record);
      // the broker holds what we published with Retain once it took it (QoS 0: once sent)
      if (record.request.retain && (record.outcome === 'acknowledged' || record.outcome === 'sent')) {
        const size = typeof record.request.payload === 'string' ? record.request.payload.length : record.request.payload.byteLength;
        data.topics.noteOwnRetained(record.request.topic, size > 0, record.startedAt);
      }
      this.publishTouched.add(id);
      this.queue.touch();
    });
    if ((options.pageEvents ?? typeof window !== 'undefined') && typeof document !== 'undefined') {
      const onVisibility = () => {
        if (!document.hidden) this.pageVisible();
      };
      const onOnline = () => this.manager.retryAll();
      document.addEventListener('visibilitychange', onVisibility);
      window.addEventListener('online', onOnline);
      this.cleanups.push(() => document.removeEventListener('visibilitychange', onVisibility));
      this.cleanups.push(() => window.removeEventListener('online', onOnline));
    }
  }

  /** Entry point of every received message: O(1), no rendering, no per-message store update. */
  receive(message: ReceivedMessage): void {
    this.queue.push(message);
  }

  /** What is kept of connection `id`'s stream (created on first use). */
  data(id: string): ConnectionData {
    let data = this.connections.get(id);
    if (!data) {
      data = new ConnectionData();
      data.devices.onEvent((event) => {
        // what a reload or a recording brings back is not news, and is kept already
        if (event.message?.fromHistory) return;
        for (const listener of this.presenceListeners) listener(id, event);
        this.history?.presence(id, event);
      });
      data.home.onLateConfigs = () => this.markTouched(id);
      data.onLateIngest = () => this.markTouched(id);
      const history = this.history;
      if (history) data.charts.onPoint = (line, t, v) => history.point(id, line, t, v);
      this.connections.set(id, data);
    }
    return data;
  }

  /** The message log of connection `id`. */
  log(id: string): MessageLog {
    return this.data(id).log;
  }

  /** Every presence change of every connection (for notifications). Returns the unsubscribe function. */
  onPresence(listener: (id: string, event: PresenceEvent) => void): () => void {
    this.presenceListeners.add(listener);
    return () => this.presenceListeners.delete(listener);
  }

  /** Applies presence rules; when they changed, devices are rebuilt from the message log. */
  setPresenceRules(id: string, rules: readonly PresenceRule[]): void {
    const key = JSON.stringify(rules);
    if (this.rulesKeys.get(id) === key) return;
    this.rulesKeys.set(id, key);
    const data = this.data(id);
    data.devices.setRules([...rules], data.log.ring.toArray());
    this.markTouched(id);
  }

  /** Which decoder reads which topic; when that changed, what is kept is decoded again. */
  setDecoders(id: string, settings: DecoderSettings): Promise<void> {
    return this.data(id)
      .setDecoders(settings)
      .then((changed) => {
        if (changed) this.markTouched(id);
      });
  }

  /** Applies chart series; new series are filled from the messages kept. */
  setCharts(id: string, specs: readonly SeriesSpec[], capacity: number): void {
    const key = JSON.stringify([specs.map((s) => [s.id, s.filter, s.path, s.booleans]), capacity]);
    if (this.chartKeys.get(id) === key) return;
    this.chartKeys.set(id, key);
    const data = this.data(id);
    data.charts.setSpecs(specs, capacity, data.log.ring.toArray());
    this.markTouched(id);
  }

  /**
   * Brings back connection `id`'s stored stream (up to its message cap) into every view, marked as
   * history, page by page. Once per page; a connect waits for it.
   */
  restoreHistory(id: string): Promise<RestoredHistory | null> {
    const history = this.history;
    if (!history) return Promise.resolve(null);
    const existing = this.restoring.get(id);
    if (existing) return existing;
    const data = this.data(id);
    const restore = history
      .restore(id, data.log.ring.capacity, (page) => {
        if (this.destroyed) return;
        for (const m of page) data.ingest(toReceived(id, m));
        this.markTouched(id);
      })
      .catch(() => null)
      .then((restored) => {
        this.restoreDone.add(id);
        data.history = restored;
        this.markTouched(id);
        return restored;
      });
    this.restoring.set(id, restore);
    return restore;
  }

  /** The Home view's discovery prefix and extra watched values; configs and values are read from the log. */
  setHome(id: string, prefix: string, watches: Watch[]): void {
    const data = this.data(id);
    const home = data.home;
    const before = home.version;
    // the log is read only when the prefix or the watches changed
    home.setPrefix(prefix, data.log.ring);
    home.setWatches(watches, data.log.ring);
    if (home.version !== before) this.markTouched(id);
  }

  /** Forgets what connection `id` holds (messages, topics, devices, charts); its settings apply anew. */
  resetData(id: string): void {
    this.connections.delete(id);
    this.rulesKeys.delete(id);
    this.chartKeys.delete(id);
    this.markTouched(id);
  }

  /** Puts messages that were not received live (a recording opened) into connection `id`'s views. */
  ingestStored(id: string, messages: Iterable<ReceivedMessage>): void {
    const data = this.data(id);
    for (const message of messages) data.ingest(message);
    this.markTouched(id);
  }

  /** Opens (or reopens) connection `id`, holding `subscriptions`, its message log capped at `messageCap`. */
  connect(id: string, options: ConnectionOptions, subscriptions: readonly SubscriptionRequest[], messageCap: number): void {
    const log = this.log(id);
    if (log.ring.capacity !== messageCap) log.setCap(messageCap);
    const restoring = this.restoring.get(id);
    if (restoring && !this.restoreDone.has(id)) {
      // the stored stream first, then the live one
      void restoring.then(() => {
        if (!this.destroyed) this.connect(id, options, subscriptions, messageCap);
      });
      return;
    }
    this.manager.open(id, options, subscriptions);
    this.applyCapture(id);
    this.markTouched(id);
    this.startRates();
  }

  /** Captures connection `id`'s packets for the inspector, or stops (what was captured stays). */
  setCapturing(id: string, on: boolean): void {
    this.data(id).packets.capturing = on;
    this.applyCapture(id);
    this.markTouched(id);
  }

  clearCapture(id: string): void {
    this.data(id).packets.clear();
    this.markTouched(id);
  }

  private applyCapture(id: string): void {
    const capture = this.data(id).packets;
    this.manager.setPacketSink(
      id,
      capture.capturing
        ? (direction, bytes, at) => {
            capture.add({ direction, bytes, at });
            this.touched.add(id);
            this.queue.touch();
          }
        : null,
    );
  }

  disconnect(id: string): Promise<void> {
    return this.manager.close(id);
  }

  /** Returns a sentence when the filter is invalid. */
  subscribe(id: string, request: SubscriptionRequest): string | null {
    return this.manager.subscribe(id, request);
  }

  unsubscribe(id: string, filter: string): void {
    this.manager.unsubscribe(id, filter);
  }

  /** Publishes; null when the connection does not exist. The record fills in as packets come and go. */
  publish(id: string, request: PublishRequest): { record: PublishRecord; done: Promise<PublishRecord> } | null {
    return this.manager.publish(id, request);
  }

  /** Publishes `make(n)` every `intervalMs` (see RepeatPublisher). */
  startRepeat(id: string, intervalMs: number, make: (n: number) => PublishRequest | null): void {
    let repeat = this.repeats.get(id);
    if (!repeat) {
      repeat = new RepeatPublisher(
        this.timers,
        (request) => {
          if (this.manager.get(id)?.status.state !== 'connected') return 'the connection is not up.';
          return this.manager.publish(id, request) ? null : 'the connection is gone.';
        },
        () => {
          this.publishTouched.add(id);
          this.queue.touch();
        },
      );
      this.repeats.set(id, repeat);
    }
    repeat.start(intervalMs, make);
  }

  stopRepeat(id: string): void {
    this.repeats.get(id)?.stop();
  }

  /** The repeat run of connection `id`. */
  repeatState(id: string): RepeatState {
    return this.repeats.get(id)?.state ?? IDLE_REPEAT;
  }

  /** The Sent list of connection `id`, newest first. */
  sent(id: string): PublishRecord[] {
    return this.data(id).sent.newestFirst();
  }

  clearMessages(id: string): void {
    this.log(id).clear();
    this.markTouched(id);
  }

  clearTopics(id: string): void {
    this.data(id).topics.clear();
    this.markTouched(id);
  }

  setMessageCap(id: string, cap: number): void {
    this.log(id).setCap(cap);
    this.markTouched(id);
  }

  /** Forgets connection `id` entirely: client, messages, state. */
  remove(id: string): void {
    this.repeats.get(id)?.stop();
    this.repeats.delete(id);
    this.manager.remove(id);
    this.connections.delete(id);
    this.rates.forget(id);
    this.stats.delete(id);
    this.slowStats.delete(id);
    this.rulesKeys.delete(id);
    this.chartKeys.delete(id);
    this.sink.forget(id);
  }

  /** Messages received by all connections since the page opened. */
  totalReceived(): number {
    let total = 0;
    for (const { log } of this.connections.values()) total += log.received;
    return total;
  }

  /** Something outside the stream changed connection `id`'s data (a device forgotten): views update. */
  touch(id: string): void {
    this.markTouched(id);
  }

  /** Drains and commits now (tests; a page that became visible). */
  flushNow(): void {
    this.queue.flushNow();
  }

  /** The page is visible again: catch up in one commit, and retry waiting connections now. */
  pageVisible(): void {
    this.queue.flushNow();
    if (this.commitWhenVisible) this.commit();
    this.manager.retryAll();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const repeat of this.repeats.values()) repeat.stop();
    this.manager.destroy();
    this.queue.destroy();
    if (this.rateTimer !== null) this.timers.clearInterval(this.rateTimer);
    if (this.slowTimer !== null) this.timers.clearTimeout(this.slowTimer);
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  private markTouched(id: string): void {
    this.touched.add(id);
    this.slowTouched.add(id);
    this.queue.touch();
  }

  private drain(batch: ReceivedMessage[]): void {
    let lastId = '';
    let data: ConnectionData | null = null;
    this.drainedSinceCommit += batch.length;
    for (let i = 0; i < batch.length; i++) {
      const message = batch[i] as ReceivedMessage;
      if (message.connectionId !== lastId) {
        lastId = message.connectionId;
        data = this.data(lastId);
        this.touched.add(lastId);
        this.slowTouched.add(lastId);
      }
      (data as ConnectionData).ingest(message);
      if (this.history) this.history.message(lastId, message);
    }
  }

  private commit(): void {
    if (this.isHidden()) {
      this.commitWhenVisible = true;
      return;
    }
    this.commitWhenVisible = false;
    const now = this.monotonicNow();
    if (this.lastCommitSize >= FLOOD_MESSAGES_PER_COMMIT && now - this.lastCommitAt < FLOOD_COMMIT_INTERVAL_MS) {
      this.queue.touch(); // try again next frame
      return;
    }
    this.commitPublishing();
    const slowDue = this.slowTouched.size > 0 && now - this.lastSlowAt >= SLOW_COMMIT_INTERVAL_MS;
    if (this.touched.size === 0 && !slowDue) return this.scheduleSlow(now);
    const fast: Record<string, LiveStats> = {};
    for (const id of this.touched) {
      const next = this.statsOf(id, this.stats.get(id) ?? EMPTY_STATS, true);
      this.stats.set(id, next);
      fast[id] = next;
    }
    this.touched.clear();
    this.lastCommitAt = now;
    this.lastCommitSize = this.drainedSinceCommit;
    this.drainedSinceCommit = 0;
    let slow: Record<string, LiveStats> | null = null;
    if (slowDue) {
      slow = {};
      for (const id of this.slowTouched) {
        const next = { ...(this.stats.get(id) ?? this.statsOf(id, EMPTY_STATS, false)) };
        this.slowStats.set(id, next);
        slow[id] = next;
      }
      this.slowTouched.clear();
      this.lastSlowAt = now;
    }
    // One sink call per frame for every connection: the list's numbers, and the aggregates when due.
    this.sink.live(fast, slow);
    this.scheduleSlow(now);
  }

  /** One publishing update per frame: Sent list revisions and repeat counts. */
  private commitPublishing(): void {
    if (this.publishTouched.size === 0) return;
    const changes: Record<string, RepeatState> = {};
    for (const id of this.publishTouched) changes[id] = this.repeatState(id);
    this.publishTouched.clear();
    this.sink.publishing(changes);
  }

  /** Makes sure aggregates get their last update after the stream goes quiet. */
  private scheduleSlow(now: number): void {
    if (this.slowTouched.size === 0 || this.slowTimer !== null || this.destroyed) return;
    this.slowTimer = this.timers.setTimeout(
      () => {
        this.slowTimer = null;
        this.queue.touch();
      },
      Math.max(0, this.lastSlowAt + SLOW_COMMIT_INTERVAL_MS - now),
    );
  }

  private statsOf(id: string, previous: LiveStats, bump: boolean): LiveStats {
    const log = this.log(id);
    const ring = log.ring;
    return {
      ...previous,
      rev: bump ? previous.rev + 1 : previous.rev,
      received: log.received,
      receivedBytes: log.receivedBytes,
      buffered: ring.length,
      bufferedBytes: ring.byteSize,
      cap: ring.capacity,
      dropped: ring.dropped,
    };
  }

  private startRates(): void {
    if (this.rateTimer !== null) return;
    this.rateTimer = this.timers.setInterval(() => this.updateRates(), RATE_INTERVAL_MS);
  }

  private updateRates(): void {
    if (this.isHidden()) return;
    const now = this.monotonicNow();
    const fast: Record<string, LiveStats> = {};
    const slow: Record<string, LiveStats> = {};
    let changed = false;
    for (const [id, { log }] of this.connections) {
      const rate: Rate | null = this.rates.sample(id, now, log.received, log.receivedBytes);
      if (!rate) continue;
      const previous = this.stats.get(id) ?? EMPTY_STATS;
      if (previous.msgPerSec === rate.msgPerSec && previous.bytesPerSec === rate.bytesPerSec) continue;
      const next = { ...this.statsOf(id, previous, false), ...rate };
      this.stats.set(id, next);
      fast[id] = next;
      const nextSlow = { ...(this.slowStats.get(id) ?? next), ...rate };
      this.slowStats.set(id, nextSlow);
      slow[id] = nextSlow;
      changed = true;
    }
    if (changed) this.sink.live(fast, slow);
  }
}
