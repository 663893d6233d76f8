/** A small ring of recent points for sparklines: the Home view's tiles, the broker's figures. */

/** Sparkline points kept per value, and their least spacing: an hour at one point a minute or faster. */
export const SPARK_POINTS = 120;
export const SPARK_SPACING_MS = 30_000;
export const SPARK_WINDOW_MS = 3_600_000;

/** The last hour of a value, a point per SPARK_SPACING_MS at most (the newest point moves with the value). */
export class Spark {
  readonly t: Float64Array;
  readonly v: Float64Array;
  /** Points held, oldest at `start`. */
  length = 0;
  private start = 0;

  /** `capacity` points at least `spacingMs` apart (a closer one replaces the last). */
  constructor(
    private readonly capacity = SPARK_POINTS,
    private readonly spacingMs = SPARK_SPACING_MS,
  ) {
    this.t = new Float64Array(capacity);
    this.v = new Float64Array(capacity);
  }

  push(t: number, v: number): void {
    if (this.length > 0) {
      const last = (this.start + this.length - 1) % this.capacity;
      const lastT = this.t[last] as number;
      if (t < lastT) return;
      const before = this.length > 1 ? (this.t[(last + this.capacity - 1) % this.capacity] as number) : -Infinity;
      if (t - before < this.spacingMs) {
        this.t[last] = t;
        this.v[last] = v;
        return;
      }
    }
    const i = (this.start + this.length) % this.capacity;
    this.t[i] = t;
    this.v[i] = v;
    if (this.length < this.capacity) this.length++;
    else this.start = (this.start + 1) % this.capacity;
  }

  /** Points since `from`, oldest first. */
  since(from: number): { t: number[]; v: number[] } {
    const t: number[] = [];
    const v: number[] = [];
    for (let k = 0; k < this.length; k++) {
      const i = (this.start + k) % this.capacity;
      if ((this.t[i] as number) < from) continue;
      t.push(this.t[i] as number);
      v.push(this.v[i] as number);
    }
    return { t, v };
  }
}
