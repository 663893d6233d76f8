/**
 * A stand-in for an mqtt.js client and the broker behind it, for unit tests of MqttConnection on fake
 * timers: the test decides what the broker does with each CONNECT, SUBSCRIBE, PUBLISH and PINGREQ.
 * Only the part of mqtt.js that MqttConnection uses is here.
 */
import type { IClientOptions, MqttClient } from 'mqtt';
import type { FakeTimers } from './fakeTimers';

type Listener = (...args: never[]) => void;

/** What the broker does with the n-th CONNECT (1-based). */
export type ConnectScript = (client: FakeMqttClient, attempt: number) => void;

export class FakeBroker {
  readonly clients: FakeMqttClient[] = [];
  /** CONNECTs received, in all. */
  attempts = 0;
  /** Time of each CONNECT. */
  readonly attemptTimes: number[] = [];
  readonly subscribes: string[] = [];
  readonly publishes: Array<{ topic: string; qos: number; messageId?: number; dup: boolean }> = [];
  pings = 0;
  /** Answer PINGREQ with PINGRESP (a stalled link does not). */
  answerPings = true;
  /** SUBACK with the QoS asked (or this code for every filter). */
  subackCode: number | null = null;
  /** Delay of the broker's answers. */
  latencyMs = 1;
  onConnect: ConnectScript = (client) => client.accept();
  /** What the broker does with a PUBLISH from the client; the default acknowledges it. */
  onPublish: (client: FakeMqttClient, packet: { topic: string; qos: number; messageId?: number }) => void = (client, p) => {
    if (p.qos === 1 && p.messageId !== undefined) client.later(() => client.receivePacket({ cmd: 'puback', messageId: p.messageId }));
    if (p.qos === 2 && p.messageId !== undefined) client.later(() => client.receivePacket({ cmd: 'pubrec', messageId: p.messageId }));
  };

  constructor(readonly timers: FakeTimers) {}

  /** For ConnectionEnvironment.connect. */
  readonly connect = (url: string, options: IClientOptions): MqttClient => {
    const client = new FakeMqttClient(this, url, options);
    this.clients.push(client);
    client.startAttempt();
    return client as unknown as MqttClient;
  };

  get last(): FakeMqttClient {
    const client = this.clients.at(-1);
    if (!client) throw new Error('no client yet');
    return client;
  }
}

export class FakeMqttClient {
  connected = false;
  readonly incomingStore = {};
  readonly outgoingStore = {
    stored: new Map<number, unknown>(),
    del: (packet: { messageId: number }, cb: () => void) => {
      this.outgoingStore.stored.delete(packet.messageId);
      cb();
    },
  };
  readonly outgoing: Record<number, unknown> = {};
  readonly stream = { destroy: () => this.drop() };
  onKeepaliveTimeout: () => void = () => {};
  private readonly listeners = new Map<string, Set<Listener>>();
  private nextMessageId = 1;
  private subscribeCallbacks: Array<() => void> = [];

  constructor(
    readonly broker: FakeBroker,
    readonly url: string,
    readonly options: IClientOptions,
  ) {}

  // ------------------------------------------------------------ the mqtt.js surface MqttConnection uses
  on(event: string, listener: Listener): this {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return this;
  }

  removeAllListeners(): this {
    this.listeners.clear();
    return this;
  }

  end(_force?: boolean, _opts?: object, cb?: () => void): this {
    const was = this.connected;
    this.connected = false;
    this.later(() => {
      cb?.();
      if (was) this.emit('close');
    });
    return this;
  }

  reconnect(): this {
    this.startAttempt();
    return this;
  }

  subscribe(filter: string, opts: { qos: number }, cb: (error: Error | null, granted: unknown, packet?: { granted: number[] }) => void): this {
    this.broker.subscribes.push(filter);
    this.emit('packetsend', { cmd: 'subscribe' });
    const answer = () => {
      const code = this.broker.subackCode ?? opts.qos;
      this.receivePacket({ cmd: 'suback', granted: [code] });
      cb(null, [{ topic: filter, qos: code }], { granted: [code] });
    };
    if (this.broker.subackCode === -1) this.subscribeCallbacks.push(answer);
    else this.later(answer);
    return this;
  }

  unsubscribe(_filter: string, cb: (error?: Error) => void): this {
    this.later(() => cb());
    return this;
  }

  publish(topic: string, _payload: unknown, opts: { qos: number }, cb: (error?: Error) => void): this {
    const packet: { cmd: 'publish'; topic: string; qos: number; dup: boolean; messageId?: number } = { cmd: 'publish', topic, qos: opts.qos, dup: false };
    if (opts.qos > 0) {
      packet.messageId = this.nextMessageId++;
      this.outgoingStore.stored.set(packet.messageId, packet);
      this.outgoing[packet.messageId] = cb;
    }
    this.broker.publishes.push({ topic, qos: opts.qos, dup: false, ...(packet.messageId !== undefined ? { messageId: packet.messageId } : {}) });
    this.emit('packetsend', packet);
    if (opts.qos === 0) this.later(() => cb());
    this.broker.onPublish(this, packet);
    return this;
  }

  sendPing(): void {
    this.broker.pings++;
    this.emit('packetsend', { cmd: 'pingreq' });
    if (this.broker.answerPings) this.later(() => this.receivePacket({ cmd: 'pingresp' }));
  }

  reschedulePing(): void {}

  // ------------------------------------------------------------ what the broker (the test) does
  startAttempt(): void {
    this.broker.attempts++;
    this.broker.attemptTimes.push(this.broker.timers.now());
    const attempt = this.broker.attempts;
    this.later(() => this.broker.onConnect(this, attempt));
  }

  /** CONNACK accepting the connection. */
  accept(options: { sessionPresent?: boolean; properties?: Record<string, unknown> } = {}): void {
    this.connected = true;
    const connack = { cmd: 'connack', returnCode: 0, reasonCode: 0, sessionPresent: options.sessionPresent ?? false, ...(options.properties ? { properties: options.properties } : {}) };
    this.emit('packetreceive', connack);
    this.emit('connect', connack);
  }

  /** CONNACK refusing with `code`, then the broker closes. */
  refuse(code: number): void {
    this.emit('packetreceive', { cmd: 'connack', returnCode: code, reasonCode: code });
    this.emit('error', Object.assign(new Error(`Connection refused: ${code}`), { code }));
    this.emit('close');
  }

  /** The socket opened, then the broker closed it without CONNACK. */
  closeBeforeConnack(): void {
    this.emit('close');
  }

  /** Nothing listens: the socket never opens. */
  unreachable(): void {
    this.emit('error', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    this.emit('close');
  }

  /** The connection is cut (broker gone, network down). */
  drop(): void {
    this.connected = false;
    this.emit('close');
  }

  /** An MQTT 5 DISCONNECT from the broker, then the close. */
  disconnectFromBroker(reasonCode: number): void {
    this.emit('packetreceive', { cmd: 'disconnect', reasonCode });
    this.emit('disconnect', { cmd: 'disconnect', reasonCode });
    this.drop();
  }

  /** A PUBLISH from the broker. */
  deliver(topic: string, payload: string, qos = 0): void {
    const packet = { cmd: 'publish', topic, payload: new TextEncoder().encode(payload), qos, retain: false, dup: false };
    this.receivePacket(packet);
    this.emit('message', topic, packet.payload, packet);
  }

  receivePacket(packet: object): void {
    this.emit('packetreceive', packet);
  }

  /** Answers the SUBSCRIBEs held back (subackCode -1). */
  answerSubscribes(): void {
    for (const answer of this.subscribeCallbacks.splice(0)) answer();
  }

  later(callback: () => void): void {
    this.broker.timers.setTimeout(callback, this.broker.latencyMs);
  }

  private emit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) (listener as (...a: unknown[]) => void)(...args);
  }
}
