/**
 * (Over 300 lines: one test per contract rule of connection.ts, C1 to C16.)
 * MqttConnection's contract rules (C1-C16, at the top of connection.ts), each proven on fake timers
 * against a scripted broker: a minute of backoff takes a millisecond. connection.test.ts keeps the
 * rules that need a real broker.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  EARLY_CLOSES_BEFORE_STOP,
  MqttConnection,
  PATH_REFUSALS_BEFORE_STOP,
  TAKEOVER_WINDOW_MS,
  type PublishRecord,
} from './connection';
import type { ConnectionStatus, LogEntry } from './connectionStatus';
import { FakeBroker } from './testing/fakeMqttClient';
import { FakeTimers } from './testing/fakeTimers';
import type { ConnectionOptions, ReceivedMessage } from './types';

const connections: MqttConnection[] = [];
afterEach(() => connections.splice(0).forEach((c) => c.destroy()));

type Probe = 'answered' | 'no-answer' | 'not-run';
/** `probe`: what an HTTP request to the broker's port finds; `knock`: what a WebSocket opened to it finds. */
function setup(extra: Partial<ConnectionOptions> = {}, probe: Probe = 'not-run', knock: Probe | (() => Probe) = 'not-run') {
  const timers = new FakeTimers();
  const broker = new FakeBroker(timers);
  const options: ConnectionOptions = {
    url: 'mqtt://broker.test:1883',
    clientId: 'rules',
    protocolVersion: 4,
    clean: true,
    keepaliveSec: 10,
    connectTimeoutMs: 5_000,
    reconnect: { enabled: true, initialDelayMs: 1_000, maxDelayMs: 30_000 },
    ...extra,
  };
  const messages: ReceivedMessage[] = [];
  const statuses: ConnectionStatus[] = [];
  const logs: LogEntry[] = [];
  const records: PublishRecord[] = [];
  const connection = new MqttConnection('c', options, (m) => messages.push(m), {
    timers,
    random: () => 0.5, // no jitter: delays are exactly 1, 2, 4, ... s
    probeHttp: () => Promise.resolve(probe),
    probeBroker: () => Promise.resolve(typeof knock === 'function' ? knock() : knock),
    connect: broker.connect,
  });
  connection.on('status', (s) => statuses.push(s));
  connection.on('log', (l) => logs.push(l));
  connection.on('publish', (r) => records.includes(r) || records.push(r));
  connections.push(connection);
  const flush = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  /** Advances the clock timer by timer, letting promise callbacks (the HTTP probe) run in between. */
  const advance = async (ms: number) => {
    const end = timers.now() + ms;
    await flush();
    for (let next = timers.nextAt; next !== null && next <= end; next = timers.nextAt) {
      timers.advance(next - timers.now());
      await flush();
    }
    timers.advance(end - timers.now());
    await flush();
  };
  return { timers, broker, connection, messages, statuses, logs, records, advance, options };
}

const states = (statuses: ConnectionStatus[]) => statuses.map((s) => s.state);

describe('MqttConnection rules, on fake timers', () => {
  it('C1: status changes are emitted once each, as a typed union', async () => {
    const { connection, statuses, advance } = setup();
    connection.connect();
    await advance(10);
    await advance(10_000);
    expect(states(statuses)).toEqual(['connecting', 'connected']);
    expect(connection.status).toMatchObject({ state: 'connected', sessionPresent: false });
  });

  it('C2: a broker that never answers is retried after 2, 4, 8, 16, 30, 30, 30 s', async () => {
    const { connection, broker, advance } = setup();
    broker.onConnect = (client) => client.unreachable();
    connection.connect();
    await advance(5 * 60_000);
    const gaps = broker.attemptTimes.slice(1, 8).map((t, i) => t - (broker.attemptTimes[i] as number));
    // each gap is the backoff delay plus the fake network's 1 ms; the first attempt was attempt 1
    expect(gaps).toEqual([2_001, 4_001, 8_001, 16_001, 30_001, 30_001, 30_001]);
    expect(connection.status).toMatchObject({ state: 'reconnecting', reason: expect.stringMatching(/Connection refused/) });
  });

  it('C3: once connected and resubscribed, the next loss waits the first delay again, however long the broker was away', async () => {
    const { connection, broker, advance } = setup();
    connection.subscribe('a/#', 1);
    let up = true;
    broker.onConnect = (client) => (up ? client.accept() : client.unreachable());
    connection.connect();
    await advance(100);
    expect(broker.subscribes).toEqual(['a/#']);
    // the broker goes away for two minutes: the waits grow to 30 s
    up = false;
    broker.last.drop();
    await advance(120_000);
    expect(broker.attempts).toBeGreaterThan(5);
    up = true;
    await advance(31_000);
    expect(connection.status.state).toBe('connected');
    expect(broker.subscribes).toEqual(['a/#', 'a/#']);
    // it goes away again briefly: back within the first delay, not the 30 s reached before
    const before = broker.attempts;
    broker.last.drop();
    await advance(1_100);
    expect(broker.attempts).toBe(before + 1);
    expect(connection.status.state).toBe('connected');
  });

  it('C3: for a minute after an established connection is lost the waits stay at 2 s, so a healed link is rejoined within about 2 s; then they grow', async () => {
    const { connection, broker, advance } = setup();
    let up = true;
    broker.onConnect = (client) => (up ? client.accept() : client.unreachable());
    connection.connect();
    await advance(100);
    up = false;
    const lostAt = broker.timers.now();
    broker.last.drop();
    await advance(120_000);
    const times = broker.attemptTimes.filter((t) => t > lostAt);
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    const early = gaps.filter((_, i) => (times[i + 1] as number) - lostAt <= 60_000);
    expect(Math.max(...early)).toBeLessThanOrEqual(2_401);
    const late = gaps.slice(early.length);
    expect(late).toEqual(expect.arrayContaining([4_001, 8_001, 16_001])); // past the minute, they double again
    // healed: back at the next quick attempt
    up = true;
    await advance(31_000);
    expect(connection.status.state).toBe('connected');
  });

  it('C3: while a subscription is unanswered, the backoff does not start over', async () => {
    const { connection, broker, statuses, advance } = setup();
    connection.subscribe('slow/#', 0);
    broker.subackCode = -1; // SUBACKs held back
    broker.onConnect = (client, n) => (n <= 2 ? client.unreachable() : client.accept());
    connection.connect();
    await advance(7_000);
    expect(connection.status.state).toBe('connected');
    await advance(TAKEOVER_WINDOW_MS);
    broker.last.drop();
    await advance(10);
    const last = statuses.at(-1);
    expect(last).toMatchObject({ state: 'reconnecting', attempt: 4 });
  });

  it('C4: a resumed session is not sent its subscriptions again; a new one gets each once', async () => {
    const { connection, broker, advance } = setup({ clean: false });
    connection.subscribe('x/#', 1);
    connection.subscribe('y/+', 0);
    let resume = false;
    broker.onConnect = (client) => client.accept({ sessionPresent: resume });
    connection.connect();
    await advance(50);
    expect(broker.subscribes).toEqual(['x/#', 'y/+']);
    resume = true;
    await advance(TAKEOVER_WINDOW_MS);
    broker.last.drop();
    await advance(1_100);
    expect(connection.status).toMatchObject({ state: 'connected', sessionPresent: true });
    expect(broker.subscribes).toEqual(['x/#', 'y/+']);
    resume = false;
    await advance(TAKEOVER_WINDOW_MS);
    broker.last.drop();
    await advance(1_100);
    expect(broker.subscribes).toEqual(['x/#', 'y/+', 'x/#', 'y/+']);
  });

  it('C5: bad credentials are final; server unavailable is retried', async () => {
    const bad = setup({ username: 'alice' });
    bad.broker.onConnect = (client) => client.refuse(4);
    bad.connection.connect();
    await bad.advance(60_000);
    expect(bad.broker.attempts).toBe(1);
    expect(bad.connection.status).toMatchObject({ state: 'failed', reason: expect.stringMatching(/Bad user name or password/), hint: 'Check the user name and password.' });

    const busy = setup();
    busy.broker.onConnect = (client, n) => (n === 1 ? client.refuse(3) : client.accept());
    busy.connection.connect();
    await busy.advance(2_500);
    expect(busy.connection.status.state).toBe('connected');
  });

  it('C6: MQTT 5.0 to a 3.1.1-only broker says so, does not retry, and offers 3.1.1', async () => {
    const { connection, broker, advance } = setup({ protocolVersion: 5 });
    broker.onConnect = (client) => client.refuse(1); // Aedes and NATS: 3.1.1 return code 1
    connection.connect();
    await advance(60_000);
    expect(broker.attempts).toBe(1);
    const status = connection.status;
    expect(status).toMatchObject({ state: 'failed', fix: { kind: 'use-version', version: 4 } });
    if (status.state !== 'failed') throw new Error('not failed');
    expect(status.reason).toMatch(/does not speak MQTT 5\.0.*return code 1.*unacceptable protocol version/);
    expect(status.reason).not.toMatch(/Granted QoS/);
  });

  it('C7: a socket closed before CONNACK twice in a row stops retrying and names the causes', async () => {
    const { connection, broker, advance } = setup({ username: 'guest' });
    broker.onConnect = (client) => client.closeBeforeConnack();
    connection.connect();
    await advance(60_000);
    expect(broker.attempts).toBe(EARLY_CLOSES_BEFORE_STOP);
    expect(connection.status).toMatchObject({ state: 'failed', reason: expect.stringMatching(/before answering CONNECT, 2 times in a row/) });
    if (connection.status.state === 'failed') expect(connection.status.hint).toMatch(/user name or password.*MQTT version.*limits/);
  });

  it('C8: a restarting broker is not taken for another client with the same ID', async () => {
    const { connection, broker, logs, statuses, advance } = setup();
    let up = true;
    broker.onConnect = (client) => (up ? client.accept() : client.unreachable());
    connection.connect();
    for (let restart = 0; restart < 4; restart++) {
      await advance(3_000); // each connection lasts only 3 s
      up = false;
      broker.last.drop();
      await advance(1_100); // down: the first attempt finds nothing
      up = true;
      await advance(3_000);
      expect(connection.status.state).toBe('connected');
    }
    expect(logs.some((l) => /same client ID/.test(l.text))).toBe(false);
    expect(statuses.some((s) => 'hint' in s && /client ID/.test(s.hint ?? ''))).toBe(false);
    // and each return starts the backoff over (C3): never past the second attempt
    const attempts = statuses.flatMap((s) => (s.state === 'reconnecting' ? [s.attempt] : []));
    expect(Math.max(...attempts)).toBeLessThanOrEqual(2);
  });

  it('C8: a broker back before the first retry (killed and restarted within 2 s) is not a takeover: nothing took a WebSocket right after the loss', async () => {
    let up = true;
    const { connection, broker, logs, statuses, advance } = setup({}, 'not-run', () => (up ? 'answered' : 'no-answer'));
    broker.onConnect = (client) => (up ? client.accept() : client.unreachable());
    connection.connect();
    for (let restart = 0; restart < 6; restart++) {
      await advance(3_000); // each connection lasts only 3 s
      up = false;
      broker.last.drop();
      await advance(500); // down half a second: the first retry, 2 s later, finds it back
      up = true;
      await advance(2_000);
      expect(connection.status.state).toBe('connected');
    }
    expect(logs.some((l) => /same client ID/.test(l.text))).toBe(false);
    const attempts = statuses.flatMap((s) => (s.state === 'reconnecting' ? [s.attempt] : []));
    expect(Math.max(...attempts)).toBe(1); // every return rejoined at the first retry, never a growing wait
  });

  it('C8: a takeover (closed right after CONNACK, broker reachable) names the client ID after two, and backs off', async () => {
    const { connection, broker, statuses, advance } = setup({}, 'not-run', 'answered');
    connection.connect();
    await advance(10);
    broker.last.drop(); // kicked
    await advance(1_010);
    broker.last.drop(); // kicked again right after coming back
    await advance(10);
    const status = statuses.at(-1);
    expect(status).toMatchObject({ state: 'reconnecting', hint: expect.stringMatching(/same client ID/) });
    // the waits keep growing while the pattern lasts: 1 s, then 2 s, then 4 s
    await advance(2_010);
    broker.last.drop();
    await advance(10);
    expect(statuses.at(-1)).toMatchObject({ state: 'reconnecting', attempt: 3 });
    expect(TAKEOVER_WINDOW_MS).toBeGreaterThan(1_000);
  });

  it('C8: MQTT 5 DISCONNECT 0x8E (session taken over) stops and names the client ID', async () => {
    const { connection, broker, advance } = setup({ protocolVersion: 5 });
    connection.connect();
    await advance(10);
    broker.last.disconnectFromBroker(0x8e);
    await advance(60_000);
    expect(broker.attempts).toBe(1);
    expect(connection.status).toMatchObject({ state: 'disconnected', by: 'broker', reason: expect.stringMatching(/Session taken over/) });
  });

  it('C9: data arriving keeps the link alive with no PINGRESP; silence is declared lost after 1.5 x keep-alive', async () => {
    const { connection, broker, advance, statuses } = setup({ keepaliveSec: 5 });
    broker.answerPings = false; // the PINGRESP is stuck behind a flood
    connection.connect();
    await advance(10);
    const pingsAtStart = broker.pings;
    for (let t = 0; t < 60_000; t += 200) {
      broker.last.deliver('flood/x', 'x');
      await advance(200);
    }
    expect(connection.status.state).toBe('connected');
    // nothing else was sent: a PINGREQ at least once per keep-alive all through the flood, so the broker
    // (which drops a client silent for 1.5 keep-alives) keeps hearing from us
    expect(broker.pings - pingsAtStart).toBeGreaterThanOrEqual(11);
    // now nothing arrives: a PINGREQ at 5 s of silence, lost at 7.5 s
    broker.last.deliver('flood/x', 'last');
    const pingsBefore = broker.pings;
    const silentFrom = broker.timers.now();
    await advance(5_000);
    expect(broker.pings).toBe(pingsBefore + 1);
    await advance(2_499);
    expect(connection.status.state).toBe('connected');
    await advance(2);
    expect(statuses.at(-1)).toMatchObject({ state: 'reconnecting', reason: expect.stringMatching(/nothing received for 1\.5 × the keep-alive/) });
    expect(broker.timers.now() - silentFrom).toBeLessThanOrEqual(7_501);
  });

  it("C9: when mqtt.js's ping timer runs out (its PINGRESP stuck behind a flood), it pings again instead of closing", async () => {
    const { connection, broker, advance } = setup({ keepaliveSec: 5 });
    broker.answerPings = false;
    connection.connect();
    await advance(10);
    const pings = broker.pings;
    broker.last.onKeepaliveTimeout();
    expect(broker.pings).toBe(pings + 1);
    expect(connection.status.state).toBe('connected');
  });

  it('C9: an idle link pings once per keep-alive and stays up', async () => {
    const { connection, broker, advance } = setup({ keepaliveSec: 5 });
    connection.connect();
    await advance(60_010);
    expect(connection.status.state).toBe('connected');
    expect(broker.pings).toBeGreaterThanOrEqual(11);
    expect(broker.pings).toBeLessThanOrEqual(13);
  });

  it('C10: a loss right after an unanswered QoS 2 publish blames QoS 2, drops that publish and does not re-send it', async () => {
    const { connection, broker, records, statuses, advance } = setup();
    broker.onPublish = (client, p) => {
      if (p.qos === 2) client.later(() => client.drop()); // NATS
    };
    connection.connect();
    await advance(10);
    connection.publish({ topic: 'cmd/x', payload: 'go', qos: 2, retain: false });
    await advance(10);
    const status = statuses.find((s) => s.state === 'reconnecting');
    expect(status).toMatchObject({ reason: expect.stringMatching(/right after a QoS 2 publish to cmd\/x.*does not support QoS 2/), fix: { kind: 'publish-qos', qos: 1 } });
    expect(records[0]).toMatchObject({ outcome: 'failed', detail: expect.stringMatching(/does not support QoS 2/) });
    expect(broker.clients[0]?.outgoingStore.stored.size).toBe(0);
    await advance(1_100);
    expect(connection.status.state).toBe('connected');
    // back up, the reason and its fix stay in view
    expect(connection.status).toMatchObject({ backAfter: { reason: expect.stringMatching(/right after a QoS 2 publish/), fix: { kind: 'publish-qos', qos: 1 } } });
    expect(records[0]?.fix).toEqual({ kind: 'publish-qos', qos: 1 });
    expect(broker.publishes.filter((p) => p.qos === 2)).toHaveLength(1);
  });

  it('C11: a final broker DISCONNECT ends the connection without reconnecting', async () => {
    const { connection, broker, advance } = setup({ protocolVersion: 5 });
    connection.connect();
    await advance(10);
    broker.last.disconnectFromBroker(0x8a);
    await advance(60_000);
    expect(broker.attempts).toBe(1);
    expect(connection.status).toMatchObject({ state: 'disconnected', by: 'broker', reason: expect.stringMatching(/Banned/) });
  });

  it('C12: disconnect stops reconnecting; destroy is idempotent and leaves no timer', async () => {
    const { connection, broker, timers, advance } = setup();
    broker.onConnect = (client) => client.unreachable();
    connection.connect();
    await advance(5_000);
    await connection.disconnect();
    const attempts = broker.attempts;
    await advance(60_000);
    expect(broker.attempts).toBe(attempts);
    expect(connection.status).toMatchObject({ state: 'disconnected', by: 'user' });
    connection.connect();
    await advance(2_000);
    connection.destroy();
    connection.destroy();
    await advance(1);
    expect(timers.pending).toBe(0);
  });

  it('C13: retryNow skips the wait', async () => {
    const { connection, broker, advance } = setup();
    broker.onConnect = (client, n) => (n < 5 ? client.unreachable() : client.accept());
    connection.connect();
    await advance(16_000);
    expect(connection.status).toMatchObject({ state: 'reconnecting', attempt: 5 });
    connection.retryNow();
    await advance(10);
    expect(connection.status.state).toBe('connected');
  });

  it('C14: every PUBLISH reaches the sink at once, one call each', async () => {
    const { connection, broker, messages, advance } = setup();
    connection.connect();
    await advance(10);
    for (let i = 0; i < 100; i++) broker.last.deliver(`t/${i}`, String(i), i % 3);
    expect(messages).toHaveLength(100);
    expect(messages[42]).toMatchObject({ connectionId: 'c', topic: 't/42', qos: 0 });
  });

  it('C15: publishing while not connected fails at once; an unanswered publish is marked after the timeout', async () => {
    const { connection, broker, advance } = setup();
    const early = connection.publish({ topic: 'a', payload: 'x', qos: 1, retain: false });
    expect(early.record).toMatchObject({ outcome: 'failed', detail: 'Not connected.' });
    broker.onPublish = () => {}; // never acknowledged
    connection.connect();
    await advance(10);
    const { record } = connection.publish({ topic: 'a', payload: 'x', qos: 1, retain: false });
    await advance(10_000);
    expect(record.outcome).toBe('sending');
    await advance(1_100);
    expect(record).toMatchObject({ outcome: 'unanswered', detail: 'No PUBACK after 10 s' });
  });

  it('C16: a WebSocket refused at its path is retried a few times, then stops with the reason', async () => {
    const { connection, broker, advance } = setup({ url: 'ws://broker.test:8080/wrong' }, 'answered');
    broker.onConnect = (client) => client.closeBeforeConnack(); // a WebSocket that never opened
    connection.connect();
    await advance(120_000);
    expect(broker.attempts).toBe(PATH_REFUSALS_BEFORE_STOP);
    expect(connection.status).toMatchObject({ state: 'failed', reason: expect.stringMatching(/refused the WebSocket upgrade at the path "\/wrong".*Stopped retrying after 3 attempts/) });
  });
});
