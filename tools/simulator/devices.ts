/**
 * The simulated home: devices modelled on the firmware people run, with their real topics and payloads
 * (see ../shared/reference/device-conventions.md).
 */
import { createRequire } from 'node:module';
import { Drift, round, SimulatedDevice, tasmotaTime, type DeviceContext, type Will } from './device';
import { esphomeDiscovery, shellyDiscovery, tasmotaDiscovery, zigbee2mqttDiscovery, type DiscoveryMessage } from './discovery';

/** Tasmota with an AM2301 climate sensor: tele/<topic>/LWT, SENSOR, STATE; answers cmnd/<topic>/POWER. */
export class TasmotaClimateSensor extends SimulatedDevice {
  private readonly temperature: Drift;
  private readonly humidity: Drift;
  private power: 'ON' | 'OFF' = 'OFF';

  constructor(
    ctx: DeviceContext,
    readonly name: string,
    baseTemperature: number,
    private readonly teleMs = 5_000,
  ) {
    super(ctx);
    this.temperature = new Drift(baseTemperature, baseTemperature - 3, baseTemperature + 3, 0.2, ctx.random);
    this.humidity = new Drift(48, 30, 70, 0.8, ctx.random);
  }

  protected clientId() {
    return `tasmota_${this.name}`;
  }
  protected override discovery(): DiscoveryMessage[] {
    return tasmotaDiscovery((topic) => this.t(topic), this.name);
  }
  protected will(): Will {
    return { topic: `tele/${this.name}/LWT`, payload: 'Offline', qos: 1, retain: true };
  }
  protected goodbye(): Array<[string, string]> {
    return [[`tele/${this.name}/LWT`, 'Offline']];
  }

  protected online(): void {
    this.publish(`tele/${this.name}/LWT`, 'Online', { qos: 1, retain: true });
    this.client?.subscribe(this.t(`cmnd/${this.name}/POWER`), { qos: 0 });
    this.client?.removeAllListeners('message');
    this.client?.on('message', (_topic, payload) => this.command(payload.toString()));
    this.sensor();
    this.state();
    this.every(this.teleMs, () => this.sensor());
    this.every(30_000, () => this.state());
  }

  private command(payload: string): void {
    const wanted = payload.trim().toUpperCase();
    if (wanted === 'ON' || wanted === '1') this.power = 'ON';
    else if (wanted === 'OFF' || wanted === '0') this.power = 'OFF';
    else if (wanted === 'TOGGLE' || wanted === '2') this.power = this.power === 'ON' ? 'OFF' : 'ON';
    this.publish(`stat/${this.name}/RESULT`, JSON.stringify({ POWER: this.power }));
    this.publish(`stat/${this.name}/POWER`, this.power);
  }

  private sensor(): void {
    const temperature = round(this.temperature.next(), 1);
    const humidity = round(this.humidity.next(), 1);
    // Magnus formula, as Tasmota computes DewPoint
    const gamma = Math.log(humidity / 100) + (17.62 * temperature) / (243.12 + temperature);
    const dewPoint = round((243.12 * gamma) / (17.62 - gamma), 1);
    this.publish(
      `tele/${this.name}/SENSOR`,
      JSON.stringify({ Time: tasmotaTime(), AM2301: { Temperature: temperature, Humidity: humidity, DewPoint: dewPoint }, TempUnit: 'C' }),
    );
  }

  private state(): void {
    const up = this.uptimeSec();
    const uptime = `${Math.floor(up / 86400)}T${new Date(up * 1000).toISOString().slice(11, 19)}`;
    const rssi = Math.round(this.between(60, 90));
    this.publish(
      `tele/${this.name}/STATE`,
      JSON.stringify({
        Time: tasmotaTime(),
        Uptime: uptime,
        UptimeSec: up,
        Heap: Math.round(this.between(22, 28)),
        SleepMode: 'Dynamic',
        Sleep: 50,
        LoadAvg: 19,
        MqttCount: 1,
        POWER: this.power,
        Wifi: { AP: 1, SSId: 'home', Channel: 6, Mode: '11n', RSSI: rssi, Signal: Math.round(rssi / 2 - 100), LinkCount: 1 },
      }),
    );
  }
}

/** ESPHome power meter: <node>/status online/offline, <node>/sensor/<name>/state plain numbers. */
export class EsphomePowerMeter extends SimulatedDevice {
  readonly name = 'powermeter';
  private readonly power: Drift;
  private energyKwh = 1234.5;

  constructor(ctx: DeviceContext) {
    super(ctx);
    this.power = new Drift(450, 80, 3200, 120, ctx.random);
  }

  protected clientId() {
    return 'powermeter';
  }
  protected override discovery(): DiscoveryMessage[] {
    return esphomeDiscovery((topic) => this.t(topic));
  }
  protected will(): Will {
    return { topic: 'powermeter/status', payload: 'offline', qos: 1, retain: true };
  }
  protected goodbye(): Array<[string, string]> {
    return [['powermeter/status', 'offline']];
  }

  protected online(): void {
    this.publish('powermeter/status', 'online', { qos: 1, retain: true });
    this.every(2_000, () => {
      const watts = this.power.next();
      this.energyKwh += (watts * 2) / 3_600_000;
      this.publish('powermeter/sensor/power/state', watts.toFixed(1), { retain: true });
    });
    this.every(10_000, () => {
      this.publish('powermeter/sensor/energy/state', this.energyKwh.toFixed(3), { retain: true });
      this.publish('powermeter/sensor/voltage/state', this.between(228, 236).toFixed(1), { retain: true });
    });
  }
}

/** Zigbee2MQTT bridge with a door contact and a motion sensor behind it. */
export class Zigbee2MqttBridge extends SimulatedDevice {
  readonly name = 'zigbee2mqtt';
  private contact = true;
  private occupancy = false;
  private doorBattery = 97;
  private motionBattery = 88;

  protected clientId() {
    return 'zigbee2mqtt_bridge';
  }
  protected override discovery(): DiscoveryMessage[] {
    return zigbee2mqttDiscovery((topic) => this.t(topic));
  }
  protected will(): Will {
    return { topic: 'zigbee2mqtt/bridge/state', payload: JSON.stringify({ state: 'offline' }), qos: 1, retain: true };
  }
  protected goodbye(): Array<[string, string]> {
    const off = JSON.stringify({ state: 'offline' });
    return [
      ['zigbee2mqtt/bridge/state', off],
      ['zigbee2mqtt/front_door/availability', off],
      ['zigbee2mqtt/hallway_motion/availability', off],
    ];
  }

  protected online(): void {
    const on = JSON.stringify({ state: 'online' });
    this.publish('zigbee2mqtt/bridge/state', on, { qos: 1, retain: true });
    this.publish('zigbee2mqtt/front_door/availability', on, { retain: true });
    this.publish('zigbee2mqtt/hallway_motion/availability', on, { retain: true });
    this.door();
    this.motion();
    // State changes come when things happen; check-ins keep battery and link quality current.
    this.every(7_000, () => {
      if (this.ctx.random() < 0.35) {
        this.contact = !this.contact;
        this.door();
      }
    });
    this.every(4_000, () => {
      const next = this.ctx.random() < 0.3;
      if (next !== this.occupancy) {
        this.occupancy = next;
        this.motion();
      }
    });
    this.every(60_000, () => {
      this.door();
      this.motion();
    });
  }

  private door(): void {
    this.publish(
      'zigbee2mqtt/front_door',
      JSON.stringify({ battery: this.doorBattery, contact: this.contact, linkquality: Math.round(this.between(90, 160)), voltage: 3005 }),
    );
  }

  private motion(): void {
    this.publish(
      'zigbee2mqtt/hallway_motion',
      JSON.stringify({
        battery: this.motionBattery,
        illuminance: Math.round(this.between(5, 400)),
        linkquality: Math.round(this.between(60, 140)),
        occupancy: this.occupancy,
        voltage: 2950,
      }),
    );
  }
}

/** Homie 4 weather station: homie/<id>/$state init -> ready, properties with $unit and $datatype. */
export class HomieWeatherStation extends SimulatedDevice {
  readonly name = 'weather-station';
  private readonly temperature: Drift;
  private readonly humidity: Drift;
  private readonly pressure: Drift;

  constructor(ctx: DeviceContext) {
    super(ctx);
    this.temperature = new Drift(7.5, -5, 20, 0.3, ctx.random);
    this.humidity = new Drift(80, 40, 99, 1.5, ctx.random);
    this.pressure = new Drift(1013, 980, 1040, 0.6, ctx.random);
  }

  protected clientId() {
    return 'homie-weather-station';
  }
  protected will(): Will {
    return { topic: 'homie/weather-station/$state', payload: 'lost', qos: 1, retain: true };
  }
  protected goodbye(): Array<[string, string]> {
    return [['homie/weather-station/$state', 'disconnected']];
  }

  protected online(): void {
    const base = 'homie/weather-station';
    const r = { qos: 1 as const, retain: true };
    this.publish(`${base}/$state`, 'init', r);
    this.publish(`${base}/$homie`, '4.0.0', r);
    this.publish(`${base}/$name`, 'Weather station', r);
    this.publish(`${base}/$nodes`, 'outdoor', r);
    this.publish(`${base}/$extensions`, '', r);
    this.publish(`${base}/outdoor/$name`, 'Outdoor', r);
    this.publish(`${base}/outdoor/$type`, 'sensor', r);
    this.publish(`${base}/outdoor/$properties`, 'temperature,humidity,pressure', r);
    const properties: Array<[string, string, string]> = [
      ['temperature', 'Temperature', '°C'],
      ['humidity', 'Humidity', '%'],
      ['pressure', 'Pressure', 'hPa'],
    ];
    for (const [id, label, unit] of properties) {
      this.publish(`${base}/outdoor/${id}/$name`, label, r);
      this.publish(`${base}/outdoor/${id}/$datatype`, 'float', r);
      this.publish(`${base}/outdoor/${id}/$unit`, unit, r);
    }
    this.after(1_000, () => {
      this.values();
      this.publish(`${base}/$state`, 'ready', r);
    });
    this.every(10_000, () => this.values());
  }

  private values(): void {
    const base = 'homie/weather-station/outdoor';
    this.publish(`${base}/temperature`, this.temperature.next().toFixed(1), { retain: true });
    this.publish(`${base}/humidity`, this.humidity.next().toFixed(0), { retain: true });
    this.publish(`${base}/pressure`, this.pressure.next().toFixed(1), { retain: true });
  }
}

/** A Shelly Plug S (Gen1) with flaky power: shellies/<id>/online true/false, relay/0/power in W. */
export class ShellyPlug extends SimulatedDevice {
  readonly name = 'shellyplug-s-C45BBE';
  private readonly power: Drift;
  private energyWattMinutes = 51_840;

  constructor(ctx: DeviceContext) {
    super(ctx);
    this.power = new Drift(42, 0, 120, 6, ctx.random);
  }

  private relay: 'on' | 'off' = 'on';

  protected clientId() {
    return 'shellyplug-s-C45BBE';
  }
  protected override discovery(): DiscoveryMessage[] {
    return shellyDiscovery((topic) => this.t(topic), this.name);
  }
  protected will(): Will {
    return { topic: `shellies/${this.name}/online`, payload: 'false', qos: 1, retain: true };
  }
  protected goodbye(): Array<[string, string]> {
    return [[`shellies/${this.name}/online`, 'false']];
  }

  protected online(): void {
    const base = `shellies/${this.name}`;
    this.publish(`${base}/online`, 'true', { qos: 1, retain: true });
    this.publish(`${base}/relay/0`, this.relay, { retain: true });
    // Shelly Gen1: on, off or toggle to relay/0/command; the new state on relay/0
    this.client?.subscribe(this.t(`${base}/relay/0/command`), { qos: 0 });
    this.client?.removeAllListeners('message');
    this.client?.on('message', (_topic, payload) => {
      const wanted = payload.toString().trim().toLowerCase();
      this.relay = wanted === 'toggle' ? (this.relay === 'on' ? 'off' : 'on') : wanted === 'off' ? 'off' : wanted === 'on' ? 'on' : this.relay;
      this.publish(`${base}/relay/0`, this.relay, { retain: true });
    });
    this.publish(`${base}/announce`, JSON.stringify({ id: this.name, model: 'SHPLG-S', mac: 'C45BBEC45BBE', ip: '192.168.1.42', fw_ver: '20230913-114244/v1.14.0-gcb84623' }));
    this.every(5_000, () => {
      const watts = this.power.next();
      this.energyWattMinutes += (watts * 5) / 60;
      this.publish(`${base}/relay/0/power`, watts.toFixed(2));
      this.publish(`${base}/relay/0/energy`, Math.round(this.energyWattMinutes).toString());
    });
    this.every(30_000, () => this.publish(`${base}/temperature`, this.between(32, 40).toFixed(2)));
  }
}

/**
 * A Sparkplug B edge node (group "plant", node "edge-1") with one device ("pump-1"), its payloads made by
 * Eclipse Tahu's own library: NBIRTH with bdSeq and metric aliases, then NDATA/DDATA by alias only, seq
 * 0-255 across all of its messages; its will is the NDEATH carrying the bdSeq of the session it belongs to.
 */
export class SparkplugEdgeNode extends SimulatedDevice {
  readonly name = 'edge-1';
  static readonly DEVICE = 'pump-1';
  private bdSeq = 0;
  private seq = 0;
  private readonly temperature: Drift;
  private readonly flow: Drift;

  constructor(
    ctx: DeviceContext,
    /** The Sparkplug group (tests give each run its own). */
    readonly group = 'plant',
  ) {
    super(ctx);
    this.temperature = new Drift(48, 40, 60, 0.8, ctx.random);
    this.flow = new Drift(12, 0, 30, 1.5, ctx.random);
  }

  private topic(type: string, device?: string): string {
    return `spBv1.0/${this.group}/${type}/${this.name}${device ? `/${device}` : ''}`;
  }
  private nextSeq(): number {
    const s = this.seq;
    this.seq = (this.seq + 1) % 256;
    return s;
  }

  protected clientId() {
    return 'sparkplug-edge-1';
  }
  protected will(): Will {
    return { topic: this.topic('NDEATH'), payload: sparkplugPayload({ timestamp: Date.now(), metrics: [{ name: 'bdSeq', type: 'UInt64', value: this.bdSeq }] }), qos: 1, retain: false };
  }
  protected goodbye(): Array<[string, string]> {
    return [];
  }
  protected override beforeStop(): void {
    // a clean stop sends no will: the node says its death itself, as Sparkplug asks
    this.publishBytes(this.topic('NDEATH'), sparkplugPayload({ timestamp: Date.now(), metrics: [{ name: 'bdSeq', type: 'UInt64', value: this.bdSeq }] }), 1);
  }

  protected online(): void {
    this.seq = 0;
    const now = Date.now();
    this.publishBytes(
      this.topic('NBIRTH'),
      sparkplugPayload({
        timestamp: now,
        seq: this.nextSeq(),
        metrics: [
          { name: 'bdSeq', type: 'UInt64', value: this.bdSeq },
          { name: 'Node Control/Rebirth', alias: 1, type: 'Boolean', value: false },
          { name: 'Temperature', alias: 2, type: 'Float', value: round(this.temperature.next(), 1) },
          { name: 'Uptime', alias: 3, type: 'Int64', value: this.uptimeSec() },
        ],
      }),
      0,
    );
    this.publishBytes(
      this.topic('DBIRTH', SparkplugEdgeNode.DEVICE),
      sparkplugPayload({
        timestamp: now,
        seq: this.nextSeq(),
        metrics: [
          { name: 'Flow', alias: 10, type: 'Double', value: round(this.flow.next(), 2) },
          { name: 'Running', alias: 11, type: 'Boolean', value: true },
          { name: 'RPM', alias: 12, type: 'Int32', value: 1450 },
        ],
      }),
      0,
    );
    // the next session's death certificate carries the next bdSeq (the broker keeps the will given at CONNECT)
    this.bdSeq = (this.bdSeq + 1) % 256;
    this.setWill(this.will());
    this.every(5_000, () => {
      this.publishBytes(
        this.topic('NDATA'),
        sparkplugPayload({ timestamp: Date.now(), seq: this.nextSeq(), metrics: [{ alias: 2, type: 'Float', value: round(this.temperature.next(), 1) }, { alias: 3, type: 'Int64', value: this.uptimeSec() }] }),
        0,
      );
      this.publishBytes(
        this.topic('DDATA', SparkplugEdgeNode.DEVICE),
        sparkplugPayload({ timestamp: Date.now(), seq: this.nextSeq(), metrics: [{ alias: 10, type: 'Double', value: round(this.flow.next(), 2) }, { alias: 12, type: 'Int32', value: Math.round(this.between(1400, 1500)) }] }),
        0,
      );
    });
  }
}

const tahu = (createRequire(import.meta.url)('sparkplug-payload') as { get(namespace: string): { encodePayload(payload: unknown): Uint8Array } }).get('spBv1.0');

/** A Sparkplug B payload encoded by Tahu's library with its sparkplug_b.proto. */
export function sparkplugPayload(payload: { timestamp?: number; seq?: number; metrics: Array<{ name?: string; alias?: number; type: string; value: unknown }> }): Uint8Array {
  return tahu.encodePayload(payload);
}
