/**
 * A simulated device: its own MQTT connection, keep-alive and last will, like the firmware it imitates.
 * Subclasses say what they publish; this class runs the connection, the timers and the crash.
 */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { DiscoveryMessage } from './discovery';

export interface DeviceContext {
  brokerUrl: string;
  /** Prepended to every topic ("demo/abc" -> "demo/abc/tele/livingroom/SENSOR"). */
  prefix: string;
  /** Time scale: 2 runs every interval twice as fast. */
  speed: number;
  username?: string;
  password?: string;
  random: () => number;
  log: (line: string) => void;
}

export interface Will {
  topic: string;
  /** Text, or bytes (a Sparkplug NDEATH). */
  payload: string | Uint8Array;
  qos: 0 | 1 | 2;
  retain: boolean;
}

export abstract class SimulatedDevice {
  abstract readonly name: string;
  protected client: MqttClient | null = null;
  private timers: Array<ReturnType<typeof setInterval>> = [];
  private crashTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private readonly startedAt = Date.now();

  constructor(protected readonly ctx: DeviceContext) {}

  /** The MQTT client ID, as the firmware would pick it. */
  protected abstract clientId(): string;
  /** The last will registered at CONNECT. */
  protected abstract will(): Will;
  /** Called on every (re)connect: publish the birth message and start the periodic reports. */
  protected abstract online(): void;
  /** Published before a clean stop, so brokers do not keep a retained "online" forever. */
  protected abstract goodbye(): Array<[topic: string, payload: string]>;

  /** Topic with the simulator prefix. */
  protected t(topic: string): string {
    return this.ctx.prefix ? `${this.ctx.prefix}/${topic}` : topic;
  }

  /** Seconds since this device started (for uptime fields). */
  protected uptimeSec(): number {
    return Math.floor(((Date.now() - this.startedAt) / 1000) * this.ctx.speed);
  }

  start(): Promise<void> {
    const will = this.will();
    // Under a prefix (a shared or public broker) client IDs get it too, or two classes would kick each other off.
    const suffix = this.ctx.prefix ? `-${this.ctx.prefix.replace(/[^A-Za-z0-9]+/g, '-')}` : '';
    const options: IClientOptions = {
      clientId: `${this.clientId()}${suffix}`,
      keepalive: 30,
      clean: true,
      reconnectPeriod: 2_000,
      connectTimeout: 10_000,
      will: { topic: this.t(will.topic), payload: Buffer.from(will.payload), qos: will.qos, retain: will.retain },
    };
    if (this.ctx.username) options.username = this.ctx.username;
    if (this.ctx.password) options.password = this.ctx.password;
    const client = mqtt.connect(this.ctx.brokerUrl, options);
    this.client = client;
    client.on('connect', () => {
      this.clearTimers();
      // like the firmware: its Home Assistant discovery configs, retained, on every connect
      for (const [topic, config] of this.discovery()) this.publishRetained(topic, config === '' ? '' : JSON.stringify(config));
      this.online();
    });
    client.on('error', (error) => this.ctx.log(`${this.name}: ${error.message}`));
    return new Promise((resolve) => client.once('connect', () => resolve()));
  }

  /** Home Assistant discovery configs, topics with the prefix applied (none by default). */
  protected discovery(): DiscoveryMessage[] {
    return [];
  }

  /** Publishes `payload` retained at QoS 1 to `topic` as given (the prefix is not added). */
  publishRetained(topic: string, payload: string): void {
    this.client?.publish(topic, payload, { qos: 1, retain: true });
  }

  /** Publishes bytes with the prefix applied. */
  protected publishBytes(topic: string, payload: Uint8Array, qos: 0 | 1 | 2 = 0): void {
    this.client?.publish(this.t(topic), Buffer.from(payload), { qos, retain: false });
  }

  /** The will the next CONNECT registers (mqtt.js sends its options' will on every reconnect). */
  protected setWill(will: Will): void {
    if (this.client) this.client.options.will = { topic: this.t(will.topic), payload: Buffer.from(will.payload), qos: will.qos, retain: will.retain };
  }

  /** Called before a clean stop, while still connected (after the goodbye states). */
  protected beforeStop(): void {}

  /** Publishes with the prefix applied. */
  protected publish(topic: string, payload: string, options: { qos?: 0 | 1 | 2; retain?: boolean } = {}): void {
    this.client?.publish(this.t(topic), payload, { qos: options.qos ?? 0, retain: options.retain ?? false });
  }

  /** Runs `task` every `ms` milliseconds of simulated time while connected (first run after one period). */
  protected every(ms: number, task: () => void): void {
    this.timers.push(setInterval(task, Math.max(10, ms / this.ctx.speed)));
  }

  /** Runs `task` once after `ms` of simulated time while connected. */
  protected after(ms: number, task: () => void): void {
    const timer = setTimeout(task, Math.max(1, ms / this.ctx.speed));
    this.timers.push(timer as unknown as ReturnType<typeof setInterval>);
  }

  /** A number between min and max. */
  protected between(min: number, max: number): number {
    return min + (max - min) * this.ctx.random();
  }

  /**
   * Crashes every `everyMs` (a range), like a device losing power: the socket is destroyed without
   * DISCONNECT, so the broker publishes the will. The device comes back after `downMs`.
   */
  crashPeriodically(everyMs: [number, number], downMs: [number, number]): void {
    const schedule = () => {
      if (this.stopped) return;
      const wait = this.between(everyMs[0], everyMs[1]) / this.ctx.speed;
      this.crashTimer = setTimeout(() => {
        const down = this.between(downMs[0], downMs[1]) / this.ctx.speed;
        this.crash();
        this.ctx.log(`${this.name} crashed (socket destroyed, no DISCONNECT: the broker sends its will); back in ${(down / 1000).toFixed(0)} s`);
        this.crashTimer = setTimeout(() => {
          if (this.stopped) return;
          this.client?.reconnect();
          this.ctx.log(`${this.name} is back`);
          schedule();
        }, down);
      }, wait);
    };
    schedule();
  }

  /** Destroys the socket without DISCONNECT. */
  crash(): void {
    this.clearTimers();
    this.client?.end(true);
  }

  /** Publishes the goodbye states, then disconnects cleanly. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.crashTimer) clearTimeout(this.crashTimer);
    this.clearTimers();
    const client = this.client;
    if (!client) return;
    if (client.connected) {
      await Promise.all(
        this.goodbye().map(([topic, payload]) => client.publishAsync(this.t(topic), payload, { qos: 1, retain: true }).catch(() => {})),
      );
      this.beforeStop();
    }
    await client.endAsync(client.connected ? false : true).catch(() => {});
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }
}

/** A local time stamp the way Tasmota writes it: 2026-11-25T14:55:00. */
export function tasmotaTime(date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Rounds to `digits` decimals (firmware sends fixed precision). */
export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A random walk that stays between min and max. */
export class Drift {
  constructor(
    private value: number,
    private readonly min: number,
    private readonly max: number,
    private readonly step: number,
    private readonly random: () => number,
  ) {}
  next(): number {
    this.value += (this.random() - 0.5) * 2 * this.step;
    this.value = Math.min(this.max, Math.max(this.min, this.value));
    return this.value;
  }
}

/** A small deterministic PRNG (mulberry32), so a seeded simulator repeats itself. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
