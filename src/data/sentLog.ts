/** The publishes of one connection, newest last, bounded. Records are updated in place by the tracker. */
import type { PublishRecord } from '../mqtt/publishTracker';
import { RingBuffer } from '../mqtt/ringBuffer';

/** Publishes kept in the Sent list per connection. */
export const SENT_LOG_CAP = 200;

export class SentLog {
  private readonly ring = new RingBuffer<PublishRecord>(SENT_LOG_CAP);
  private lastId = 0;

  /** Records a publish the first time it is seen. */
  note(record: PublishRecord): void {
    if (record.id <= this.lastId) return;
    this.lastId = record.id;
    this.ring.push(record);
  }

  get length(): number {
    return this.ring.length;
  }

  get dropped(): number {
    return this.ring.dropped;
  }

  newestFirst(): PublishRecord[] {
    return this.ring.toArray().reverse();
  }

  clear(): void {
    this.ring.clear();
  }
}
