import { afterEach, describe, expect, it } from 'vitest';
import { FakeBroker } from '../mqtt/testing/fakeMqttClient';
import { FakeTimers } from '../mqtt/testing/fakeTimers';
import { manualFrames } from '../mqtt/testing/manualFrames';
import type { ConnectionOptions } from '../mqtt/types';
import { burstMessage } from './testMessages';
import { Session, type LiveStats, type SessionSink } from './session';
import type { RepeatState } from './repeatPublisher';

/** A sink that records every call. */
function recordingSink() {
  const calls = { live: [] as Array<{ fast: Record<string, LiveStats>; slow: Record<string, LiveStats> | null }>, publishing: [] as Array<Record<string, RepeatState>>, status: [] as string[], forgotten: [] as string[] };
  const sink: SessionSink = {
    status: (id, s) => calls.status.push(`${id}:${s.state}`),
    subscriptions: () => {},
    log: () => {},
    live: (fast, slow) => calls.live.push({ fast: { ...fast }, slow: slow ? { ...slow } : null }),
    publishing: (changes) => calls.publishing.push({ ...changes }),
    forget: (id) => calls.forgotten.push(id),
  };
  return { sink, calls };
}


const options: ConnectionOptions = {
  url: 'mqtt://broker.test',
  clientId: 's',
  protocolVersion: 4,
  clean: true,
  keepaliveSec: 60,
  connectTimeoutMs: 5_000,
  reconnect: { enabled: true, initialDelayMs: 1_000, maxDelayMs: 30_000 },
};

const sessions: Session[] = [];
afterEach(() => sessions.splice(0).forEach((s) => s.destroy()));

function setup(hidden = () => false) {
  const frames = manualFrames();
  const timers = new FakeTimers();
  const broker = new FakeBroker(timers);
  const { sink, calls } = recordingSink();
  let mono = 0;
  const session = new Session({ sink, clock: frames.clock, timers, isHidden: hidden, monotonicNow: () => (mono += 1_000), connection: { connect: broker.connect, random: () => 0.5 }, pageEvents: false });
  sessions.push(session);
  return { session, frames, timers, broker, calls };
}

describe('Session (through its sink, no React, no stores)', () => {
  it('tells the sink once per frame for a burst of 10,000 messages, for every connection at once', () => {
    const { session, frames, calls } = setup();
    for (let i = 0; i < 10_000; i++) session.receive(burstMessage(i % 2 ? 'a' : 'b', i));
    expect(calls.live).toHaveLength(0);
    frames.frame();
    expect(calls.live).toHaveLength(1);
    expect(calls.live[0]?.fast.a?.received).toBe(5_000);
    expect(calls.live[0]?.fast.b?.received).toBe(5_000);
    expect(calls.live[0]?.slow?.a?.received).toBe(5_000);
    expect(session.log('a').ring.length).toBe(5_000);
  });

  it('keeps counting while hidden without telling the sink, and catches up in one call', () => {
    let hidden = true;
    const { session, frames, calls } = setup(() => hidden);
    for (let i = 0; i < 5_000; i++) session.receive(burstMessage('h', i));
    frames.frame();
    expect(calls.live).toHaveLength(0);
    expect(session.log('h').received).toBe(5_000);
    hidden = false;
    session.pageVisible();
    expect(calls.live).toHaveLength(1);
    expect(calls.live[0]?.fast.h?.received).toBe(5_000);
  });

  it('publishes through its connections and reports the Sent list and repeat runs once per frame', () => {
    const { session, frames, timers, broker, calls } = setup();
    session.connect('c', options, [{ filter: 'a/#', qos: 1 }], 1_000);
    timers.advance(10);
    expect(calls.status).toEqual(['c:connecting', 'c:connected']);
    expect(broker.subscribes).toEqual(['a/#']);
    session.startRepeat('c', 100, (n) => ({ topic: 'r', payload: String(n), qos: 1, retain: false }));
    timers.advance(250);
    frames.frame();
    expect(session.sent('c')).toHaveLength(3);
    expect(calls.publishing.at(-1)?.c).toMatchObject({ running: true, sent: 3 });
    session.stopRepeat('c');
    frames.frame();
    expect(calls.publishing.at(-1)?.c).toMatchObject({ running: false, sent: 3 });
  });

  it('forgets a removed connection, and leaves no timer after destroy', () => {
    const { session, timers, calls } = setup();
    session.connect('gone', options, [], 1_000);
    timers.advance(10);
    session.remove('gone');
    expect(calls.forgotten).toEqual(['gone']);
    session.destroy();
    timers.advance(10); // the fake broker's own replies
    expect(timers.pending).toBe(0);
  });
});
