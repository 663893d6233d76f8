/**
 * Timers that run only when told: `advance(ms)` moves the clock and fires what falls due, in order.
 * For unit tests of reconnect, keep-alive and repeat logic in milliseconds of real time.
 */
import { clampDelay, type TimerHandle, type Timers } from '../timers';

interface Scheduled {
  id: number;
  at: number;
  callback: () => void;
  /** For intervals: the period. */
  every: number | null;
}

export class FakeTimers implements Timers {
  private clock: number;
  private nextId = 1;
  private readonly scheduled = new Map<number, Scheduled>();

  constructor(start = 1_700_000_000_000) {
    this.clock = start;
  }

  now = (): number => this.clock;

  setTimeout = (callback: () => void, ms: number): TimerHandle => this.add(callback, ms, null);
  setInterval = (callback: () => void, ms: number): TimerHandle => this.add(callback, ms, Math.max(1, clampDelay(ms)));
  clearTimeout = (handle: TimerHandle): void => void this.scheduled.delete(handle as number);
  clearInterval = (handle: TimerHandle): void => void this.scheduled.delete(handle as number);

  /** Timers waiting to fire. */
  get pending(): number {
    return this.scheduled.size;
  }

  /** When the next timer fires, or null. */
  get nextAt(): number | null {
    let next: number | null = null;
    for (const s of this.scheduled.values()) if (next === null || s.at < next) next = s.at;
    return next;
  }

  /** Moves the clock forward by `ms`, firing every timer that falls due, earliest first. */
  advance(ms: number): void {
    const target = this.clock + ms;
    for (;;) {
      let due: Scheduled | null = null;
      for (const s of this.scheduled.values()) if (s.at <= target && (due === null || s.at < due.at || (s.at === due.at && s.id < due.id))) due = s;
      if (!due) break;
      this.clock = Math.max(this.clock, due.at);
      if (due.every === null) this.scheduled.delete(due.id);
      else due.at += due.every;
      due.callback();
    }
    this.clock = target;
  }

  /** Fires timers one at a time until none is left or `limitMs` of clock has passed. */
  runAll(limitMs = 3_600_000): void {
    const end = this.clock + limitMs;
    for (let next = this.nextAt; next !== null && next <= end; next = this.nextAt) this.advance(next - this.clock);
  }

  private add(callback: () => void, ms: number, every: number | null): number {
    const id = this.nextId++;
    this.scheduled.set(id, { id, at: this.clock + clampDelay(ms), callback, every });
    return id;
  }
}
