/** What a profile keeps of its Home view: discovery prefix, grouping, tile order and rooms, pinned values, alerts. */

export interface PinnedValue {
  id: string;
  topic: string;
  path: string;
  name: string;
  unit: string;
}

export type AlertKind = 'above' | 'below' | 'silent' | 'offline';

export interface AlertRule {
  id: string;
  /** A tile id, or "*" for every tile (device went offline). */
  tile: string;
  kind: AlertKind;
  /** above / below: the limit. */
  threshold: number;
  /** How long the condition must hold (silent: how long without a message), seconds. */
  forSec: number;
  enabled: boolean;
}

export interface HomeSettings {
  discoveryPrefix: string;
  groupBy: 'device' | 'room';
  /** Tile ids in the order the user put them (tiles not listed follow, by name). */
  order: string[];
  /** Room labels the user gave, by tile id (over the area from discovery). */
  rooms: Record<string, string>;
  pinned: PinnedValue[];
  alerts: AlertRule[];
  /** Ask before a switch tile publishes its command. */
  confirmCommands: boolean;
  /** Browser notifications for alerts. */
  notifications: boolean;
}

export const DEFAULT_ALERTS: AlertRule[] = [{ id: 'any-offline', tile: '*', kind: 'offline', threshold: 0, forSec: 0, enabled: true }];

export const DEFAULT_HOME: HomeSettings = {
  discoveryPrefix: 'homeassistant',
  groupBy: 'device',
  order: [],
  rooms: {},
  pinned: [],
  alerts: DEFAULT_ALERTS,
  confirmCommands: true,
  notifications: false,
};
