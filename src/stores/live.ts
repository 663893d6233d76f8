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
  byId: Record<string, LiveStats>;
}

export const useLiveStore = create<LiveState>()(() => ({ byId: {} }));

export const useLiveStats = (id: string): LiveStats => useLiveStore((s) => s.byId[id] ?? EMPTY_STATS);
export const useLiveRev = (id: string): number => useLiveStore((s) => s.byId[id]?.rev ?? 0);
