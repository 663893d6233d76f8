/**
 * The commands of history and recordings: on, off, budget, clear; record, export, import, open with no
 * broker (with a time slider), replay into a broker. Part of the session's actions (see appSession).
 */
import { storedSize, toReceived } from '../data/history/chunks';
import type { RecordingInfo } from '../data/history/historyDb';
import type { ParsedRecording } from '../data/history/recordingFile';
import type { ReplaySpeed } from '../data/history/replay';
import type { Session } from '../data/session';
import { systemTimers } from '../mqtt/timers';
import { validateTopicFilter, validateTopicName } from '../mqtt/topic';
import type { ReceivedMessage } from '../mqtt/types';
import { useHistoryStore } from './history';
import { newId } from './ids';
import type { Profile } from './profileModel';
import { useProfilesStore } from './profiles';

/** Messages of a recording opened as a connection, at most (the slider still spans all of it). */
export const MAX_OPENED_MESSAGES = 200_000;

export interface ImportResult {
  recording: RecordingInfo | null;
  parsed: Pick<ParsedRecording, 'problems' | 'refused'>;
  /** Why nothing was imported. */
  error?: string;
}

const stoppers = new Map<string, () => void>();

/** Recording files read at most (a million messages of a few hundred bytes). */
export const MAX_RECORDING_FILE_BYTES = 300_000_000;

/** Why a recording file is refused by its size alone (before it is read), or null. */
export function recordingTooLarge(size: number): string | null {
  return size > MAX_RECORDING_FILE_BYTES
    ? `This file is ${(size / 1_000_000).toFixed(0)} MB: recordings of up to ${MAX_RECORDING_FILE_BYTES / 1_000_000} MB are read. Split it, or record fewer topics.`
    : null;
}

export function createHistoryActions(session: Session, profileOf: (id: string) => Profile | undefined, applySettings: (profile: Profile) => void) {
  const keeper = session.history;
  const store = () => keeper?.store ?? Promise.resolve(null);
  const setRecording = (id: string, info: RecordingInfo | null, error: string | null) =>
    useHistoryStore.setState((s) => ({ recording: { ...s.recording, [id]: { info, error } } }));

  const actions = {
    async refreshRecordings(): Promise<void> {
      const db = await store();
      if (db) useHistoryStore.setState({ recordings: await db.recordings() });
    },

    /** Starts recording connection `profileId`; returns why not. */
    async startRecording(profileId: string, name: string, filter: string): Promise<string | null> {
      if (!keeper) return 'This page keeps no history.';
      const fault = validateTopicFilter(filter);
      if (fault) return fault;
      const trimmed = name.trim() || `Recording ${new Date().toLocaleString('en-GB')}`;
      const error = await keeper.startRecording(profileId, newId('rec'), trimmed, filter);
      if (!error) await actions.refreshRecordings();
      return error;
    },

    async stopRecording(profileId: string): Promise<void> {
      await keeper?.stopRecording(profileId);
      setRecording(profileId, null, null);
      await actions.refreshRecordings();
    },

    /** A recording as a JSON Lines file's text. */
    async exportRecording(recordingId: string): Promise<{ name: string; text: string } | null> {
      const db = await store();
      const info = await db?.recording(recordingId);
      if (!db || !info) return null;
      const messages = await db.recorded(recordingId);
      // the file format and the replay load when first used, not with the page
      const { recordingLines } = await import('../data/history/recordingFile');
      return { name: info.name, text: recordingLines({ name: info.name, filter: info.filter }, messages) };
    },

    /** Reads a JSON Lines file into a new recording: bad lines are refused by number, the rest kept. */
    async importRecording(text: string, fileName: string): Promise<ImportResult> {
      const tooLarge = recordingTooLarge(text.length);
      if (tooLarge) return { recording: null, parsed: { problems: [], refused: 0 }, error: tooLarge };
      const { parseRecording } = await import('../data/history/recordingFile');
      // read in slices, the page drawing between them: a big file does not freeze it
      const parsed = await parseRecording(text, () => new Promise((resolve) => setTimeout(resolve, 0)));
      const report = { problems: parsed.problems, refused: parsed.refused };
      if (parsed.messages.length === 0) return { recording: null, parsed: report, error: `${fileName} holds no message this app can read, so nothing was imported.` };
      const db = await store();
      if (!db) return { recording: null, parsed: report, error: 'This browser refused to store data for this page, so recordings cannot be kept.' };
      const id = newId('rec');
      const messages = parsed.messages.map((m) => ({ ...m, dup: false }));
      let bytes = 0;
      for (const m of messages) bytes += storedSize(m.topic, m.payload);
      const info: RecordingInfo = {
        id,
        name: parsed.header?.name || fileName.replace(/\.jsonl?$/i, ''),
        profile: '',
        filter: parsed.header?.filter ?? '#',
        startedAt: (messages[0] as { at: number }).at,
        endedAt: (messages[messages.length - 1] as { at: number }).at,
        count: messages.length,
        bytes,
      };
      try {
        await db.saveRecording(info, messages);
      } catch (error) {
        return { recording: null, parsed: report, error: `The recording could not be stored: ${error instanceof Error ? error.message : String(error)}` };
      }
      await actions.refreshRecordings();
      return { recording: info, parsed: report };
    },

    async deleteRecording(recordingId: string): Promise<void> {
      const db = await store();
      await db?.deleteRecording(recordingId);
      await actions.refreshRecordings();
    },

    /** Opens a recording as a connection of its own (no broker): every view shows it, up to a time. */
    async openRecording(recordingId: string): Promise<string | null> {
      const db = await store();
      const info = await db?.recording(recordingId);
      if (!db || !info) return null;
      const profiles = useProfilesStore.getState();
      const existing = Object.entries(useHistoryStore.getState().opened).find(([, o]) => o.recordingId === recordingId)?.[0];
      const profile = (existing ? profileOf(existing) : undefined) ?? profiles.addUnsaved({ name: `Recording: ${info.name}`, history: { mode: 'off', budgetMB: 256 }, reconnectOnLoad: false, subscriptions: [] });
      profiles.select(profile.id);
      useHistoryStore.setState((s) => ({
        opened: { ...s.opened, [profile.id]: { recordingId, name: info.name, start: info.startedAt, end: info.endedAt, until: info.endedAt, count: info.count } },
      }));
      await actions.seekRecording(profile.id, info.endedAt);
      return profile.id;
    },

    /** Shows an opened recording's messages up to time `until`. */
    async seekRecording(profileId: string, until: number): Promise<void> {
      const opened = useHistoryStore.getState().opened[profileId];
      const db = await store();
      const profile = profileOf(profileId);
      if (!opened || !db || !profile) return;
      useHistoryStore.setState((s) => ({ opened: { ...s.opened, [profileId]: { ...opened, until } } }));
      const messages = await db.recorded(opened.recordingId, 0, MAX_OPENED_MESSAGES);
      session.resetData(profileId);
      applySettings(profile);
      const shown: ReceivedMessage[] = [];
      for (const m of messages) {
        if (m.at > until) break;
        shown.push(toReceived(profileId, m));
      }
      session.ingestStored(profileId, shown);
    },

    /** Replays a recording into connection `targetId`; returns why not. */
    async replayRecording(recordingId: string, targetId: string, speed: ReplaySpeed, prefix: { from: string; to: string }): Promise<string | null> {
      const db = await store();
      const info = await db?.recording(recordingId);
      if (!db || !info) return 'That recording is gone.';
      if (prefix.to && validateTopicName(prefix.to + 'x') !== null) return `The new prefix: ${validateTopicName(prefix.to + 'x')}`;
      if (session.manager.get(targetId)?.status.state !== 'connected') return 'Connect to the broker to replay into first.';
      stoppers.get(recordingId)?.();
      const { startReplay } = await import('../data/history/replay');
      const stop = startReplay({
        total: info.count,
        read: (from, limit) => db.recorded(recordingId, from, limit),
        publish: (m) => {
          // a subscription identifier and a topic alias belonged to the recorded connection
          const { subscriptionIdentifier: _sid, topicAlias: _alias, ...properties } = m.props ?? {};
          const sent = session.publish(targetId, { topic: m.topic, payload: m.payload, qos: m.qos, retain: m.retain, ...(Object.keys(properties).length ? { properties } : {}) });
          return sent ? null : 'The connection is gone.';
        },
        speed,
        prefix,
        timers: systemTimers,
        onProgress: (progress) => {
          useHistoryStore.setState((s) => ({ replays: { ...s.replays, [recordingId]: progress } }));
          if (progress.done) stoppers.delete(recordingId);
        },
      });
      stoppers.set(recordingId, stop);
      useHistoryStore.setState((s) => ({ replays: { ...s.replays, [recordingId]: { sent: 0, total: info.count, done: false } } }));
      return null;
    },

    stopReplay(recordingId: string): void {
      stoppers.get(recordingId)?.();
    },
  };
  return actions;
}
