/**
 * Broker health, per connection: the figures a broker publishes under `$SYS` (mosquitto's
 * `$SYS/broker/...`, EMQX's `$SYS/brokers/<node>/...`) read into named metrics with a sparkline each, and
 * what floods the broker: the busiest topics and subtrees of the last minute, by messages and by bytes,
 * from what this connection receives. O(1) per message (a map update in the current second's bucket).
 */
import { compileTopicFilter } from '../mqtt/topic';
import { decodeUtf8 } from '../mqtt/payload';
import type { ReceivedMessage } from '../mqtt/types';
import { Spark } from './spark';

export interface SysMetric {
  id: string;
  label: string;
  unit: string;
  /** gauge: the value as published; rate: per second, from a counter's change; text: shown as it came. */
  kind: 'gauge' | 'rate' | 'text' | 'uptime';
  /** $SYS topics that carry it, mosquitto's first. */
  topics: string[];
}

export const SYS_METRICS: readonly SysMetric[] = [
  { id: 'clients', label: 'Connected clients', unit: '', kind: 'gauge', topics: ['$SYS/broker/clients/connected', '$SYS/broker/clients/active', '$SYS/brokers/+/stats/connections/count'] },
  { id: 'msgIn', label: 'Messages in', unit: '/s', kind: 'rate', topics: ['$SYS/broker/messages/received', '$SYS/brokers/+/metrics/messages/received'] },
  { id: 'msgOut', label: 'Messages out', unit: '/s', kind: 'rate', topics: ['$SYS/broker/messages/sent', '$SYS/brokers/+/metrics/messages/sent'] },
  { id: 'bytesIn', label: 'Bytes in', unit: 'B/s', kind: 'rate', topics: ['$SYS/broker/bytes/received', '$SYS/brokers/+/metrics/bytes/received'] },
  { id: 'bytesOut', label: 'Bytes out', unit: 'B/s', kind: 'rate', topics: ['$SYS/broker/bytes/sent', '$SYS/brokers/+/metrics/bytes/sent'] },
  { id: 'subscriptions', label: 'Subscriptions', unit: '', kind: 'gauge', topics: ['$SYS/broker/subscriptions/count', '$SYS/brokers/+/stats/subscriptions/count'] },
  { id: 'retained', label: 'Retained messages', unit: '', kind: 'gauge', topics: ['$SYS/broker/retained messages/count', '$SYS/brokers/+/stats/retained/count'] },
  { id: 'uptime', label: 'Uptime', unit: 's', kind: 'uptime', topics: ['$SYS/broker/uptime', '$SYS/brokers/+/uptime'] },
  { id: 'version', label: 'Version', unit: '', kind: 'text', topics: ['$SYS/broker/version', '$SYS/brokers/+/version'] },
];

export interface MetricState {
  metric: SysMetric;
  /** The latest value: a number (a rate per second for counters), or text. */
  value: number | string | null;
  at: number;
  spark: Spark;
  /** Counters: the last count and when, for the next rate. */
  lastCount: number | null;
  lastCountAt: number;
}

const COMPILED = SYS_METRICS.map((metric) => ({ metric, matchers: metric.topics.map((t) => compileTopicFilter(t)) }));

/** "12345 seconds" (mosquitto), "1 days, 2 hours, 3 minutes, 4 seconds" (EMQX), or a bare number: seconds. */
export function parseUptime(text: string): number | null {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  let total = 0;
  let any = false;
  for (const [, n, unit] of t.matchAll(/(\d+)\s*(day|hour|minute|second)s?/gi)) {
    any = true;
    total += Number(n) * ({ day: 86_400, hour: 3_600, minute: 60, second: 1 }[(unit as string).toLowerCase() as 'day'] ?? 0);
  }
  return any ? total : null;
}

/** Busiest topics kept per second; the rest of that second counts as "other topics". */
const TOPICS_PER_SECOND = 5_000;
export const ACTIVITY_WINDOW_S = 60;
export const OTHER_TOPICS = '(other topics)';

export interface Busy {
  /** A topic, or a subtree ("a/b/#"). */
  name: string;
  messages: number;
  bytes: number;
}

export class BrokerHealth {
  readonly metrics = new Map<string, MetricState>();
  /** $SYS messages read so far. */
  sysMessages = 0;
  private buckets: Array<{ second: number; topics: Map<string, [number, number]> }> = [];

  ingest(message: ReceivedMessage): void {
    if (message.fromHistory) return;
    if (message.topic.startsWith('$SYS/')) this.sys(message);
    this.count(message);
  }

  private sys(message: ReceivedMessage): void {
    this.sysMessages++;
    const found = COMPILED.find((c) => c.matchers.some((m) => m(message.topic)));
    if (!found || message.payload.byteLength > 256) return;
    const text = decodeUtf8(message.payload)?.trim();
    if (text === undefined) return;
    const { metric } = found;
    let state = this.metrics.get(metric.id);
    if (!state) this.metrics.set(metric.id, (state = { metric, value: null, at: 0, spark: new Spark(300, 1_000), lastCount: null, lastCountAt: 0 }));
    const at = message.receivedAt;
    if (metric.kind === 'text') {
      state.value = text;
      state.at = at;
      return;
    }
    const n = metric.kind === 'uptime' ? parseUptime(text) : Number(text);
    if (n === null || !Number.isFinite(n)) return;
    if (metric.kind === 'rate') {
      // a counter: the rate is its change over the time between two reports (a retained first one gives the base)
      const previous = state.lastCount;
      const since = (at - state.lastCountAt) / 1000;
      state.lastCount = n;
      state.lastCountAt = at;
      if (previous === null || since <= 0 || n < previous) return;
      state.value = (n - previous) / since;
    } else state.value = n;
    state.at = at;
    state.spark.push(at, state.value);
  }

  private count(message: ReceivedMessage): void {
    const second = Math.floor(message.receivedAt / 1000);
    let bucket = this.buckets[this.buckets.length - 1];
    if (!bucket || bucket.second !== second) {
      if (bucket && second < bucket.second) bucket = this.buckets.find((b) => b.second === second);
      if (!bucket) {
        bucket = { second, topics: new Map() };
        this.buckets.push(bucket);
        this.buckets.sort((a, b) => a.second - b.second);
        while (this.buckets.length > 0 && (this.buckets[0] as { second: number }).second <= second - ACTIVITY_WINDOW_S) this.buckets.shift();
      }
    }
    const key = bucket.topics.has(message.topic) || bucket.topics.size < TOPICS_PER_SECOND ? message.topic : OTHER_TOPICS;
    const entry = bucket.topics.get(key);
    if (entry) {
      entry[0]++;
      entry[1] += message.payload.byteLength;
    } else bucket.topics.set(key, [1, message.payload.byteLength]);
  }

  /** The busiest topics and subtrees (up to three levels deep) over the last minute before `now`. */
  busiest(now: number, limit = 10): { topics: Busy[]; subtrees: Busy[]; byBytes: Busy[]; seconds: number } {
    const from = Math.floor(now / 1000) - ACTIVITY_WINDOW_S;
    const topics = new Map<string, Busy>();
    let first = Infinity;
    for (const bucket of this.buckets) {
      if (bucket.second <= from) continue;
      first = Math.min(first, bucket.second);
      for (const [topic, [messages, bytes]] of bucket.topics) {
        const busy = topics.get(topic);
        if (busy) {
          busy.messages += messages;
          busy.bytes += bytes;
        } else topics.set(topic, { name: topic, messages, bytes });
      }
    }
    const subtrees = new Map<string, Busy>();
    for (const busy of topics.values()) {
      if (busy.name === OTHER_TOPICS) continue;
      const levels = busy.name.split('/');
      for (let depth = 1; depth <= Math.min(3, levels.length - 1); depth++) {
        const name = `${levels.slice(0, depth).join('/')}/#`;
        const sub = subtrees.get(name);
        if (sub) {
          sub.messages += busy.messages;
          sub.bytes += busy.bytes;
        } else subtrees.set(name, { name, messages: busy.messages, bytes: busy.bytes });
      }
    }
    const byMessages = (a: Busy, b: Busy) => b.messages - a.messages || b.bytes - a.bytes;
    const all = [...topics.values()];
    return {
      topics: all.sort(byMessages).slice(0, limit),
      byBytes: [...all].sort((a, b) => b.bytes - a.bytes).slice(0, limit),
      subtrees: [...subtrees.values()].sort(byMessages).slice(0, limit),
      seconds: first === Infinity ? 0 : Math.min(ACTIVITY_WINDOW_S, Math.floor(now / 1000) - first + 1),
    };
  }

  clear(): void {
    this.metrics.clear();
    this.buckets = [];
    this.sysMessages = 0;
  }
}
