/**
 * What the page shows of history and recordings (kept in the browser by src/data/history): per profile,
 * whether the browser keeps it, the writer's state and counts, what the last reload brought back, a
 * recording under way; the recordings stored; replays running; recordings opened as connections. Written
 * when something changes (a batch written, a reload restored), never per message.
 */
import { create } from 'zustand';
import type { RecordingInfo } from '../data/history/historyDb';
import type { HistoryStatus } from '../data/history/historyKeeper';
import type { ReplayProgress } from '../data/history/replay';

/** A recording opened as a connection of its own: its time span and the slider's position. */
export interface OpenedRecording {
  recordingId: string;
  name: string;
  start: number;
  end: number;
  /** Messages up to this time are shown. */
  until: number;
  count: number;
}

interface HistoryState {
  byId: Record<string, HistoryStatus>;
  /** The browser's storage figures for this site, when asked. */
  estimate: { usage: number; quota: number; persisted: boolean } | null;
  recordings: RecordingInfo[];
  /** The recording under way per connection (null: none), and why the last one stopped by itself. */
  recording: Record<string, { info: RecordingInfo | null; error: string | null }>;
  /** Replays by recording id. */
  replays: Record<string, ReplayProgress>;
  /** Recordings opened as connections, by profile id. */
  opened: Record<string, OpenedRecording>;
}

export const useHistoryStore = create<HistoryState>()(() => ({ byId: {}, estimate: null, recordings: [], recording: {}, replays: {}, opened: {} }));

export const useHistoryStatus = (id: string): HistoryStatus | undefined => useHistoryStore((s) => s.byId[id]);
export const useOpenedRecording = (id: string): OpenedRecording | undefined => useHistoryStore((s) => s.opened[id]);
