/**
 * The page's MQTT session: one ConnectionManager, the ingest queue and the per-connection data, wired to
 * the stores. Components call `sessionActions`; they never touch a client.
 *
 * The hot path: mqtt.js 'message' -> IngestQueue.push (O(1)) -> once per frame, drain into each
 * connection's MessageLog -> one useLiveStore.setState for all connections -> React renders once.
 * While the page is hidden, draining goes on (timer fallback, early drains) but the stores are not told;
 * when it becomes visible they catch up in one step.
 */
import { ConnectionManager, type SubscriptionRequest } from '../mqtt/connectionManager';
import type { LogEntry } from '../mqtt/connection';
import { IngestQueue, type FrameClock } from '../mqtt/ingest';
import type { PublishRecord, PublishRequest } from '../mqtt/publishTracker';
import type { ReceivedMessage } from '../mqtt/types';
import { ConnectionData } from '../data/connectionData';
import type { PresenceEvent } from '../data/devices';
import { activeRules } from '../data/presence';
import type { MessageLog } from '../data/messageLog';
import { useConnectionsStore } from './connections';
import { EMPTY_STATS, SLOW_COMMIT_INTERVAL_MS, useLiveStore, type LiveStats } from './live';
import { IDLE_REPEAT, usePublishStore, type RepeatState } from './publish';
import { toConnectionOptions } from './profileOptions';
import type { Profile } from './profiles';

/**
 * Under a flood, when the last commit brought more than this many messages (several screenfuls), the next
 * one waits {@link FLOOD_COMMIT_INTERVAL_MS}: the list's content is replaced wholesale either way, and
 * every other frame costs the page half the rendering.
 */
export const FLOOD_MESSAGES_PER_COMMIT = 120;
export const FLOOD_COMMIT_INTERVAL_MS = 30;

/** How often message and byte rates are recomputed. */
export const RATE_INTERVAL_MS = 1_000;
/** Rates are averaged over this many intervals, so bursty device traffic reads steadily. */
export const RATE_WINDOW_INTERVALS = 5;

export class Session {
  readonly manager: ConnectionManager;
  private readonly connections = new Map<string, ConnectionData>();
  private readonly queue: IngestQueue<ReceivedMessage>;
  private readonly touched = new Set<string>();
  /** Connections changed since the last slow (aggregate) update. */
  private readonly slowTouched = new Set<string>();
  private lastSlowAt = -Infinity;
  private slowTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly rateSamples = new Map<string, Array<{ at: number; received: number; bytes: number }>>();
  private rateTimer: ReturnType<typeof setInterval> | null = null;
  private commitWhenVisible = false;
  private lastCommitAt = -Infinity;
  private drainedSinceCommit = 0;
  private lastCommitSize = 0;
  private readonly cleanups: Array<() => void> = [];
  /** Connections whose Sent list or repeat count changed since the last commit. */
  private readonly publishTouched = new Set<string>();
  private readonly repeats = new Map<string, { timer: ReturnType<typeof setInterval>; state: RepeatState }>();
  private destroyed = false;

  private readonly isHidden: () => boolean;

  constructor(options: { isHidden?: () => boolean; clock?: FrameClock } = {}) {
    this.isHidden = options.isHidden ?? (() => typeof document !== 'undefined' && document.hidden);
    this.queue = new IngestQueue<ReceivedMessage>({
      drain: (batch) => this.drain(batch),
      commit: () => this.commit(),
      ...(options.clock ? { clock: options.clock } : {}),
    });
    this.manager = new ConnectionManager((message) => this.receive(message));
    const connections = useConnectionsStore.getState();
    this.manager.on('status', (id, status) => connections.setStatus(id, status));
    this.manager.on('subscriptions', (id, subs) => connections.setSubscriptions(id, subs));
    this.manager.on('log', (id, entry) => connections.appendLog(id, entry));
    this.manager.on('publish', (id, record) => {
      this.data(id).sent.note(record);
      this.publishTouched.add(id);
      this.queue.touch();
    });
    if (typeof window !== 'undefined') {
      const onVisibility = () => {
        if (document.hidden) return;
        this.queue.flushNow();
        if (this.commitWhenVisible) this.commit();
        this.manager.retryAll();
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
        for (const listener of this.presenceListeners) listener(id, event);
      });
      this.connections.set(id, data);
    }
    return data;
  }

  private readonly presenceListeners = new Set<(id: string, event: PresenceEvent) => void>();

  /** Every presence change of every connection (for notifications). Returns the unsubscribe function. */
  onPresence(listener: (id: string, event: PresenceEvent) => void): () => void {
    this.presenceListeners.add(listener);
    return () => this.presenceListeners.delete(listener);
  }

  private readonly rulesKeys = new Map<string, string>();

  /** Applies a profile's presence rules; when they changed, devices are rebuilt from the message log. */
  applyPresenceRules(profile: Profile): void {
    const key = JSON.stringify([profile.presence.custom, profile.presence.disabledPresets]);
    if (this.rulesKeys.get(profile.id) === key) return;
    this.rulesKeys.set(profile.id, key);
    const data = this.data(profile.id);
    data.devices.setRules(activeRules(profile.presence.custom, profile.presence.disabledPresets), data.log.ring.toArray());
    this.markTouched(profile.id);
  }

  /** The message log of connection `id`. */
  log(id: string): MessageLog {
    return this.data(id).log;
  }

  private readonly chartKeys = new Map<string, string>();

  /** Applies a profile's chart series; new series are filled from the messages kept. */
  applyCharts(profile: Profile): void {
    const specs = profile.charts.panels.flatMap((p) => p.series);
    const key = JSON.stringify([specs.map((s) => [s.id, s.filter, s.path, s.booleans]), profile.charts.capacity]);
    if (this.chartKeys.get(profile.id) === key) return;
    this.chartKeys.set(profile.id, key);
    const data = this.data(profile.id);
    data.charts.setSpecs(specs, profile.charts.capacity, data.log.ring.toArray());
    this.markTouched(profile.id);
  }

  connect(profile: Profile): void {
    this.applyPresenceRules(profile);
    this.applyCharts(profile);
    const log = this.log(profile.id);
    if (log.ring.capacity !== profile.messageCap) log.setCap(profile.messageCap);
    const subscriptions: SubscriptionRequest[] = profile.subscriptions.map((s) => ({
      filter: s.filter,
      qos: s.qos,
      ...(s.options ? { options: s.options } : {}),
    }));
    this.manager.open(profile.id, toConnectionOptions(profile), subscriptions);
    this.applyCapture(profile.id);
    this.markTouched(profile.id);
    this.startRates();
  }

  /** Captures connection `id`'s packets for the inspector, or stops (what was captured stays). */
  setCapturing(id: string, on: boolean): void {
    this.data(id).packets.capturing = on;
    this.applyCapture(id);
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

  /**
   * Publishes `make(n)` every `intervalMs` (n = 1, 2, ...) until stopped, the connection drops, or `make`
   * returns null. The count only includes publishes handed to a connected client.
   */
  startRepeat(id: string, intervalMs: number, make: (n: number) => PublishRequest | null): void {
    this.stopRepeat(id);
    const state: RepeatState = { running: true, sent: 0, intervalMs };
    const tick = () => {
      if (this.manager.get(id)?.status.state !== 'connected') return this.stopRepeat(id, 'Stopped: the connection is not up.');
      const request = make(state.sent + 1);
      if (!request) return this.stopRepeat(id, 'Stopped: the message cannot be built.');
      if (!this.manager.publish(id, request)) return this.stopRepeat(id, 'Stopped: the connection is gone.');
      state.sent++;
      this.publishTouched.add(id);
      this.queue.touch();
    };
    this.repeats.set(id, { timer: setInterval(tick, Math.max(1, intervalMs)), state });
    this.publishTouched.add(id);
    tick();
  }

  stopRepeat(id: string, reason?: string): void {
    const repeat = this.repeats.get(id);
    if (!repeat) return;
    clearInterval(repeat.timer);
    this.repeats.delete(id);
    repeat.state.running = false;
    if (reason) repeat.state.stopReason = reason;
    this.finishedRepeats.set(id, repeat.state);
    this.publishTouched.add(id);
    this.queue.touch();
  }

  private readonly finishedRepeats = new Map<string, RepeatState>();

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
    this.stopRepeat(id);
    this.manager.remove(id);
    this.connections.delete(id);
    this.rateSamples.delete(id);
    useConnectionsStore.getState().forget(id);
    useLiveStore.setState((s) => {
      const { [id]: _gone, ...rest } = s.byId;
      const { [id]: _slowGone, ...slowRest } = s.slowById;
      return { byId: rest, slowById: slowRest };
    });
  }

  /** Messages received by all connections since the page opened. */
  totalReceived(): number {
    let total = 0;
    for (const { log } of this.connections.values()) total += log.received;
    return total;
  }

  /** Drains and commits now (tests; a page that became visible). */
  flushNow(): void {
    this.queue.flushNow();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const id of [...this.repeats.keys()]) this.stopRepeat(id);
    this.manager.destroy();
    this.queue.destroy();
    if (this.rateTimer) clearInterval(this.rateTimer);
    if (this.slowTimer) clearTimeout(this.slowTimer);
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
    }
  }

  private commit(): void {
    if (this.isHidden()) {
      this.commitWhenVisible = true;
      return;
    }
    this.commitWhenVisible = false;
    const now = performance.now();
    if (this.lastCommitSize >= FLOOD_MESSAGES_PER_COMMIT && now - this.lastCommitAt < FLOOD_COMMIT_INTERVAL_MS) {
      this.queue.touch(); // try again next frame
      return;
    }
    this.commitPublishing();
    const slowDue = this.slowTouched.size > 0 && now - this.lastSlowAt >= SLOW_COMMIT_INTERVAL_MS;
    if (this.touched.size === 0 && !slowDue) return this.scheduleSlow(now);
    const fast = [...this.touched];
    const slow = slowDue ? [...this.slowTouched] : [];
    this.touched.clear();
    this.lastCommitAt = now;
    this.lastCommitSize = this.drainedSinceCommit;
    this.drainedSinceCommit = 0;
    if (slowDue) {
      this.slowTouched.clear();
      this.lastSlowAt = now;
    }
    // One store update per frame for every connection: the list's numbers, and the aggregates when due.
    useLiveStore.setState((s) => {
      const byId = { ...s.byId };
      for (const id of fast) byId[id] = this.statsOf(id, byId[id] ?? EMPTY_STATS, true);
      if (slow.length === 0) return { byId };
      const slowById = { ...s.slowById };
      for (const id of slow) slowById[id] = { ...(byId[id] ?? this.statsOf(id, EMPTY_STATS, false)) };
      return { byId, slowById };
    });
    this.scheduleSlow(now);
  }

  /** One update of the publish store per frame: Sent list revisions and repeat counts. */
  private commitPublishing(): void {
    if (this.publishTouched.size === 0) return;
    const ids = [...this.publishTouched];
    this.publishTouched.clear();
    usePublishStore.setState((s) => {
      const sentRev = { ...s.sentRev };
      const repeats = { ...s.repeats };
      for (const id of ids) {
        sentRev[id] = (sentRev[id] ?? 0) + 1;
        const state = this.repeats.get(id)?.state ?? this.finishedRepeats.get(id);
        if (state) repeats[id] = { ...state };
        else if (!repeats[id]) repeats[id] = IDLE_REPEAT;
      }
      return { sentRev, repeats };
    });
  }

  /** Makes sure aggregates get their last update after the stream goes quiet. */
  private scheduleSlow(now: number): void {
    if (this.slowTouched.size === 0 || this.slowTimer !== null || this.destroyed) return;
    this.slowTimer = setTimeout(
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
    this.rateTimer = setInterval(() => this.updateRates(), RATE_INTERVAL_MS);
  }

  private updateRates(): void {
    if (this.isHidden()) return;
    const now = performance.now();
    const rates: Record<string, { msgPerSec: number; bytesPerSec: number }> = {};
    for (const [id, { log }] of this.connections) {
      let samples = this.rateSamples.get(id);
      if (!samples) this.rateSamples.set(id, (samples = []));
      samples.push({ at: now, received: log.received, bytes: log.receivedBytes });
      if (samples.length > RATE_WINDOW_INTERVALS + 1) samples.shift();
      const base = samples[0];
      if (!base || samples.length < 2) continue;
      const seconds = (now - base.at) / 1000;
      if (seconds <= 0) continue;
      rates[id] = {
        msgPerSec: (log.received - base.received) / seconds,
        bytesPerSec: (log.receivedBytes - base.bytes) / seconds,
      };
    }
    useLiveStore.setState((s) => {
      let changed = false;
      const byId = { ...s.byId };
      const slowById = { ...s.slowById };
      for (const [id, rate] of Object.entries(rates)) {
        const previous = byId[id] ?? EMPTY_STATS;
        if (previous.msgPerSec === rate.msgPerSec && previous.bytesPerSec === rate.bytesPerSec) continue;
        byId[id] = { ...this.statsOf(id, previous, false), ...rate };
        slowById[id] = { ...(slowById[id] ?? byId[id]), ...rate };
        changed = true;
      }
      return changed ? { byId, slowById } : s;
    });
  }
}

export type { LogEntry };
