/**
 * (Over 300 lines: the ring, the reference downsampler and the incremental one it is tested against.)
 * Time series for charts: (time, value) pairs in typed-array ring buffers, and a downsampler that gives a
 * chart about two points per pixel (the minimum and maximum of each pixel's time span), so the drawing
 * cost depends on the chart's width, not on how many points were received.
 */
import { weakCache } from './weakCache';

/** Points kept per series unless the user sets another capacity. */
export const DEFAULT_SERIES_CAPACITY = 100_000;
const INITIAL_SLOTS = 1_024;

export class SeriesBuffer {
  private times: Float64Array;
  private values: Float64Array;
  private head = 0; // slot of the oldest point
  private count = 0;
  /** Points pushed since creation: the absolute index of the next point. */
  pushed = 0;
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
    this.pushed++;
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

  /** See {@link downsample}. */
  downsample(start: number, end: number, buckets: number): Downsampled {
    const from = this.indexAtOrAfter(start);
    const to = this.indexAtOrAfter(end + 1e-9); // exclusive
    const n = to - from;
    if (n <= 0) return EMPTY;
    const times = this.times;
    const values = this.values;
    const cap = times.length;
    const max2 = buckets * 2 + 2;
    const outT = new Float64Array(Math.min(n, max2));
    const outV = new Float64Array(outT.length);
    let out = 0;
    const emit = (t: number, v: number) => {
      outT[out] = t;
      outV[out++] = v;
    };
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    let p = (this.head + from) % cap;
    if (n <= max2) {
      for (let k = 0; k < n; k++) {
        const v = values[p] as number;
        outT[out] = times[p] as number;
        outV[out++] = v;
        if (v < min) min = v;
        if (v > max) max = v;
        sum += v;
        if (++p === cap) p = 0;
      }
    } else {
      const scale = buckets / Math.max(1e-9, end - start);
      // the first point
      outT[out] = times[p] as number;
      outV[out++] = values[p] as number;
      let bucket = -1;
      let loT = 0;
      let loV = 0;
      let loK = 0;
      let hiT = 0;
      let hiV = 0;
      let hiK = 0;
      const last = n - 1;
      for (let k = 0; k < n; k++) {
        const t = times[p] as number;
        const v = values[p] as number;
        if (v < min) min = v;
        if (v > max) max = v;
        sum += v;
        let b = ((t - start) * scale) | 0;
        if (b >= buckets) b = buckets - 1;
        if (b !== bucket) {
          if (bucket >= 0) {
            // flush the finished bucket: its extremes, in time order, not repeating the first or last point
            if (loK <= hiK) {
              if (loK !== 0) emit(loT, loV);
              if (hiK !== loK && hiK !== last) emit(hiT, hiV);
            } else {
              if (hiK !== 0) emit(hiT, hiV);
              if (loK !== last) emit(loT, loV);
            }
          }
          bucket = b;
          loT = hiT = t;
          loV = hiV = v;
          loK = hiK = k;
        } else if (v < loV) {
          loT = t;
          loV = v;
          loK = k;
        } else if (v > hiV) {
          hiT = t;
          hiV = v;
          hiK = k;
        }
        if (++p === cap) p = 0;
      }
      if (loK <= hiK) {
        if (loK !== 0 && loK !== last) emit(loT, loV);
        if (hiK !== loK && hiK !== last) emit(hiT, hiV);
      } else {
        if (hiK !== 0 && hiK !== last) emit(hiT, hiV);
        if (loK !== last) emit(loT, loV);
      }
      // the last point
      const lp = (this.head + to - 1) % cap;
      outT[out] = times[lp] as number;
      outV[out++] = values[lp] as number;
    }
    return { t: outT, v: outV, length: out, stats: { count: n, min, max, mean: sum / n, last: values[(this.head + to - 1) % cap] as number } };
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
  /** Points to draw, in time order: times and values, `length` of each used. */
  t: Float64Array;
  v: Float64Array;
  length: number;
  stats: WindowStats | null;
}

const EMPTY: Downsampled = { t: new Float64Array(0), v: new Float64Array(0), length: 0, stats: null };

/**
 * The points of [start, end] reduced to at most `buckets` x 2 (+2): for each bucket of time, its minimum
 * and maximum in the order they occurred, so spikes survive; the first and last points are always kept.
 * One pass over the window (straight over the ring's typed arrays), which also gives min, max, mean, last.
 */
export function downsample(buffer: SeriesBuffer, start: number, end: number, buckets: number): Downsampled {
  return buffer.downsample(start, end, buckets);
}

/** The points of a downsampled window as objects (tests, small exports). */
export function pointsOf(d: Downsampled): Array<{ t: number; v: number }> {
  return Array.from({ length: d.length }, (_, i) => ({ t: d.t[i] as number, v: d.v[i] as number }));
}

interface Bucket {
  minT: number;
  minV: number;
  maxT: number;
  maxV: number;
  sum: number;
  count: number;
}

function addTo(b: Bucket, t: number, v: number): void {
  if (v < b.minV) {
    b.minV = v;
    b.minT = t;
  }
  if (v >= b.maxV) {
    b.maxV = v;
    b.maxT = t;
  }
  b.sum += v;
  b.count++;
}

/** One bucket folded from the points in [from, to) only; `to` is inclusive when it is the window's end. */
function edgeBucket(buffer: SeriesBuffer, from: number, to: number, inclusive: boolean): Bucket | undefined {
  const i0 = buffer.indexAtOrAfter(from);
  const i1 = buffer.indexAtOrAfter(inclusive ? to + 1e-9 : to);
  let b: Bucket | undefined;
  for (let i = i0; i < i1; i++) {
    const t = buffer.timeAt(i);
    const v = buffer.valueAt(i);
    if (!b) b = { minT: t, minV: v, maxT: t, maxV: v, sum: v, count: 1 };
    else addTo(b, t, v);
  }
  return b;
}

/**
 * Incremental downsampling for a live chart: buckets anchored to absolute time, a power-of-two number of
 * milliseconds wide, so they stay put while the window slides. Each redraw folds in only the points that
 * arrived since the last one; the window is read out bucket by bucket (its minimum and maximum, in time
 * order). The two buckets cut by the window's edges are folded again from just their points inside the
 * window, so the drawn points and the statistics are exactly those of [start, end].
 */
export class DownsampleCache {
  private width = 0;
  private baseK = 0;
  private buckets: Array<Bucket | undefined> = [];
  private nextAbs = 0;

  /** At most about `buckets` x 2 buckets over [start, end] (between `buckets` and twice as many). */
  read(buffer: SeriesBuffer, windowStart: number, end: number, buckets: number): Downsampled {
    if (buffer.length === 0) return EMPTY;
    // points the ring has already dropped must leave their buckets too
    const start = Math.max(windowStart, buffer.timeAt(0));
    const width = 2 ** Math.floor(Math.log2(Math.max(1, (end - start) / buckets)));
    const startK = Math.floor(start / width);
    const firstAbs = buffer.pushed - buffer.length;
    if (width !== this.width || startK < this.baseK || this.nextAbs > buffer.pushed) {
      this.width = width;
      this.baseK = startK;
      this.buckets = [];
      this.nextAbs = firstAbs + buffer.indexAtOrAfter(startK * width);
    }
    if (startK > this.baseK) {
      this.buckets.splice(0, startK - this.baseK);
      this.baseK = startK;
    }
    for (let i = Math.max(0, this.nextAbs - firstAbs); i < buffer.length; i++) {
      const t = buffer.timeAt(i);
      const v = buffer.valueAt(i);
      const idx = Math.floor(t / width) - this.baseK;
      if (idx < 0) continue;
      const b = this.buckets[idx];
      if (!b) this.buckets[idx] = { minT: t, minV: v, maxT: t, maxV: v, sum: v, count: 1 };
      else {
        addTo(b, t, v);
      }
    }
    this.nextAbs = buffer.pushed;
    const endIdx = Math.min(this.buckets.length - 1, Math.floor(end / width) - this.baseK);
    const outT = new Float64Array(Math.max(0, endIdx + 1) * 2 + 2);
    const outV = new Float64Array(outT.length);
    const firstIndex = buffer.indexAtOrAfter(start);
    const lastIndex = buffer.indexAtOrAfter(end + 1e-9) - 1;
    if (lastIndex < firstIndex) return EMPTY;
    // the first and last points are always drawn, as by a full pass
    outT[0] = buffer.timeAt(firstIndex);
    outV[0] = buffer.valueAt(firstIndex);
    let out = 1;
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    let count = 0;
    const emit = (t: number, v: number) => {
      if (t === outT[out - 1]) return;
      outT[out] = t;
      outV[out++] = v;
    };
    for (let idx = 0; idx <= endIdx; idx++) {
      const cut = idx === 0 || idx === endIdx;
      const bucketEnd = (this.baseK + idx + 1) * width;
      const b = cut
        ? edgeBucket(buffer, Math.max(start, (this.baseK + idx) * width), Math.min(end, bucketEnd), end < bucketEnd)
        : this.buckets[idx];
      if (!b) continue;
      if (b.minV < min) min = b.minV;
      if (b.maxV > max) max = b.maxV;
      sum += b.sum;
      count += b.count;
      const minFirst = b.minT <= b.maxT;
      emit(minFirst ? b.minT : b.maxT, minFirst ? b.minV : b.maxV);
      emit(minFirst ? b.maxT : b.minT, minFirst ? b.maxV : b.minV);
    }
    emit(buffer.timeAt(lastIndex), buffer.valueAt(lastIndex));
    return { t: outT, v: outV, length: out, stats: { count, min, max, mean: sum / count, last: buffer.valueAt(lastIndex) } };
  }
}

/** A chart's caches, one per line's buffer; a buffer no longer charted takes its cache with it. */
/** One DownsampleCache per line, made on first use (a chart panel keeps its own). */
export type DownsampleCaches = (buffer: SeriesBuffer) => DownsampleCache;

export function downsampleCaches(): DownsampleCaches {
  return weakCache((_buffer: SeriesBuffer) => new DownsampleCache());
}

/** The window of `buffer` downsampled through its cache in `caches`. */
export function readWindow(caches: DownsampleCaches, buffer: SeriesBuffer, start: number, end: number, buckets: number): Downsampled {
  return caches(buffer).read(buffer, start, end, buckets);
}
