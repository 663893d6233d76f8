/**
 * Per-connection counters of the message stream, and a revision that changes when the buffers do.
 * Written once per animation frame by the ingest path (and once a second for rates), never per message.
 * Components select one connection's numbers; lists read the buffers themselves when `rev` changes.
 */
import { create } from 'zustand';
import { EMPTY_STATS, type LiveStats } from '../data/session';

interface LiveState {
  /** Updated on every commit (at most once per frame): for the message list. */
  byId: Record<string, LiveStats>;
  /**
   * The same numbers, updated at most every SLOW_COMMIT_INTERVAL_MS (src/data/session) (and always once after the last
   * change): for aggregates a person reads, not watches scroll (status bar, topic tree). Written in the same
   * store update as `byId`, so it never adds a React commit.
   */
  slowById: Record<string, LiveStats>;
}


export const useLiveStore = create<LiveState>()(() => ({ byId: {}, slowById: {} }));

export const useLiveStats = (id: string): LiveStats => useLiveStore((s) => s.byId[id] ?? EMPTY_STATS);
export const useLiveRev = (id: string): number => useLiveStore((s) => s.byId[id]?.rev ?? 0);
export const useSlowLiveStats = (id: string): LiveStats => useLiveStore((s) => s.slowById[id] ?? EMPTY_STATS);
export const useSlowLiveRev = (id: string): number => useLiveStore((s) => s.slowById[id]?.rev ?? 0);
