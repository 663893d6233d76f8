import { describe, expect, it } from 'vitest';
import { FrameScheduler, IngestQueue, type FrameClock } from './ingest';

/** A clock whose frames and timers run only when the test says so. */
function manualClock() {
  let nextId = 1;
  const frames = new Map<number, () => void>();
  const timers = new Map<number, { cb: () => void; ms: number }>();
  const clock: FrameClock = {
    requestFrame: (cb) => {
      const id = nextId++;
      frames.set(id, cb);
      return id;
    },
    cancelFrame: (id) => void frames.delete(id),
    setTimer: (cb, ms) => {
      const id = nextId++;
      timers.set(id, { cb, ms });
      return id;
    },
    clearTimer: (id) => void timers.delete(id as number),
  };
  return {
    clock,
    frames,
    timers,
    frame() {
      const due = [...frames.values()];
      frames.clear();
      for (const cb of due) cb();
    },
    fireTimers() {
      const due = [...timers.values()];
      timers.clear();
      for (const { cb } of due) cb();
    },
  };
}

describe('FrameScheduler', () => {
  it('runs once per frame however often it is scheduled', () => {
    const time = manualClock();
    let runs = 0;
    const scheduler = new FrameScheduler(() => runs++, time.clock, 250);
    for (let i = 0; i < 1000; i++) scheduler.schedule();
    expect(time.frames.size).toBe(1);
    time.frame();
    expect(runs).toBe(1);
    time.fireTimers(); // the fallback was cancelled by the frame
    expect(runs).toBe(1);
  });

  it('falls back to a timer when no frame comes (hidden tab)', () => {
    const time = manualClock();
    let runs = 0;
    const scheduler = new FrameScheduler(() => runs++, time.clock, 250);
    scheduler.schedule();
    expect([...time.timers.values()][0]?.ms).toBe(250);
    time.fireTimers();
    expect(runs).toBe(1);
    time.frame(); // the frame was cancelled by the timer
    expect(runs).toBe(1);
  });

  it('does nothing after destroy, and destroy is idempotent', () => {
    const time = manualClock();
    let runs = 0;
    const scheduler = new FrameScheduler(() => runs++, time.clock);
    scheduler.schedule();
    scheduler.destroy();
    scheduler.destroy();
    scheduler.schedule();
    time.frame();
    time.fireTimers();
    expect(runs).toBe(0);
  });
});

describe('IngestQueue', () => {
  it('turns a burst of 10,000 messages into one commit per frame, draining early to stay bounded', () => {
    const time = manualClock();
    const drained: number[] = [];
    let commits = 0;
    let held = 0;
    const queue = new IngestQueue<number>({
      drain: (batch) => {
        drained.push(batch.length);
        held += batch.length;
      },
      commit: () => commits++,
      clock: time.clock,
      earlyDrainThreshold: 2_048,
    });
    for (let i = 0; i < 10_000; i++) queue.push(i);
    // drained early, four times, in the message handler; nothing told the UI yet
    expect(drained).toEqual([2_048, 2_048, 2_048, 2_048]);
    expect(queue.queued).toBe(10_000 - 4 * 2_048);
    expect(commits).toBe(0);
    expect(time.frames.size).toBe(1);
    time.frame();
    expect(held).toBe(10_000);
    expect(commits).toBe(1);
    time.frame();
    expect(commits).toBe(1);
  });

  it('commits nothing on a frame with nothing new', () => {
    const time = manualClock();
    let commits = 0;
    const queue = new IngestQueue<number>({ drain: () => {}, commit: () => commits++, clock: time.clock });
    queue.push(1);
    time.frame();
    queue.touch();
    time.frame();
    time.frame();
    expect(commits).toBe(2);
  });

  it('keeps draining on the timer while frames are stopped', () => {
    const time = manualClock();
    let held = 0;
    const queue = new IngestQueue<number>({ drain: (b) => (held += b.length), commit: () => {}, clock: time.clock });
    for (let second = 0; second < 5; second++) {
      for (let i = 0; i < 100; i++) queue.push(i);
      time.fireTimers();
    }
    expect(held).toBe(500);
    expect(queue.queued).toBe(0);
  });
});
