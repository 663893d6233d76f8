/**
 * The page's one Session, and the commands the UI calls. Commands read the profile from its store, so a
 * component only passes ids and what the user typed.
 */
import { mixedContentProblem } from '../mqtt/brokerUrl';
import { profileProblems, type ProfileProblems } from './profileOptions';
import { validateTopicFilter } from '../mqtt/topic';
import { nextColor } from '../data/palette';
import { lineLabel, type SeriesSpec } from '../data/charts';
import { guessUnit } from '../data/extract';
import { newId } from './ids';
import { useViewsStore } from './views';
import type { QoS, SubscriptionOptions } from '../mqtt/types';
import { useProfilesStore, type Profile } from './profiles';
import { Session } from './session';

export const session = new Session();

declare global {
  interface Window {
    /** For debugging in the console and for `npm run bench`: the page's session and profiles. */
    mqttscope?: { session: Session; profiles: typeof useProfilesStore };
  }
}
if (typeof window !== 'undefined') window.mqttscope = { session, profiles: useProfilesStore };

if (import.meta.hot) {
  // Editing the session module replaces it: close this one's sockets and timers first.
  import.meta.hot.dispose(() => session.destroy());
}

function profileOf(id: string) {
  return useProfilesStore.getState().profiles.find((p) => p.id === id);
}

export const sessionActions = {
  /** Connects, or returns what is wrong with the profile, field by field (and sends nothing). */
  connect(profileId: string): ProfileProblems | null {
    const profile = profileOf(profileId);
    if (!profile) return { url: 'This connection no longer exists.' };
    const problems = profileProblems(profile);
    const mixed = !problems.url && typeof location !== 'undefined' ? mixedContentProblem(profile.url.trim(), location.protocol) : null;
    if (mixed) problems.url = mixed;
    if (Object.keys(problems).length > 0) return problems;
    session.connect(profile);
    return null;
  },

  disconnect(profileId: string): Promise<void> {
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

  clearMessages(profileId: string): void {
    session.clearMessages(profileId);
  },

  setMessageCap(profileId: string, cap: number): void {
    useProfilesStore.getState().update(profileId, { messageCap: cap });
    session.setMessageCap(profileId, cap);
  },

  /** Publishes an empty retained message, which deletes the retained message the broker holds. */
  async clearRetained(profileId: string, topic: string): Promise<void> {
    const sent = session.publish(profileId, { topic, payload: '', qos: 1, retain: true });
    if (!sent) throw new Error('Not connected.');
    const record = await sent.done;
    if (record.outcome !== 'acknowledged') throw new Error(record.detail ?? 'The broker did not acknowledge it.');
    session.data(profileId).topics.forgetRetained(topic);
  },

  /** Changes presence settings; rule changes rebuild the devices from the messages kept. */
  updatePresence(profileId: string, patch: Partial<Profile['presence']>): void {
    const profile = profileOf(profileId);
    if (!profile) return;
    useProfilesStore.getState().update(profileId, { presence: { ...profile.presence, ...patch } });
    const updated = profileOf(profileId);
    if (updated) session.applyPresenceRules(updated);
  },

  /**
   * "Chart" on a value: adds a series for this topic (or filter) and field path to a panel whose unit
   * matches (a second unit gets the second axis), or to a new panel; then shows the charts.
   */
  chartValue(profileId: string, filter: string, path: string, options: { booleans?: boolean } = {}): void {
    const profile = profileOf(profileId);
    if (!profile) return;
    const unit = guessUnit(path, filter);
    const panels = profile.charts.panels;
    const existing = panels.flatMap((p) => p.series).find((s) => s.filter === filter && s.path === path);
    if (!existing) {
      const color = nextColor(panels.flatMap((p) => p.series.map((s) => s.color)));
      const series: SeriesSpec = { id: newId('s'), filter, path, color, unit, booleans: options.booleans ?? false };
      const fits = panels.find((p) => {
        const units = new Set(p.series.map((s) => s.unit));
        return units.has(unit) || units.size < 2;
      });
      const nextPanels = fits
        ? panels.map((p) => (p === fits ? { ...p, series: [...p.series, series] } : p))
        : [...panels, { id: newId('panel'), title: lineLabel(filter.split('/').slice(-2).join('/'), path), window: '5m' as const, series: [series] }];
      useProfilesStore.getState().update(profileId, { charts: { ...profile.charts, panels: nextPanels } });
      const updated = profileOf(profileId);
      if (updated) session.applyCharts(updated);
    }
    useViewsStore.getState().setView(profileId, 'charts');
  },

  /** Changes the chart layout (panels, series, windows, capacity) and applies it. */
  updateCharts(profileId: string, charts: Profile['charts']): void {
    useProfilesStore.getState().update(profileId, { charts });
    const updated = profileOf(profileId);
    if (updated) session.applyCharts(updated);
  },

  clearTopics(profileId: string): void {
    session.clearTopics(profileId);
  },

  removeProfile(profileId: string): void {
    session.remove(profileId);
    useProfilesStore.getState().remove(profileId);
  },
};
