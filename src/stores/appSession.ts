/**
 * The page's session wired to the stores: a Session (src/data) writing through the zustand adapter, and
 * the commands the UI calls. Commands read the profile from its store, so a component passes only ids and
 * what the user typed. Features get both through `sessionContext` (never this module), so a test can give
 * them a session of its own.
 */
import { mixedContentProblem } from '../mqtt/brokerUrl';
import type { SubscriptionRequest } from '../mqtt/connectionManager';
import type { PublishRecord, PublishRequest } from '../mqtt/publishTracker';
import { validateTopicFilter } from '../mqtt/topic';
import type { QoS, SubscriptionOptions } from '../mqtt/types';
import { addSeries, MAX_LINES_PER_SERIES, placeSeries, type SeriesPlacement, type SeriesSpec } from '../data/charts';
import { guessUnit } from '../data/extract';
import { nextColor } from '../data/palette';
import { activeRules } from '../data/presence';
import { readsPath } from '../data/discovery/readsPath';
import { HistoryKeeper } from '../data/history/historyKeeper';
import { Session, type SessionOptions, type SessionSink } from '../data/session';
import type { Downsampled } from '../data/series';
import { systemTimers } from '../mqtt/timers';
import { useHistoryStore } from './history';
import { createHistoryActions } from './historyActions';
import { clearRetained, createHomeActions } from './homeActions';
import type { ClearResult } from '../data/retained';
import { useConnectionsStore } from './connections';
import { newId } from './ids';
import { useLiveStore } from './live';
import { connectionKey, profileProblems, toConnectionOptions, type ProfileProblems } from './profileOptions';
import { useProfilesStore } from './profiles';
import type { Profile } from './profileModel';
import { usePublishStore } from './publish';
import { useViewsStore } from './views';

/** The Session's sink as zustand stores: one store update per sink call. */
export const zustandSink: SessionSink = {
  status: (id, status) => useConnectionsStore.getState().setStatus(id, status),
  subscriptions: (id, subscriptions) => useConnectionsStore.getState().setSubscriptions(id, subscriptions),
  log: (id, entry) => useConnectionsStore.getState().appendLog(id, entry),
  live: (fast, slow) =>
    useLiveStore.setState((s) => ({ byId: { ...s.byId, ...fast }, slowById: slow ? { ...s.slowById, ...slow } : s.slowById })),
  publishing: (changes) =>
    usePublishStore.setState((s) => {
      const sentRev = { ...s.sentRev };
      for (const id of Object.keys(changes)) sentRev[id] = (sentRev[id] ?? 0) + 1;
      return { sentRev, repeats: { ...s.repeats, ...changes } };
    }),
  forget: (id) => {
    useConnectionsStore.getState().forget(id);
    useLiveStore.setState((s) => {
      const { [id]: _gone, ...rest } = s.byId;
      const { [id]: _slowGone, ...slowRest } = s.slowById;
      return { byId: rest, slowById: slowRest };
    });
  },
};

export interface ChartValueOptions {
  /** ON/OFF and true/false as 1/0. */
  booleans?: boolean;
}

export type SessionActions = ReturnType<typeof createActions>;

export interface AppSession {
  session: Session;
  actions: SessionActions;
}

function profileOf(id: string): Profile | undefined {
  return useProfilesStore.getState().profiles.find((p) => p.id === id);
}

const MB = 1_048_576;

/**
 * The unit of a value: what Home Assistant discovery says for that topic and field (the entity whose
 * template reads it), else a guess from the field's name.
 */
function unitOf(session: Session, profileId: string, topic: string, path: string): string {
  for (const e of session.data(profileId).home.entities.values()) if (e.stateTopic === topic && e.unit && readsPath(e, path)) return e.unit;
  return guessUnit(path, topic);
}

function createActions(session: Session) {
  const applyHistory = (profile: Profile) => {
    const unsaved = useProfilesStore.getState().unsavedIds.includes(profile.id);
    void session.history?.configure(profile.id, profile.history.mode === 'on' && !unsaved, profile.history.budgetMB * MB);
  };
  const applyPresence = (profile: Profile) => session.setPresenceRules(profile.id, activeRules(profile.presence.custom, profile.presence.disabledPresets));
  const applyCharts = (profile: Profile) =>
    session.setCharts(
      profile.id,
      profile.charts.panels.flatMap((p) => p.series),
      profile.charts.capacity,
    );
  const applyDecoders = (profile: Profile) => void session.setDecoders(profile.id, profile.decoders);
  const reapply = (profileId: string, apply: (profile: Profile) => void) => {
    const updated = profileOf(profileId);
    if (updated) apply(updated);
  };

  const home = createHomeActions(session, profileOf);
  const actions = {
    ...home,
    ...createHistoryActions(session, profileOf, (profile) => {
      applyDecoders(profile);
      applyPresence(profile);
      applyCharts(profile);
    }),

    /** Connects, or returns what is wrong with the profile, field by field (and sends nothing). */
    connect(profileId: string): ProfileProblems | null {
      const profile = profileOf(profileId);
      if (!profile) return { url: 'This connection no longer exists.' };
      const problems = profileProblems(profile);
      const mixed = !problems.url && typeof location !== 'undefined' ? mixedContentProblem(profile.url.trim(), location.protocol) : null;
      if (mixed) problems.url = mixed;
      if (Object.keys(problems).length > 0) return problems;
      applyDecoders(profile);
      applyPresence(profile);
      applyCharts(profile);
      actions.openHistory(profileId);
      home.applyHome(profileId);
      const subscriptions: SubscriptionRequest[] = profile.subscriptions.map((s) => ({ filter: s.filter, qos: s.qos, ...(s.options ? { options: s.options } : {}) }));
      session.connect(profile.id, toConnectionOptions(profile), subscriptions, profile.messageCap);
      useConnectionsStore.getState().setOpenedWith(profile.id, connectionKey(profile));
      useProfilesStore.getState().markOpen(profile.id, true);
      return null;
    },

    /** Closes cleanly; a reload will not open it again. */
    disconnect(profileId: string): Promise<void> {
      useProfilesStore.getState().markOpen(profileId, false);
      return session.disconnect(profileId);
    },

    /** Validates, saves with the profile, and subscribes (now, or when connected). */
    subscribe(profileId: string, filter: string, qos: QoS, options?: SubscriptionOptions): string | null {
      const fault = validateTopicFilter(filter);
      if (fault) return fault;
      const request = { filter, qos, ...(options ? { options } : {}) };
      session.subscribe(profileId, request);
      const saved = profileOf(profileId)?.subscriptions ?? [];
      const color = saved.find((s) => s.filter === filter)?.color ?? nextColor(saved.map((s) => s.color));
      useProfilesStore.getState().addSubscription(profileId, { ...request, color });
      return null;
    },

    unsubscribe(profileId: string, filter: string): void {
      session.unsubscribe(profileId, filter);
      useProfilesStore.getState().removeSubscription(profileId, filter);
    },

    /** Publishes; the record (null without a connection) fills in as its packets come and go. */
    publish(profileId: string, request: PublishRequest): { record: PublishRecord; done: Promise<PublishRecord> } | null {
      return session.publish(profileId, request);
    },

    startRepeat(profileId: string, intervalMs: number, make: (n: number) => PublishRequest | null): void {
      session.startRepeat(profileId, intervalMs, make);
    },

    stopRepeat(profileId: string): void {
      session.stopRepeat(profileId);
    },

    clearMessages(profileId: string): void {
      session.clearMessages(profileId);
    },

    setMessageCap(profileId: string, cap: number): void {
      useProfilesStore.getState().update(profileId, { messageCap: cap });
      session.setMessageCap(profileId, cap);
    },

    /** Publishes an empty retained message, which deletes the retained message the broker holds. */
    async clearRetained(profileId: string, topic: string): Promise<void> {
      const [result] = await clearRetained(session, profileId, [topic]);
      if (result?.error) throw new Error(result.error);
    },

    /** Clears every topic's retained message, in batches, saying how far it got; a result per topic. */
    clearRetainedMany(profileId: string, topics: readonly string[], onProgress?: (done: number, total: number) => void): Promise<ClearResult[]> {
      return clearRetained(session, profileId, topics, onProgress);
    },

    /**
     * Forgets a device: an empty retained message to its presence topic clears the state the broker holds
     * (a ghost left by a device that is gone), then the card goes.
     */
    async forgetDevice(profileId: string, key: string): Promise<void> {
      const devices = session.data(profileId).devices;
      const device = devices.devices.get(key);
      if (!device) return;
      const sent = session.publish(profileId, { topic: device.presenceTopic, payload: '', qos: 1, retain: true });
      if (!sent) throw new Error('Not connected.');
      const record = await sent.done;
      if (record.outcome !== 'acknowledged') throw new Error(record.detail ?? 'The broker did not acknowledge it.');
      devices.forget(key, Date.now());
      session.touch(profileId);
    },

    /** Changes which decoder reads which topic; what is kept is decoded again. Returns the schema's refusals. */
    updateDecoders(profileId: string, decoders: Profile['decoders']): string[] | null {
      const problems = useProfilesStore.getState().update(profileId, { decoders });
      if (!problems) reapply(profileId, applyDecoders);
      return problems;
    },

    /** Changes presence settings; rule changes rebuild the devices from the messages kept. */
    updatePresence(profileId: string, patch: Partial<Profile['presence']>): string[] | null {
      const profile = profileOf(profileId);
      if (!profile) return ['This connection no longer exists.'];
      const problems = useProfilesStore.getState().update(profileId, { presence: { ...profile.presence, ...patch } });
      if (!problems) reapply(profileId, applyPresence);
      return problems;
    },

    /**
     * "Chart" on a value: where its series would go (see placeSeries). Unless the user must choose
     * ('ask'), the series is added there and the charts are shown.
     */
    chartValue(profileId: string, filter: string, path: string, options: ChartValueOptions = {}): SeriesPlacement {
      const profile = profileOf(profileId);
      if (!profile) return { kind: 'new' };
      const placement = placeSeries(profile.charts.panels, filter, path, unitOf(session, profileId, filter, path));
      if (placement.kind === 'ask') return placement;
      if (placement.kind === 'exists') useViewsStore.getState().showPanel(profileId, placement.panelId);
      else actions.addSeriesTo(profileId, filter, path, placement.kind === 'join' ? placement.panelId : 'new', options);
      return placement;
    },

    /** Adds a series for `filter` and `path` to panel `target` ('new': a panel of its own), then shows it. */
    addSeriesTo(profileId: string, filter: string, path: string, target: string | 'new', options: ChartValueOptions = {}): void {
      const profile = profileOf(profileId);
      if (!profile) return;
      const panels = profile.charts.panels;
      const color = nextColor(panels.flatMap((p) => p.series.map((s) => s.color)));
      const series: SeriesSpec = { id: newId('s'), filter, path, color, unit: unitOf(session, profileId, filter, path), booleans: options.booleans ?? false };
      const panelId = target === 'new' ? newId('panel') : target;
      actions.updateCharts(profileId, { ...profile.charts, panels: addSeries(panels, series, target, panelId) });
      useViewsStore.getState().showPanel(profileId, panelId);
    },

    /** Changes the chart layout (panels, series, windows, capacity) and applies it; returns why not. */
    updateCharts(profileId: string, charts: Profile['charts']): string[] | null {
      const problems = useProfilesStore.getState().update(profileId, { charts });
      if (!problems) reapply(profileId, applyCharts);
      return problems;
    },

    clearTopics(profileId: string): void {
      session.clearTopics(profileId);
    },

    setCapturing(profileId: string, on: boolean): void {
      session.setCapturing(profileId, on);
    },

    clearCapture(profileId: string): void {
      session.clearCapture(profileId);
    },

    /**
     * Starts keeping profile `profileId`'s history when it is on, and once per page, before any live
     * message, brings back what was stored (a connect waits for it).
     */
    openHistory(profileId: string): void {
      const profile = profileOf(profileId);
      if (!profile || !session.history) return;
      applyDecoders(profile);
      applyPresence(profile);
      applyCharts(profile);
      applyHistory(profile);
      home.applyHome(profileId);
      const data = session.data(profileId);
      if (profile.history.mode === 'on' && data.log.received === 0 && data.log.ring.length === 0) void session.restoreHistory(profileId);
    },

    /** Changes the history settings (on, off, ask; budget) and applies them; returns why not. */
    setHistory(profileId: string, patch: Partial<Profile['history']>): string[] | null {
      const profile = profileOf(profileId);
      if (!profile) return ['This connection no longer exists.'];
      const problems = useProfilesStore.getState().update(profileId, { history: { ...profile.history, ...patch } });
      if (!problems) reapply(profileId, applyHistory);
      return problems;
    },

    /** Forgets what is stored for this profile (what is on screen stays until cleared). */
    clearHistory(profileId: string): Promise<void> {
      return session.history?.clear(profileId) ?? Promise.resolve();
    },

    /** Starts writing again after storage ran out. */
    resumeHistory(profileId: string): void {
      session.history?.resume(profileId);
    },

    /** The stored lines of chart series over a long window, by "<series id>|<topic>" (empty: none kept). */
    readHistoryLines(profileId: string, series: readonly SeriesSpec[], start: number, end: number, buckets: number): Promise<Map<string, Downsampled>> {
      return session.history?.readLines(profileId, series, start, end, buckets, MAX_LINES_PER_SERIES) ?? Promise.resolve(new Map());
    },

    /** The browser's storage figures for this site, and asks it to keep them (persistent storage). */
    async storageEstimate(): Promise<void> {
      const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
      if (!storage?.estimate) return;
      const persisted = (await storage.persisted?.().catch(() => false)) || (await storage.persist?.().catch(() => false)) || false;
      const { usage = 0, quota = 0 } = await storage.estimate();
      useHistoryStore.setState({ estimate: { usage, quota, persisted } });
    },

    removeProfile(profileId: string): void {
      session.remove(profileId);
      useProfilesStore.getState().remove(profileId);
    },
  };
  return actions;
}

/** A session and its commands, writing to the app's stores. */
export function createAppSession(options: Partial<SessionOptions> = {}): AppSession {
  const session = new Session({ sink: zustandSink, ...options });
  return { session, actions: createActions(session) };
}

/** Whether this is a real browser page (not a unit test's jsdom): history lives there. */
const inBrowser = typeof window !== 'undefined' && typeof navigator !== 'undefined' && !/jsdom/i.test(navigator.userAgent);

/** The page's one session. */
export const appSession: AppSession = createAppSession(
  inBrowser
    ? {
        history: new HistoryKeeper({
          timers: systemTimers,
          onStatus: (id, status) => useHistoryStore.setState((s) => ({ byId: { ...s.byId, [id]: status } })),
          onRecording: (id, info, error) => useHistoryStore.setState((s) => ({ recording: { ...s.recording, [id]: { info, error: error ?? null } } })),
        }),
      }
    : {},
);

declare global {
  interface Window {
    /** For debugging in the console and for `npm run bench`: the page's session, commands and profiles. */
    mqttscope?: { session: Session; actions: SessionActions; profiles: typeof useProfilesStore };
  }
}
if (typeof window !== 'undefined') window.mqttscope = { session: appSession.session, actions: appSession.actions, profiles: useProfilesStore };

if (import.meta.hot) {
  // Editing the session module replaces it: close this one's sockets and timers first.
  import.meta.hot.dispose(() => appSession.session.destroy());
}
