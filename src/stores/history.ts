/**
 * What the page shows of each profile's history (kept in the browser by src/data/history): whether the
 * browser keeps it, the writer's state and counts, what the last reload brought back. Written by the
 * history keeper when something changes (a batch written, a reload restored), never per message.
 */
import { create } from 'zustand';
import type { HistoryStatus } from '../data/history/historyKeeper';

interface HistoryState {
  byId: Record<string, HistoryStatus>;
  /** The browser's storage figures for this site, when asked. */
  estimate: { usage: number; quota: number; persisted: boolean } | null;
}

export const useHistoryStore = create<HistoryState>()(() => ({ byId: {}, estimate: null }));

export const useHistoryStatus = (id: string): HistoryStatus | undefined => useHistoryStore((s) => s.byId[id]);
