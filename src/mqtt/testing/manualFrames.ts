/** Animation frames that come only when a test calls `frame()`. */
import type { FrameClock } from '../ingest';

export function manualFrames(): { clock: FrameClock; frame(): void; pending(): number } {
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
    pending: () => frames.size,
  };
}
