import { describe, expect, it } from 'vitest';
import type { PublishRecord } from '../mqtt/publishTracker';
import { BrokerHealth, parseUptime } from './brokerHealth';
import { clearRetainedTopics, retainedUnder } from './retained';
import { testMessage } from './testMessages';
import { TopicTree } from './topicTree';

describe('broker health', () => {
  it('reads uptime as mosquitto and EMQX write it', () => {
    expect(parseUptime('12345 seconds')).toBe(12_345);
    expect(parseUptime('1 days, 2 hours, 3 minutes, 4 seconds')).toBe(93_784);
    expect(parseUptime('soon')).toBeNull();
  });

  it('reads gauges, turns counters into rates per second, and keeps text', () => {
    const health = new BrokerHealth();
    health.ingest(testMessage('$SYS/broker/clients/connected', '7', { receivedAt: 1_000 }));
    health.ingest(testMessage('$SYS/broker/messages/received', '1000', { receivedAt: 1_000, retain: true }));
    health.ingest(testMessage('$SYS/broker/messages/received', '1500', { receivedAt: 3_000 }));
    health.ingest(testMessage('$SYS/broker/version', 'mosquitto version 2.0.21', { receivedAt: 3_000 }));
    health.ingest(testMessage('$SYS/brokers/emqx@127.0.0.1/stats/subscriptions/count', '12', { receivedAt: 3_000 }));
    expect(health.metrics.get('clients')?.value).toBe(7);
    expect(health.metrics.get('msgIn')?.value).toBe(250);
    expect(health.metrics.get('version')?.value).toBe('mosquitto version 2.0.21');
    expect(health.metrics.get('subscriptions')?.value).toBe(12);
    // a counter that went back (a broker restart) gives no rate, and the next one starts from it
    health.ingest(testMessage('$SYS/broker/messages/received', '10', { receivedAt: 4_000 }));
    expect(health.metrics.get('msgIn')?.value).toBe(250);
    // hostile $SYS payloads are ignored, not read
    health.ingest(testMessage('$SYS/broker/clients/connected', 'x'.repeat(10_000_000), { receivedAt: 5_000 }));
    health.ingest(testMessage('$SYS/broker/clients/connected', new Uint8Array([0xff, 0xfe]), { receivedAt: 5_000 }));
    health.ingest(testMessage('$SYS/broker/clients/connected', 'NaN', { receivedAt: 5_000 }));
    expect(health.metrics.get('clients')?.value).toBe(7);
  });

  it('ranks the busiest topics and subtrees of the last minute, by messages and by bytes', () => {
    const health = new BrokerHealth();
    for (let i = 0; i < 600; i++) health.ingest(testMessage('plant/line1/flood', 'x', { receivedAt: 100_000 + i * 50 }));
    for (let i = 0; i < 30; i++) health.ingest(testMessage(`home/room${i % 3}/temp`, 'y'.repeat(500), { receivedAt: 100_000 + i * 1_000 }));
    const busy = health.busiest(130_000);
    expect(busy.topics[0]).toEqual({ name: 'plant/line1/flood', messages: 600, bytes: 600 });
    expect(busy.subtrees[0]?.name).toBe('plant/#');
    expect(busy.byBytes[0]?.name).toMatch(/^home\/room/);
    // a minute later, it is forgotten
    expect(health.busiest(200_000).topics).toEqual([]);
    // history is not this minute's traffic
    health.ingest(testMessage('old/topic', 'z', { receivedAt: 200_000, fromHistory: true }));
    expect(health.busiest(200_000).topics).toEqual([]);
  });
});

describe('retained messages', () => {
  it('lists the retained messages of a subtree with sizes and known ages', () => {
    const tree = new TopicTree();
    tree.add(testMessage('a/b/1', 'held', { retain: true, receivedAt: 5 }));
    tree.add(testMessage('a/b/2', 'live'));
    tree.add(testMessage('a/c', 'xy', { retain: true }));
    tree.noteOwnRetained('a/b/3', true, 9);
    tree.add(testMessage('a/b/3', 'mine'));
    expect(retainedUnder(tree, 'a/b/#')).toEqual({
      entries: [
        { topic: 'a/b/1', size: 4, publishedAt: null, seenAt: 5, properties: undefined },
        { topic: 'a/b/3', size: 4, publishedAt: 9, seenAt: 1_000, properties: undefined },
      ],
      bytes: 8,
    });
    expect(retainedUnder(tree, '#').entries).toHaveLength(3);
    // an empty payload deletes it, and the list follows without walking the tree
    tree.add(testMessage('a/c', ''));
    expect(retainedUnder(tree, '#').entries.map((e) => e.topic)).toEqual(['a/b/1', 'a/b/3']);
    tree.forgetRetained('a/b/1');
    expect(retainedUnder(tree, '#').entries.map((e) => e.topic)).toEqual(['a/b/3']);
  });

  it('clears thousands in batches with no cap, and reports each refusal by topic', async () => {
    const topics = Array.from({ length: 2_000 }, (_, i) => `big/${i}`);
    let inFlight = 0;
    let most = 0;
    const cleared: string[] = [];
    const progress: number[] = [];
    const publish = async (topic: string): Promise<PublishRecord> => {
      most = Math.max(most, ++inFlight);
      await Promise.resolve();
      inFlight--;
      const refused = topic === 'big/7';
      return { outcome: refused ? 'refused' : 'acknowledged', detail: refused ? 'Not authorized (0x87)' : undefined } as unknown as PublishRecord;
    };
    const results = await clearRetainedTopics(topics, publish, (t) => cleared.push(t), (done) => progress.push(done));
    expect(results).toHaveLength(2_000);
    expect(cleared).toHaveLength(1_999);
    expect(results.filter((r) => r.error)).toEqual([{ topic: 'big/7', error: 'Not authorized (0x87)' }]);
    expect(most).toBeLessThanOrEqual(100);
    expect(progress.at(-1)).toBe(2_000);
    expect(await clearRetainedTopics(['x'], () => null, () => {})).toEqual([{ topic: 'x', error: 'Not connected.' }]);
  });
});
