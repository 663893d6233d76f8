/**
 * The retained messages a connection has seen, by subtree, and clearing them: an empty retained message
 * per topic (MQTT §3.3.1.3 deletes the one the broker holds), at QoS 1 so the broker's answer is known,
 * in batches so thousands go out without a per-click cap and without thousands of publishes in flight.
 */
import { compileTopicFilter } from '../mqtt/topic';
import type { PublishRecord } from '../mqtt/publishTracker';
import type { PublishProperties } from '../mqtt/types';
import type { TopicTree } from './topicTree';

export interface RetainedEntry {
  topic: string;
  /** Bytes of the message held, as last seen. */
  size: number;
  /** When this dashboard published the message held (its age is known), else null. */
  publishedAt: number | null;
  /** When the message was seen (a retained copy arrives when subscribing: the message is at least that old). */
  seenAt: number;
  properties: PublishProperties | undefined;
}

/** Every retained message seen on topics matching `filter`, by topic. */
export function retainedUnder(tree: TopicTree, filter: string): { entries: RetainedEntry[]; bytes: number } {
  const match = filter === '#' ? () => true : compileTopicFilter(filter);
  const entries: RetainedEntry[] = [];
  let bytes = 0;
  for (const node of tree.retainedNodes()) {
    if (!match(node.path)) continue;
    const size = node.last?.payload.byteLength ?? 0;
    bytes += size;
    entries.push({ topic: node.path, size, publishedAt: node.retainedByUsAt || null, seenAt: node.last?.receivedAt ?? node.retainedByUsAt, properties: node.last?.properties });
  }
  entries.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
  return { entries, bytes };
}

export interface ClearResult {
  topic: string;
  /** null: the broker took it; else why not, in words. */
  error: string | null;
}

/** Publishes going out at once while clearing (the broker's receive maximum is often 20-100). */
export const CLEAR_BATCH = 100;

/**
 * Clears the retained message of each topic: `publish` sends the empty retained message and resolves with
 * its record (null when not connected). Reports progress after each batch; every topic gets a result.
 */
export async function clearRetainedTopics(
  topics: readonly string[],
  publish: (topic: string) => Promise<PublishRecord> | null,
  onCleared: (topic: string) => void,
  onProgress?: (done: number, total: number) => void,
): Promise<ClearResult[]> {
  const results: ClearResult[] = [];
  for (let i = 0; i < topics.length; i += CLEAR_BATCH) {
    const batch = topics.slice(i, i + CLEAR_BATCH);
    results.push(
      ...(await Promise.all(
        batch.map(async (topic): Promise<ClearResult> => {
          const done = publish(topic);
          if (!done) return { topic, error: 'Not connected.' };
          const record = await done;
          if (record.outcome !== 'acknowledged') return { topic, error: record.detail ?? 'The broker did not acknowledge it.' };
          onCleared(topic);
          return { topic, error: null };
        }),
      )),
    );
    onProgress?.(results.length, topics.length);
  }
  return results;
}
