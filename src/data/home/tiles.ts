/**
 * The Home view's tiles: one per discovered sensor, binary sensor or switch; one per value of a device the
 * presence rules found that discovery does not cover; one per value the user pinned. Each with its name,
 * value and unit, age, sparkline and online / offline / stale state, grouped by device or by room, in the
 * order the user chose. Rebuilt when the view draws (not per message).
 */
import type { DeviceTracker } from '../devices';
import { deviceValues } from '../deviceValues';
import type { DiscoveredEntity } from '../discovery/discovery';
import type { HomeData, Spark } from './homeData';
import type { HomeSettings } from './settings';
import { coveredTopics, deviceTileId } from './watches';

export type { AlertKind, AlertRule, HomeSettings, PinnedValue } from './settings';

export type TilePresence = 'online' | 'offline' | 'stale' | 'unknown';

export interface Tile {
  id: string;
  kind: 'number' | 'state' | 'text';
  source: 'discovery' | 'device' | 'pinned';
  name: string;
  deviceName: string;
  room: string;
  unit: string;
  /** The value as shown ("21.4", "on", "open"), '—' before any. */
  text: string;
  number: number | null;
  /** For state tiles: whether the state is on (true), off (false) or neither (null). */
  isOn: boolean | null;
  at: number;
  fromHistory: boolean;
  presence: TilePresence;
  spark: Spark | null;
  command: { topic: string; on: string; off: string } | null;
}

const TILE_COMPONENTS = new Set(['sensor', 'binary_sensor', 'switch', 'light', 'number', 'fan', 'lock', 'cover']);
/** Silent for this many usual intervals (and at least STALE_MIN_MS) is stale. */
export const STALE_INTERVALS = 3;
export const STALE_MIN_MS = 60_000;

/** Words for binary sensor states by device class (on / off). */
const ON_OFF_WORDS: Record<string, [string, string]> = {
  door: ['open', 'closed'],
  window: ['open', 'closed'],
  opening: ['open', 'closed'],
  garage_door: ['open', 'closed'],
  occupancy: ['detected', 'clear'],
  motion: ['detected', 'clear'],
  presence: ['home', 'away'],
  moisture: ['wet', 'dry'],
  smoke: ['detected', 'clear'],
  lock: ['unlocked', 'locked'],
  connectivity: ['connected', 'disconnected'],
  plug: ['plugged in', 'unplugged'],
  battery: ['low', 'normal'],
};

function presenceFrom(base: 'online' | 'offline' | 'unknown', at: number, intervalMs: number | null, now: number): TilePresence {
  if (base === 'offline') return 'offline';
  if (at > 0 && intervalMs !== null && now - at > Math.max(STALE_MIN_MS, STALE_INTERVALS * intervalMs)) return 'stale';
  return base;
}

function formatValue(value: string | number | boolean | null): string {
  if (value === null) return '—';
  if (typeof value === 'number') return String(Math.round(value * 1000) / 1000);
  return String(value);
}

/** An entity's name without its device's name in front ("bedroom AM2301 Temperature" on Bedroom: "AM2301 Temperature"). */
export function shortName(name: string, deviceName: string): string {
  const d = deviceName.trim().toLowerCase();
  if (d && name.toLowerCase().startsWith(`${d} `) && name.length > d.length + 1) return name.slice(d.length + 1);
  return name;
}

function entityTile(home: HomeData, e: DiscoveredEntity, settings: HomeSettings, now: number): Tile {
  const state = home.states.get(e.id);
  const binary = e.component === 'binary_sensor';
  const stateful = binary || e.component === 'switch' || e.component === 'light' || e.component === 'fan' || e.component === 'lock';
  let isOn: boolean | null = null;
  let text = formatValue(state?.value ?? null);
  if (stateful && state) {
    const raw = String(state.value);
    isOn = raw === e.stateOn || raw === e.payloadOn ? true : raw === e.stateOff || raw === e.payloadOff ? false : null;
    const words = ON_OFF_WORDS[e.deviceClass] ?? ['on', 'off'];
    if (isOn !== null) text = isOn ? words[0] : words[1];
  }
  const number = stateful ? (isOn === null ? null : isOn ? 1 : 0) : (state?.number ?? null);
  const commandable = (e.component === 'switch' || e.component === 'light' || e.component === 'fan') && e.commandTopic;
  return {
    id: e.id,
    kind: stateful ? 'state' : number !== null || !state ? 'number' : 'text',
    source: 'discovery',
    name: shortName(e.name, e.device?.name ?? ''),
    deviceName: e.device?.name ?? '',
    room: settings.rooms[e.id] ?? e.device?.area ?? '',
    unit: e.unit,
    text,
    number,
    isOn,
    at: state?.at ?? 0,
    fromHistory: state?.fromHistory ?? false,
    presence: presenceFrom(home.presenceOf(e), state?.at ?? 0, state?.intervalMs ?? null, now),
    spark: state?.spark ?? null,
    command: commandable ? { topic: e.commandTopic as string, on: e.payloadOn, off: e.payloadOff } : null,
  };
}

/** Every tile, in the user's order (then by group and name). */
export function buildTiles(home: HomeData, tracker: DeviceTracker, settings: HomeSettings, now: number, staleFactor: number): Tile[] {
  home.settle();
  const tiles: Tile[] = [];
  for (const e of home.entities.values()) {
    if (!TILE_COMPONENTS.has(e.component) || !e.stateTopic || e.fault) continue;
    tiles.push(entityTile(home, e, settings, now));
  }
  const covered = coveredTopics(home);
  for (const device of tracker.devices.values()) {
    if (covered.has(device.presenceTopic)) continue;
    const display = tracker.displayState(device, now, staleFactor);
    for (const value of deviceValues(device)) {
      if (covered.has(value.topic)) continue;
      const id = deviceTileId(value.topic, value.path);
      const state = home.states.get(id);
      tiles.push({
        id,
        kind: value.number === null ? 'text' : /^-?[\d.]+$/.test(value.text) ? 'number' : 'state',
        source: 'device',
        name: value.label,
        deviceName: device.name,
        room: settings.rooms[id] ?? '',
        unit: value.unit,
        text: value.text,
        number: value.number,
        isOn: null,
        at: state?.at ?? device.lastSeen,
        fromHistory: state?.fromHistory ?? false,
        presence: display === 'online' ? 'online' : display === 'offline' ? 'offline' : display === 'stale' ? 'stale' : 'unknown',
        spark: state?.spark ?? null,
        command: null,
      });
    }
  }
  for (const p of settings.pinned) {
    const state = home.states.get(p.id);
    tiles.push({
      id: p.id,
      kind: state && state.number === null ? 'text' : 'number',
      source: 'pinned',
      name: p.name,
      deviceName: p.topic.split('/').slice(0, 2).join('/'),
      room: settings.rooms[p.id] ?? '',
      unit: p.unit,
      text: formatValue(state?.value ?? null),
      number: state?.number ?? null,
      isOn: null,
      at: state?.at ?? 0,
      fromHistory: state?.fromHistory ?? false,
      presence: presenceFrom('unknown', state?.at ?? 0, state?.intervalMs ?? null, now),
      spark: state?.spark ?? null,
      command: null,
    });
  }
  const rank = new Map(settings.order.map((id, i) => [id, i]));
  const groupOf = (t: Tile) => (settings.groupBy === 'room' ? t.room || 'No room' : t.deviceName || 'Other');
  return tiles.sort((a, b) => {
    const ra = rank.get(a.id) ?? Infinity;
    const rb = rank.get(b.id) ?? Infinity;
    if (ra !== rb) return ra - rb;
    return groupOf(a).localeCompare(groupOf(b)) || a.name.localeCompare(b.name);
  });
}

/** Tiles in groups (by device or room), keeping their order within a group; groups in first-tile order. */
export function groupTiles(tiles: readonly Tile[], groupBy: 'device' | 'room'): Array<{ name: string; tiles: Tile[] }> {
  const groups = new Map<string, Tile[]>();
  for (const t of tiles) {
    const name = groupBy === 'room' ? t.room || 'No room' : t.deviceName || 'Other';
    const list = groups.get(name);
    if (list) list.push(t);
    else groups.set(name, [t]);
  }
  return [...groups].map(([name, list]) => ({ name, tiles: list }));
}

/** The order after moving tile `id` by `delta` places among `tiles` (drag or keyboard). */
export function moveTile(tiles: readonly Tile[], id: string, toIndex: number): string[] {
  const ids = tiles.map((t) => t.id);
  const from = ids.indexOf(id);
  if (from < 0) return ids;
  ids.splice(from, 1);
  ids.splice(Math.max(0, Math.min(ids.length, toIndex)), 0, id);
  return ids;
}
