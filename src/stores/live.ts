/**
 * Per-connection counters of the message stream, and a revision that changes when the buffers do.
 * Written once per animation frame by the ingest path (and once a second for rates), never per message.
 * Components select one connection's numbers; lists read the buffers themselves when `rev` changes.
 */
import { create } from 'zustand';

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

export const EMPTY_STATS: LiveStats = {
  rev: 0,
  received: 0,
  receivedBytes: 0,
  buffered: 0,
  bufferedBytes: 0,
  cap: 0,
  dropped: 0,
  msgPerSec: 0,
  bytesPerSec: 0,
};

interface LiveState {
  /** Updated on every commit (at most once per frame): for the message list. */
  byId: Record<string, LiveStats>;
  /**
   * The same numbers, updated at most every {@link SLOW_COMMIT_INTERVAL_MS} (and always once after the last
   * change): for aggregates a person reads, not watches scroll (status bar, topic tree). Written in the same
   * store update as `byId`, so it never adds a React commit.
   */
  slowById: Record<string, LiveStats>;
}

/** Aggregates refresh at most this often under load. */
export const SLOW_COMMIT_INTERVAL_MS = 250;

export const useLiveStore = create<LiveState>()(() => ({ byId: {}, slowById: {} }));

export const useLiveStats = (id: string): LiveStats => useLiveStore((s) => s.byId[id] ?? EMPTY_STATS);
export const useLiveRev = (id: string): number => useLiveStore((s) => s.byId[id]?.rev ?? 0);
export const useSlowLiveStats = (id: string): LiveStats => useLiveStore((s) => s.slowById[id] ?? EMPTY_STATS);
export const useSlowLiveRev = (id: string): number => useLiveStore((s) => s.slowById[id]?.rev ?? 0);
