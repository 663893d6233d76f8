/**
 * "Repeat every N ms": publishes `make(n)` for n = 1, 2, ... until stopped, the connection is down, or the
 * message cannot be built. The count only includes publishes handed to a connected client.
 */
import type { PublishRequest } from '../mqtt/publishTracker';
import type { TimerHandle, Timers } from '../mqtt/timers';

export interface RepeatState {
  running: boolean;
  /** Publishes handed to the connection so far in this run. */
  sent: number;
  intervalMs: number;
  /** Why the last run stopped, when it was not the user. */
  stopReason?: string;
}

export const IDLE_REPEAT: RepeatState = { running: false, sent: 0, intervalMs: 1_000 };

/** The shortest interval accepted. */
export const MIN_REPEAT_INTERVAL_MS = 10;

/**
 * `send(request)` publishes and returns null, or returns why it could not (not connected, gone); the run
 * then stops with that reason.
 */
export class RepeatPublisher {
  private timer: TimerHandle | null = null;
  private current: RepeatState = IDLE_REPEAT;

  constructor(
    private readonly timers: Timers,
    private readonly send: (request: PublishRequest) => string | null,
    private readonly onChange: (state: RepeatState) => void,
  ) {}

  get state(): RepeatState {
    return this.current;
  }

  start(intervalMs: number, make: (n: number) => PublishRequest | null): void {
    this.stop();
    const interval = Math.max(MIN_REPEAT_INTERVAL_MS, intervalMs);
    this.current = { running: true, sent: 0, intervalMs: interval };
    const tick = () => {
      const request = make(this.current.sent + 1);
      if (!request) return this.stop('Stopped: the message cannot be built.');
      const refused = this.send(request);
      if (refused) return this.stop(`Stopped: ${refused}`);
      this.current = { ...this.current, sent: this.current.sent + 1 };
      this.onChange(this.current);
    };
    this.timer = this.timers.setInterval(tick, interval);
    this.onChange(this.current);
    tick();
  }

  /** Stops a run (a no-op when none runs); `reason` says why when it was not the user. */
  stop(reason?: string): void {
    if (this.timer !== null) this.timers.clearInterval(this.timer);
    const wasRunning = this.timer !== null;
    this.timer = null;
    if (!wasRunning) return;
    this.current = { ...this.current, running: false, ...(reason ? { stopReason: reason } : {}) };
    this.onChange(this.current);
  }
}
