/**
 * A device that runs inside the page, for class: its own MQTT connection with a last will, an "online"
 * birth message and a heartbeat. "Crash it" cuts the socket without DISCONNECT, so the broker publishes the
 * will; "Disconnect cleanly" sends DISCONNECT, so it does not.
 */
import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import { Emitter } from './emitter';
import { validateTopicName } from './topic';

export type DemoDeviceState = 'stopped' | 'connecting' | 'online' | 'crashed' | 'disconnected' | 'error';

export interface DemoDeviceOptions {
  url: string;
  /** A fixed client ID (a persistent session needs one); random by default. */
  clientId?: string;
  /** false: a persistent session, kept by the broker while the device is away (QoS 1 and 2 queue for it). */
  clean?: boolean;
  keepaliveSec?: number;
  /** No heartbeat: a device that only listens (the lessons' subscriber). */
  quiet?: boolean;
  /** Where the device says "online" (retained) and the broker says "offline" (its retained will). */
  statusTopic: string;
  username?: string;
  password?: string;
  protocolVersion?: 4 | 5;
  heartbeatMs?: number;
}

/** Heartbeat topic next to the status topic: a/b/status -> a/b/uptime. */
export function heartbeatTopic(statusTopic: string): string {
  const levels = statusTopic.split('/');
  levels[levels.length - 1] = 'uptime';
  return levels.join('/');
}

export interface DemoDeviceMessage {
  topic: string;
  payload: Uint8Array;
  qos: 0 | 1 | 2;
  retain: boolean;
  at: number;
}

export class DemoDevice extends Emitter<{ state: (state: DemoDeviceState, detail: string) => void; message: (message: DemoDeviceMessage) => void }> {
  private client: MqttClient | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private startedAt = 0;
  stateValue: DemoDeviceState = 'stopped';
  /** The packets it received (type and packet id), the last 200: what the lessons read of its side. */
  readonly packets: Array<{ cmd: string; messageId?: number; topic?: string; payload?: string }> = [];

  /** Returns a sentence when the status topic cannot be used. */
  start(options: DemoDeviceOptions): string | null {
    const fault = validateTopicName(options.statusTopic);
    if (fault) return fault;
    this.stop();
    this.set('connecting', `Connecting with a last will: "offline" (retained) on ${options.statusTopic}.`);
    const client = mqtt.connect(options.url, {
      clientId: options.clientId ?? `mqttscope-demo-${Math.random().toString(16).slice(2, 8)}`,
      protocolVersion: options.protocolVersion ?? 4,
      keepalive: options.keepaliveSec ?? 10,
      reconnectPeriod: 0,
      clean: options.clean ?? true,
      ...(options.clean === false && options.protocolVersion === 5 ? { properties: { sessionExpiryInterval: 600 } } : {}),
      will: { topic: options.statusTopic, payload: 'offline', qos: 1, retain: true },
      ...(options.username ? { username: options.username } : {}),
      ...(options.password ? { password: options.password } : {}),
    });
    this.client = client;
    client.on('packetreceive', (packet) => {
      const p = packet as { cmd: string; messageId?: number; topic?: string; payload?: unknown };
      this.packets.push({ cmd: p.cmd, ...(p.messageId !== undefined ? { messageId: p.messageId } : {}), ...(p.topic !== undefined ? { topic: p.topic } : {}), ...(p.payload instanceof Uint8Array ? { payload: new TextDecoder().decode(p.payload.subarray(0, 100)) } : {}) });
      if (this.packets.length > 200) this.packets.shift();
    });
    client.on('message', (topic, payload, packet) => this.emit('message', { topic, payload: new Uint8Array(payload), qos: packet.qos, retain: packet.retain, at: Date.now() }));
    client.on('connect', () => {
      this.startedAt = Date.now();
      client.publish(options.statusTopic, 'online', { qos: 1, retain: true });
      if (options.quiet) {
        this.set('online', `Online: published "online" (retained) to ${options.statusTopic}.`);
        return;
      }
      const beat = heartbeatTopic(options.statusTopic);
      this.heartbeat = setInterval(() => client.publish(beat, String(Math.round((Date.now() - this.startedAt) / 1000))), options.heartbeatMs ?? 2_000);
      this.set('online', `Online: published "online" (retained) to ${options.statusTopic}, and its uptime every ${(options.heartbeatMs ?? 2_000) / 1000} s.`);
    });
    client.on('error', (error) => this.set('error', `Error: ${error.message}`));
    client.on('close', () => {
      this.clearHeartbeat();
      if (this.stateValue === 'connecting') this.set('error', 'The broker closed the connection before it was up.');
    });
    return null;
  }

  /** Resolves once connected (rejects when the attempt ends otherwise). */
  ready(timeoutMs = 10_000): Promise<void> {
    if (this.stateValue === 'online') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new Error('The demo device did not connect in time.')), timeoutMs);
      const off = this.on('state', (state, detail) => {
        if (state === 'online') done(null);
        else if (state === 'error') done(new Error(detail));
      });
      const done = (error: Error | null) => {
        clearTimeout(timer);
        off();
        if (error) reject(error);
        else resolve();
      };
    });
  }

  /** Subscribes; resolves with the QoS the broker granted (128: refused). */
  async subscribe(filter: string, qos: 0 | 1 | 2): Promise<number> {
    if (!this.client) throw new Error('The demo device is not connected.');
    const granted = await this.client.subscribeAsync(filter, { qos });
    return granted[0]?.qos ?? 128;
  }

  /** Publishes; resolves when the QoS flow is complete. */
  async publish(topic: string, payload: string, options: { qos: 0 | 1 | 2; retain?: boolean }): Promise<void> {
    if (!this.client) throw new Error('The demo device is not connected.');
    await this.client.publishAsync(topic, payload, { qos: options.qos, retain: options.retain ?? false });
  }

  /** Sends DISCONNECT and leaves its retained status and its session as they are (a persistent session stays). */
  async leave(): Promise<void> {
    const client = this.client;
    this.clearHeartbeat();
    this.client = null;
    if (client) await client.endAsync(false);
    this.set('disconnected', 'Disconnected (DISCONNECT sent): no will, and a persistent session stays with the broker.');
  }

  /** Destroys the socket without DISCONNECT: the broker publishes the will. */
  crash(): void {
    if (!this.client) return;
    this.clearHeartbeat();
    this.client.end(true);
    this.client = null;
    this.set('crashed', 'Crashed: the socket was cut without DISCONNECT. The broker now publishes the will, "offline".');
  }

  /**
   * Clears its retained status (an empty retained message), then sends DISCONNECT: the broker discards the
   * will. A device that left its retained "online" behind would haunt every later subscriber as a ghost.
   */
  disconnectCleanly(statusTopic: string): void {
    if (!this.client) return;
    this.clearHeartbeat();
    const client = this.client;
    this.client = null;
    client.publish(statusTopic, '', { qos: 1, retain: true }, () => client.end(false, {}, () => {}));
    this.set(
      'disconnected',
      `Disconnected cleanly: it cleared its retained status on ${statusTopic} and sent DISCONNECT, so the broker discards the will and nobody is told "offline". Its card goes away.`,
    );
  }

  stop(): void {
    this.clearHeartbeat();
    if (this.client) this.client.end(true);
    this.client = null;
    this.stateValue = 'stopped';
  }

  private clearHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  private set(state: DemoDeviceState, detail: string): void {
    this.stateValue = state;
    this.emit('state', state, detail);
  }
}
