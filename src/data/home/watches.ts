/** The values the Home view watches besides discovered entities, and the topics discovery already covers. */
import type { DeviceRecord } from '../devices';
import { deviceValues } from '../deviceValues';
import { pathWatch, type HomeData, type Watch } from './homeData';
import type { HomeSettings } from './settings';

/** The watches the Home view needs besides discovered entities: pinned values and device telemetry. */
export function extraWatches(settings: HomeSettings, devices: Iterable<DeviceRecord>, covered: ReadonlySet<string>): Watch[] {
  const watches: Watch[] = settings.pinned.map((p) => pathWatch(p.id, p.topic, p.path));
  for (const device of devices) {
    if (covered.has(device.presenceTopic)) continue;
    for (const value of deviceValues(device)) {
      if (covered.has(value.topic)) continue;
      watches.push(pathWatch(deviceTileId(value.topic, value.path), value.topic, value.path));
    }
  }
  return watches;
}

export const deviceTileId = (topic: string, path: string) => `dev:${topic}|${path}`;

/** Topics discovery already covers (state and availability topics of its entities). */
export function coveredTopics(home: HomeData): Set<string> {
  const covered = new Set<string>();
  for (const e of home.entities.values()) {
    if (e.stateTopic) covered.add(e.stateTopic);
    for (const a of e.availability) covered.add(a.topic);
  }
  return covered;
}
