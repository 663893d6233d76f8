/**
 * Chart points as stored: blocks of up to BLOCK_POINTS points of one line, each with a summary (minimum,
 * maximum, sum and count over SUMMARY_BUCKETS equal spans). A long window (24 h, 7 d) reads only the
 * summaries of the blocks it covers, and the points of a block only when a bucket of the plot is
 * narrower than a span of its summary: a chart over a million stored points never loads them all.
 */
import type { Downsampled } from '../series';

export const BLOCK_POINTS = 1_024;
/** A block is closed after this long, so a slow line still has its points in reach of a window. */
export const BLOCK_SPAN_MS = 3_600_000;
export const SUMMARY_BUCKETS = 32;
const FIELDS = 6;

/** A stored line's key: which series (filter, path, booleans) and which topic. */
export function lineKeyOf(filter: string, path: string, booleans: boolean, topic: string): string {
  return `${filter}\u0000${path}\u0000${booleans ? 1 : 0}\u0000${topic}`;
}

/** The summary of points t[0..n), t ascending. */
export function summarize(t: ArrayLike<number>, v: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(SUMMARY_BUCKETS * FIELDS);
  if (n === 0) return out;
  const t0 = t[0] as number;
  const span = Math.max(1, (t[n - 1] as number) - t0 + 1);
  for (let i = 0; i < n; i++) {
    const ti = t[i] as number;
    const vi = v[i] as number;
    const k = Math.min(SUMMARY_BUCKETS - 1, Math.floor(((ti - t0) / span) * SUMMARY_BUCKETS)) * FIELDS;
    if (out[k + 5] === 0) {
      out[k] = ti;
      out[k + 1] = vi;
      out[k + 2] = ti;
      out[k + 3] = vi;
      out[k + 4] = vi;
      out[k + 5] = 1;
      continue;
    }
    if (vi < (out[k + 1] as number)) {
      out[k] = ti;
      out[k + 1] = vi;
    }
    if (vi >= (out[k + 3] as number)) {
      out[k + 2] = ti;
      out[k + 3] = vi;
    }
    out[k + 4] = (out[k + 4] as number) + vi;
    out[k + 5] = (out[k + 5] as number) + 1;
  }
  return out;
}

/** What folding reads of one block: its summary, or its points when the plot needs them. */
export interface BlockSource {
  s: number;
  e: number;
  sum: Float64Array;
  points?: { t: Float64Array; v: Float64Array };
}

/** Whether a block must be read point by point for buckets of `bucketMs`. */
export function needsPoints(s: number, e: number, bucketMs: number): boolean {
  return (e - s + 1) / SUMMARY_BUCKETS > bucketMs;
}

/**
 * The blocks' points in [start, end] folded into `buckets` equal buckets, each giving its minimum and
 * maximum in time order, with the window's count, min, max, mean and last. Blocks in time order.
 */
export function foldBlocks(blocks: readonly BlockSource[], start: number, end: number, buckets: number): Downsampled {
  const width = Math.max(1e-9, (end - start) / buckets);
  const minT = new Float64Array(buckets).fill(NaN);
  const minV = new Float64Array(buckets);
  const maxT = new Float64Array(buckets);
  const maxV = new Float64Array(buckets);
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let last = NaN;
  let lastT = -Infinity;
  const put = (t: number, v: number) => {
    if (t < start || t > end) return false;
    const k = Math.min(buckets - 1, Math.floor((t - start) / width));
    if (Number.isNaN(minT[k] as number)) {
      minT[k] = t;
      minV[k] = v;
      maxT[k] = t;
      maxV[k] = v;
    } else {
      if (v < (minV[k] as number)) {
        minV[k] = v;
        minT[k] = t;
      }
      if (v >= (maxV[k] as number)) {
        maxV[k] = v;
        maxT[k] = t;
      }
    }
    if (v < min) min = v;
    if (v > max) max = v;
    if (t >= lastT) {
      lastT = t;
      last = v;
    }
    return true;
  };
  for (const block of blocks) {
    if (block.e < start || block.s > end) continue;
    if (block.points) {
      const { t, v } = block.points;
      for (let i = 0; i < t.length; i++) {
        if (put(t[i] as number, v[i] as number)) {
          count++;
          sum += v[i] as number;
        }
      }
      continue;
    }
    const s = block.sum;
    for (let k = 0; k < s.length; k += FIELDS) {
      const n = s[k + 5] as number;
      if (n === 0) continue;
      const a = put(s[k] as number, s[k + 1] as number);
      const b = put(s[k + 2] as number, s[k + 3] as number);
      if (a || b) {
        count += n;
        sum += s[k + 4] as number;
      }
    }
  }
  const t = new Float64Array(buckets * 2);
  const v = new Float64Array(buckets * 2);
  let length = 0;
  for (let k = 0; k < buckets; k++) {
    const a = minT[k] as number;
    if (Number.isNaN(a)) continue;
    const b = maxT[k] as number;
    const [t1, v1, t2, v2] = a <= b ? [a, minV[k], b, maxV[k]] : [b, maxV[k], a, minV[k]];
    t[length] = t1;
    v[length++] = v1 as number;
    if (t2 !== t1 || v2 !== v1) {
      t[length] = t2;
      v[length++] = v2 as number;
    }
  }
  return { t, v, length, stats: count > 0 ? { count, min, max, mean: sum / count, last } : null };
}
