/**
 * One broker connection: a plain class around an mqtt.js client, with explicit states and reasons.
 *
 * Contract:
 * - Status changes are emitted only when the status changes, as a small typed union.
 * - Reconnecting is ours, not mqtt.js's (its reconnect retries every second forever and re-queues
 *   SUBSCRIBEs: mqtt.js issues 618 and 781). Attempts back off exponentially with jitter up to a maximum,
 *   and each subscription is sent once per new session.
 * - A broker refusing CONNECT for credentials, identity or authorization is final (Failed): retrying
 *   would only hammer it. Transient refusals (server busy, unavailable) are retried with backoff.
 * - Messages go to the `onMessage` sink given at construction, synchronously, one call per PUBLISH; the
 *   sink is the ingest queue, which batches them.
 */
import mqtt from 'mqtt';
import type { IClientOptions, IClientSubscribeOptions, IConnackPacket, IDisconnectPacket, IPublishPacket, MqttClient } from 'mqtt';
import { explainFailedAttempt, probeHttp, type HttpProbeResult } from './diagnose';
import { Emitter } from './emitter';
import { describeConnackCode, describeReasonCode, describeSubackCode } from './reasonCodes';
import { PacketFramer } from './inspect/framer';
import { PublishTracker, type PublishRecord, type PublishRequest } from './publishTracker';
import { validateTopicFilter } from './topic';
import type { ConnectionOptions, PublishProperties, QoS, ReceivedMessage, SubscriptionOptions, SubscriptionState } from './types';

export type { PublishRecord, PublishRequest } from './publishTracker';

export type DisconnectedBy = 'user' | 'broker' | 'network';

/** Where a connection is, and why. Emitted on every change. */
export type ConnectionStatus =
  | { state: 'idle' }
  | { state: 'connecting'; since: number; attempt: number }
  | {
      state: 'connected';
      since: number;
      sessionPresent: boolean;
      /** MQTT 5: the client ID the broker assigned when the client sent an empty one. */
      assignedClientId?: string;
      /** MQTT 5: the keep-alive the broker imposes instead of the one asked for. */
      serverKeepAliveSec?: number;
    }
  | { state: 'reconnecting'; since: number; attempt: number; nextAttemptAt: number; reason: string; hint?: string }
  | { state: 'disconnected'; since: number; by: DisconnectedBy; reason: string }
  | { state: 'failed'; since: number; reason: string; hint?: string };

export type ConnectionState = ConnectionStatus['state'];

export interface LogEntry {
  at: number;
  level: 'info' | 'warn' | 'error';
  text: string;
}

export interface ConnectionEvents {
  status: (status: ConnectionStatus) => void;
  subscriptions: (subscriptions: readonly SubscriptionState[]) => void;
  log: (entry: LogEntry) => void;
  /** A publish record changed (a step, an outcome). The record object is the same each time. */
  publish: (record: PublishRecord) => void;
}

/** What the environment provides; the defaults suit a browser page. Tests replace them. */
export interface ConnectionEnvironment {
  now(): number;
  random(): number;
  /** Asks the broker's host over HTTP, to tell a wrong path from a dead host. */
  probeHttp(url: string): Promise<HttpProbeResult>;
  /** Creates the client; tests and the inspector wrap it. */
  connect(url: string, options: IClientOptions): MqttClient;
}

const defaultEnvironment: ConnectionEnvironment = {
  now: () => Date.now(),
  random: () => Math.random(),
  probeHttp: (url) => (typeof window === 'undefined' ? Promise.resolve('not-run') : probeHttp(url)),
  connect: (url, options) => mqtt.connect(url, options),
};

/** CONNACK refusals worth retrying: the broker may accept the same CONNECT later. */
const TRANSIENT_CONNACK_V5 = new Set([0x88, 0x89, 0x8b, 0x97, 0x9f]);
const TRANSIENT_CONNACK_V4 = new Set([3]);
/** Broker DISCONNECT reasons after which reconnecting would fight the broker or another client. */
const FINAL_DISCONNECT_V5 = new Set([0x85, 0x86, 0x87, 0x8a, 0x8e, 0x9c, 0x9d]);

/**
 * A connection must stay up this long before the reconnect backoff starts over. Losses sooner than this
 * are "flaps": the wait keeps growing, so two clients with the same client ID (each connection kicks the
 * other off; mosquitto 2.0 does so without a DISCONNECT) do not fight every second.
 */
export const STABLE_CONNECTION_MS = 20_000;
/** After this many flaps in a row, the status names the likely cause. */
export const FLAPS_BEFORE_HINT = 2;

/** Delay before reconnect attempt `attempt` (1-based): doubling from the initial delay, capped, +-20% jitter. */
export function backoffDelayMs(attempt: number, initialMs: number, maxMs: number, random: number): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random));
}

interface AttemptState {
  startedAt: number;
  socketOpened: boolean;
  connackReceived: boolean;
  timedOut: boolean;
  errorMessage?: string;
  errorCode?: string;
  /** A CONNACK refusal code, if the broker sent one. */
  refusedCode?: number;
  /** A DISCONNECT from the broker (MQTT 5). */
  serverDisconnect?: { code: number; reason?: string };
  keepaliveTimeout: boolean;
}

interface SubscriptionEntry extends SubscriptionState {
  /** Sent in the current network connection (reset when a new session starts). */
  sent: boolean;
}

export class MqttConnection extends Emitter<ConnectionEvents> {
  readonly id: string;
  private options: ConnectionOptions;
  private readonly env: ConnectionEnvironment;
  private readonly onMessage: (message: ReceivedMessage) => void;
  private client: MqttClient | null = null;
  private statusValue: ConnectionStatus = { state: 'idle' };
  private attempt: AttemptState | null = null;
  private attemptCount = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private stableTimer: ReturnType<typeof setTimeout> | null = null;
  private connectedAt = 0;
  private flaps = 0;
  private userClosing = false;
  private destroyed = false;
  private readonly subs = new Map<string, SubscriptionEntry>();
  private readonly tracker: PublishTracker;
  /**
   * Where captured packets go (the inspector); null when capture is off. With capture off the WebSocket
   * wrapper only forwards: nothing is copied, framed or allocated.
   */
  private packetSink: ((direction: 'out' | 'in', bytes: Uint8Array, at: number) => void) | null = null;
  private captureGeneration = 0;
  private timeoutTimer: ReturnType<typeof setInterval> | null = null;

  constructor(
    id: string,
    options: ConnectionOptions,
    onMessage: (message: ReceivedMessage) => void,
    env: Partial<ConnectionEnvironment> = {},
  ) {
    super();
    this.id = id;
    this.options = options;
    this.onMessage = onMessage;
    this.env = { ...defaultEnvironment, ...env };
    this.tracker = new PublishTracker(() => this.env.now(), (record) => this.emit('publish', record));
  }

  get status(): ConnectionStatus {
    return this.statusValue;
  }

  get subscriptions(): readonly SubscriptionState[] {
    return [...this.subs.values()].map(publicSubscription);
  }

  get protocolVersion(): 4 | 5 {
    return this.options.protocolVersion;
  }

  /** The mqtt.js client while one exists (for the publish and inspector layers). */
  get mqttClient(): MqttClient | null {
    return this.client;
  }

  /** Opens the connection. Options given here replace the ones from construction. */
  connect(options?: ConnectionOptions): void {
    if (this.destroyed) throw new Error('connection destroyed');
    if (options) this.options = options;
    this.teardownClient();
    this.clearReconnectTimer();
    this.userClosing = false;
    this.attemptCount = 1;
    this.flaps = 0;
    this.startAttempt();
  }

  /** Closes with a DISCONNECT (so no last will). Stops reconnecting. */
  disconnect(): Promise<void> {
    this.clearReconnectTimer();
    this.clearStableTimer();
    const client = this.client;
    this.userClosing = true;
    const state = this.statusValue.state;
    if (!client || state !== 'connected') {
      this.teardownClient();
      if (state !== 'idle' && state !== 'disconnected' && state !== 'failed') {
        this.setStatus({ state: 'disconnected', since: this.env.now(), by: 'user', reason: 'You disconnected.' });
      }
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      client.end(false, {}, () => {
        this.setStatus({ state: 'disconnected', since: this.env.now(), by: 'user', reason: 'You disconnected.' });
        resolve();
      });
    });
  }

  /** Skips the wait of a pending reconnect (the page became visible, or the network came back). */
  retryNow(): void {
    if (this.statusValue.state !== 'reconnecting' || this.reconnectTimer === null) return;
    this.clearReconnectTimer();
    this.log('info', 'Retrying now.');
    this.startAttempt();
  }

  /**
   * Adds (or updates) a subscription. Sent at once when connected, otherwise when the connection comes up.
   * Returns a sentence when the filter is invalid, and then sends nothing.
   */
  subscribe(filter: string, qos: QoS, options: SubscriptionOptions = {}): string | null {
    const fault = validateTopicFilter(filter);
    if (fault) return fault;
    const entry: SubscriptionEntry = { filter, qos, options, status: 'pending', sent: false };
    this.subs.set(filter, entry);
    this.emitSubscriptions();
    if (this.client?.connected) this.sendSubscription(entry);
    return null;
  }

  /** Removes a subscription (sending UNSUBSCRIBE when connected). */
  unsubscribe(filter: string): void {
    const entry = this.subs.get(filter);
    if (!entry) return;
    this.subs.delete(filter);
    this.emitSubscriptions();
    if (this.client?.connected && entry.sent) {
      this.client.unsubscribe(filter, (error) => {
        if (error) this.log('warn', `Unsubscribe from ${filter} failed: ${error.message}`);
        else this.log('info', `Unsubscribed from ${filter}.`);
      });
    }
  }

  /**
   * Publishes, and follows the publish through its packets (see PublishTracker): the returned record is
   * updated in place and re-emitted as 'publish' at every step. `done` settles when the outcome is known.
   */
  publish(request: PublishRequest): { record: PublishRecord; done: Promise<PublishRecord> } {
    const record = this.tracker.begin(request);
    const client = this.client;
    if (!client?.connected) {
      this.tracker.failed(record, 'Not connected.');
      return { record, done: Promise.resolve(record) };
    }
    const options: Parameters<MqttClient['publish']>[2] = { qos: request.qos, retain: request.retain };
    if (request.properties && this.options.protocolVersion === 5) options.properties = toMqttProperties(request.properties);
    this.ensureTimeoutCheck();
    const done = new Promise<PublishRecord>((resolve) => {
      client.publish(request.topic, request.payload as string, options, (error) => {
        // A refusal by reason code was recorded from the acknowledgement itself.
        if (error && typeof (error as { code?: unknown }).code !== 'number') this.tracker.failed(record, error.message);
        resolve(record);
      });
    });
    return { record, done };
  }

  /** Stops everything: timers, client, listeners. Safe to call more than once. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.clearReconnectTimer();
    this.clearStableTimer();
    if (this.timeoutTimer !== null) clearInterval(this.timeoutTimer);
    this.userClosing = true;
    this.teardownClient();
    this.removeAllListeners();
  }

  private startAttempt(): void {
    const now = this.env.now();
    this.attempt = { startedAt: now, socketOpened: false, connackReceived: false, timedOut: false, keepaliveTimeout: false };
    this.setStatus({ state: 'connecting', since: now, attempt: this.attemptCount });
    this.log('info', `Connecting to ${this.options.url} (MQTT ${this.options.protocolVersion === 5 ? '5.0' : '3.1.1'}, attempt ${this.attemptCount}).`);
    if (this.client) {
      // Keep the stores: QoS 1 and 2 messages in flight survive into a persistent session.
      this.client.reconnect({ incomingStore: this.client.incomingStore, outgoingStore: this.client.outgoingStore });
      return;
    }
    this.client = this.env.connect(this.options.url, this.clientOptions());
    this.attachClient(this.client);
  }

  private clientOptions(): IClientOptions {
    const o = this.options;
    const options: IClientOptions = {
      clientId: o.clientId,
      protocolVersion: o.protocolVersion,
      clean: o.clean,
      keepalive: o.keepaliveSec,
      connectTimeout: o.connectTimeoutMs,
      reconnectPeriod: 0,
      resubscribe: false,
      queueQoSZero: false,
      createWebsocket: (url: string, protocols: string[]) => this.createWebSocket(url, protocols),
    };
    if (o.username) options.username = o.username;
    if (o.password) options.password = o.password;
    if (o.will) {
      options.will = { topic: o.will.topic, payload: o.will.payload, qos: o.will.qos, retain: o.will.retain };
      if (o.protocolVersion === 5 && o.will.properties) options.will.properties = { ...o.will.properties };
    }
    if (o.protocolVersion === 5) {
      const properties: NonNullable<IClientOptions['properties']> = {};
      if (o.sessionExpiryIntervalSec !== undefined) properties.sessionExpiryInterval = o.sessionExpiryIntervalSec;
      if (o.receiveMaximum !== undefined) properties.receiveMaximum = o.receiveMaximum;
      if (o.maximumPacketSize !== undefined) properties.maximumPacketSize = o.maximumPacketSize;
      if (o.userProperties && Object.keys(o.userProperties).length > 0) properties.userProperties = o.userProperties;
      if (Object.keys(properties).length > 0) options.properties = properties;
    }
    return options;
  }

  /**
   * Starts (a sink) or stops (null) capturing the packets of this connection, exactly as they cross the
   * WebSocket. Packets are cut from the frames by their fixed header (a frame may hold several).
   */
  setPacketSink(sink: ((direction: 'out' | 'in', bytes: Uint8Array, at: number) => void) | null): void {
    this.packetSink = sink;
    this.captureGeneration++; // framers restart at the next frame boundary
  }

  /** Browser only: our own WebSocket, so we can tell whether the handshake completed, and capture frames. */
  private createWebSocket(url: string, protocols: string[]): WebSocket {
    const socket = new WebSocket(url, protocols);
    const attempt = this.attempt;
    socket.addEventListener('open', () => {
      if (attempt) attempt.socketOpened = true;
    });
    const origin = performance.timeOrigin;
    let generation = -1;
    let outFramer = new PacketFramer();
    let inFramer = new PacketFramer();
    const framers = () => {
      if (generation !== this.captureGeneration) {
        generation = this.captureGeneration;
        outFramer = new PacketFramer();
        inFramer = new PacketFramer();
      }
    };
    const send = socket.send.bind(socket);
    socket.send = (data: string | ArrayBufferLike | Blob | ArrayBufferView) => {
      const sink = this.packetSink;
      if (sink && ArrayBuffer.isView(data)) {
        framers();
        const at = origin + performance.now();
        const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
        outFramer.push(view, (bytes) => sink('out', bytes.slice(), at));
      }
      send(data);
    };
    socket.addEventListener('message', (event: MessageEvent) => {
      const sink = this.packetSink;
      if (!sink || !(event.data instanceof ArrayBuffer)) return;
      framers();
      // the event's own time stamp (ms since the time origin): when the frame arrived, and free to read
      const at = origin + (event.timeStamp || performance.now());
      inFramer.push(new Uint8Array(event.data), (bytes) => sink('in', bytes, at));
    });
    return socket;
  }

  private attachClient(client: MqttClient): void {
    client.on('packetsend', (packet) => this.tracker.packetSent(packet));
    client.on('packetreceive', (packet) => this.tracker.packetReceived(packet));
    client.on('connect', (connack) => this.handleConnack(connack));
    client.on('message', (topic, payload, packet) => this.handleMessage(topic, payload, packet));
    client.on('error', (error) => this.handleError(error));
    client.on('disconnect', (packet) => this.handleServerDisconnect(packet));
    client.on('close', () => this.handleClose());
  }

  private handleConnack(connack: IConnackPacket): void {
    const attempt = this.attempt;
    if (attempt) {
      attempt.connackReceived = true;
      attempt.socketOpened = true;
    }
    // The backoff starts over only once the connection has proved stable (see STABLE_CONNECTION_MS).
    this.connectedAt = this.env.now();
    this.clearStableTimer();
    this.stableTimer = setTimeout(() => {
      this.stableTimer = null;
      this.attemptCount = 0;
      this.flaps = 0;
    }, STABLE_CONNECTION_MS);
    const props = connack.properties;
    const status: ConnectionStatus = {
      state: 'connected',
      since: this.env.now(),
      sessionPresent: connack.sessionPresent,
    };
    if (props?.assignedClientIdentifier) status.assignedClientId = props.assignedClientIdentifier;
    if (props?.serverKeepAlive !== undefined) status.serverKeepAliveSec = props.serverKeepAlive;
    this.setStatus(status);
    this.log(
      'info',
      `Connected${connack.sessionPresent ? ', session resumed (the broker kept the subscriptions and queued messages)' : ''}.` +
        (status.assignedClientId ? ` Broker assigned client ID ${status.assignedClientId}.` : '') +
        (status.serverKeepAliveSec !== undefined ? ` Broker keep-alive: ${status.serverKeepAliveSec} s.` : ''),
    );
    // A new session has none of our subscriptions; a resumed one has those sent before.
    const resumed = connack.sessionPresent && !this.options.clean;
    for (const entry of this.subs.values()) {
      if (!resumed) entry.sent = false;
      if (!entry.sent) this.sendSubscription(entry);
    }
  }

  private sendSubscription(entry: SubscriptionEntry): void {
    const client = this.client;
    if (!client) return;
    entry.sent = true;
    entry.status = 'pending';
    delete entry.grantedQos;
    delete entry.refusal;
    const opts: IClientSubscribeOptions = { qos: entry.qos };
    if (this.options.protocolVersion === 5) {
      const o = entry.options;
      if (o.noLocal) opts.nl = true;
      if (o.retainAsPublished) opts.rap = true;
      if (o.retainHandling !== undefined) opts.rh = o.retainHandling;
      if (o.subscriptionIdentifier !== undefined) opts.properties = { subscriptionIdentifier: o.subscriptionIdentifier };
    }
    const version = this.options.protocolVersion;
    client.subscribe(entry.filter, opts, (error, _granted, packet) => {
      if (this.subs.get(entry.filter) !== entry) return; // replaced or removed meanwhile
      const code = packet && 'granted' in packet ? (packet.granted as number[])[0] : undefined;
      if (code !== undefined && code < 0x80) {
        entry.status = 'granted';
        entry.grantedQos = code as QoS;
        const downgraded = code < entry.qos ? ` (asked for QoS ${entry.qos})` : '';
        this.log('info', `Subscribed to ${entry.filter}: granted QoS ${code}${downgraded}.`);
      } else if (code !== undefined) {
        entry.status = 'refused';
        entry.refusal = { code, reason: describeSubackCode(code, version) };
        this.log('warn', `Subscription to ${entry.filter} refused: ${entry.refusal.reason}.`);
      } else if (error) {
        entry.sent = false;
        entry.status = 'pending';
        this.log('warn', `Subscription to ${entry.filter} not answered: ${error.message}. It will be sent again on reconnect.`);
      }
      this.emitSubscriptions();
    });
    this.emitSubscriptions();
  }

  private handleMessage(topic: string, payload: Uint8Array, packet: IPublishPacket): void {
    const message: ReceivedMessage = {
      connectionId: this.id,
      receivedAt: this.env.now(),
      topic,
      payload,
      qos: packet.qos,
      retain: packet.retain,
      dup: packet.dup,
    };
    if (packet.messageId !== undefined && packet.qos > 0) message.packetId = packet.messageId;
    if (packet.properties) message.properties = fromMqttProperties(packet.properties);
    this.onMessage(message);
  }

  private handleError(error: Error & { code?: unknown }): void {
    const attempt = this.attempt;
    if (!attempt) return;
    if (typeof error.code === 'number' && !attempt.connackReceived) {
      attempt.refusedCode = error.code;
      return;
    }
    if (error.message === 'connack timeout') attempt.timedOut = true;
    else if (error.message === 'Keepalive timeout') attempt.keepaliveTimeout = true;
    attempt.errorMessage = error.message;
    if (typeof error.code === 'string') attempt.errorCode = error.code;
  }

  private handleServerDisconnect(packet: IDisconnectPacket): void {
    if (!this.attempt) return;
    const code = packet.reasonCode ?? 0;
    const serverDisconnect: { code: number; reason?: string } = { code };
    const reasonString = packet.properties?.reasonString;
    if (reasonString) serverDisconnect.reason = reasonString;
    this.attempt.serverDisconnect = serverDisconnect;
  }

  private handleClose(): void {
    if (this.destroyed) return;
    const attempt = this.attempt;
    const now = this.env.now();
    if (this.userClosing) return; // disconnect() reports its own status
    if (!attempt) return;
    this.attempt = null;
    const version = this.options.protocolVersion;

    if (attempt.refusedCode !== undefined) {
      const reason = `The broker refused the connection: ${describeConnackCode(attempt.refusedCode, version)}.`;
      const transient = (version === 5 ? TRANSIENT_CONNACK_V5 : TRANSIENT_CONNACK_V4).has(attempt.refusedCode);
      this.log('error', reason);
      if (transient) this.scheduleReconnect(reason);
      else this.fail(reason, connackHint(attempt.refusedCode, version, Boolean(this.options.username)));
      return;
    }

    if (attempt.connackReceived) {
      // A connection that was up has been lost.
      this.clearStableTimer();
      const flapped = now - this.connectedAt < STABLE_CONNECTION_MS;
      this.flaps = flapped ? this.flaps + 1 : 0;
      if (!flapped) this.attemptCount = 0;
      const flapHint =
        this.flaps >= FLAPS_BEFORE_HINT
          ? `The connection was closed soon after it opened, ${this.flaps} times in a row. Another client may be using the same client ID (each new connection with an ID takes over the session and disconnects the older one): give this connection its own client ID.`
          : undefined;
      let reason: string;
      let by: DisconnectedBy = 'network';
      if (attempt.serverDisconnect) {
        by = 'broker';
        const { code, reason: text } = attempt.serverDisconnect;
        reason = `The broker disconnected: ${describeReasonCode(code)}${text ? ` ("${text}")` : ''}.`;
        if (FINAL_DISCONNECT_V5.has(code)) {
          this.log('error', reason);
          this.setStatus({ state: 'disconnected', since: now, by, reason });
          return;
        }
      } else if (attempt.keepaliveTimeout) {
        reason = 'Connection lost: the broker stopped answering keep-alive pings.';
      } else {
        reason = 'Connection lost: the broker or the network closed the connection.';
      }
      this.log('warn', reason);
      if (flapHint) this.log('warn', flapHint);
      if (this.options.reconnect.enabled) this.scheduleReconnect(reason, flapHint);
      else this.setStatus({ state: 'disconnected', since: now, by, reason });
      return;
    }

    // The attempt never got a CONNACK: find out why, then retry or stop.
    // Over TCP (Node) a socket that failed to open reports an error code such as ECONNREFUSED.
    const overTcp = !/^wss?:/i.test(this.options.url);
    const facts = {
      url: this.options.url,
      socketOpened: attempt.socketOpened || (overTcp && attempt.errorCode === undefined),
      connackReceived: false,
      timedOut: attempt.timedOut,
      connectTimeoutMs: this.options.connectTimeoutMs,
      protocolVersion: version,
    };
    const needsProbe = !facts.socketOpened && !attempt.timedOut && attempt.errorCode === undefined;
    const finish = (probe: HttpProbeResult) => {
      if (this.destroyed || this.userClosing || this.attempt !== null) return; // superseded
      const explanation = explainFailedAttempt({
        ...facts,
        probe,
        ...(attempt.errorMessage !== undefined ? { errorMessage: attempt.errorMessage } : {}),
        ...(attempt.errorCode !== undefined ? { errorCode: attempt.errorCode } : {}),
      });
      this.log('error', `${explanation.reason}${explanation.hint ? ` ${explanation.hint}` : ''}`);
      if (this.options.reconnect.enabled) this.scheduleReconnect(explanation.reason, explanation.hint);
      else this.fail(explanation.reason, explanation.hint);
    };
    if (needsProbe) {
      void this.env.probeHttp(this.options.url).then(finish, () => finish('not-run'));
    } else {
      finish('not-run');
    }
  }

  private scheduleReconnect(reason: string, hint?: string): void {
    const { initialDelayMs, maxDelayMs } = this.options.reconnect;
    const attempt = Math.max(1, this.attemptCount + 1);
    const delay = backoffDelayMs(attempt, initialDelayMs, maxDelayMs, this.env.random());
    const now = this.env.now();
    const status: ConnectionStatus = { state: 'reconnecting', since: now, attempt, nextAttemptAt: now + delay, reason };
    if (hint) status.hint = hint;
    this.attemptCount = attempt;
    this.setStatus(status);
    this.log('info', `Reconnecting in ${(delay / 1000).toFixed(1)} s (attempt ${attempt}).`);
    this.clearReconnectTimer();
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.startAttempt();
    }, delay);
  }

  private fail(reason: string, hint?: string): void {
    const status: ConnectionStatus = { state: 'failed', since: this.env.now(), reason };
    if (hint) status.hint = hint;
    this.setStatus(status);
    // mqtt.js must not try again on its own.
    this.teardownClient();
  }

  private teardownClient(): void {
    const client = this.client;
    if (!client) return;
    this.client = null;
    this.attempt = null;
    client.removeAllListeners();
    client.on('error', () => {}); // late errors from a closing socket must not become unhandled
    client.end(true);
  }

  private ensureTimeoutCheck(): void {
    if (this.timeoutTimer === null) this.timeoutTimer = setInterval(() => this.tracker.checkTimeouts(), 1_000);
  }

  private clearStableTimer(): void {
    if (this.stableTimer !== null) clearTimeout(this.stableTimer);
    this.stableTimer = null;
  }

  private clearReconnectTimer(): void {
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private setStatus(status: ConnectionStatus): void {
    if (sameStatus(this.statusValue, status)) return;
    this.statusValue = status;
    this.emit('status', status);
  }

  private emitSubscriptions(): void {
    this.emit('subscriptions', this.subscriptions);
  }

  private log(level: LogEntry['level'], text: string): void {
    this.emit('log', { at: this.env.now(), level, text });
  }
}

function connackHint(code: number, version: 4 | 5, sentCredentials: boolean): string | undefined {
  if ((version === 4 && code === 4) || code === 0x86) return 'Check the user name and password.';
  if ((version === 4 && code === 5) || code === 0x87) {
    return sentCredentials
      ? 'Check the user name and password: some brokers (mosquitto among them) answer a wrong password with "not authorized". Otherwise this user may not connect.'
      : 'This broker does not accept anonymous clients: enter a user name and password.';
  }
  if ((version === 4 && code === 1) || code === 0x84) return version === 5 ? 'Try MQTT 3.1.1.' : 'Try MQTT 5.0.';
  if ((version === 4 && code === 2) || code === 0x85) return 'Try another client ID: shorter, letters and digits only.';
  if (code === 0x9c || code === 0x9d) return 'The broker asks you to use another server.';
  return undefined;
}

function sameStatus(a: ConnectionStatus, b: ConnectionStatus): boolean {
  if (a.state !== b.state) return false;
  if (a.state === 'idle') return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

function publicSubscription(entry: SubscriptionEntry): SubscriptionState {
  const { sent: _sent, ...state } = entry;
  return { ...state, options: { ...state.options } };
}

type MqttPublishProperties = NonNullable<IPublishPacket['properties']>;

function toMqttProperties(p: PublishProperties): MqttPublishProperties {
  const out: MqttPublishProperties = {};
  if (p.payloadFormatIndicator !== undefined) out.payloadFormatIndicator = p.payloadFormatIndicator;
  if (p.messageExpiryInterval !== undefined) out.messageExpiryInterval = p.messageExpiryInterval;
  if (p.topicAlias !== undefined) out.topicAlias = p.topicAlias;
  if (p.responseTopic !== undefined) out.responseTopic = p.responseTopic;
  if (p.correlationData !== undefined) out.correlationData = p.correlationData as NonNullable<MqttPublishProperties['correlationData']>;
  if (p.userProperties !== undefined) out.userProperties = p.userProperties;
  if (p.contentType !== undefined) out.contentType = p.contentType;
  return out;
}

function fromMqttProperties(p: MqttPublishProperties): PublishProperties {
  const out: PublishProperties = {};
  if (p.payloadFormatIndicator !== undefined) out.payloadFormatIndicator = p.payloadFormatIndicator;
  if (p.messageExpiryInterval !== undefined) out.messageExpiryInterval = p.messageExpiryInterval;
  if (p.topicAlias !== undefined) out.topicAlias = p.topicAlias;
  if (p.responseTopic !== undefined) out.responseTopic = p.responseTopic;
  if (p.correlationData !== undefined) out.correlationData = p.correlationData;
  if (p.userProperties !== undefined) out.userProperties = p.userProperties;
  if (p.subscriptionIdentifier !== undefined) out.subscriptionIdentifier = p.subscriptionIdentifier;
  if (p.contentType !== undefined) out.contentType = p.contentType;
  return out;
}
