import { describe, expect, it } from 'vitest';
import { availabilityOf, entityValue, parseDiscovery } from './discovery';
import { readsPath } from './readsPath';

const enc = new TextEncoder();
const read = (topic: string, config: unknown, retained = true) => {
  const parsed = parseDiscovery(topic, enc.encode(typeof config === 'string' ? config : JSON.stringify(config)), retained, 1_000, 'homeassistant');
  if (!parsed) throw new Error('not a discovery topic');
  return parsed;
};

// Configs as the firmwares publish them (abbreviated or long keys, their own templates).
const TASMOTA_SENSOR = {
  name: 'bedroom AM2301 Temperature',
  stat_t: 'tele/bedroom/SENSOR',
  avty_t: 'tele/bedroom/LWT',
  pl_avail: 'Online',
  pl_not_avail: 'Offline',
  uniq_id: 'A1B2C3_AM2301_Temperature',
  dev: { ids: ['A1B2C3'] },
  unit_of_meas: '°C',
  dev_cla: 'temperature',
  frc_upd: true,
  val_tpl: "{{value_json['AM2301'].Temperature}}",
};
const TASMOTA_SWITCH = {
  name: 'Bedroom Light',
  cmd_t: 'cmnd/bedroom/POWER',
  stat_t: 'tele/bedroom/STATE',
  val_tpl: '{{value_json.POWER}}',
  pl_off: 'OFF',
  pl_on: 'ON',
  avty_t: 'tele/bedroom/LWT',
  pl_avail: 'Online',
  pl_not_avail: 'Offline',
  uniq_id: 'A1B2C3_RL_1',
  dev: { ids: ['A1B2C3'], name: 'Bedroom', mdl: 'Sonoff Basic', sw: '13.4.0(tasmota)', mf: 'Tasmota' },
};
const ESPHOME_POWER = {
  dev_cla: 'power',
  unit_of_meas: 'W',
  stat_cla: 'measurement',
  name: 'Power',
  stat_t: 'powermeter/sensor/power/state',
  avty_t: 'powermeter/status',
  uniq_id: 'ESPsensorpower',
  dev: { ids: 'e8db84aabbcc', name: 'powermeter', sw: 'esphome v2024.6.1 Jun 20 2024', mdl: 'esp32dev', mf: 'espressif', sa: 'Utility room' },
};
const Z2M_CONTACT = {
  availability: [
    { topic: 'zigbee2mqtt/bridge/state', value_template: '{{ value_json.state }}' },
    { topic: 'zigbee2mqtt/front_door/availability', value_template: '{{ value_json.state }}' },
  ],
  availability_mode: 'all',
  device: { identifiers: ['zigbee2mqtt_0x00158d0001a2b3c4'], manufacturer: 'Aqara', model: 'Door and window sensor (MCCGQ11LM)', name: 'front_door', via_device: 'zigbee2mqtt_bridge_0x00124b0012345678' },
  device_class: 'door',
  name: null,
  object_id: 'front_door',
  origin: { name: 'Zigbee2MQTT', sw: '1.40.0', url: 'https://www.zigbee2mqtt.io' },
  payload_off: true,
  payload_on: false,
  state_topic: 'zigbee2mqtt/front_door',
  unique_id: '0x00158d0001a2b3c4_contact_zigbee2mqtt',
  value_template: '{{ value_json.contact }}',
};
const SHELLY_POWER = {
  name: 'Power',
  unique_id: 'shellyplug-s-C45BBE-power',
  '~': 'shellies/shellyplug-s-C45BBE/',
  state_topic: '~relay/0/power',
  value_template: '{{ value | float }}',
  unit_of_measurement: 'W',
  device_class: 'power',
  state_class: 'measurement',
  availability_topic: '~online',
  payload_available: 'true',
  payload_not_available: 'false',
  device: { identifiers: ['shellyplug-s-C45BBE'], name: 'Shelly Plug S', model: 'SHPLG-S', manufacturer: 'Allterco' },
};
const DEVICE_LEVEL = {
  dev: { ids: 'ea334450945afc', name: 'Kitchen', mf: 'Bla electronics', mdl: 'xya', sw: '1.0', sn: 'ea334450945afc', hw: '1.0rev2' },
  o: { name: 'bla2mqtt', sw: '2.1', url: 'https://bla2mqtt.example.com/support' },
  cmps: {
    temp1: { p: 'sensor', device_class: 'temperature', unit_of_measurement: '°C', value_template: '{{ value_json.temperature}}', unique_id: 'temp01ae_t' },
    hum1: { p: 'sensor', device_class: 'humidity', unit_of_measurement: '%', value_template: '{{ value_json.humidity}}', unique_id: 'temp01ae_h' },
  },
  state_topic: 'sensorBedroom/state',
  qos: 2,
};

describe('Home Assistant discovery, as each firmware publishes it', () => {
  it('Tasmota: abbreviated keys, its template, LWT availability with capitalised payloads', () => {
    const config = read('homeassistant/sensor/A1B2C3_AM2301_Temperature/config', TASMOTA_SENSOR);
    expect(config.problems).toEqual([]);
    const [e] = config.entities;
    expect(e).toMatchObject({ id: 'A1B2C3_AM2301_Temperature', component: 'sensor', name: 'bedroom AM2301 Temperature', stateTopic: 'tele/bedroom/SENSOR', unit: '°C', deviceClass: 'temperature', device: { id: 'A1B2C3' } });
    expect(entityValue(e!, enc.encode('{"Time":"x","AM2301":{"Temperature":21.4,"Humidity":48.0},"TempUnit":"C"}'))).toBe(21.4);
    expect(availabilityOf(e!.availability[0]!, enc.encode('Offline'))).toBe('offline');
    expect(availabilityOf(e!.availability[0]!, enc.encode('Online'))).toBe('online');
    const sw = read('homeassistant/switch/A1B2C3_RL_1/config', TASMOTA_SWITCH).entities[0];
    expect(sw).toMatchObject({ component: 'switch', commandTopic: 'cmnd/bedroom/POWER', payloadOn: 'ON', payloadOff: 'OFF', device: { name: 'Bedroom', model: 'Sonoff Basic', manufacturer: 'Tasmota' } });
    expect(entityValue(sw!, enc.encode('{"UptimeSec":60,"POWER":"ON"}'))).toBe('ON');
  });

  it('tells which field an entity reads, for the unit of a chart of that field', () => {
    const temp = read('homeassistant/sensor/t/config', TASMOTA_SENSOR).entities[0]!;
    expect(readsPath(temp, 'AM2301.Temperature')).toBe(true);
    expect(readsPath(temp, 'AM2301.TemperatureX')).toBe(false);
    expect(readsPath(temp, 'AM2301.Humidity')).toBe(false);
    const shelly = read('homeassistant/sensor/s/config', SHELLY_POWER).entities[0]!;
    expect(readsPath(shelly, '')).toBe(true);
    expect(readsPath(read('homeassistant/sensor/p/config', ESPHOME_POWER).entities[0]!, '')).toBe(true);
  });

  it('ESPHome: abbreviated keys, a plain payload, the suggested area', () => {
    const [e] = read('homeassistant/sensor/powermeter/power/config', ESPHOME_POWER).entities;
    expect(e).toMatchObject({ name: 'Power', unit: 'W', stateClass: 'measurement', stateTopic: 'powermeter/sensor/power/state', device: { id: 'e8db84aabbcc', name: 'powermeter', area: 'Utility room' } });
    expect(entityValue(e!, enc.encode('451.5'))).toBe('451.5');
    expect(availabilityOf(e!.availability[0]!, enc.encode('online'))).toBe('online');
  });

  it('Zigbee2MQTT: long keys, a name from the device, two availability topics that must all be online, inverted contact payloads', () => {
    const config = read('homeassistant/binary_sensor/0x00158d0001a2b3c4/contact/config', Z2M_CONTACT);
    expect(config.problems).toEqual([]);
    const [e] = config.entities;
    expect(e).toMatchObject({ name: 'front_door', component: 'binary_sensor', availabilityMode: 'all', payloadOn: 'false', payloadOff: 'true', deviceClass: 'door' });
    expect(e!.availability.map((a) => a.topic)).toEqual(['zigbee2mqtt/bridge/state', 'zigbee2mqtt/front_door/availability']);
    expect(availabilityOf(e!.availability[1]!, enc.encode('{"state":"offline"}'))).toBe('offline');
    expect(String(entityValue(e!, enc.encode('{"battery":97,"contact":false}')))).toBe(e!.payloadOn);
  });

  it('Shelly: the ~ base topic put into state and availability topics, "true"/"false" availability', () => {
    const [e] = read('homeassistant/sensor/shellyplug-s-C45BBE/power/config', SHELLY_POWER).entities;
    expect(e).toMatchObject({ stateTopic: 'shellies/shellyplug-s-C45BBE/relay/0/power', unit: 'W' });
    expect(e!.availability[0]).toMatchObject({ topic: 'shellies/shellyplug-s-C45BBE/online', available: 'true', notAvailable: 'false' });
    expect(entityValue(e!, enc.encode('24.40'))).toBe(24.4);
  });

  it('device-level discovery: one entity per component, with the shared state topic and the device', () => {
    const config = read('homeassistant/device/ea334450945afc/config', DEVICE_LEVEL);
    expect(config.problems).toEqual([]);
    expect(config.entities.map((e) => [e.id, e.component, e.stateTopic, e.unit, e.device?.name])).toEqual([
      ['temp01ae_t', 'sensor', 'sensorBedroom/state', '°C', 'Kitchen'],
      ['temp01ae_h', 'sensor', 'sensorBedroom/state', '%', 'Kitchen'],
    ]);
    expect(entityValue(config.entities[1]!, enc.encode('{"temperature":21,"humidity":40}'))).toBe(40);
  });

  it('lists what is wrong by name, and does nothing else with it', () => {
    expect(read('homeassistant/sensor/x/config', 'not json').problems).toEqual(['not JSON: not read']);
    expect(read('homeassistant/sensor/x/config', [1, 2]).problems).toEqual(['not a JSON object: not read']);
    const loose = read('homeassistant/sensor/x/y/config', { stat_t: 'a/b', frobnicate: 1, val_tpl: '{{ states("sensor.a") }}' }, false);
    expect(loose.problems).toEqual([
      'not retained: it is gone once Home Assistant or the broker restarts, and the entity with it',
      'value_template: "states" is not in the template subset this app reads (only value and value_json)',
      'no unique_id: Home Assistant cannot tell it apart from others, nor let you rename it',
      'unknown key "frobnicate"',
    ]);
    expect(loose.entities[0]?.fault).toMatch(/^value_template:/);
    expect(read('homeassistant/sensor/x/config', '').entities).toEqual([]);
    expect(parseDiscovery('homeassistant/status', enc.encode('online'), false, 0, 'homeassistant')).toBeNull();
    expect(parseDiscovery('custom/sensor/a/config', enc.encode('{}'), true, 0, 'homeassistant')).toBeNull();
    expect(parseDiscovery('custom/sensor/a/config', enc.encode('{}'), true, 0, 'custom')).not.toBeNull();
  });

  it('hostile configs are refused by name and throw nothing: 10,000-deep, 100,000 keys, 10 MB, invalid UTF-8', () => {
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    expect(read('homeassistant/sensor/deep/config', deep).problems).toEqual(['not JSON: not read']);
    const keys = JSON.stringify(Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i])));
    expect(read('homeassistant/sensor/keys/config', keys).problems).toEqual(['over 64 kB: not read']);
    const big = new Uint8Array(10_000_000).fill(0x7b);
    expect(parseDiscovery('homeassistant/sensor/big/config', big, true, 0, 'homeassistant')?.problems).toEqual(['over 64 kB: not read']);
    expect(parseDiscovery('homeassistant/sensor/bin/config', new Uint8Array([0xff, 0xfe, 0x7b]), true, 0, 'homeassistant')?.problems).toEqual(['not UTF-8 text: not read']);
    // a template nested as deep as its length allows is read, not a stack overflow
    const nested = { name: 'n', stat_t: 'n', uniq_id: 'n', val_tpl: `{{ ${'('.repeat(480)}value${')'.repeat(480)} }}` };
    const [e] = read('homeassistant/sensor/nested/config', nested).entities;
    expect(entityValue(e!, enc.encode('7'))).toBe('7');
  });
});
