/**
 * What the message list shows of a MessageLog: all of it, or the messages matching a topic pattern, a
 * text and the unmuted subscriptions; everything, or only what had arrived when the user paused.
 *
 * Filtering is incremental: each update examines only the messages that arrived since the last one,
 * so a filter costs per message once, not per frame over the whole buffer.
 */
import { compileTopicFilter, type TopicMatcher } from '../mqtt/topic';
import type { ReceivedMessage } from '../mqtt/types';
import type { MessageLog } from './messageLog';

/** Bytes of a payload searched by the text filter (a 10 MB payload is not decoded whole per search). */
export const TEXT_SEARCH_MAX_BYTES = 65_536;

const lenientDecoder = new TextDecoder('utf-8');

export interface MessageCriteria {
  /** A valid MQTT topic filter, or empty for all topics. */
  topicFilter: string;
  /** Case-insensitive text searched in the topic and the payload. */
  text: string;
  /** Topics to hide (those matched only by muted subscriptions). */
  hidden?: TopicMatcher | null;
  /** A key that changes whenever `hidden` does. */
  hiddenKey?: string;
}

function criteriaKey(c: MessageCriteria): string {
  return `${c.topicFilter}\u0000${c.text}\u0000${c.hiddenKey ?? ''}`;
}

function isEmpty(c: MessageCriteria): boolean {
  return c.topicFilter === '' && c.text === '' && !c.hidden;
}

/** Builds the predicate a message must pass. */
export function messagePredicate(c: MessageCriteria): (m: ReceivedMessage) => boolean {
  const topicMatch = c.topicFilter ? compileTopicFilter(c.topicFilter) : null;
  const needle = c.text.toLowerCase();
  const hidden = c.hidden ?? null;
  return (m) => {
    if (topicMatch && !topicMatch(m.topic)) return false;
    if (hidden && hidden(m.topic)) return false;
    if (needle) {
      if (m.topic.toLowerCase().includes(needle)) return true;
      const bytes = m.payload.byteLength > TEXT_SEARCH_MAX_BYTES ? m.payload.subarray(0, TEXT_SEARCH_MAX_BYTES) : m.payload;
      return lenientDecoder.decode(bytes).toLowerCase().includes(needle);
    }
    return true;
  };
}

/** The rows of the message list: sequence numbers into a MessageLog, oldest first. */
export class MessageView {
  private key: string | null = null;
  private filtered = false;
  private predicate: (m: ReceivedMessage) => boolean = () => true;
  private seqs: number[] = [];
  private head = 0;
  private scannedTo = 0;
  private firstSeq = 0;
  private nextSeq = 0;
  /** Sequence number before which messages are shown; null when not paused. */
  private pausedAt: number | null = null;

  /** Brings the view up to date with the log; cheap when nothing changed. Idempotent. */
  update(log: MessageLog, criteria: MessageCriteria, pausedAt: number | null): void {
    const key = criteriaKey(criteria);
    if (key !== this.key) {
      this.key = key;
      this.filtered = !isEmpty(criteria);
      this.predicate = messagePredicate(criteria);
      this.seqs = [];
      this.head = 0;
      this.scannedTo = log.firstSeq;
    }
    this.firstSeq = log.firstSeq;
    this.nextSeq = log.nextSeq;
    this.pausedAt = pausedAt;
    if (!this.filtered) return;
    if (this.scannedTo < log.firstSeq) this.scannedTo = log.firstSeq;
    for (let seq = this.scannedTo; seq < log.nextSeq; seq++) {
      const message = log.get(seq);
      if (message && this.predicate(message)) this.seqs.push(seq);
    }
    this.scannedTo = log.nextSeq;
    while (this.head < this.seqs.length && (this.seqs[this.head] as number) < log.firstSeq) this.head++;
    if (this.head > 4_096 && this.head * 2 > this.seqs.length) {
      this.seqs = this.seqs.slice(this.head);
      this.head = 0;
    }
  }

  /** Rows shown (up to the pause point). */
  get length(): number {
    const limit = this.pausedAt ?? this.nextSeq;
    if (!this.filtered) return Math.max(0, Math.min(limit, this.nextSeq) - this.firstSeq);
    return this.indexOf(limit);
  }

  /** Rows that match but arrived after the pause point (0 when not paused). */
  get waiting(): number {
    if (this.pausedAt === null) return 0;
    if (!this.filtered) return Math.max(0, this.nextSeq - Math.max(this.pausedAt, this.firstSeq));
    return this.seqs.length - this.head - this.indexOf(this.pausedAt);
  }

  /** Whether any criteria narrow the view. */
  get isFiltered(): boolean {
    return this.filtered;
  }

  /** Sequence number of row `i` (0 = oldest shown). */
  seqAt(i: number): number {
    return this.filtered ? (this.seqs[this.head + i] as number) : this.firstSeq + i;
  }

  /** Row index of the first match with sequence number >= seq. */
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
