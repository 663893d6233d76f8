import { describe, expect, it } from 'vitest';
import { deviceValues } from './deviceValues';
import { DeviceTracker } from './devices';
import { testMessage as m } from './testMessages';

describe('deviceValues (trust 4: what a device card says)', () => {
  it('states read as words, numbers with units, labels short with the full path kept', () => {
    const t = new DeviceTracker();
    t.ingest(m('zigbee2mqtt/front_door/availability', 'online'));
    t.ingest(m('zigbee2mqtt/front_door', '{"contact":false,"battery":97,"linkquality":135,"tamper":false}'));
    t.ingest(m('tasmota/plug/LWT', 'Online'));
    t.ingest(m('zigbee2mqtt/hall_motion/availability', 'online'));
    t.ingest(m('zigbee2mqtt/hall_motion', '{"occupancy":true,"illuminance":42}'));
    const door = deviceValues([...t.devices.values()].find((d) => d.name === 'front_door')!);
    expect(door.map((v) => [v.label, v.text, v.unit])).toEqual([
      ['contact', 'open', ''],
      ['battery', '97', '%'],
      ['linkquality', '135', 'lqi'],
      ['tamper', 'no', ''],
    ]);
    expect(door[0]).toMatchObject({ fullLabel: 'zigbee2mqtt/front_door contact', number: 0 });
    const motion = deviceValues([...t.devices.values()].find((d) => d.name === 'hall_motion')!);
    expect(motion.map((v) => `${v.label} ${v.text}`)).toEqual(['occupancy detected', 'illuminance 42']);
  });

  it('an ON/OFF payload is a state, a plain number is its sensor', () => {
    const t = new DeviceTracker();
    t.ingest(m('powermeter/status', 'online'));
    t.ingest(m('powermeter/sensor/power/state', '451.234'));
    t.ingest(m('powermeter/switch/relay/state', 'ON'));
    const values = deviceValues([...t.devices.values()][0]!);
    expect(values.map((v) => `${v.label}=${v.text}${v.unit}`)).toEqual(['power=451.23W', 'relay=on']);
  });
});

describe('telemetry that comes before the status', () => {
  it('is kept and shown once the device is known (retained data topics may come first)', () => {
    const t = new DeviceTracker();
    t.ingest(m('zigbee2mqtt/front_door', '{"contact":true}', { retain: true }));
    t.ingest(m('zigbee2mqtt/front_door/availability', 'online', { retain: true }));
    expect(deviceValues([...t.devices.values()][0]!).map((v) => `${v.label} ${v.text}`)).toEqual(['contact closed']);
  });
});
