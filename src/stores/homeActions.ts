/**
 * The commands of the Home and Discovery views: settings, pinned values, switch commands, removing
 * discovery configs (an empty retained message each), alerts. Part of the session's actions.
 */
import type { HomeSettings, PinnedValue } from '../data/home/settings';
import type { Tile } from '../data/home/tiles';
import { coveredTopics, extraWatches } from '../data/home/watches';
import { clearRetainedTopics, type ClearResult } from '../data/retained';
import type { Session } from '../data/session';
import { validateTopicName } from '../mqtt/topic';
import { newId } from './ids';
import type { Profile } from './profileModel';
import { useProfilesStore } from './profiles';

export type { ClearResult as RemoveResult } from '../data/retained';

export function createHomeActions(session: Session, profileOf: (id: string) => Profile | undefined) {
  const actions = {
    /** Applies the Home settings: discovery prefix, and watches for pinned values and device telemetry. */
    applyHome(profileId: string): void {
      const profile = profileOf(profileId);
      if (!profile) return;
      const data = session.data(profileId);
      data.home.settle();
      session.setHome(profileId, profile.home.discoveryPrefix, extraWatches(profile.home, data.devices.devices.values(), coveredTopics(data.home)));
    },

    /** Changes Home settings; returns why not, field by field. */
    updateHome(profileId: string, patch: Partial<HomeSettings>): string[] | null {
      const profile = profileOf(profileId);
      if (!profile) return ['This connection no longer exists.'];
      const problems = useProfilesStore.getState().update(profileId, { home: { ...profile.home, ...patch } });
      if (!problems) actions.applyHome(profileId);
      return problems;
    },

    /** Pins a value (a topic and a JSON path) to the Home view. */
    pinValue(profileId: string, topic: string, path: string, name: string, unit: string): string[] | null {
      const profile = profileOf(profileId);
      if (!profile) return ['This connection no longer exists.'];
      if (profile.home.pinned.some((p) => p.topic === topic && p.path === path)) return null;
      const pinned: PinnedValue = { id: newId('pin'), topic, path, name, unit };
      return actions.updateHome(profileId, { pinned: [...profile.home.pinned, pinned] });
    },

    unpin(profileId: string, id: string): void {
      const profile = profileOf(profileId);
      if (profile) actions.updateHome(profileId, { pinned: profile.home.pinned.filter((p) => p.id !== id) });
    },

    /** Publishes a switch tile's command (payload_on or payload_off to its command_topic). */
    async switchTile(profileId: string, tile: Tile, on: boolean): Promise<string | null> {
      if (!tile.command) return 'This tile has no command topic.';
      const fault = validateTopicName(tile.command.topic);
      if (fault) return fault;
      const sent = session.publish(profileId, { topic: tile.command.topic, payload: on ? tile.command.on : tile.command.off, qos: 0, retain: false });
      if (!sent) return 'Not connected.';
      const record = await sent.done;
      return record.outcome === 'sent' || record.outcome === 'acknowledged' ? null : (record.detail ?? 'The broker did not take it.');
    },

    /** Removes discovery configs: an empty retained message to each, at QoS 1, each answered. */
    removeConfigs(profileId: string, topics: readonly string[]): Promise<ClearResult[]> {
      return clearRetained(session, profileId, topics);
    },

    clearAlerts(profileId: string): void {
      session.data(profileId).alerts.clear();
      session.touch(profileId);
    },
  };
  return actions;
}

/** Clears the retained message of each topic on connection `profileId` (see clearRetainedTopics). */
export function clearRetained(session: Session, profileId: string, topics: readonly string[], onProgress?: (done: number, total: number) => void): Promise<ClearResult[]> {
  const publish = (topic: string) => session.publish(profileId, { topic, payload: '', qos: 1, retain: true })?.done ?? null;
  const cleared = (topic: string) => session.data(profileId).topics.forgetRetained(topic);
  return clearRetainedTopics(topics, publish, cleared, (done, total) => {
    session.touch(profileId);
    onProgress?.(done, total);
  });
}
