/**
 * A filtered window over a RingBuffer: the absolute indexes of the entries that pass a predicate, kept up
 * to date incrementally (each update examines only what was pushed since the last one), optionally held at
 * a point (pause) with a count of what waits behind it.
 */
import type { RingBuffer } from '../mqtt/ringBuffer';

export class RingView<T> {
  private key: string | null = null;
  private predicate: ((item: T) => boolean) | null = null;
  private seqs: number[] = [];
  private head = 0;
  private scannedTo = 0;
  private firstSeq = 0;
  private nextSeq = 0;
  private heldAt: number | null = null;

  /**
   * Brings the view up to date with the ring. `key` identifies the predicate (a new key rescans); a null
   * predicate shows everything. `heldAt`: show only entries before this absolute index.
   */
  update(ring: RingBuffer<T>, key: string, predicate: ((item: T) => boolean) | null, heldAt: number | null): void {
    if (key !== this.key) {
      this.key = key;
      this.predicate = predicate;
      this.seqs = [];
      this.head = 0;
      this.scannedTo = ring.firstIndex;
    }
    this.firstSeq = ring.firstIndex;
    this.nextSeq = ring.pushed;
    this.heldAt = heldAt;
    if (!this.predicate) return;
    if (this.scannedTo < this.firstSeq) this.scannedTo = this.firstSeq;
    for (let seq = this.scannedTo; seq < this.nextSeq; seq++) {
      const item = ring.atAbsolute(seq);
      if (item !== undefined && this.predicate(item)) this.seqs.push(seq);
    }
    this.scannedTo = this.nextSeq;
    while (this.head < this.seqs.length && (this.seqs[this.head] as number) < this.firstSeq) this.head++;
    if (this.head > 4_096 && this.head * 2 > this.seqs.length) {
      this.seqs = this.seqs.slice(this.head);
      this.head = 0;
    }
  }

  /** Whether a predicate narrows the view. */
  get isFiltered(): boolean {
    return this.predicate !== null;
  }

  /** Entries shown (up to the hold point). */
  get length(): number {
    const limit = this.heldAt ?? this.nextSeq;
    if (!this.predicate) return Math.max(0, Math.min(limit, this.nextSeq) - this.firstSeq);
    return this.indexOf(limit);
  }

  /** Entries that pass but arrived after the hold point (0 when not held). */
  get waiting(): number {
    if (this.heldAt === null) return 0;
    if (!this.predicate) return Math.max(0, this.nextSeq - Math.max(this.heldAt, this.firstSeq));
    return this.seqs.length - this.head - this.indexOf(this.heldAt);
  }

  /** Absolute index of row `i` (0 = oldest shown). */
  seqAt(i: number): number {
    return this.predicate ? (this.seqs[this.head + i] as number) : this.firstSeq + i;
  }

  /** Row of absolute index `seq`, or of the first row after it. */
  rowOf(seq: number): number {
    if (!this.predicate) return seq - this.firstSeq;
    return this.indexOf(seq);
  }

  private indexOf(seq: number): number {
    let lo = this.head;
    let hi = this.seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.seqs[mid] as number) < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo - this.head;
  }
}
