/**
 * What a lesson step may do and read: the page's connection (publish, subscribe, reconnect with other
 * settings), its packet capture, the demo device as the second client, a client that falls silent, and
 * the linked REST registry. One runner per opened lesson; `dispose` leaves the broker as it was found
 * (devices stopped, lesson subscriptions removed, the keep-alive put back).
 */
import { packetsSince, type SeenPacket } from '../../data/lessons/observe';
import type { PacketCapture } from '../../data/packetCapture';
import { DemoDevice, type DemoDeviceMessage, type DemoDeviceOptions } from '../../mqtt/demoDevice';
import type { PublishRequest } from '../../mqtt/connection';
import { SilentClient } from '../../mqtt/silentClient';
import type { QoS } from '../../mqtt/types';
import type { Profile } from '../../stores/profileModel';
import type { SessionActions } from '../../stores/sessionContext';

export interface StepResult {
  /** What happened, in sentences, as the screen shows them. */
  lines: string[];
  /** Texts shown as they are (an HTTP exchange, a frame's fields). */
  blocks?: Array<{ label: string; text: string }>;
  /** A packet worth opening in the Inspector (its capture index). */
  inspect?: number;
}

export interface RunnerDeps {
  profile: () => Profile;
  actions: SessionActions;
  capture: PacketCapture;
  updateProfile: (patch: Partial<Profile>) => void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class LessonRunner {
  /** Topics of this run: unique, so two classes on one public broker do not mix. */
  readonly base = `mqttscope/lesson-${Math.random().toString(16).slice(2, 6)}`;
  /** Remembered between steps (the keep-alive before the lesson changed it). */
  readonly memory = new Map<string, unknown>();
  private device: DemoDevice | null = null;
  private silent: SilentClient | null = null;
  private readonly subscribed = new Set<string>();
  /** What the demo device received since it last started. */
  received: DemoDeviceMessage[] = [];

  constructor(private readonly deps: RunnerDeps) {}

  get profile(): Profile {
    return this.deps.profile();
  }
  get capture(): PacketCapture {
    return this.deps.capture;
  }
  get actions(): SessionActions {
    return this.deps.actions;
  }

  /** The capture's clock (ms since the epoch, as the packets are stamped): compare packet times with this. */
  now(): number {
    return performance.timeOrigin + performance.now();
  }

  wait(ms: number): Promise<void> {
    return sleep(ms);
  }

  /** Polls `check` every 100 ms until it returns something, or `timeoutMs` passes (then null). */
  async waitFor<T>(check: () => T | null | undefined | false, timeoutMs: number): Promise<T | null> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value) return value;
      if (Date.now() > until) return null;
      await sleep(100);
    }
  }

  packets(since: number): SeenPacket[] {
    return packetsSince(this.capture, since, this.profile.protocolVersion);
  }

  /** The first message the page's connection received on `topic` since `since`. */
  receivedByPage(since: number, topic: string, payload?: string): SeenPacket | null {
    return (
      this.packets(since).find(
        (p) => p.direction === 'in' && p.packet.name === 'PUBLISH' && p.packet.topic === topic && (payload === undefined || payloadText(p) === payload),
      ) ?? null
    );
  }

  /** Subscribes the page's connection (kept until the lesson closes) and waits for the SUBACK. */
  async subscribe(filter: string, qos: QoS): Promise<void> {
    // a subscription the connection already had is the user's: used, and left as it was
    if (this.profile.subscriptions.some((s) => s.filter === filter)) return;
    if (!this.subscribed.has(filter)) {
      const since = this.now();
      const fault = this.actions.subscribe(this.profile.id, filter, qos);
      if (fault) throw new Error(fault);
      this.subscribed.add(filter);
      await this.waitFor(() => this.packets(since).some((p) => p.packet.name === 'SUBACK'), 5_000);
    }
  }

  /** Publishes from the page's connection and waits for its QoS flow to end. */
  async publish(request: PublishRequest): Promise<void> {
    const sent = this.actions.publish(this.profile.id, request);
    if (!sent) throw new Error('Not connected: connect this page to a broker first (the lessons use its connection).');
    const record = await sent.done;
    if (record.outcome !== 'acknowledged' && record.outcome !== 'sent') throw new Error(record.detail ?? `The broker did not take the message (${record.outcome}).`);
  }

  /** The demo device, (re)started with `options` and connected. */
  async startDevice(options: Partial<DemoDeviceOptions> & { statusTopic: string }): Promise<DemoDevice> {
    this.device?.stop();
    const device = new DemoDevice();
    this.device = device;
    this.received = [];
    device.on('message', (m) => this.received.push(m));
    const p = this.profile;
    const fault = device.start({
      url: p.url.trim(),
      protocolVersion: p.protocolVersion,
      ...(p.username ? { username: p.username } : {}),
      ...(p.password ? { password: p.password } : {}),
      ...options,
    });
    if (fault) throw new Error(fault);
    await device.ready();
    return device;
  }

  /** The demo device as a listener (no heartbeat), its status topic outside the lesson's topics. */
  startListener(options: Partial<DemoDeviceOptions> = {}): Promise<DemoDevice> {
    return this.startDevice({ statusTopic: `${this.base}/listener/status`, quiet: true, ...options });
  }

  /** A subscriber that joins now: a fresh listener subscribed to `filter`, with the QoS granted. */
  async lateSubscriber(filter: string, qos: QoS = 1, options: Partial<DemoDeviceOptions> = {}): Promise<{ device: DemoDevice; granted: number }> {
    const device = await this.startListener(options);
    return { device, granted: await device.subscribe(filter, qos) };
  }

  get demoDevice(): DemoDevice | null {
    return this.device;
  }

  /** A client that connects with a will and then sends nothing; `onClose` when the broker gives up on it. */
  async startSilent(keepaliveSec: number, willTopic: string, onClose: (at: number) => void): Promise<SilentClient> {
    this.silent?.close();
    const silent = new SilentClient();
    this.silent = silent;
    const p = this.profile;
    await silent.connect(
      {
        url: p.url.trim(),
        clientId: `mqttscope-silent-${Math.random().toString(16).slice(2, 6)}`,
        keepaliveSec,
        will: { topic: willTopic, payload: 'offline (its keep-alive ran out)', qos: 1, retain: false },
        ...(p.username ? { username: p.username } : {}),
        ...(p.password ? { password: p.password } : {}),
      },
      onClose,
    );
    return silent;
  }

  /** Changes the page connection's keep-alive and reconnects with it; resolves once connected again. */
  async reconnectWithKeepalive(seconds: number): Promise<number> {
    if (!this.memory.has('keepalive')) this.memory.set('keepalive', this.profile.keepaliveSec);
    this.deps.updateProfile({ keepaliveSec: seconds });
    return this.reconnect();
  }

  /** Reconnects the page's connection; resolves with the time the CONNECT went out. */
  async reconnect(): Promise<number> {
    const since = this.now();
    const problems = this.actions.connect(this.profile.id);
    if (problems) throw new Error(Object.values(problems).join(' '));
    const connack = await this.waitFor(() => this.packets(since).find((p) => p.packet.name === 'CONNACK'), 10_000);
    if (!connack) throw new Error('The broker did not answer the CONNECT within 10 s.');
    return since;
  }

  /** Puts back what the lesson changed and stops its clients. */
  dispose(): void {
    this.device?.stop();
    this.device = null;
    this.silent?.close();
    this.silent = null;
    const keepalive = this.memory.get('keepalive');
    if (typeof keepalive === 'number' && keepalive !== this.profile.keepaliveSec) {
      this.deps.updateProfile({ keepaliveSec: keepalive });
      this.actions.connect(this.profile.id);
    }
    this.memory.delete('keepalive');
    for (const filter of this.subscribed) this.actions.unsubscribe(this.profile.id, filter);
    this.subscribed.clear();
  }
}

/** A PUBLISH's payload as text. */
export function payloadText(p: SeenPacket): string {
  const range = p.packet.payloadRange;
  return range ? new TextDecoder().decode(p.bytes.subarray(range[0], range[1])) : '';
}
