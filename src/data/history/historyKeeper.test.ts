import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeBroker } from '../../mqtt/testing/fakeMqttClient';
import { FakeTimers } from '../../mqtt/testing/fakeTimers';
import { manualFrames } from '../../mqtt/testing/manualFrames';
import { systemTimers } from '../../mqtt/timers';
import type { ConnectionOptions, ReceivedMessage } from '../../mqtt/types';
import { activeRules } from '../presence';
import { Session, type SessionSink } from '../session';
import { HistoryKeeper } from './historyKeeper';

const sink: SessionSink = { status: () => {}, subscriptions: () => {}, log: () => {}, live: () => {}, publishing: () => {}, forget: () => {} };
const enc = new TextEncoder();
const sessions: Session[] = [];
const keepers: HistoryKeeper[] = [];

function page(now: () => number) {
  const frames = manualFrames();
  const history = new HistoryKeeper({ timers: systemTimers, lock: () => Promise.resolve(true), now });
  const timers = new FakeTimers();
  const broker = new FakeBroker(timers);
  const session = new Session({ sink, clock: frames.clock, timers, history, pageEvents: false, connection: { connect: broker.connect, random: () => 0.5 } });
  sessions.push(session);
  keepers.push(history);
  return { session, history, frames, broker, timers };
}

const message = (at: number, topic: string, payload: string, retain = false): ReceivedMessage => ({ connectionId: 'p', receivedAt: at, topic, payload: enc.encode(payload), qos: 0, retain, dup: false });

beforeEach(() => {
  Object.assign(globalThis, { indexedDB: new IDBFactory() });
});
afterEach(() => {
  sessions.splice(0).forEach((s) => s.destroy());
  keepers.splice(0).forEach((k) => k.close());
});

describe('history across a reload (Session + HistoryKeeper on one database)', () => {
  it('brings back the log, the topic tree, the devices and the chart lines, marked as history, with the closed time as a gap', async () => {
    let now = 1_000_000;
    const first = page(() => now);
    const series = [{ id: 's1', filter: 'tele/+/SENSOR', path: 'T', color: '#000', unit: '°C', booleans: false }];
    first.session.setCharts('p', series, 1_000);
    await first.history.configure('p', true, 1e9);
    first.session.receive(message(now - 3_000, 'tele/porch/LWT', 'Online', true));
    for (let i = 0; i < 10; i++) first.session.receive(message(now - 2_000 + i, 'tele/porch/SENSOR', `{"T":${20 + i}}`));
    first.frames.frame();
    await first.history.flush('p');
    first.history.close();

    // the page is closed for an hour, then opened again
    now += 3_600_000;
    const second = page(() => now);
    second.session.setCharts('p', series, 1_000);
    second.session.setPresenceRules('p', activeRules([], []));
    await second.history.configure('p', true, 1e9);
    const restored = await second.session.restoreHistory('p');
    expect(restored).toMatchObject({ count: 11, until: 1_000_000 - 2_000 + 9 });
    expect(restored?.gaps).toEqual([[998_009, 4_600_000]]);
    const data = second.session.data('p');
    expect(data.log.ring.length).toBe(11);
    // received before this page: not counted as received now
    expect(data.log.received).toBe(0);
    expect(data.log.ring.toArray().every((m) => m.fromHistory)).toBe(true);
    expect(data.topics.get('tele/porch/SENSOR')?.count).toBe(10);
    expect([...data.devices.devices.values()].map((d) => [d.name, d.presence])).toEqual([['porch', 'online']]);
    expect(data.charts.linesOf('s1')[0]?.[1].length).toBe(10);
    // what came back is not written again
    await second.history.flush('p');
    expect((await second.history.meta('p'))?.nextSeq).toBe(11);

    // the stored chart points, read for a long window, including a line not in memory
    const lines = await second.history.readLines('p', [...series, { id: 's2', filter: 'tele/+/SENSOR', path: 'T', color: '', unit: '', booleans: false }], 0, now, 100, 50);
    expect(lines.get('s1|tele/porch/SENSOR')?.stats).toMatchObject({ count: 10, min: 20, max: 29 });
    expect(lines.get('s2|tele/porch/SENSOR')?.stats?.count).toBe(10);
  });

  it('a day of device timeline comes back though fewer messages do, and nothing old is announced again', async () => {
    let now = 1_000_000;
    const first = page(() => now);
    first.session.setPresenceRules('p', activeRules([], []));
    await first.history.configure('p', true, 1e9);
    first.session.receive(message(now - 9_000, 'tele/porch/LWT', 'Online'));
    first.session.receive(message(now - 8_000, 'tele/porch/LWT', 'Offline'));
    first.session.receive(message(now - 7_000, 'tele/porch/LWT', 'Online'));
    for (let i = 0; i < 150; i++) first.session.receive(message(now - 5_000 + i, 'tele/porch/SENSOR', '{"T":1}'));
    first.frames.frame();
    await first.history.flush('p');

    now += 60_000;
    const second = page(() => now);
    second.timers.advance(now - second.timers.now());
    second.session.setPresenceRules('p', activeRules([], []));
    second.session.setMessageCap('p', 100);
    const announced: string[] = [];
    second.session.onPresence((_id, e) => announced.push(e.to));
    await second.history.configure('p', true, 1e9);
    await second.session.restoreHistory('p');
    const device = [...second.session.data('p').devices.devices.values()][0];
    // the LWT messages are not among the 100 newest; the messages that changed the device come back first
    expect(second.session.log('p').ring.length).toBe(100);
    expect(second.session.log('p').ring.toArray().filter((m) => m.topic.endsWith('LWT'))).toHaveLength(0);
    expect(device?.timeline.map((t) => t.state)).toEqual(['online', 'offline', 'online']);
    expect(announced).toEqual([]);
  });

  it('a connect made while history is coming back waits for it, so the log stays in time order', async () => {
    const first = page(() => 5_000);
    await first.history.configure('p', true, 1e9);
    first.session.receive(message(4_000, 'a', 'old'));
    first.frames.frame();
    await first.history.flush('p');

    const second = page(() => 10_000);
    await second.history.configure('p', true, 1e9);
    const restoring = second.session.restoreHistory('p');
    const options: ConnectionOptions = { url: 'mqtt://x', clientId: 'c', protocolVersion: 4, clean: true, keepaliveSec: 60, connectTimeoutMs: 5_000, reconnect: { enabled: true, initialDelayMs: 1_000, maxDelayMs: 30_000 } };
    second.session.connect('p', options, [], 1_000);
    expect(second.session.manager.get('p')).toBeUndefined();
    await restoring;
    await Promise.resolve();
    expect(second.session.manager.get('p')).toBeDefined();
    expect(second.session.log('p').ring.toArray().map((m) => new TextDecoder().decode(m.payload))).toEqual(['old']);
  });
});

describe('a browser that refuses storage', () => {
  it('says history is kept in memory only, and the page goes on', async () => {
    const statuses: string[] = [];
    const keeper = new HistoryKeeper({
      timers: systemTimers,
      open: () => Promise.reject(new DOMException('private window', 'InvalidStateError')),
      onStatus: (_id, status) => statuses.push(status.available.state === 'refused' ? status.available.reason : status.available.state),
    });
    keepers.push(keeper);
    await keeper.configure('p', true, 1e9);
    expect(await keeper.store).toBeNull();
    expect(statuses.at(-1)).toMatch(/refused to store data.*kept in memory only/);
    keeper.message('p', message(1, 'a', 'x'));
    expect(await keeper.restore('p', 100, () => {})).toBeNull();
    expect(await keeper.startRecording('p', 'r', 'n', '#')).toMatch(/refused/);
  });
});
