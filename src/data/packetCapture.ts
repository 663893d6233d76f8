/**
 * The packets of one connection, as they crossed the wire: bounded (count and bytes), pausable, with
 * running totals by packet type and direction that include what the ring no longer holds.
 */
import { packetTypeOf } from '../mqtt/inspect/header';
import { RingBuffer } from '../mqtt/ringBuffer';

/** Packets kept per connection unless the user sets another cap. */
export const DEFAULT_CAPTURE_CAP = 10_000;
/** Bytes kept: big payloads must not hold memory hostage. */
export const CAPTURE_BYTES_CAP = 32_000_000;

export type Direction = 'out' | 'in';

export interface CapturedPacket {
  /** ms since the epoch, sub-millisecond precision. */
  at: number;
  direction: Direction;
  /** The packet's bytes, exactly as on the wire. */
  bytes: Uint8Array;
}

export interface TypeTotals {
  count: number;
  bytes: number;
}

export class PacketCapture {
  readonly ring: RingBuffer<CapturedPacket>;
  /** By packet type (1-15) and direction, since the capture started. */
  readonly totals: Record<Direction, TypeTotals[]> = { out: emptyTotals(), in: emptyTotals() };
  capturing = true;

  constructor(cap = DEFAULT_CAPTURE_CAP) {
    this.ring = new RingBuffer<CapturedPacket>(cap, { maxBytes: CAPTURE_BYTES_CAP, sizeOf: (p) => p.bytes.byteLength + 48 });
  }

  add(packet: CapturedPacket): void {
    if (!this.capturing) return;
    this.ring.push(packet);
    const type = packetTypeOf(packet.bytes);
    const t = this.totals[packet.direction][type] as TypeTotals;
    t.count++;
    t.bytes += packet.bytes.byteLength;
  }

  clear(): void {
    this.ring.clear();
    this.totals.out = emptyTotals();
    this.totals.in = emptyTotals();
  }
}

function emptyTotals(): TypeTotals[] {
  return Array.from({ length: 16 }, () => ({ count: 0, bytes: 0 }));
}

