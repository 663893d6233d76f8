// @vitest-environment jsdom
import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { FrameClock } from '../mqtt/ingest';
import type { ReceivedMessage } from '../mqtt/types';
import { useLiveStats, useLiveStore } from './live';
import { Session } from './session';

function manualClock() {
  const frames = new Map<number, () => void>();
  let id = 0;
  const clock: FrameClock = {
    requestFrame: (cb) => (frames.set(++id, cb), id),
    cancelFrame: (h) => void frames.delete(h),
    setTimer: () => 0,
    clearTimer: () => {},
  };
  return {
    clock,
    frame() {
      const due = [...frames.values()];
      frames.clear();
      due.forEach((cb) => cb());
    },
  };
}

const message = (connectionId: string, i: number): ReceivedMessage => ({
  connectionId,
  receivedAt: i,
  topic: `sensors/${i % 100}`,
  payload: new Uint8Array([i & 0xff]),
  qos: 0,
  retain: false,
  dup: false,
});

let renders = 0;
function Counter({ id }: { id: string }) {
  renders++;
  const stats = useLiveStats(id);
  return <output aria-label={id}>{stats.received}</output>;
}

const sessions: Session[] = [];
afterEach(() => {
  sessions.splice(0).forEach((s) => s.destroy());
  useLiveStore.setState({ byId: {} });
  renders = 0;
});

describe('the ingest path into React', () => {
  it('renders once per frame for a burst of 10,000 messages, not once per message', () => {
    const time = manualClock();
    const session = new Session({ clock: time.clock, isHidden: () => false });
    sessions.push(session);
    render(<Counter id="c1" />);
    expect(renders).toBe(1);

    act(() => {
      for (let i = 0; i < 10_000; i++) session.receive(message('c1', i));
    });
    expect(renders).toBe(1); // nothing reached React between frames
    act(() => time.frame());
    expect(renders).toBe(2);
    expect(screen.getByLabelText('c1').textContent).toBe('10000');
    expect(session.log('c1').ring.length).toBe(10_000);
  });

  it('updates several connections with one store update per frame', () => {
    const time = manualClock();
    const session = new Session({ clock: time.clock, isHidden: () => false });
    sessions.push(session);
    let storeUpdates = 0;
    const unsubscribe = useLiveStore.subscribe(() => storeUpdates++);
    for (let i = 0; i < 3_000; i++) session.receive(message(i % 2 ? 'a' : 'b', i));
    time.frame();
    unsubscribe();
    expect(storeUpdates).toBe(1);
    expect(useLiveStore.getState().byId.a?.received).toBe(1_500);
    expect(useLiveStore.getState().byId.b?.received).toBe(1_500);
  });

  it('keeps counting while hidden without telling React, and catches up in one step', () => {
    const time = manualClock();
    let hidden = true;
    const session = new Session({ clock: time.clock, isHidden: () => hidden });
    sessions.push(session);
    render(<Counter id="h" />);
    act(() => {
      for (let i = 0; i < 5_000; i++) session.receive(message('h', i));
      time.frame();
    });
    expect(renders).toBe(1);
    expect(session.log('h').received).toBe(5_000); // drained into the buffer all the same
    hidden = false;
    act(() => session.flushNow());
    act(() => document.dispatchEvent(new Event('visibilitychange')));
    expect(renders).toBe(2);
    expect(screen.getByLabelText('h').textContent).toBe('5000');
  });
});
