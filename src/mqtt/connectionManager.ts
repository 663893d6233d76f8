/**
 * Owns every broker connection of the page, keyed by connection id, and their timers.
 * The UI calls its typed commands and listens to its events; it never touches an mqtt.js client.
 */
import { MqttConnection, type ConnectionEnvironment, type PublishRecord, type PublishRequest } from './connection';
import type { ConnectionStatus, LogEntry } from './connectionStatus';
import { Emitter } from './emitter';
import type { ConnectionOptions, QoS, ReceivedMessage, SubscriptionOptions, SubscriptionState } from './types';

export interface ManagerEvents {
  status: (id: string, status: ConnectionStatus) => void;
  subscriptions: (id: string, subscriptions: readonly SubscriptionState[]) => void;
  log: (id: string, entry: LogEntry) => void;
  publish: (id: string, record: PublishRecord) => void;
}

export interface SubscriptionRequest {
  filter: string;
  qos: QoS;
  options?: SubscriptionOptions;
}

export class ConnectionManager extends Emitter<ManagerEvents> {
  private readonly connections = new Map<string, MqttConnection>();
  private destroyed = false;

  constructor(
    private readonly onMessage: (message: ReceivedMessage) => void,
    private readonly env: Partial<ConnectionEnvironment> = {},
  ) {
    super();
  }

  get(id: string): MqttConnection | undefined {
    return this.connections.get(id);
  }

  /** Ids of connections that exist (whatever their state). */
  ids(): string[] {
    return [...this.connections.keys()];
  }

  /**
   * Opens connection `id`, replacing its options if it exists. `subscriptions` are the ones to hold;
   * they are sent as soon as the broker accepts the connection.
   */
  open(id: string, options: ConnectionOptions, subscriptions: readonly SubscriptionRequest[] = []): void {
    if (this.destroyed) throw new Error('ConnectionManager destroyed');
    let connection = this.connections.get(id);
    if (!connection) {
      connection = new MqttConnection(id, options, this.onMessage, this.env);
      connection.on('status', (status) => this.emit('status', id, status));
      connection.on('subscriptions', (subs) => this.emit('subscriptions', id, subs));
      connection.on('log', (entry) => this.emit('log', id, entry));
      connection.on('publish', (record) => this.emit('publish', id, record));
      this.connections.set(id, connection);
    }
    const held = new Set(connection.subscriptions.map((s) => s.filter));
    for (const sub of subscriptions) {
      if (!held.has(sub.filter)) connection.subscribe(sub.filter, sub.qos, sub.options ?? {});
    }
    connection.connect(options);
  }

  /** Disconnects cleanly (DISCONNECT, so no will). The connection object stays, with its subscriptions. */
  close(id: string): Promise<void> {
    return this.connections.get(id)?.disconnect() ?? Promise.resolve();
  }

  /** Destroys connection `id` and forgets it. */
  remove(id: string): void {
    this.connections.get(id)?.destroy();
    this.connections.delete(id);
  }

  /** Returns a sentence when the filter is invalid; otherwise subscribes (now, or when connected). */
  subscribe(id: string, request: SubscriptionRequest): string | null {
    const connection = this.connections.get(id);
    if (!connection) return null;
    return connection.subscribe(request.filter, request.qos, request.options ?? {});
  }

  unsubscribe(id: string, filter: string): void {
    this.connections.get(id)?.unsubscribe(filter);
  }

  /** Publishes on connection `id` (see MqttConnection.publish). */
  publish(id: string, request: PublishRequest): { record: PublishRecord; done: Promise<PublishRecord> } | null {
    return this.connections.get(id)?.publish(request) ?? null;
  }

  /** Starts or stops capturing connection `id`'s packets (see MqttConnection.setPacketSink). */
  setPacketSink(id: string, sink: ((direction: 'out' | 'in', bytes: Uint8Array, at: number) => void) | null): void {
    this.connections.get(id)?.setPacketSink(sink);
  }

  /** Skips the backoff wait of every reconnecting connection (network back, tab visible again). */
  retryAll(): void {
    for (const connection of this.connections.values()) connection.retryNow();
  }

  /** Destroys every connection. Safe to call more than once. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const connection of this.connections.values()) connection.destroy();
    this.connections.clear();
    this.removeAllListeners();
  }
}
