import { describe, expect, it } from 'vitest';
import { FakeTimers } from '../../mqtt/testing/fakeTimers';
import { parseRecording, recordingLines, type RecordingLine } from './recordingFile';
import { remapTopic, startReplay, type ReplayMessage, type ReplayProgress } from './replay';

const enc = new TextEncoder();

describe('recording files', () => {
  it('round-trip messages with binary payloads and MQTT 5 properties', async () => {
    const messages: RecordingLine[] = [
      { at: Date.UTC(2026, 11, 5, 8), topic: 'home/a', payload: enc.encode('21.5'), qos: 0, retain: false },
      { at: Date.UTC(2026, 11, 5, 8, 0, 1), topic: 'home/b', payload: new Uint8Array([0xff, 0, 0xfe]), qos: 2, retain: true, props: { contentType: 'x', userProperties: { a: ['1', '2'] }, correlationData: new Uint8Array([1, 2]) } },
    ];
    const text = recordingLines({ name: 'night', filter: 'home/#' }, messages);
    const parsed = await parseRecording(text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.header).toEqual({ name: 'night', filter: 'home/#' });
    expect(parsed.messages).toEqual(messages);
  });

  it('refuses bad lines one by one, with their numbers and reasons, and keeps the good ones', async () => {
    const good = JSON.stringify({ time: '2026-12-05T08:00:00.000Z', topic: 'a/b', payload: 'MQ==', qos: 1, retain: false });
    const text = [
      good,
      'not json at all',
      JSON.stringify({ time: 'yesterday', topic: 'a/+', payload: '***', qos: 3, retain: 'no' }),
      JSON.stringify({ time: '2026-12-05T08:00:00.000Z', topic: 'a', payload: '', qos: 0, retain: false, extra: 1 }),
      good,
    ].join('\n');
    const parsed = await parseRecording(text);
    expect(parsed.messages).toHaveLength(2);
    expect(parsed.refused).toBe(3);
    expect(parsed.problems.map((p) => p.line)).toEqual([2, 3, 4]);
    expect(parsed.problems[0]?.reason).toBe('not JSON');
    expect(parsed.problems[1]?.reason).toMatch(/time: must be a time.*topic: .*wildcard/i);
    expect(parsed.problems[2]?.reason).toMatch(/unknown field "extra"/);
  });

  it('a foreign file yields no messages', async () => {
    const parsed = await parseRecording('time,topic,payload\n1,a,b\n');
    expect(parsed.messages).toEqual([]);
    expect(parsed.refused).toBe(2);
  });
});

describe('hostile recording files', () => {
  it('a 10,000-deep line is refused without parsing it, a huge one is refused by the schema, and a long file pauses between slices', async () => {
    const good = JSON.stringify({ time: '2026-12-05T08:00:00.000Z', topic: 'a/b', payload: 'MQ==', qos: 1, retain: false });
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const keys = JSON.stringify(Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i])));
    let pauses = 0;
    const lines = [deep, keys, ...Array.from({ length: 5_000 }, () => good)].join('\n');
    const parsed = await parseRecording(lines, () => {
      pauses++;
      return Promise.resolve();
    });
    expect(parsed.problems[0]).toEqual({ line: 1, reason: 'nested deeper than 32 levels: not a message' });
    expect(parsed.problems[1]?.line).toBe(2);
    expect(parsed.problems[1]?.reason).toMatch(/^time: missing; topic: missing; payload: missing$/);
    expect(parsed.messages).toHaveLength(5_000);
    expect(pauses).toBe(2);
  });
});

describe('replay', () => {
  const recorded: ReplayMessage[] = Array.from({ length: 1_000 }, (_, i) => ({ at: 10_000 + i * 10, topic: `old/${i % 3}`, payload: enc.encode(String(i)), qos: 0, retain: false }));
  const run = (speed: 1 | 10 | 'max', timers: FakeTimers, published: ReplayMessage[], progress: ReplayProgress[]) =>
    startReplay({
      total: recorded.length,
      read: (from, limit) => Promise.resolve(recorded.slice(from, from + limit)),
      publish: (m) => (published.push(m), null),
      speed,
      prefix: { from: 'old/', to: 'new/' },
      timers,
      onProgress: (p) => progress.push(p),
    });

  it('remaps prefixes', () => {
    expect(remapTopic('old/a', 'old/', 'class/old/')).toBe('class/old/a');
    expect(remapTopic('other/a', 'old/', 'x/')).toBe('other/a');
    expect(remapTopic('a', '', 'p/')).toBe('p/a');
  });

  it('at 10x takes a tenth of the recorded time, in order, every message', async () => {
    const timers = new FakeTimers();
    const published: ReplayMessage[] = [];
    const progress: ReplayProgress[] = [];
    const t0 = timers.now();
    run(10, timers, published, progress);
    for (let t = 0; t < 1_200 && !progress.at(-1)?.done; t++) {
      timers.advance(1);
      for (let i = 0; i < 5; i++) await Promise.resolve();
    }
    // 9,990 ms recorded: about 999 ms at 10x
    expect(timers.now() - t0).toBeGreaterThan(990);
    expect(timers.now() - t0).toBeLessThan(1_010);
    expect(published.map((m) => new TextDecoder().decode(m.payload))).toEqual(recorded.map((_, i) => String(i)));
    expect(published[4]?.topic).toBe('new/1');
    expect(progress.at(-1)).toEqual({ sent: 1_000, total: 1_000, done: true });
  });
});
