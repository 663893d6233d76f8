/**
 * Message and byte rates per connection, averaged over a few sampling intervals so bursty device
 * traffic reads steadily. Fed the running totals once per interval; keeps no per-message state.
 */

/** How often rates are recomputed. */
export const RATE_INTERVAL_MS = 1_000;
/** Rates are averaged over this many intervals. */
export const RATE_WINDOW_INTERVALS = 5;

export interface Rate {
  msgPerSec: number;
  bytesPerSec: number;
}

interface Sample {
  at: number;
  received: number;
  bytes: number;
}

export class RateMeter {
  private readonly samples = new Map<string, Sample[]>();

  constructor(private readonly windowIntervals = RATE_WINDOW_INTERVALS) {}

  /** Records the totals of `id` at `at` (ms); returns the rate over the window, or null before two samples. */
  sample(id: string, at: number, received: number, bytes: number): Rate | null {
    let samples = this.samples.get(id);
    if (!samples) this.samples.set(id, (samples = []));
    samples.push({ at, received, bytes });
    if (samples.length > this.windowIntervals + 1) samples.shift();
    const base = samples[0] as Sample;
    const seconds = (at - base.at) / 1000;
    if (samples.length < 2 || seconds <= 0) return null;
    return { msgPerSec: (received - base.received) / seconds, bytesPerSec: (bytes - base.bytes) / seconds };
  }

  forget(id: string): void {
    this.samples.delete(id);
  }
}
