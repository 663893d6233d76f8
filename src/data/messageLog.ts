/**
 * The messages of one connection: a ring buffer capped by count and bytes, with running totals.
 * Not a store: it is mutated by the ingest path once per batch, and the stores carry its revision.
 */
import { RingBuffer } from '../mqtt/ringBuffer';
import type { ReceivedMessage } from '../mqtt/types';

/** Messages kept per connection unless the user sets another cap. */
export const DEFAULT_MESSAGE_CAP = 50_000;
/** Payload bytes kept per connection, so a few huge payloads cannot exhaust memory. */
export const DEFAULT_MESSAGE_BYTES_CAP = 200_000_000;
/** Bounds for the user-set cap. */
export const MIN_MESSAGE_CAP = 100;
export const MAX_MESSAGE_CAP = 1_000_000;

/** Approximate memory a message holds: its payload, topic and the object around them. */
export function messageFootprint(message: ReceivedMessage): number {
  return message.payload.byteLength + message.topic.length * 2 + 96;
}

export class MessageLog {
  readonly ring: RingBuffer<ReceivedMessage>;
  /** Messages received since the connection was opened (clear does not reset it). */
  received = 0;
  receivedBytes = 0;

  constructor(cap = DEFAULT_MESSAGE_CAP, maxBytes = DEFAULT_MESSAGE_BYTES_CAP) {
    this.ring = new RingBuffer<ReceivedMessage>(cap, { maxBytes, sizeOf: messageFootprint });
  }

  append(message: ReceivedMessage): void {
    this.ring.push(message);
    // what comes back from history was received before this page: not counted again, nor in the rates
    if (message.fromHistory) return;
    this.received++;
    this.receivedBytes += message.payload.byteLength;
  }

  /** The message with sequence number `seq` (its absolute index), if still held. */
  get(seq: number): ReceivedMessage | undefined {
    return this.ring.atAbsolute(seq);
  }

  /** Sequence number of the oldest message held. */
  get firstSeq(): number {
    return this.ring.firstIndex;
  }

  /** Sequence number the next message will get. */
  get nextSeq(): number {
    return this.ring.pushed;
  }

  clear(): void {
    this.ring.clear();
  }

  setCap(cap: number): void {
    this.ring.resize(Math.min(MAX_MESSAGE_CAP, Math.max(MIN_MESSAGE_CAP, Math.round(cap))));
  }
}
