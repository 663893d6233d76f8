/**
 * The ingest path: incoming messages are appended to a queue, never handed to the UI one by one.
 *
 * Two steps, on two schedules:
 * - drain: the queue is moved into the bounded data buffers. This happens once per animation frame, and
 *   early, right in the message handler, when the queue passes {@link INGEST_EARLY_DRAIN_THRESHOLD}, so the
 *   queue itself stays bounded even when no frame comes (a hidden tab).
 * - commit: the stores are told, once per animation frame at most, so React renders at most once per frame
 *   however many messages arrived.
 * Hidden tabs get no animation frames; a timer ({@link INGEST_FALLBACK_FLUSH_MS}) takes over then.
 */

/** Queue length at which the queue is drained at once, without waiting for the next frame. */
export const INGEST_EARLY_DRAIN_THRESHOLD = 2_048;
/** When no animation frame comes within this time (hidden tab, busy page), a timer flushes instead. */
export const INGEST_FALLBACK_FLUSH_MS = 250;

/** The clock the scheduler runs on; injectable for tests. */
export interface FrameClock {
  requestFrame(callback: () => void): number;
  cancelFrame(handle: number): void;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/** requestAnimationFrame where there is one (a page), timers elsewhere (Node, workers). */
export function defaultFrameClock(): FrameClock {
  const hasFrames = typeof requestAnimationFrame === 'function';
  return {
    requestFrame: hasFrames ? (cb) => requestAnimationFrame(() => cb()) : (cb) => setTimeout(cb, 16) as unknown as number,
    cancelFrame: hasFrames ? (handle) => cancelAnimationFrame(handle) : (handle) => clearTimeout(handle),
    setTimer: (cb, ms) => setTimeout(cb, ms),
    clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}

/**
 * Runs `task` once on the next animation frame after {@link schedule}, however often schedule is called,
 * or after `fallbackMs` if no frame comes first.
 */
export class FrameScheduler {
  private frame: number | null = null;
  private timer: unknown = null;
  private destroyed = false;

  constructor(
    private readonly task: () => void,
    private readonly clock: FrameClock = defaultFrameClock(),
    private readonly fallbackMs: number = INGEST_FALLBACK_FLUSH_MS,
  ) {}

  get pending(): boolean {
    return this.frame !== null;
  }

  schedule(): void {
    if (this.frame !== null || this.destroyed) return;
    this.frame = this.clock.requestFrame(this.run);
    this.timer = this.clock.setTimer(this.run, this.fallbackMs);
  }

  /** Cancels what is scheduled; schedule() does nothing afterwards. Safe to call twice. */
  destroy(): void {
    this.cancel();
    this.destroyed = true;
  }

  private cancel(): void {
    if (this.frame !== null) this.clock.cancelFrame(this.frame);
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.frame = null;
    this.timer = null;
  }

  private readonly run = (): void => {
    if (this.frame === null) return;
    this.cancel();
    this.task();
  };
}

export interface IngestQueueOptions<T> {
  /** Moves a batch into the data buffers. Called with the queue's own array: keep the items, not the array. */
  drain(batch: T[]): void;
  /** Tells the stores that buffers changed. Called at most once per frame, after the frame's drain. */
  commit(): void;
  clock?: FrameClock;
  earlyDrainThreshold?: number;
  fallbackMs?: number;
}

/** Per-message entry point of the ingest path: O(1) push, batched drain and commit. */
export class IngestQueue<T> {
  private queue: T[] = [];
  private readonly scheduler: FrameScheduler;
  private readonly threshold: number;
  private readonly options: IngestQueueOptions<T>;
  private drainedSinceCommit = false;

  constructor(options: IngestQueueOptions<T>) {
    this.options = options;
    this.threshold = options.earlyDrainThreshold ?? INGEST_EARLY_DRAIN_THRESHOLD;
    this.scheduler = new FrameScheduler(this.onFrame, options.clock, options.fallbackMs);
  }

  /** Items waiting for the next drain. */
  get queued(): number {
    return this.queue.length;
  }

  push(item: T): void {
    this.queue.push(item);
    if (this.queue.length >= this.threshold) this.drain();
    this.scheduler.schedule();
  }

  /** Marks that something other than a message changed the buffers (clear, resize): commit next frame. */
  touch(): void {
    this.drainedSinceCommit = true;
    this.scheduler.schedule();
  }

  /** Drains and commits now (tests, and when the page becomes visible again). */
  flushNow(): void {
    this.drain();
    this.commit();
  }

  destroy(): void {
    this.scheduler.destroy();
    this.queue = [];
  }

  private drain(): void {
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.drainedSinceCommit = true;
    this.options.drain(batch);
  }

  private commit(): void {
    if (!this.drainedSinceCommit) return;
    this.drainedSinceCommit = false;
    this.options.commit();
  }

  private readonly onFrame = (): void => {
    this.drain();
    this.commit();
  };
}
