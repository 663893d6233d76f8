/**
 * A bounded FIFO: capped by count and, optionally, by total size in bytes. When full, the oldest entries
 * go and are counted in {@link RingBuffer.dropped}, so the UI can say how many were lost.
 *
 * Every entry has an absolute index: the number of entries pushed before it. Absolute indexes stay valid
 * while entries are dropped or the capacity changes, so views can keep references across flushes.
 */
export class RingBuffer<T> {
  private slots: Array<T | undefined>;
  private head = 0; // slot of the oldest entry
  private count = 0;
  private bytes = 0;
  private pushedTotal = 0;
  private droppedTotal = 0;
  private readonly sizeOf: ((item: T) => number) | undefined;
  private maxBytesValue: number;

  constructor(capacity: number, options: { maxBytes?: number; sizeOf?: (item: T) => number } = {}) {
    if (!(capacity >= 1)) throw new RangeError(`capacity must be at least 1, got ${capacity}`);
    this.slots = new Array<T | undefined>(capacity);
    this.sizeOf = options.sizeOf;
    this.maxBytesValue = options.maxBytes ?? Number.POSITIVE_INFINITY;
  }

  get capacity(): number {
    return this.slots.length;
  }
  get maxBytes(): number {
    return this.maxBytesValue;
  }
  get length(): number {
    return this.count;
  }
  /** Sum of `sizeOf` over the entries held (0 without `sizeOf`). */
  get byteSize(): number {
    return this.bytes;
  }
  /** Entries pushed since creation (or the last {@link reset}). */
  get pushed(): number {
    return this.pushedTotal;
  }
  /** Entries that had to go to respect the caps (not those removed by {@link clear}). */
  get dropped(): number {
    return this.droppedTotal;
  }
  /** Absolute index of the oldest entry held. */
  get firstIndex(): number {
    return this.pushedTotal - this.count;
  }

  push(item: T): void {
    const capacity = this.slots.length;
    if (this.count === capacity) this.dropOldest();
    this.slots[(this.head + this.count) % capacity] = item;
    this.count++;
    this.pushedTotal++;
    if (this.sizeOf) {
      this.bytes += this.sizeOf(item);
      while (this.bytes > this.maxBytesValue && this.count > 1) this.dropOldest();
    }
  }

  /** The entry at position `i` counted from the oldest held (0), or undefined. */
  at(i: number): T | undefined {
    if (i < 0 || i >= this.count) return undefined;
    return this.slots[(this.head + i) % this.slots.length];
  }

  /** The entry with absolute index `index`, or undefined if it was dropped or not pushed yet. */
  atAbsolute(index: number): T | undefined {
    return this.at(index - this.firstIndex);
  }

  /** The newest entry, or undefined when empty. */
  last(): T | undefined {
    return this.at(this.count - 1);
  }

  /** Changes the caps, keeping the newest entries that fit (the others count as dropped). */
  resize(capacity: number, maxBytes = this.maxBytesValue): void {
    if (!(capacity >= 1)) throw new RangeError(`capacity must be at least 1, got ${capacity}`);
    const kept: T[] = [];
    const start = Math.max(0, this.count - capacity);
    this.droppedTotal += start;
    for (let i = start; i < this.count; i++) kept.push(this.at(i) as T);
    const pushed = this.pushedTotal;
    this.slots = new Array<T | undefined>(capacity);
    this.head = 0;
    this.count = 0;
    this.bytes = 0;
    this.maxBytesValue = maxBytes;
    for (const item of kept) this.push(item); // may drop more to meet the byte cap
    this.pushedTotal = pushed;
  }

  /** Removes every entry; absolute indexes continue where they were. */
  clear(): void {
    this.slots.fill(undefined);
    this.head = 0;
    this.count = 0;
    this.bytes = 0;
  }

  /** The entries held, oldest first, without copying them (do not push while iterating). */
  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.count; i++) yield this.at(i) as T;
  }

  /** Copies the entries held, oldest first. */
  toArray(): T[] {
    const out = new Array<T>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.at(i) as T;
    return out;
  }

  private dropOldest(): void {
    const item = this.slots[this.head] as T;
    if (this.sizeOf) this.bytes -= this.sizeOf(item);
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) % this.slots.length;
    this.count--;
    this.droppedTotal++;
  }
}
