import { describe, expect, it } from 'vitest';
import { FakeTimers } from '../mqtt/testing/fakeTimers';
import { RepeatPublisher, type RepeatState } from './repeatPublisher';

describe('RepeatPublisher', () => {
  it('sends once at start and then every interval, counting only what was handed over', () => {
    const timers = new FakeTimers();
    const sent: string[] = [];
    let connected = true;
    const states: RepeatState[] = [];
    const repeat = new RepeatPublisher(timers, (r) => (connected ? (sent.push(String(r.payload)), null) : 'the connection is not up.'), (s) => states.push(s));
    repeat.start(100, (n) => ({ topic: 't', payload: `#${n}`, qos: 0, retain: false }));
    timers.advance(350);
    expect(sent).toEqual(['#1', '#2', '#3', '#4']);
    expect(repeat.state).toMatchObject({ running: true, sent: 4, intervalMs: 100 });
    connected = false;
    timers.advance(100);
    expect(repeat.state).toEqual({ running: false, sent: 4, intervalMs: 100, stopReason: 'Stopped: the connection is not up.' });
    expect(timers.pending).toBe(0);
    expect(states.at(-1)?.running).toBe(false);
  });

  it('stops when the message cannot be built, and a user stop gives no reason', () => {
    const timers = new FakeTimers();
    const repeat = new RepeatPublisher(timers, () => null, () => {});
    repeat.start(5, (n) => (n < 3 ? { topic: 't', payload: '', qos: 0, retain: false } : null));
    timers.advance(100);
    expect(repeat.state).toMatchObject({ running: false, sent: 2, intervalMs: 10, stopReason: 'Stopped: the message cannot be built.' });
    repeat.start(1_000, () => ({ topic: 't', payload: '', qos: 0, retain: false }));
    repeat.stop();
    expect(repeat.state).toEqual({ running: false, sent: 1, intervalMs: 1_000 });
  });
});
