/**
 * The browser's IndexedDB database that keeps history, through `idb` (a small kept wrapper: promises over
 * IndexedDB's requests, typed stores). One database for every profile; every key starts with the profile
 * id, so one profile's history is one key range (cleared in one call, never mixed with another's).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { QoS } from '../../mqtt/types';
import type { MessageChunk } from './chunks';
import type { PresenceState } from '../presence';

export const HISTORY_DB_NAME = 'mqttscope-history';
export const HISTORY_DB_VERSION = 1;

/** A chunk of a profile's messages (see chunks.ts). */
export interface StoredChunk extends MessageChunk {
  /** Profile (connection) id. */
  p: string;
}

/** What a profile's history holds: kept up to date by every write, read by the History view. */
export interface HistoryMeta {
  p: string;
  /** Sequence number of the oldest message kept, and of the next. */
  firstSeq: number;
  nextSeq: number;
  /** Bytes of messages and of chart points kept. */
  messageBytes: number;
  pointBytes: number;
  /** Dropped to stay within the budget, since the history was started or cleared. */
  dropped: number;
  droppedBytes: number;
  /** Time of the newest message kept. */
  lastAt: number;
  /** Times the page was closed: [last message before, first moment after], newest last. */
  gaps: Array<[number, number]>;
}

/** A block of one chart line's points, with a summary for long windows. */
export interface PointBlock {
  p: string;
  /** Line key: series filter, path, booleans and topic (see {@link lineKeyOf}). */
  l: string;
  /** Time of the first and last point. */
  s: number;
  e: number;
  n: number;
  /** SUMMARY_BUCKETS x [minT, minV, maxT, maxV, sum, count] over equal spans of [s, e]. */
  sum: Float64Array;
}

export interface PointData {
  p: string;
  l: string;
  s: number;
  t: Float64Array;
  v: Float64Array;
}

export interface RecordingInfo {
  id: string;
  name: string;
  /** The connection it was recorded on ('' when imported). */
  profile: string;
  /** Topic filter recorded ('#' for everything). */
  filter: string;
  startedAt: number;
  endedAt: number;
  count: number;
  bytes: number;
}

/** A chunk of a recording's messages. */
export interface RecordedChunk extends MessageChunk {
  /** Recording id. */
  r: string;
}

/**
 * A device's presence change, as the message that made it: kept apart from the messages (and from their
 * budget), so the devices and a day of their timelines come back whatever number of messages does.
 */
export interface StoredPresence {
  p: string;
  at: number;
  /** Device key. */
  k: string;
  to: PresenceState | 'removed';
  topic: string;
  payload: Uint8Array;
  qos: QoS;
  retain: boolean;
}

export interface HistorySchema extends DBSchema {
  presence: { key: [string, number, string]; value: StoredPresence };
  messages: { key: [string, number]; value: StoredChunk };
  meta: { key: string; value: HistoryMeta };
  blocks: { key: [string, string, number]; value: PointBlock };
  blockData: { key: [string, string, number]; value: PointData };
  recordings: { key: string; value: RecordingInfo };
  recorded: { key: [string, number]; value: RecordedChunk };
}

export type HistoryDb = IDBPDatabase<HistorySchema>;

/** Opens (creating when new) the history database; rejects when the browser refuses IndexedDB. */
export function openHistoryDb(): Promise<HistoryDb> {
  return openDB<HistorySchema>(HISTORY_DB_NAME, HISTORY_DB_VERSION, {
    upgrade(db) {
      db.createObjectStore('messages', { keyPath: ['p', 's'] });
      db.createObjectStore('meta', { keyPath: 'p' });
      db.createObjectStore('blocks', { keyPath: ['p', 'l', 's'] });
      db.createObjectStore('blockData', { keyPath: ['p', 'l', 's'] });
      db.createObjectStore('recordings', { keyPath: 'id' });
      db.createObjectStore('recorded', { keyPath: ['r', 's'] });
      db.createObjectStore('presence', { keyPath: ['p', 'at', 'k'] });
    },
  });
}

export function emptyMeta(p: string): HistoryMeta {
  return { p, firstSeq: 0, nextSeq: 0, messageBytes: 0, pointBytes: 0, dropped: 0, droppedBytes: 0, lastAt: 0, gaps: [] };
}
