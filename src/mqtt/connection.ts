/**
 * One broker connection: a plain class around an mqtt.js client, with explicit states and reasons.
 * (Over 300 lines: one state machine and its sixteen rules, which read best in one place.)
 *
 * Contract (the tests that prove each rule name it, "C3", in their titles):
 * C1  Status is a small typed union, emitted only when it changes.
 * C2  Reconnecting is ours, not mqtt.js's (which retries every second forever and re-queues SUBSCRIBEs:
 *     mqtt.js issues 618 and 781): attempts back off exponentially from the initial delay, doubling up to
 *     the maximum, with +-20% jitter ({@link backoffDelayMs}).
 * C3  The backoff starts over once a connection reached CONNACK and every subscription was answered, so
 *     a broker that comes back is rejoined within the first delay, however long it was away. For the
 *     first {@link FAST_REJOIN_WINDOW_MS} after an established connection is lost, the wait stays at
 *     twice the first delay (2 s by default, never above the maximum): a restart or a network blip is
 *     rejoined within about 2 s of its end. Past that window the waits double to the maximum.
 * C4  Each subscription is sent once per new session; a resumed session (session present, clean off)
 *     already holds those sent before and gets none again.
 * C5  A CONNACK refusing credentials, identity or authorization is final (Failed): retrying would only
 *     hammer the broker. Transient refusals (server busy, unavailable, quota) are retried with backoff.
 * C6  A 5.0 CONNECT answered with a 3.1.1 return code (a broker that does not speak 5.0: Aedes, NATS) is
 *     said as such, never read with the 5.0 reason-code table; it is final and suggests MQTT 3.1.1.
 * C7  A broker that accepts the socket and closes it before CONNACK twice in a row (RabbitMQ with a wrong
 *     password or an MQTT version it does not speak) is not retried again; the likely causes are named.
 * C8  The client-ID hint follows only a takeover: a broker DISCONNECT 0x8E, or connections that twice in a
 *     row are closed within {@link TAKEOVER_WINDOW_MS} of CONNACK while the broker stays reachable (a
 *     WebSocket opened right after the loss: refused means it went down, a restart, not a takeover).
 *     Only then does the backoff keep growing across connections (two clients with one ID must not fight).
 * C9  Any received packet proves the link alive. The connection is declared lost only after 1.5 x the
 *     keep-alive without receiving anything; a PINGREQ goes out when nothing arrived for one keep-alive.
 *     (mqtt.js 5.16 counts only PINGRESP and acknowledgements, so a PINGRESP queued behind a flood timed
 *     connections out while data was arriving.)
 * C10 A connection lost right after a QoS 2 PUBLISH that got no PUBREC (NATS drops the connection on QoS
 *     2) is explained as the broker refusing QoS 2; that publish is marked failed and is not sent again on
 *     the next connection.
 * C11 A broker DISCONNECT with a final reason (0x85, 0x86, 0x87, 0x8A, 0x8E, 0x9C, 0x9D) ends the
 *     connection without reconnecting.
 * C12 disconnect() sends DISCONNECT (so no last will) and stops reconnecting; destroy() stops every timer
 *     and is safe to call twice.
 * C13 retryNow() skips the wait of a pending reconnect.
 * C14 Messages go to the `onMessage` sink given at construction, synchronously, one call per PUBLISH; the
 *     sink is the ingest queue, which batches them.
 * C15 A publish while not connected fails at once; one not acknowledged within PUBLISH_ACK_TIMEOUT_MS is
 *     marked unanswered (it may still complete).
 * C16 A WebSocket the server refuses at its path (a web server answers, the upgrade fails) is retried
 *     {@link PATH_REFUSALS_BEFORE_STOP} times, then stops with the reason: it will not fix itself.
 */
import mqtt from 'mqtt';
import type { IClientOptions, IClientSubscribeOptions, IConnackPacket, IDisconnectPacket, IPublishPacket, MqttClient, Packet } from 'mqtt';
import { explainFailedAttempt, probeHttp, probeWebSocket, type ProbeResult } from './diagnose';
import { Emitter } from './emitter';
import { describeConnackCode, describeReasonCode, describeSubackCode } from './reasonCodes';
import { KeepaliveWatchdog, KEEPALIVE_LOSS_FACTOR } from './keepaliveWatchdog';
import { PublishTracker, PUBLISH_ACK_TIMEOUT_MS, type PublishRecord, type PublishRequest } from './publishTracker';
import { clampDelay, systemTimers, type TimerHandle, type Timers } from './timers';
import { validateTopicFilter } from './topic';
import { createWireSocket, type PacketSink } from './wireSocket';
import { sameStatus, type ConnectionStatus, type DisconnectedBy, type LogEntry, type SuggestedFix } from './connectionStatus';
import { fromMqttProperties, toMqttProperties } from './publishProperties';
import type { ConnectionOptions, QoS, ReceivedMessage, SubscriptionOptions, SubscriptionState } from './types';

export type { PublishRecord, PublishRequest } from './publishTracker';

export interface ConnectionEvents {
  status: (status: ConnectionStatus) => void;
  subscriptions: (subscriptions: readonly SubscriptionState[]) => void;
  log: (entry: LogEntry) => void;
  /** A publish record changed (a step, an outcome). The record object is the same each time. */
  publish: (record: PublishRecord) => void;
}

/** What the environment provides; the defaults suit a browser page. Tests replace them. */
export interface ConnectionEnvironment {
  /** Clock and timers: reconnect, stability, keep-alive watchdog, publish timeouts. */
  timers: Timers;
  random(): number;
  /** Asks the broker's host over HTTP, to tell a wrong path from a dead host. */
  probeHttp(url: string): Promise<ProbeResult>;
  /** Opens and closes a WebSocket to the broker, to tell a restart (nothing there) from a takeover. */
  probeBroker(url: string, timeoutMs: number): Promise<ProbeResult>;
  /** Creates the client; tests and the inspector wrap it. */
  connect(url: string, options: IClientOptions): MqttClient;
}

const defaultEnvironment: ConnectionEnvironment = {
  timers: systemTimers,
  random: () => Math.random(),
  probeHttp: (url) => (typeof window === 'undefined' ? Promise.resolve('not-run') : probeHttp(url)),
  probeBroker: (url, timeoutMs) => (typeof window === 'undefined' ? Promise.resolve('not-run') : probeWebSocket(url, timeoutMs)),
  connect: (url, options) => mqtt.connect(url, options),
};

/** CONNACK refusals worth retrying: the broker may accept the same CONNECT later. */
const TRANSIENT_CONNACK_V5 = new Set([0x88, 0x89, 0x8b, 0x97, 0x9f]);
const TRANSIENT_CONNACK_V4 = new Set([3]);
/** Broker DISCONNECT reasons after which reconnecting would fight the broker or another client (C11). */
const FINAL_DISCONNECT_V5 = new Set([0x85, 0x86, 0x87, 0x8a, 0x8e, 0x9c, 0x9d]);
const SESSION_TAKEN_OVER = 0x8e;

/** A connection closed sooner than this after its CONNACK, with the broker reachable again, may be a takeover (C8). */
export const TAKEOVER_WINDOW_MS = 5_000;
/** How long the knock at a broker after a quick loss may take (C8); the status says Connected meanwhile. */
const LOSS_PROBE_TIMEOUT_MS = 1_000;
/** After an established connection is lost, reconnect attempts stay quick for this long (C3). */
export const FAST_REJOIN_WINDOW_MS = 60_000;
/** Takeovers in a row before the status names the likely cause (C8). */
export const FLAPS_BEFORE_HINT = 2;
/** Closes before CONNACK (socket opened) in a row before giving up (C7). */
export const EARLY_CLOSES_BEFORE_STOP = 2;
/** Refused WebSocket upgrades in a row before giving up (C16). */
export const PATH_REFUSALS_BEFORE_STOP = 3;
/** A loss this soon after an unanswered QoS 2 PUBLISH is blamed on it (C10). */
export const QOS2_DROP_WINDOW_MS = 3_000;
/** Sent packets waiting for their frame's time, at most (a socket that never sends must not grow it). */
const MAX_AWAITING_FRAMES = 1_000;

/** Delay before reconnect attempt `attempt` (1-based): doubling from the initial delay, capped, +-20% jitter. */
export function backoffDelayMs(attempt: number, initialMs: number, maxMs: number, random: number, fastRejoin = false): number {
  const growth = 2 ** Math.max(0, attempt - 1);
  const base = Math.min(maxMs, initialMs * (fastRejoin ? Math.min(2, growth) : growth));
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

/** The last QoS 2 PUBLISH sent and not yet answered with PUBREC (C10). */
interface PendingQos2 {
  messageId: number;
  topic: string;
  at: number;
}

export class MqttConnection extends Emitter<ConnectionEvents> {
  readonly id: string;
  private options: ConnectionOptions;
  private readonly env: ConnectionEnvironment;
  private readonly timers: Timers;
  private readonly onMessage: (message: ReceivedMessage) => void;
  private client: MqttClient | null = null;
  private statusValue: ConnectionStatus = { state: 'idle' };
  private attempt: AttemptState | null = null;
  /** The attempt number within the current backoff sequence (C2, C3). */
  private attemptCount = 0;
  private reconnectTimer: TimerHandle | null = null;
  private connectedAt = 0;
  /** Connections in a row that were closed soon after CONNACK (C8). */
  private quickLosses = 0;
  /** Quick losses each followed by a connection that came up at once: the takeover pattern (C8). */
  private takeovers = 0;
  private earlyCloses = 0;
  /** Why the connection was last lost while it is being re-established: shown once it is back. */
  private lastLoss: { reason: string; hint?: string; fix?: SuggestedFix } | null = null;
  /** When the established connection was lost, while reconnecting after it (C3's quick window). */
  private outageStartedAt: number | null = null;
  /** Attempts made inside that quick window. */
  private quickAttempts = 0;
  private pathRefusals = 0;
  /** Subscriptions sent since CONNACK and not answered yet; the backoff starts over when it reaches 0 (C3). */
  private unansweredSubscriptions = 0;
  private userClosing = false;
  private destroyed = false;
  private readonly subs = new Map<string, SubscriptionEntry>();
  private readonly tracker: PublishTracker;
  private watchdog: KeepaliveWatchdog | null = null;
  private pendingQos2: PendingQos2 | null = null;
  /**
   * Where captured packets go (the inspector); null when capture is off. With capture off the WebSocket
   * wrapper only notes frame times: nothing is copied, framed or allocated.
   */
  private packetSink: PacketSink | null = null;
  private captureGeneration = 0;
  /** When the last frame arrived (ms since the epoch, sub-millisecond), or 0 over TCP. */
  private inFrameAt = 0;
  /** Packets handed to the socket whose frame has not left yet: each is told its frame's time. */
  private awaitingFrame: Array<(at: number) => void> = [];
  private overWebSocket = false;
  private timeoutTimer: TimerHandle | null = null;

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
    this.timers = this.env.timers;
    this.tracker = new PublishTracker(
      {
        now: () => this.timers.now(),
        received: () => this.inFrameAt || this.timers.now(),
        sending: (settle) => {
          if (this.overWebSocket && this.awaitingFrame.length < MAX_AWAITING_FRAMES) this.awaitingFrame.push(settle);
          return this.timers.now();
        },
      },
      (record) => this.emit('publish', record),
    );
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
    this.quickLosses = 0;
    this.takeovers = 0;
    this.earlyCloses = 0;
    this.pathRefusals = 0;
    this.lastLoss = null;
    this.outageStartedAt = null;
    this.quickAttempts = 0;
    this.startAttempt();
  }

  /** Closes with a DISCONNECT (so no last will). Stops reconnecting (C12). */
  disconnect(): Promise<void> {
    this.clearReconnectTimer();
    this.clearWatchdog();
    const client = this.client;
    this.userClosing = true;
    const state = this.statusValue.state;
    if (!client || state !== 'connected') {
      this.teardownClient();
      if (state !== 'idle' && state !== 'disconnected' && state !== 'failed') {
        this.setStatus({ state: 'disconnected', since: this.timers.now(), by: 'user', reason: 'You disconnected.' });
      }
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      client.end(false, {}, () => {
        this.setStatus({ state: 'disconnected', since: this.timers.now(), by: 'user', reason: 'You disconnected.' });
        resolve();
      });
    });
  }

  /** Skips the wait of a pending reconnect: the page became visible, or the network came back (C13). */
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

  /** Stops everything: timers, client, listeners. Safe to call more than once (C12). */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.clearReconnectTimer();
    this.clearWatchdog();
    if (this.timeoutTimer !== null) this.timers.clearInterval(this.timeoutTimer);
    this.timeoutTimer = null;
    this.userClosing = true;
    this.teardownClient();
    this.removeAllListeners();
  }

  /**
   * Starts (a sink) or stops (null) capturing the packets of this connection, exactly as they cross the
   * WebSocket. Packets are cut from the frames by their fixed header (a frame may hold several).
   */
  setPacketSink(sink: PacketSink | null): void {
    this.packetSink = sink;
    this.captureGeneration++; // framers restart at the next frame boundary
  }

  private startAttempt(): void {
    const now = this.timers.now();
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
      connectTimeout: clampDelay(o.connectTimeoutMs),
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

  /** Browser only: our own WebSocket, so we can tell whether the handshake completed, and capture frames. */
  private createWebSocket(url: string, protocols: string[]): WebSocket {
    this.overWebSocket = true;
    this.awaitingFrame = [];
    const attempt = this.attempt;
    return createWireSocket(url, protocols, {
      opened: () => {
        if (attempt) attempt.socketOpened = true;
      },
      closed: (code, reason) => {
        if (this.userClosing) return;
        this.log('info', `The WebSocket closed: code ${code}${reason ? ` ("${reason}")` : ''}${code === 1006 ? ', without a close frame (the link or the other side dropped it)' : ''}.`);
      },
      // mqtt.js announces a packet ('packetsend') before its stream hands the bytes over: they leave now
      frameOut: (at) => {
        for (const settle of this.awaitingFrame.splice(0)) settle(at);
      },
      frameIn: (at) => {
        this.inFrameAt = at;
      },
      sink: () => this.packetSink,
      generation: () => this.captureGeneration,
    });
  }

  private attachClient(client: MqttClient): void {
    client.on('packetsend', (packet) => this.packetSent(packet));
    client.on('packetreceive', (packet) => this.packetReceived(packet));
    client.on('connect', (connack) => this.handleConnack(connack));
    client.on('message', (topic, payload, packet) => this.handleMessage(topic, payload, packet));
    client.on('error', (error) => this.handleError(error));
    client.on('disconnect', (packet) => this.handleServerDisconnect(packet));
    client.on('close', () => this.handleClose());
    // C9: our watchdog decides when the link is lost; mqtt.js's own timeout only keeps pinging. It pings
    // one keep-alive after the last ack it received and calls this half a keep-alive later: ping again
    // then, so the broker hears from us at least once per keep-alive even while a flood delays PINGRESP
    // (mosquitto drops a client silent for 1.5 keep-alives: pinging every 1.5 was too close).
    client.onKeepaliveTimeout = () => {
      client.sendPing();
      client.reschedulePing(true);
    };
  }

  private packetSent(packet: Packet): void {
    this.watchdog?.sent();
    this.tracker.packetSent(packet);
    if (packet.cmd === 'publish' && packet.qos === 2 && !packet.dup && packet.messageId !== undefined) {
      this.pendingQos2 = { messageId: packet.messageId, topic: packet.topic, at: this.timers.now() };
    }
  }

  private packetReceived(packet: Packet): void {
    this.watchdog?.received();
    this.tracker.packetReceived(packet);
    if (packet.cmd === 'pubrec' && packet.messageId === this.pendingQos2?.messageId) this.pendingQos2 = null;
  }

  private handleConnack(connack: IConnackPacket): void {
    const attempt = this.attempt;
    if (attempt) {
      attempt.connackReceived = true;
      attempt.socketOpened = true;
    }
    const now = this.timers.now();
    this.earlyCloses = 0;
    this.pathRefusals = 0;
    // C8: a quick loss followed by a connection that came up at once: the broker is fine, someone took over.
    this.takeovers = this.quickLosses > 0 ? this.takeovers + 1 : 0;
    this.connectedAt = now;
    const props = connack.properties;
    const status: ConnectionStatus = { state: 'connected', since: now, sessionPresent: connack.sessionPresent };
    if (this.lastLoss) status.backAfter = this.lastLoss;
    this.lastLoss = null;
    this.outageStartedAt = null;
    this.quickAttempts = 0;
    if (props?.assignedClientIdentifier) status.assignedClientId = props.assignedClientIdentifier;
    if (props?.serverKeepAlive !== undefined) status.serverKeepAliveSec = props.serverKeepAlive;
    this.setStatus(status);
    this.log(
      'info',
      `Connected${connack.sessionPresent ? ', session resumed (the broker kept the subscriptions and queued messages)' : ''}.` +
        (status.assignedClientId ? ` Broker assigned client ID ${status.assignedClientId}.` : '') +
        (status.serverKeepAliveSec !== undefined ? ` Broker keep-alive: ${status.serverKeepAliveSec} s.` : ''),
    );
    this.startWatchdog((status.serverKeepAliveSec ?? this.options.keepaliveSec) * 1000);
    // A new session has none of our subscriptions; a resumed one has those sent before (C4).
    const resumed = connack.sessionPresent && !this.options.clean;
    this.unansweredSubscriptions = 0;
    for (const entry of this.subs.values()) {
      if (!resumed) entry.sent = false;
      if (!entry.sent) this.sendSubscription(entry, true);
    }
    this.maybeStartBackoffOver();
  }

  /** C3: once connected and every subscription answered, the next loss waits the first delay again. */
  private maybeStartBackoffOver(): void {
    if (this.statusValue.state !== 'connected' || this.unansweredSubscriptions > 0) return;
    // C8: while the takeover pattern lasts, the wait keeps growing instead.
    if (this.takeovers === 0) this.attemptCount = 0;
  }

  private sendSubscription(entry: SubscriptionEntry, countForBackoff = false): void {
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
    if (countForBackoff) this.unansweredSubscriptions++;
    let answered = false;
    client.subscribe(entry.filter, opts, (error, _granted, packet) => {
      if (countForBackoff && !answered) {
        answered = true;
        this.unansweredSubscriptions = Math.max(0, this.unansweredSubscriptions - 1);
        if (!error) this.maybeStartBackoffOver();
      }
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
      receivedAt: this.timers.now(),
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

  private startWatchdog(keepaliveMs: number): void {
    this.clearWatchdog();
    if (keepaliveMs <= 0) return;
    this.watchdog = new KeepaliveWatchdog(this.timers, keepaliveMs, {
      sendPing: () => this.client?.sendPing(),
      lost: (silentMs) => {
        const client = this.client;
        if (!client || this.statusValue.state !== 'connected') return;
        if (this.attempt) this.attempt.keepaliveTimeout = true;
        this.log('warn', `Nothing received for ${Math.round(silentMs / 100) / 10} s (keep-alive ${keepaliveMs / 1000} s): the link is lost.`);
        // as a dead network would: mqtt.js sees the stream close, and so do we
        client.stream?.destroy();
      },
    });
  }

  private clearWatchdog(): void {
    this.watchdog?.stop();
    this.watchdog = null;
  }

  // ------------------------------------------------------------------ losing a connection

  private handleClose(): void {
    if (this.destroyed) return;
    this.clearWatchdog();
    this.awaitingFrame = [];
    const attempt = this.attempt;
    if (this.userClosing) return; // disconnect() reports its own status
    if (!attempt) return;
    this.attempt = null;
    const version = this.options.protocolVersion;

    if (attempt.refusedCode !== undefined) return this.handleRefusal(attempt.refusedCode, version);
    if (attempt.connackReceived) return this.handleLoss(attempt);

    // The attempt never got a CONNACK: find out why, then retry or stop.
    this.quickLosses = 0;
    this.takeovers = 0;
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
    const finish = (probe: ProbeResult) => {
      if (this.destroyed || this.userClosing || this.attempt !== null) return; // superseded
      const explanation = explainFailedAttempt({
        ...facts,
        probe,
        ...(attempt.errorMessage !== undefined ? { errorMessage: attempt.errorMessage } : {}),
        ...(attempt.errorCode !== undefined ? { errorCode: attempt.errorCode } : {}),
      });
      const closedEarly = facts.socketOpened && !facts.timedOut;
      this.earlyCloses = closedEarly ? this.earlyCloses + 1 : 0;
      // C8: a takeover is a loss followed by a connection that comes up at once; an attempt that failed in
      // between (the broker was down: restarted, say) ends that pattern, and the backoff may start over (C3)
      this.quickLosses = 0;
      this.takeovers = 0;
      this.pathRefusals = !facts.socketOpened && probe === 'answered' ? this.pathRefusals + 1 : 0;
      this.log('error', `${explanation.reason}${explanation.hint ? ` ${explanation.hint}` : ''}`);
      if (this.earlyCloses >= EARLY_CLOSES_BEFORE_STOP) {
        // C7: the broker keeps closing the socket on our CONNECT: retrying will not change its mind.
        return this.fail(
          `The broker at ${hostOf(this.options.url)} closed the connection before answering CONNECT, ${this.earlyCloses} times in a row. Stopped retrying.`,
          `Likely causes: a wrong user name or password (RabbitMQ just closes the socket), an MQTT version the broker does not speak${version === 5 ? ' (try MQTT 3.1.1)' : ''}, a client ID it refuses, or its connection limits.`,
          version === 5 ? { kind: 'use-version', version: 4 } : undefined,
        );
      }
      if (this.pathRefusals >= PATH_REFUSALS_BEFORE_STOP) {
        // C16: a web server answering at the wrong path will keep refusing.
        return this.fail(`${explanation.reason} Stopped retrying after ${this.pathRefusals} attempts.`, explanation.hint);
      }
      if (this.options.reconnect.enabled) this.scheduleReconnect(explanation.reason, explanation.hint);
      else this.fail(explanation.reason, explanation.hint);
    };
    if (needsProbe) {
      void this.env.probeHttp(this.options.url).then(finish, () => finish('not-run'));
    } else {
      finish('not-run');
    }
  }

  private handleRefusal(code: number, version: 4 | 5): void {
    this.quickLosses = 0;
    this.takeovers = 0;
    if (version === 5 && code > 0 && code < 0x80) {
      // C6: 0x01-0x05 are not refusals in MQTT 5.0; this is a 3.1.1 broker's return code.
      const words = describeConnackCode(code, 4).replace(/ \(return code \d+\)$/, '').split(':')[0] ?? '';
      const reason = `The broker does not speak MQTT 5.0: it answered with the MQTT 3.1.1 return code ${code}, "${words.charAt(0).toLowerCase()}${words.slice(1)}".`;
      this.log('error', reason);
      return this.fail(reason, 'Switch this connection to MQTT 3.1.1: Aedes, NATS and RabbitMQ speak only 3.1.1.', { kind: 'use-version', version: 4 });
    }
    const reason = `The broker refused the connection: ${describeConnackCode(code, version)}.`;
    const transient = (version === 5 ? TRANSIENT_CONNACK_V5 : TRANSIENT_CONNACK_V4).has(code);
    this.log('error', reason);
    if (transient) this.scheduleReconnect(reason);
    else this.fail(reason, connackHint(code, version, Boolean(this.options.username)));
  }

  /** A connection that was up has been lost. */
  private handleLoss(attempt: AttemptState): void {
    const now = this.timers.now();
    this.outageStartedAt ??= now;
    const quick = now - this.connectedAt < TAKEOVER_WINDOW_MS;
    if (!quick || attempt.serverDisconnect) return this.lost(attempt, now, quick);
    // C8: a takeover leaves the broker up. Knock at once (a WebSocket opened and closed, nothing sent):
    // nobody there means it went down (a restart, a crash), not that another client took our place.
    void this.env.probeBroker(this.options.url, LOSS_PROBE_TIMEOUT_MS).then(
      (probe) => {
        if (this.destroyed || this.userClosing || this.attempt !== null || this.statusValue.state !== 'connected') return; // superseded
        this.lost(attempt, now, probe !== 'no-answer');
      },
      () => this.lost(attempt, now, true),
    );
  }

  private lost(attempt: AttemptState, now: number, quick: boolean): void {
    this.quickLosses = quick ? this.quickLosses + 1 : 0;
    if (this.quickLosses === 0) this.takeovers = 0;
    let reason: string;
    let hint: string | undefined;
    let fix: SuggestedFix | undefined;
    let by: DisconnectedBy = 'network';
    const qos2 = this.pendingQos2;
    this.pendingQos2 = null;
    if (attempt.serverDisconnect) {
      by = 'broker';
      const { code, reason: text } = attempt.serverDisconnect;
      reason = `The broker disconnected: ${describeReasonCode(code)}${text ? ` ("${text}")` : ''}.`;
      if (code === SESSION_TAKEN_OVER) hint = takeoverHint();
      if (FINAL_DISCONNECT_V5.has(code)) {
        this.log('error', reason);
        if (hint) this.log('warn', hint);
        this.setStatus({ state: 'disconnected', since: now, by, reason });
        return;
      }
    } else if (qos2 && now - qos2.at <= QOS2_DROP_WINDOW_MS) {
      // C10
      reason = `The broker closed the connection right after a QoS 2 publish to ${qos2.topic}, without answering it: it does not support QoS 2 (NATS does this).`;
      hint = 'Publish at QoS 1. The QoS 2 publish was dropped and will not be sent again.';
      fix = { kind: 'publish-qos', qos: 1 };
      this.dropStoredPublish(qos2.messageId, `Not delivered: ${reason.charAt(0).toLowerCase()}${reason.slice(1)} It was not sent again.`, fix);
    } else if (attempt.keepaliveTimeout) {
      reason = `Connection lost: nothing received for ${KEEPALIVE_LOSS_FACTOR} × the keep-alive.`;
    } else {
      reason = 'Connection lost: the broker or the network closed the connection.';
    }
    if (!hint && this.takeovers + (this.quickLosses > 0 ? 1 : 0) >= FLAPS_BEFORE_HINT) hint = takeoverHint(this.takeovers + 1);
    this.log('warn', reason);
    if (hint) this.log('warn', hint);
    if (this.options.reconnect.enabled) this.scheduleReconnect(reason, hint, fix);
    else this.setStatus({ state: 'disconnected', since: now, by, reason });
  }

  /** Takes a publish out of mqtt.js's outgoing store, so the next connection does not send it again (C10). */
  private dropStoredPublish(messageId: number, reason: string, fix?: SuggestedFix): void {
    const client = this.client;
    if (!client) return;
    client.outgoingStore.del({ messageId }, () => {});
    const outgoing = (client as unknown as { outgoing?: Record<number, unknown> }).outgoing;
    if (outgoing) delete outgoing[messageId];
    this.tracker.failByPacketId(messageId, reason, fix);
  }

  private scheduleReconnect(reason: string, hint?: string, fix?: SuggestedFix): void {
    const { initialDelayMs, maxDelayMs } = this.options.reconnect;
    const attempt = Math.max(1, this.attemptCount + 1);
    const now0 = this.timers.now();
    // C3: quick attempts for a while after an established connection was lost (not during a takeover, C8)
    const fast = this.outageStartedAt !== null && this.takeovers === 0 && now0 - this.outageStartedAt < FAST_REJOIN_WINDOW_MS;
    if (fast) this.quickAttempts++;
    // past the quick window the waits double from where the quick ones stopped, up to the maximum
    const delay = backoffDelayMs(fast || this.quickAttempts === 0 ? attempt : Math.max(1, attempt - this.quickAttempts + 1), initialDelayMs, maxDelayMs, this.env.random(), fast);
    const now = this.timers.now();
    const status: ConnectionStatus = { state: 'reconnecting', since: now, attempt, nextAttemptAt: now + delay, reason };
    if (hint) status.hint = hint;
    if (fix) status.fix = fix;
    this.lastLoss = { reason, ...(hint ? { hint } : {}), ...(fix ? { fix } : {}) };
    this.attemptCount = attempt;
    this.setStatus(status);
    this.log('info', `Reconnecting in ${(delay / 1000).toFixed(1)} s (attempt ${attempt}).`);
    this.clearReconnectTimer();
    this.reconnectTimer = this.timers.setTimeout(() => {
      this.reconnectTimer = null;
      this.startAttempt();
    }, delay);
  }

  private fail(reason: string, hint?: string, fix?: SuggestedFix): void {
    const status: ConnectionStatus = { state: 'failed', since: this.timers.now(), reason };
    if (hint) status.hint = hint;
    if (fix) status.fix = fix;
    this.setStatus(status);
    // mqtt.js must not try again on its own.
    this.teardownClient();
  }

  private teardownClient(): void {
    const client = this.client;
    if (!client) return;
    this.client = null;
    this.attempt = null;
    this.clearWatchdog();
    client.removeAllListeners();
    client.on('error', () => {}); // late errors from a closing socket must not become unhandled
    client.end(true);
  }

  private ensureTimeoutCheck(): void {
    if (this.timeoutTimer === null) this.timeoutTimer = this.timers.setInterval(() => this.tracker.checkTimeouts(this.timers.now()), Math.min(1_000, PUBLISH_ACK_TIMEOUT_MS));
  }

  private clearReconnectTimer(): void {
    if (this.reconnectTimer !== null) this.timers.clearTimeout(this.reconnectTimer);
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
    this.emit('log', { at: this.timers.now(), level, text });
  }
}

function takeoverHint(times?: number): string {
  return `${times ? `The connection was closed soon after it opened, ${times} times in a row, while the broker stayed reachable. ` : ''}Another client is using the same client ID (each new connection with an ID takes over the session and disconnects the older one): give this connection its own client ID.`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function connackHint(code: number, version: 4 | 5, sentCredentials: boolean): string | undefined {
  if ((version === 4 && code === 4) || code === 0x86) return 'Check the user name and password.';
  if ((version === 4 && code === 5) || code === 0x87) {
    return sentCredentials
      ? 'Check the user name and password: some brokers (mosquitto among them) answer a wrong password with "not authorized". Otherwise this user may not connect.'
      : 'This broker does not accept anonymous clients: enter a user name and password.';
  }
  if (version === 4 && code === 1) return 'The broker does not speak MQTT 3.1.1: try MQTT 5.0.';
  if (code === 0x84) return 'The broker does not speak MQTT 5.0: try MQTT 3.1.1.';
  if ((version === 4 && code === 2) || code === 0x85) return 'Try another client ID: shorter, letters and digits only.';
  if (code === 0x9c || code === 0x9d) return 'The broker asks you to use another server.';
  return undefined;
}

function publicSubscription(entry: SubscriptionEntry): SubscriptionState {
  const { sent: _sent, ...state } = entry;
  return { ...state, options: { ...state.options } };
}

