import { beforeAll, describe, expect, it } from 'vitest';
import type { ReceivedMessage } from '../../mqtt/types';
import { DeviceTracker } from '../devices';
import { AlertMonitor } from './alerts';
import { HomeData, loadDiscovery, Spark, SPARK_POINTS, SPARK_SPACING_MS } from './homeData';
import { DEFAULT_HOME, type HomeSettings } from './settings';
import { buildTiles, groupTiles, moveTile, shortName } from './tiles';

const enc = new TextEncoder();
const msg = (topic: string, payload: string, at: number, retain = false): ReceivedMessage => ({ connectionId: 'c', receivedAt: at, topic, payload: enc.encode(payload), qos: 0, retain, dup: false });
const settings = (patch: Partial<HomeSettings> = {}): HomeSettings => ({ ...DEFAULT_HOME, ...patch });

const Z2M_DOOR = {
  availability: [
    { topic: 'zigbee2mqtt/bridge/state', value_template: '{{ value_json.state }}' },
    { topic: 'zigbee2mqtt/front_door/availability', value_template: '{{ value_json.state }}' },
  ],
  availability_mode: 'all',
  device: { identifiers: ['zigbee2mqtt_0x1'], name: 'front_door', suggested_area: 'Hall' },
  device_class: 'door',
  name: 'Door',
  payload_on: false,
  payload_off: true,
  state_topic: 'zigbee2mqtt/front_door',
  unique_id: '0x1_contact',
  value_template: '{{ value_json.contact }}',
};
const SHELLY_POWER = {
  name: 'Power',
  uniq_id: 'plug-power',
  stat_t: 'shellies/plug/relay/0/power',
  unit_of_meas: 'W',
  avty_t: 'shellies/plug/online',
  pl_avail: 'true',
  pl_not_avail: 'false',
  dev: { ids: ['plug'], name: 'Plug', sa: 'Kitchen' },
};

beforeAll(async () => {
  await loadDiscovery();
});

function home(): { home: HomeData; tracker: DeviceTracker } {
  const h = new HomeData();
  return { home: h, tracker: new DeviceTracker() };
}

describe('HomeData and tiles', () => {
  it('turns discovery into tiles with words for states, units, and availability under each mode', () => {
    const { home: h, tracker } = home();
    // retained state and availability come before the configs: read once the configs arrive
    const last = new Map<string, ReceivedMessage>();
    h.lastOf = (topic) => last.get(topic);
    const feed = (m: ReceivedMessage) => {
      last.set(m.topic, m);
      h.ingest(m);
    };
    feed(msg('zigbee2mqtt/bridge/state', '{"state":"online"}', 1, true));
    feed(msg('zigbee2mqtt/front_door', '{"contact":false,"battery":97}', 2, true));
    feed(msg('homeassistant/binary_sensor/0x1/contact/config', JSON.stringify(Z2M_DOOR), 3, true));
    feed(msg('homeassistant/sensor/plug/power/config', JSON.stringify(SHELLY_POWER), 4, true));
    feed(msg('shellies/plug/online', 'true', 5, true));
    feed(msg('shellies/plug/relay/0/power', '24.5', 6));
    let tiles = buildTiles(h, tracker, settings(), 10, 3);
    const door = tiles.find((t) => t.name === 'Door');
    // all: the bridge says online, the device's own availability has not come yet
    expect(door).toMatchObject({ kind: 'state', text: 'open', isOn: true, presence: 'unknown', room: 'Hall', deviceName: 'front_door' });
    expect(tiles.find((t) => t.name === 'Power')).toMatchObject({ kind: 'number', text: '24.5', unit: 'W', presence: 'online', number: 24.5 });
    feed(msg('zigbee2mqtt/front_door/availability', '{"state":"online"}', 7, true));
    expect(buildTiles(h, tracker, settings(), 10, 3).find((t) => t.name === 'Door')?.presence).toBe('online');
    feed(msg('zigbee2mqtt/bridge/state', '{"state":"offline"}', 8));
    feed(msg('shellies/plug/online', 'false', 9));
    tiles = buildTiles(h, tracker, settings(), 10, 3);
    expect(tiles.find((t) => t.name === 'Door')?.presence).toBe('offline');
    expect(tiles.find((t) => t.name === 'Power')?.presence).toBe('offline');
    // an empty retained config removes the entity and its tile
    feed(msg('homeassistant/sensor/plug/power/config', '', 11, true));
    expect(buildTiles(h, tracker, settings(), 12, 3).map((t) => t.name)).toEqual(['Door']);
  });

  it('a value that is not a number shows as text; a tile silent for three usual intervals is stale', () => {
    const { home: h, tracker } = home();
    h.ingest(msg('homeassistant/sensor/x/config', JSON.stringify({ name: 'Mode', stat_t: 'x/mode', uniq_id: 'x' }), 0, true));
    for (let i = 0; i < 5; i++) h.ingest(msg('x/mode', i === 4 ? 'eco' : String(i), 1_000_000 + i * 60_000));
    const at = 1_000_000 + 4 * 60_000;
    expect(buildTiles(h, tracker, settings(), at + 1_000, 3)[0]).toMatchObject({ kind: 'text', text: 'eco', presence: 'unknown' });
    expect(buildTiles(h, tracker, settings(), at + 3 * 60_000 + 1, 3)[0]?.presence).toBe('stale');
  });

  it('pinned values are watched from the log, and tiles keep the order the user gave', () => {
    const { home: h, tracker } = home();
    const log = [msg('tele/attic/SENSOR', '{"AM2301":{"Temperature":23.5}}', 1)];
    const s = settings({ pinned: [{ id: 'pin1', topic: 'tele/attic/SENSOR', path: 'AM2301.Temperature', name: 'Attic', unit: '°C' }] });
    h.setWatches([{ id: 'pin1', topic: 'tele/attic/SENSOR', read: () => 23.5 }], log);
    h.ingest(msg('homeassistant/sensor/a/config', JSON.stringify({ name: 'B value', stat_t: 'b', uniq_id: 'b', dev: { ids: 'd', name: 'Zed' } }), 2, true));
    const tiles = buildTiles(h, tracker, s, 3, 3);
    expect(tiles.map((t) => [t.name, t.text])).toEqual([
      ['Attic', '23.5'],
      ['B value', '—'],
    ]);
    const order = moveTile(tiles, 'b', 0);
    expect(buildTiles(h, tracker, { ...s, order }, 3, 3).map((t) => t.id)).toEqual(['b', 'pin1']);
    expect(groupTiles(tiles, 'device').map((g) => [g.name, g.tiles.length])).toEqual([
      ['tele/attic', 1],
      ['Zed', 1],
    ]);
    expect(shortName('bedroom AM2301 Temperature', 'Bedroom')).toBe('AM2301 Temperature');
    expect(shortName('Bedroom', 'Bedroom')).toBe('Bedroom');
  });

  it('a sparkline keeps an hour at one point per spacing, the newest point following the value', () => {
    const spark = new Spark();
    for (let i = 0; i < 1_000; i++) spark.push(i * 1_000, i);
    const { t, v } = spark.since(0);
    expect(spark.length).toBeLessThanOrEqual(SPARK_POINTS);
    expect(spark.length).toBeGreaterThan(1_000_000 / SPARK_SPACING_MS / 2);
    for (let i = 2; i < t.length; i++) expect((t[i - 1] as number) - (t[i - 2] as number)).toBeGreaterThanOrEqual(SPARK_SPACING_MS / 2);
    expect(t.at(-1)).toBe(999_000);
    expect(v.at(-1)).toBe(999);
  });
});

describe('alerts', () => {
  const tile = (patch: object) => ({ id: 't', kind: 'number', source: 'discovery', name: 'Temp', deviceName: 'Attic', room: '', unit: '°C', text: '', number: 20, isOn: null, at: 1, fromHistory: false, presence: 'online', spark: null, command: null, ...patch }) as never;

  it('above a limit for a time: raised once when it has held long enough, ended when it stops', () => {
    const monitor = new AlertMonitor();
    const rules = [{ id: 'r', tile: 't', kind: 'above' as const, threshold: 25, forSec: 60, enabled: true }];
    expect(monitor.evaluate([tile({ number: 30 })], rules, 0)).toEqual([]);
    expect(monitor.evaluate([tile({ number: 30 })], rules, 59_000)).toEqual([]);
    const raised = monitor.evaluate([tile({ number: 31 })], rules, 60_000);
    expect(raised.map((a) => a.text)).toEqual(['Attic Temp is 31 °C, above 25']);
    expect(monitor.evaluate([tile({ number: 31 })], rules, 61_000)).toEqual([]);
    monitor.evaluate([tile({ number: 20 })], rules, 62_000);
    expect(monitor.active()).toEqual([]);
    expect(monitor.events[0]?.endedAt).toBe(62_000);
  });

  it('any device offline: one alert per device, not per tile; silence raises at once when long enough', () => {
    const monitor = new AlertMonitor();
    const rules = [
      { id: 'any', tile: '*', kind: 'offline' as const, threshold: 0, forSec: 0, enabled: true },
      { id: 's', tile: 'q', kind: 'silent' as const, threshold: 0, forSec: 300, enabled: true },
    ];
    const tiles = [tile({ id: 'a', deviceName: 'Plug', presence: 'offline' }), tile({ id: 'b', deviceName: 'Plug', presence: 'offline' }), tile({ id: 'q', name: 'Door', deviceName: 'Hall', at: 0 + 1 })];
    const raised = monitor.evaluate(tiles, rules, 301_001);
    expect(raised.map((a) => a.text)).toEqual(['Plug went offline', 'Hall Door: no message for 301 s']);
  });
});

describe('the discovery parser loads when needed', () => {
  it('configs that came before it loaded are read, in order, and the view is told', async () => {
    // a fresh module: the parser not loaded yet
    const { vi } = await import('vitest');
    vi.resetModules();
    const fresh = await import('./homeData');
    const h = new fresh.HomeData();
    let told = 0;
    h.onLateConfigs = () => told++;
    h.ingest(msg('homeassistant/sensor/a/config', JSON.stringify({ name: 'A', stat_t: 'a', uniq_id: 'a' }), 1, true));
    h.ingest(msg('homeassistant/sensor/b/config', JSON.stringify({ name: 'B', stat_t: 'b', uniq_id: 'b' }), 2, true));
    h.ingest(msg('homeassistant/sensor/b/config', '', 3, true));
    await fresh.loadDiscovery();
    await Promise.resolve();
    expect([...h.entities.keys()]).toEqual(['a']);
    expect(told).toBe(1);
  });
});
