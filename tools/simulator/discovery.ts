/**
 * Home Assistant MQTT discovery configs for the simulated devices, in the shape each firmware publishes:
 * Tasmota (its HA discovery, SetOption19 1: abbreviated keys, `{{value_json['AM2301'].Temperature}}`,
 * `Online`/`Offline` LWT), ESPHome (abbreviated keys, plain state payloads, `sa` for the area),
 * Zigbee2MQTT (long keys, `name: null`, two availability topics with availability_mode all, inverted
 * contact payloads), and Shelly (Gen1 firmware has none of its own: this is the shape the community's
 * shelly discovery scripts publish, long keys with `~` and `{{ value | float }}`). All retained, QoS 1.
 * `t` puts the simulator's prefix in front of a topic; the discovery prefix gets it too.
 */
type Config = Record<string, unknown>;
export type DiscoveryMessage = [topic: string, config: Config | ''];

const TASMOTA_MACS: Record<string, string> = { livingroom: 'A4CF12D3E501', bedroom: 'A4CF12D3E502' };

export function tasmotaDiscovery(t: (topic: string) => string, name: string): DiscoveryMessage[] {
  const mac = TASMOTA_MACS[name] ?? 'A4CF12D3E5FF';
  const dev = { ids: [mac], name: name.charAt(0).toUpperCase() + name.slice(1), mdl: 'Sonoff TH', sw: '13.4.0(tasmota)', mf: 'Tasmota', sa: name === 'livingroom' ? 'Living room' : 'Bedroom' };
  const common = { avty_t: t(`tele/${name}/LWT`), pl_avail: 'Online', pl_not_avail: 'Offline', dev };
  const sensor = (field: string, unit: string, cls: string): DiscoveryMessage => [
    t(`homeassistant/sensor/${mac}_AM2301_${field}/config`),
    { name: `${name} AM2301 ${field}`, stat_t: t(`tele/${name}/SENSOR`), uniq_id: `${mac}_AM2301_${field}`, unit_of_meas: unit, dev_cla: cls, frc_upd: true, val_tpl: `{{value_json['AM2301'].${field}}}`, ...common },
  ];
  return [
    sensor('Temperature', '°C', 'temperature'),
    sensor('Humidity', '%', 'humidity'),
    [
      t(`homeassistant/switch/${mac}_RL_1/config`),
      { name: `${name} Relay`, cmd_t: t(`cmnd/${name}/POWER`), stat_t: t(`tele/${name}/STATE`), val_tpl: '{{value_json.POWER}}', pl_off: 'OFF', pl_on: 'ON', uniq_id: `${mac}_RL_1`, ...common },
    ],
  ];
}

export function esphomeDiscovery(t: (topic: string) => string): DiscoveryMessage[] {
  const dev = { ids: 'e8db84a1b2c3', name: 'powermeter', sw: 'esphome v2024.6.1 Jun 20 2024', mdl: 'esp32dev', mf: 'espressif', sa: 'Utility room' };
  const sensor = (id: string, name: string, unit: string, cls: string, stateClass: string): DiscoveryMessage => [
    t(`homeassistant/sensor/powermeter/${id}/config`),
    { dev_cla: cls, unit_of_meas: unit, stat_cla: stateClass, name, stat_t: t(`powermeter/sensor/${id}/state`), avty_t: t('powermeter/status'), uniq_id: `ESPsensor${id}`, dev },
  ];
  return [sensor('power', 'Power', 'W', 'power', 'measurement'), sensor('energy', 'Energy', 'kWh', 'energy', 'total_increasing'), sensor('voltage', 'Voltage', 'V', 'voltage', 'measurement')];
}

export function zigbee2mqttDiscovery(t: (topic: string) => string): DiscoveryMessage[] {
  const origin = { name: 'Zigbee2MQTT', sw: '1.40.0', url: 'https://www.zigbee2mqtt.io' };
  const via = 'zigbee2mqtt_bridge_0x00124b0012345678';
  const device = (ieee: string, name: string, model: string, manufacturer: string) => ({ identifiers: [`zigbee2mqtt_${ieee}`], manufacturer, model, name, via_device: via });
  const availability = (name: string) => [
    { topic: t('zigbee2mqtt/bridge/state'), value_template: '{{ value_json.state }}' },
    { topic: t(`zigbee2mqtt/${name}/availability`), value_template: '{{ value_json.state }}' },
  ];
  const entity = (component: string, ieee: string, name: string, dev: Config, key: string, extra: Config): DiscoveryMessage => [
    t(`homeassistant/${component}/${ieee}/${key}/config`),
    { availability: availability(name), availability_mode: 'all', device: dev, name: null, object_id: `${name}_${key}`, origin, state_topic: t(`zigbee2mqtt/${name}`), unique_id: `${ieee}_${key}_zigbee2mqtt`, ...extra },
  ];
  const door = device('0x00158d0001a2b3c4', 'front_door', 'Door and window sensor (MCCGQ11LM)', 'Aqara');
  const motion = device('0x00158d0002b3c4d5', 'hallway_motion', 'Motion sensor (RTCGQ11LM)', 'Aqara');
  return [
    entity('binary_sensor', '0x00158d0001a2b3c4', 'front_door', door, 'contact', { device_class: 'door', payload_on: false, payload_off: true, value_template: '{{ value_json.contact }}', name: 'Door' }),
    entity('sensor', '0x00158d0001a2b3c4', 'front_door', door, 'battery', { device_class: 'battery', state_class: 'measurement', unit_of_measurement: '%', value_template: '{{ value_json.battery }}', entity_category: 'diagnostic', name: 'Battery' }),
    entity('binary_sensor', '0x00158d0002b3c4d5', 'hallway_motion', motion, 'occupancy', { device_class: 'occupancy', payload_on: true, payload_off: false, value_template: '{{ value_json.occupancy }}', name: 'Occupancy' }),
    entity('sensor', '0x00158d0002b3c4d5', 'hallway_motion', motion, 'illuminance', { device_class: 'illuminance', state_class: 'measurement', unit_of_measurement: 'lx', value_template: '{{ value_json.illuminance }}', name: 'Illuminance' }),
  ];
}

export function shellyDiscovery(t: (topic: string) => string, id: string): DiscoveryMessage[] {
  const device = { identifiers: [id], name: 'Shelly Plug S', model: 'SHPLG-S', manufacturer: 'Allterco', suggested_area: 'Kitchen' };
  const base = { '~': t(`shellies/${id}/`), availability_topic: '~online', payload_available: 'true', payload_not_available: 'false', device };
  return [
    [t(`homeassistant/sensor/${id}/power/config`), { name: 'Power', unique_id: `${id}-power`, state_topic: '~relay/0/power', value_template: '{{ value | float }}', unit_of_measurement: 'W', device_class: 'power', state_class: 'measurement', ...base }],
    [t(`homeassistant/sensor/${id}/temperature/config`), { name: 'Device temperature', unique_id: `${id}-temperature`, state_topic: '~temperature', value_template: '{{ value | float }}', unit_of_measurement: '°C', device_class: 'temperature', ...base }],
    [t(`homeassistant/switch/${id}/relay/config`), { name: 'Relay', unique_id: `${id}-relay`, state_topic: '~relay/0', command_topic: '~relay/0/command', payload_on: 'on', payload_off: 'off', ...base }],
  ];
}

/** A config left retained by a Tasmota that was taken out of the garage: nothing publishes to its topics. */
export function staleDiscovery(t: (topic: string) => string): DiscoveryMessage {
  return [
    t('homeassistant/sensor/A4CF12D3E5EE_AM2301_Temperature/config'),
    {
      name: 'garage AM2301 Temperature',
      stat_t: t('tele/garage/SENSOR'),
      avty_t: t('tele/garage/LWT'),
      pl_avail: 'Online',
      pl_not_avail: 'Offline',
      uniq_id: 'A4CF12D3E5EE_AM2301_Temperature',
      dev: { ids: ['A4CF12D3E5EE'], name: 'Garage', mdl: 'Sonoff TH', sw: '12.1.1(tasmota)', mf: 'Tasmota', sa: 'Garage' },
      unit_of_meas: '°C',
      dev_cla: 'temperature',
      frc_upd: true,
      val_tpl: "{{value_json['AM2301'].Temperature}}",
    },
  ];
}
