/**
 * The page's one Session, and the commands the UI calls. Commands read the profile from its store, so a
 * component only passes ids and what the user typed.
 */
import { mixedContentProblem } from '../mqtt/brokerUrl';
import { profileProblems, type ProfileProblems } from './profileOptions';
import { validateTopicFilter } from '../mqtt/topic';
import { nextColor } from '../shared/ui/palette';
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

  clearTopics(profileId: string): void {
    session.clearTopics(profileId);
  },

  removeProfile(profileId: string): void {
    session.remove(profileId);
    useProfilesStore.getState().remove(profileId);
  },
};
