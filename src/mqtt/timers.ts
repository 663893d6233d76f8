/**
 * The clock and timers the protocol and data layers run on. The page uses the system's; tests pass
 * {@link FakeTimers} so that a minute of backoff takes a millisecond.
 */
export type TimerHandle = unknown;

export interface Timers {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  setInterval(callback: () => void, ms: number): TimerHandle;
  clearInterval(handle: TimerHandle): void;
}

/**
 * Browsers and Node overflow a delay above 2^31-1 ms (24.8 days) to 1 ms: a "never" becomes "now".
 * Every delay passes through here.
 */
export const MAX_TIMER_DELAY_MS = 2_147_483_647;

export function clampDelay(ms: number): number {
  if (!Number.isFinite(ms)) return ms > 0 ? MAX_TIMER_DELAY_MS : 0;
  return Math.min(MAX_TIMER_DELAY_MS, Math.max(0, ms));
}

export const systemTimers: Timers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, clampDelay(ms)),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  setInterval: (callback, ms) => setInterval(callback, clampDelay(ms)),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};
