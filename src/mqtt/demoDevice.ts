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

export class DemoDevice extends Emitter<{ state: (state: DemoDeviceState, detail: string) => void }> {
  private client: MqttClient | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private startedAt = 0;
  stateValue: DemoDeviceState = 'stopped';

  /** Returns a sentence when the status topic cannot be used. */
  start(options: DemoDeviceOptions): string | null {
    const fault = validateTopicName(options.statusTopic);
    if (fault) return fault;
    this.stop();
    this.set('connecting', `Connecting with a last will: "offline" (retained) on ${options.statusTopic}.`);
    const client = mqtt.connect(options.url, {
      clientId: `mqttscope-demo-${Math.random().toString(16).slice(2, 8)}`,
      protocolVersion: options.protocolVersion ?? 4,
      keepalive: 10,
      reconnectPeriod: 0,
      clean: true,
      will: { topic: options.statusTopic, payload: 'offline', qos: 1, retain: true },
      ...(options.username ? { username: options.username } : {}),
      ...(options.password ? { password: options.password } : {}),
    });
    this.client = client;
    client.on('connect', () => {
      this.startedAt = Date.now();
      client.publish(options.statusTopic, 'online', { qos: 1, retain: true });
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
