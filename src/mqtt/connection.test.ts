import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../tools/broker';
import { backoffDelayMs, MqttConnection } from './connection';
import type { ConnectionStatus } from './connectionStatus';
import type { ConnectionOptions, ReceivedMessage } from './types';
import mqtt from 'mqtt';

const brokers: EmbeddedBroker[] = [];
const connections: MqttConnection[] = [];

afterEach(async () => {
  for (const c of connections.splice(0)) c.destroy();
  for (const b of brokers.splice(0)) await b.close();
});

async function broker(options: Parameters<typeof startEmbeddedBroker>[0] = {}) {
  const b = await startEmbeddedBroker({ tcpPorts: [], wsPorts: [], ...options });
  brokers.push(b);
  return b;
}

function options(url: string, extra: Partial<ConnectionOptions> = {}): ConnectionOptions {
  return {
    url,
    clientId: `test-${Math.random().toString(16).slice(2, 10)}`,
    protocolVersion: 4,
    clean: true,
    keepaliveSec: 30,
    connectTimeoutMs: 3_000,
    reconnect: { enabled: true, initialDelayMs: 50, maxDelayMs: 400 },
    ...extra,
  };
}

function open(url: string, extra: Partial<ConnectionOptions> = {}) {
  const messages: ReceivedMessage[] = [];
  const statuses: ConnectionStatus[] = [];
  const connection = new MqttConnection('c1', options(url, extra), (m) => messages.push(m));
  connection.on('status', (s) => statuses.push(s));
  connections.push(connection);
  return { connection, messages, statuses };
}

function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (check()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 10);
    };
    tick();
  });
}

async function publishFromOutside(url: string, topic: string, payload: string, opts: mqtt.IClientPublishOptions = {}) {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
  await client.publishAsync(topic, payload, opts);
  await client.endAsync();
}

describe('MqttConnection against a real broker', () => {
  it('C4, C14: connects, subscribes with a wildcard and hands every message to the sink', async () => {
    const b = await broker();
    const { connection, messages, statuses } = open(b.tcpUrl);
    connection.subscribe('home/+/temperature', 1);
    connection.connect();
    await until(() => connection.subscriptions[0]?.status === 'granted', 'SUBACK');
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'connected']);
    expect(connection.subscriptions[0]?.grantedQos).toBe(1);

    await publishFromOutside(b.tcpUrl, 'home/kitchen/temperature', '21.5', { qos: 1, retain: true });
    await publishFromOutside(b.tcpUrl, 'home/kitchen/humidity', '40');
    await until(() => messages.length === 1, 'message');
    const [m] = messages;
    expect(m?.topic).toBe('home/kitchen/temperature');
    expect(new TextDecoder().decode(m?.payload)).toBe('21.5');
    expect(m?.qos).toBe(1);
    expect(m?.connectionId).toBe('c1');
    expect(typeof m?.packetId).toBe('number');

    await connection.disconnect();
    expect(connection.status).toMatchObject({ state: 'disconnected', by: 'user' });
  });

  it('C5: fails with the CONNACK reason in words and does not retry bad credentials', async () => {
    let attempts = 0;
    const b = await broker({
      aedes: {
        authenticate: (_client, username, password, done) => {
          attempts++;
          if (username === 'alice' && password?.toString() === 'secret') return done(null, true);
          const error = Object.assign(new Error('bad credentials'), { returnCode: 4 as const });
          done(error, null);
        },
      },
    });
    const { connection } = open(b.tcpUrl, { username: 'alice', password: 'wrong' });
    connection.connect();
    await until(() => connection.status.state === 'failed', 'failed');
    expect(connection.status).toMatchObject({ reason: expect.stringMatching(/Bad user name or password \(return code 4\)/) });
    await new Promise((r) => setTimeout(r, 300));
    expect(attempts).toBe(1);

    connection.connect({ ...options(b.tcpUrl), username: 'alice', password: 'secret' });
    await until(() => connection.status.state === 'connected', 'connected');
  });

  it('shows a refused subscription on its row', async () => {
    const b = await broker({
      aedes: {
        authorizeSubscribe: (_client, sub, done) => done(null, sub.topic.startsWith('secret/') ? null : sub),
      },
    });
    const { connection } = open(b.tcpUrl);
    connection.connect();
    connection.subscribe('secret/#', 0);
    connection.subscribe('public/#', 0);
    await until(() => connection.subscriptions.every((s) => s.status !== 'pending'), 'SUBACKs');
    const [secret, pub] = connection.subscriptions;
    expect(secret).toMatchObject({ status: 'refused', refusal: { code: 0x80 } });
    expect(secret?.refusal?.reason).toMatch(/Refused by the broker/);
    expect(pub).toMatchObject({ status: 'granted', grantedQos: 0 });
  });

  it('rejects an invalid filter and sends nothing', async () => {
    const b = await broker();
    let subscribes = 0;
    b.aedes.on('subscribe', () => subscribes++);
    const { connection } = open(b.tcpUrl);
    connection.connect();
    await until(() => connection.status.state === 'connected', 'connected');
    expect(connection.subscribe('a/#/b', 0)).toMatch(/"#" must be the last level/);
    expect(connection.subscriptions).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(subscribes).toBe(0);
  });

  it('C2, C4: reconnects after the broker goes away and restores every subscription once', async () => {
    const b1 = await broker();
    const port = b1.tcpPort;
    const { connection, messages } = open(b1.tcpUrl);
    connection.subscribe('x/#', 0);
    connection.subscribe('y/+', 1);
    connection.connect();
    await until(() => connection.subscriptions.every((s) => s.status === 'granted'), 'granted');
    await b1.close();
    brokers.splice(brokers.indexOf(b1), 1);
    await until(() => connection.status.state === 'reconnecting', 'reconnecting');
    expect(connection.status).toMatchObject({ reason: expect.stringMatching(/Connection lost/) });

    const b2 = await broker({ tcpPorts: [port] });
    const filters: string[] = [];
    b2.aedes.on('subscribe', (subs) => filters.push(...subs.map((s) => s.topic)));
    await until(() => connection.status.state === 'connected', 'connected again', 8_000);
    await until(() => connection.subscriptions.every((s) => s.status === 'granted'), 'granted again');
    await new Promise((r) => setTimeout(r, 200));
    expect(filters.sort()).toEqual(['x/#', 'y/+']);
    await publishFromOutside(b2.tcpUrl, 'y/1', 'back');
    await until(() => messages.length === 1, 'message after reconnect');
  });

});

describe('backoffDelayMs', () => {
  it('C2: doubles up to the maximum, with at most 20% jitter', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelayMs(n, 1_000, 30_000, 0.5))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
    ]);
    expect(backoffDelayMs(3, 1_000, 30_000, 0)).toBe(3_200);
    expect(backoffDelayMs(3, 1_000, 30_000, 1)).toBe(4_800);
  });

  it('C3: in the quick window after a loss, the wait stops growing at twice the first delay', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(n, 1_000, 30_000, 0.5, true))).toEqual([1_000, 2_000, 2_000, 2_000, 2_000]);
    expect(backoffDelayMs(5, 1_000, 1_500, 0.5, true)).toBe(1_500); // never above the maximum
  });

  it('keeps a dead broker under 10 attempts a minute after the first few', () => {
    let t = 0;
    let attempts = 0;
    for (let n = 1; t < 120_000; n++) {
      t += backoffDelayMs(n, 1_000, 30_000, 0);
      if (t > 60_000 && t <= 120_000) attempts++;
    }
    expect(attempts).toBeLessThanOrEqual(10);
  });
});
