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
import { RingView } from './ringView';

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
  private readonly view = new RingView<ReceivedMessage>();
  private key: string | null = null;
  private predicate: ((m: ReceivedMessage) => boolean) | null = null;

  /** Brings the view up to date with the log; cheap when nothing changed. Idempotent. */
  update(log: MessageLog, criteria: MessageCriteria, pausedAt: number | null): void {
    const key = criteriaKey(criteria);
    if (key !== this.key) {
      this.key = key;
      this.predicate = isEmpty(criteria) ? null : messagePredicate(criteria);
    }
    this.view.update(log.ring, key, this.predicate, pausedAt);
  }

  get length(): number {
    return this.view.length;
  }

  /** Rows that match but arrived after the pause point (0 when not paused). */
  get waiting(): number {
    return this.view.waiting;
  }

  get isFiltered(): boolean {
    return this.view.isFiltered;
  }

  /** Sequence number of row `i` (0 = oldest shown). */
  seqAt(i: number): number {
    return this.view.seqAt(i);
  }

  /** Row of sequence number `seq`, or of the first row after it. */
  rowOf(seq: number): number {
    return this.view.rowOf(seq);
  }
}
