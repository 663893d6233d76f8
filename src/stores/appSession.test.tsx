// @vitest-environment jsdom
import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { manualFrames } from '../mqtt/testing/manualFrames';
import { burstMessage } from '../data/testMessages';
import { createAppSession, type AppSession } from './appSession';
import { useLiveStats, useLiveStore } from './live';
import { resetStores } from './resetStores';


let renders = 0;
function Counter({ id }: { id: string }) {
  renders++;
  const stats = useLiveStats(id);
  return <output aria-label={id}>{stats.received}</output>;
}

const sessions: AppSession[] = [];
afterEach(() => {
  sessions.splice(0).forEach((s) => s.session.destroy());
  resetStores();
  renders = 0;
});

function fresh(isHidden: () => boolean = () => false) {
  const frames = manualFrames();
  const app = createAppSession({ clock: frames.clock, isHidden, pageEvents: false });
  sessions.push(app);
  return { ...app, frames };
}

describe('the ingest path into React, through the zustand adapter', () => {
  it('renders once per frame for a burst of 10,000 messages, not once per message', () => {
    const { session, frames } = fresh();
    render(<Counter id="c1" />);
    expect(renders).toBe(1);
    act(() => {
      for (let i = 0; i < 10_000; i++) session.receive(burstMessage('c1', i));
    });
    expect(renders).toBe(1); // nothing reached React between frames
    act(() => frames.frame());
    expect(renders).toBe(2);
    expect(screen.getByLabelText('c1').textContent).toBe('10000');
  });

  it('updates several connections with one store update per frame', () => {
    const { session, frames } = fresh();
    let storeUpdates = 0;
    const unsubscribe = useLiveStore.subscribe(() => storeUpdates++);
    for (let i = 0; i < 3_000; i++) session.receive(burstMessage(i % 2 ? 'a' : 'b', i));
    frames.frame();
    unsubscribe();
    expect(storeUpdates).toBe(1);
    expect(useLiveStore.getState().byId.a?.received).toBe(1_500);
    expect(useLiveStore.getState().byId.b?.received).toBe(1_500);
  });

  it('keeps counting while hidden without rendering, and catches up in one render', () => {
    let hidden = true;
    const { session, frames } = fresh(() => hidden);
    render(<Counter id="h" />);
    act(() => {
      for (let i = 0; i < 5_000; i++) session.receive(burstMessage('h', i));
      frames.frame();
    });
    expect(renders).toBe(1);
    hidden = false;
    act(() => session.pageVisible());
    expect(renders).toBe(2);
    expect(screen.getByLabelText('h').textContent).toBe('5000');
  });

  it('each test starts from fresh stores', () => {
    expect(useLiveStore.getState().byId).toEqual({});
  });
});
