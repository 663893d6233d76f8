import { describe, expect, it } from 'vitest';
import { DeviceTracker, deviceKey, GHOST_AFTER_MS, isRegular } from './devices';
import { activeRules, PRESET_RULES, readPresence, RulePattern, validateRulePattern, type PresenceRule } from './presence';
import { testMessage as m } from './testMessages';

const rule = (id: string) => PRESET_RULES.find((r) => r.id === id) as PresenceRule;
const read = (id: string, payload: string) => {
  const r = readPresence(rule(id), new TextEncoder().encode(payload));
  return r === null || r === 'removed' ? r : r.state;
};

describe('presence presets, with the payloads firmware sends', () => {
  it('Tasmota: tele/<topic>/LWT Online / Offline', () => {
    expect(new RulePattern('tele/{device}/LWT').match('tele/tasmota_8A3F21/LWT')).toEqual({ device: 'tasmota_8A3F21', prefix: '' });
    expect(read('tasmota', 'Online')).toBe('online');
    expect(read('tasmota', 'Offline')).toBe('offline');
    expect(read('tasmota', 'online')).toBe('online'); // case-insensitive
    expect(read('tasmota', 'Restarting')).toBeNull();
  });

  it('ESPHome: <node>/status online / offline', () => {
    expect(new RulePattern('{device}/status').match('livingroom-sensor/status')).toEqual({ device: 'livingroom-sensor', prefix: '' });
    expect(read('esphome', 'online')).toBe('online');
    expect(read('esphome', 'offline')).toBe('offline');
  });

  it('Homie 3/4 and 5: ready, lost, disconnected, init, sleeping, alert; empty means removed', () => {
    for (const [payload, state] of [
      ['ready', 'online'],
      ['lost', 'offline'],
      ['disconnected', 'offline'],
      ['init', 'init'],
      ['sleeping', 'sleeping'],
      ['alert', 'alert'],
    ] as const) {
      expect(read('homie', payload)).toBe(state);
    }
    expect(read('homie', '')).toBe('removed');
    expect(new RulePattern('homie/5/{device}/$state').match('homie/5/boiler/$state')).toEqual({ device: 'boiler', prefix: '' });
    expect(read('homie5', 'alert')).toBeNull(); // v5 replaced $state alert with $alert topics
  });

  it('Zigbee2MQTT: availability as JSON or plain text, and the bridge state', () => {
    expect(read('zigbee2mqtt', '{"state":"online"}')).toBe('online');
    expect(read('zigbee2mqtt', '{"state":"offline"}')).toBe('offline');
    expect(read('zigbee2mqtt', 'online')).toBe('online');
    expect(read('zigbee2mqtt-bridge', '{"state":"online"}')).toBe('online');
    expect(read('zigbee2mqtt-bridge', 'offline')).toBe('offline');
    expect(read('zigbee2mqtt', '{"status":"online"}')).toBeNull();
  });

  it('Home Assistant availability and Shelly Gen1/Gen2 true / false', () => {
    expect(read('home-assistant', 'online')).toBe('online');
    expect(read('shelly', 'true')).toBe('online');
    expect(read('shelly', 'false')).toBe('offline');
    expect(read('shelly-gen2', 'true')).toBe('online');
  });

  it('a user rule with a JSON path, matched case-insensitively', () => {
    const custom: PresenceRule = { id: 'plant', name: 'Plant', pattern: 'plant/+/{device}/alive', online: ['YES'], offline: ['no'], jsonPath: 'alive', telemetry: [] };
    expect(readPresence(custom, new TextEncoder().encode('{"alive":"yes"}'))).toEqual({ state: 'online', text: 'yes' });
    expect(new RulePattern(custom.pattern).match('plant/floor1/ficus/alive')).toEqual({ device: 'ficus', prefix: '' });
    expect(validateRulePattern('plant/{device}/#')).toMatch(/"#" is not allowed/);
    expect(validateRulePattern('plant/alive')).toMatch(/exactly one \{device\}/);
    expect(validateRulePattern('x/{device}/{id}')).toMatch(/Only \{device\}/);
    expect(validateRulePattern(custom.pattern)).toBeNull();
  });

  it('patterns match under a prefix, which becomes part of the device', () => {
    expect(new RulePattern('tele/{device}/LWT').match('demo/abc/tele/livingroom/LWT')).toEqual({ device: 'livingroom', prefix: 'demo/abc' });
    expect(new RulePattern('tele/{device}/LWT').match('tele/livingroom/LWT/extra')).toBeNull();
  });
});

describe('DeviceTracker', () => {
  const at = (receivedAt: number, topic: string, payload: string, retain = false) => m(topic, payload, { receivedAt, retain });

  it('finds the simulated home by the presets, the most specific rule first', () => {
    const t = new DeviceTracker();
    t.ingest(at(1, 'tele/livingroom/LWT', 'Online', true));
    t.ingest(at(1, 'powermeter/status', 'online', true));
    t.ingest(at(1, 'zigbee2mqtt/bridge/state', '{"state":"online"}', true));
    t.ingest(at(1, 'zigbee2mqtt/front_door/availability', '{"state":"online"}', true));
    t.ingest(at(1, 'homie/weather-station/$state', 'init', true));
    t.ingest(at(2, 'homie/weather-station/$state', 'ready', true));
    t.ingest(at(1, 'shellies/shellyplug-s-C45BBE/online', 'true', true));
    const found = [...t.devices.values()].map((d) => [d.rule.id, d.name, d.presence]).sort();
    expect(found).toEqual([
      ['esphome', 'powermeter', 'online'],
      ['homie', 'weather-station', 'online'],
      ['shelly', 'shellyplug-s-C45BBE', 'online'],
      ['tasmota', 'livingroom', 'online'],
      ['zigbee2mqtt', 'front_door', 'online'],
      ['zigbee2mqtt-bridge', 'bridge', 'online'],
    ]);
  });

  it('follows the will: online, then offline; counts outages; reports events', () => {
    const t = new DeviceTracker();
    const events: string[] = [];
    t.onEvent((e) => events.push(`${e.name}:${e.from}->${e.to}`));
    t.ingest(at(1_000, 'tele/kitchen/LWT', 'Online'));
    t.ingest(at(2_000, 'tele/kitchen/LWT', 'Offline'));
    t.ingest(at(3_000, 'tele/kitchen/LWT', 'Online'));
    t.ingest(at(4_000, 'tele/kitchen/LWT', 'Offline'));
    const d = t.devices.get(deviceKey('tasmota', '', 'kitchen'));
    expect(d?.presence).toBe('offline');
    expect(d?.presenceSince).toBe(4_000);
    expect(t.outages(d!, 5_000)).toBe(2);
    expect(d?.timeline.map((x) => x.state)).toEqual(['online', 'offline', 'online', 'offline']);
    expect(events).toEqual(['kitchen:null->online', 'kitchen:online->offline', 'kitchen:offline->online', 'kitchen:online->offline']);
  });

  it('a retained Offline shows Offline at once, marked retained and not yet heard from', () => {
    const t = new DeviceTracker();
    t.ingest(at(10, 'tele/garage/LWT', 'Offline', true));
    const d = [...t.devices.values()][0];
    expect(d).toMatchObject({ presence: 'offline', presenceRetained: true, lastSeen: 0 });
  });

  it('learns the usual interval from traffic and marks a silent online device Stale', () => {
    const t = new DeviceTracker();
    t.ingest(at(0, 'tele/attic/LWT', 'Online'));
    for (let i = 1; i <= 10; i++) t.ingest(at(i * 5_000, 'tele/attic/SENSOR', `{"T":${i}}`));
    const d = t.devices.get(deviceKey('tasmota', '', 'attic'))!;
    expect(d.intervalMs).toBeCloseTo(5_000, -2);
    expect(d.lastSeen).toBe(50_000);
    expect(t.displayState(d, 60_000)).toBe('online');
    expect(t.displayState(d, 66_000)).toBe('stale'); // silent for 16 s > 3 x 5 s
    expect(t.displayState(d, 66_000, 4)).toBe('online');
    expect(d.latest.get('tele/attic/SENSOR')).toBeDefined();
  });

  it('trust 4: an event-driven device (a motion sensor) whose availability says online is never Stale for its silence', () => {
    const t = new DeviceTracker();
    t.ingest(at(0, 'zigbee2mqtt/hall_motion/availability', '{"state":"online"}'));
    // motion at irregular moments: 2 s, 40 s, 43 s, 200 s, 205 s, 900 s
    for (const s of [2, 40, 43, 200, 205, 900]) t.ingest(at(s * 1_000, 'zigbee2mqtt/hall_motion', '{"occupancy":true}'));
    const d = t.devices.get(deviceKey('zigbee2mqtt', '', 'hall_motion'))!;
    expect(isRegular(d)).toBe(false);
    expect(t.displayState(d, 3_600_000)).toBe('online'); // an hour of silence: no motion, not a problem
    // a device that reports every 5 s is Stale after 3 missed reports (the test above)
  });

  it('trust 4: a retained "online" nothing live confirms is flagged as a possible leftover, and can be forgotten', () => {
    const t = new DeviceTracker();
    t.ingest(at(1_000, 'classroom/demo-1a2b/status', 'online', true));
    const d = [...t.devices.values()][0]!;
    expect(t.isGhost(d, 1_000 + GHOST_AFTER_MS - 1)).toBe(false);
    expect(t.isGhost(d, 1_000 + GHOST_AFTER_MS + 1)).toBe(true);
    t.ingest(at(70_000, 'classroom/demo-1a2b/uptime', '12')); // a live message from it: not a ghost
    expect(t.isGhost(d, 80_000)).toBe(false);
    const events: string[] = [];
    t.onEvent((e) => events.push(`${e.name}:${e.to}`));
    t.forget(d.key, 90_000);
    expect(t.devices.size).toBe(0);
    expect(events).toEqual(['demo-1a2b:removed']);
  });

  it('telemetry of a device under a prefix, and removal by an empty retained message', () => {
    const t = new DeviceTracker();
    t.ingest(at(1, 'demo/abc/powermeter/status', 'online'));
    t.ingest(at(2, 'demo/abc/powermeter/sensor/power/state', '451.2'));
    const d = t.devices.get(deviceKey('esphome', 'demo/abc', 'powermeter'))!;
    expect(d.prefix).toBe('demo/abc');
    expect(d.latest.has('demo/abc/powermeter/sensor/power/state')).toBe(true);
    t.ingest(at(3, 'demo/abc/powermeter/status', ''));
    expect(t.devices.size).toBe(0);
  });

  it('ignores presence topics with payloads the rule does not know, and disabled presets', () => {
    const t = new DeviceTracker(activeRules([], ['esphome']));
    t.ingest(at(1, 'printer/status', 'online'));
    t.ingest(at(1, 'tele/x/LWT', 'Rebooting'));
    expect(t.devices.size).toBe(0);
  });

  it('rebuilds from history when rules change', () => {
    const t = new DeviceTracker(activeRules([], ['esphome']));
    const history = [at(1, 'printer/status', 'online'), at(2, 'printer/status', 'offline')];
    history.forEach((x) => t.ingest(x));
    expect(t.devices.size).toBe(0);
    t.setRules(activeRules([], []), history);
    expect([...t.devices.values()].map((d) => [d.name, d.presence])).toEqual([['printer', 'offline']]);
  });
});
