/**
 * Time series for charts: (time, value) pairs in typed-array ring buffers, and a downsampler that gives a
 * chart about two points per pixel (the minimum and maximum of each pixel's time span), so the drawing
 * cost depends on the chart's width, not on how many points were received.
 */

/** Points kept per series unless the user sets another capacity. */
export const DEFAULT_SERIES_CAPACITY = 100_000;
const INITIAL_SLOTS = 1_024;

export class SeriesBuffer {
  private times: Float64Array;
  private values: Float64Array;
  private head = 0; // slot of the oldest point
  private count = 0;
  /** Points dropped because the buffer was full. */
  dropped = 0;

  constructor(private capacityValue = DEFAULT_SERIES_CAPACITY) {
    const slots = Math.min(INITIAL_SLOTS, capacityValue);
    this.times = new Float64Array(slots);
    this.values = new Float64Array(slots);
  }

  get capacity(): number {
    return this.capacityValue;
  }
  get length(): number {
    return this.count;
  }

  /** Appends a point. Points are expected in time order (arrival order); a late one is kept where it came. */
  push(time: number, value: number): void {
    if (this.count === this.times.length) {
      if (this.times.length < this.capacityValue) this.grow(Math.min(this.capacityValue, this.times.length * 2));
      else {
        this.head = (this.head + 1) % this.times.length;
        this.count--;
        this.dropped++;
      }
    }
    const slot = (this.head + this.count) % this.times.length;
    this.times[slot] = time;
    this.values[slot] = value;
    this.count++;
  }

  timeAt(i: number): number {
    return this.times[(this.head + i) % this.times.length] as number;
  }
  valueAt(i: number): number {
    return this.values[(this.head + i) % this.times.length] as number;
  }

  /** Index of the first point at or after `time` (binary search). */
  indexAtOrAfter(time: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timeAt(mid) < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The point nearest to `time`, or null when empty. */
  nearest(time: number): { time: number; value: number } | null {
    if (this.count === 0) return null;
    const i = this.indexAtOrAfter(time);
    const candidates = [i - 1, i].filter((j) => j >= 0 && j < this.count);
    let best = candidates[0] as number;
    for (const j of candidates) if (Math.abs(this.timeAt(j) - time) < Math.abs(this.timeAt(best) - time)) best = j;
    return { time: this.timeAt(best), value: this.valueAt(best) };
  }

  /** Changes the capacity, keeping the newest points. */
  setCapacity(capacity: number): void {
    const keep = Math.min(this.count, capacity);
    const times = new Float64Array(Math.max(1, Math.min(capacity, Math.max(INITIAL_SLOTS, keep))));
    const values = new Float64Array(times.length);
    for (let i = 0; i < keep; i++) {
      times[i] = this.timeAt(this.count - keep + i);
      values[i] = this.valueAt(this.count - keep + i);
    }
    this.dropped += this.count - keep;
    this.times = times;
    this.values = values;
    this.head = 0;
    this.count = keep;
    this.capacityValue = capacity;
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }

  private grow(slots: number): void {
    const times = new Float64Array(slots);
    const values = new Float64Array(slots);
    for (let i = 0; i < this.count; i++) {
      times[i] = this.timeAt(i);
      values[i] = this.valueAt(i);
    }
    this.times = times;
    this.values = values;
    this.head = 0;
  }
}

export interface WindowStats {
  count: number;
  min: number;
  max: number;
  mean: number;
  last: number;
}

export interface Downsampled {
  /** Points to draw, in time order. */
  points: Array<{ t: number; v: number }>;
  stats: WindowStats | null;
}

/**
 * The points of [start, end] reduced to at most `buckets` x 2 (+2): for each bucket of time, its minimum
 * and maximum in the order they occurred, so spikes survive; the first and last points are always kept.
 * One pass over the window, which also gives min, max, mean and last.
 */
export function downsample(buffer: SeriesBuffer, start: number, end: number, buckets: number): Downsampled {
  const from = buffer.indexAtOrAfter(start);
  const to = buffer.indexAtOrAfter(end + 1e-9); // exclusive
  const n = to - from;
  if (n <= 0) return { points: [], stats: null };
  const points: Array<{ t: number; v: number }> = [];
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  if (n <= buckets * 2 + 2) {
    for (let i = from; i < to; i++) {
      const v = buffer.valueAt(i);
      points.push({ t: buffer.timeAt(i), v });
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
    }
  } else {
    const span = Math.max(1e-9, end - start) / buckets;
    points.push({ t: buffer.timeAt(from), v: buffer.valueAt(from) });
    let bucket = -1;
    let loI = -1;
    let hiI = -1;
    const flush = () => {
      if (loI < 0) return;
      const a = Math.min(loI, hiI);
      const b = Math.max(loI, hiI);
      if (a !== from && a !== to - 1) points.push({ t: buffer.timeAt(a), v: buffer.valueAt(a) });
      if (b !== a && b !== from && b !== to - 1) points.push({ t: buffer.timeAt(b), v: buffer.valueAt(b) });
    };
    for (let i = from; i < to; i++) {
      const t = buffer.timeAt(i);
      const v = buffer.valueAt(i);
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
      const b = Math.min(buckets - 1, Math.floor((t - start) / span));
      if (b !== bucket) {
        flush();
        bucket = b;
        loI = i;
        hiI = i;
      } else {
        if (v < buffer.valueAt(loI)) loI = i;
        if (v > buffer.valueAt(hiI)) hiI = i;
      }
    }
    flush();
    points.push({ t: buffer.timeAt(to - 1), v: buffer.valueAt(to - 1) });
  }
  return { points, stats: { count: n, min, max, mean: sum / n, last: buffer.valueAt(to - 1) } };
}
