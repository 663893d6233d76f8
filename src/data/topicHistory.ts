/**
 * The last messages on one topic, taken from the message log. Incremental: each call examines only
 * what arrived since the previous one.
 */
import type { ReceivedMessage } from '../mqtt/types';
import type { MessageLog } from './messageLog';

/** Messages kept in a topic's history. */
export const TOPIC_HISTORY_COUNT = 20;

export class TopicHistory {
  private scannedTo: number;
  private items: Array<{ seq: number; message: ReceivedMessage }> = [];

  constructor(
    readonly topic: string,
    private readonly limit = TOPIC_HISTORY_COUNT,
  ) {
    this.scannedTo = -1;
  }

  /** Newest first. */
  update(log: MessageLog): ReceivedMessage[] {
    if (this.scannedTo < 0) {
      // First look: walk back from the newest until the history is full.
      const found: Array<{ seq: number; message: ReceivedMessage }> = [];
      for (let seq = log.nextSeq - 1; seq >= log.firstSeq && found.length < this.limit; seq--) {
        const m = log.get(seq);
        if (m && m.topic === this.topic) found.push({ seq, message: m });
      }
      this.items = found;
    } else {
      for (let seq = Math.max(this.scannedTo, log.firstSeq); seq < log.nextSeq; seq++) {
        const m = log.get(seq);
        if (m && m.topic === this.topic) this.items.unshift({ seq, message: m });
      }
      if (this.items.length > this.limit) this.items.length = this.limit;
    }
    this.scannedTo = log.nextSeq;
    // Cleared or dropped from the log: gone from the history too.
    this.items = this.items.filter((i) => i.seq >= log.firstSeq);
    return this.items.map((i) => i.message);
  }
}
