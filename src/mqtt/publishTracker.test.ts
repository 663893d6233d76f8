import { describe, expect, it } from 'vitest';
import { PUBLISH_ACK_TIMEOUT_MS, PublishTracker, type PublishRecord } from './publishTracker';

function tracker() {
  let t = 1_000;
  const changes: PublishRecord[] = [];
  const tr = new PublishTracker({ now: () => t, received: () => t, sending: () => t }, (r) => changes.push({ ...r, steps: [...r.steps] }));
  return { tr, changes, advance: (ms: number) => (t += ms), now: () => t };
}

describe('PublishTracker', () => {
  it('QoS 0: one PUBLISH, sent', () => {
    const { tr, advance } = tracker();
    const r = tr.begin({ topic: 'a', payload: 'x', qos: 0, retain: false });
    advance(2);
    tr.packetSent({ cmd: 'publish', topic: 'a', qos: 0 });
    expect(r.outcome).toBe('sent');
    expect(r.steps).toEqual([{ kind: 'PUBLISH', at: 1_002 }]);
  });

  it('QoS 1: PUBLISH then PUBACK by packet id', () => {
    const { tr, advance } = tracker();
    const r = tr.begin({ topic: 'a', payload: 'x', qos: 1, retain: true });
    tr.packetSent({ cmd: 'publish', topic: 'a', qos: 1, messageId: 7 });
    advance(3);
    tr.packetReceived({ cmd: 'puback', messageId: 7, reasonCode: 0 });
    expect(r.packetId).toBe(7);
    expect(r.outcome).toBe('acknowledged');
    expect(r.steps.map((s) => [s.kind, s.at - r.startedAt])).toEqual([
      ['PUBLISH', 0],
      ['PUBACK', 3],
    ]);
  });

  it('QoS 2: PUBLISH, PUBREC, PUBREL, PUBCOMP in order', () => {
    const { tr, advance } = tracker();
    const r = tr.begin({ topic: 'b', payload: new Uint8Array([1, 2]), qos: 2, retain: false });
    tr.packetSent({ cmd: 'publish', topic: 'b', qos: 2, messageId: 9 });
    advance(1);
    tr.packetReceived({ cmd: 'pubrec', messageId: 9 });
    expect(r.outcome).toBe('sending');
    tr.packetSent({ cmd: 'pubrel', messageId: 9 });
    advance(1);
    tr.packetReceived({ cmd: 'pubcomp', messageId: 9 });
    expect(r.steps.map((s) => s.kind)).toEqual(['PUBLISH', 'PUBREC', 'PUBREL', 'PUBCOMP']);
    expect(r.outcome).toBe('acknowledged');
    expect(r.size).toBe(2);
  });

  it('a QoS 2 publish answered with PUBACK (RabbitMQ) is delivered, and said to have been taken as QoS 1', () => {
    const { tr } = tracker();
    const r = tr.begin({ topic: 'b', payload: 'x', qos: 2, retain: false });
    tr.packetSent({ cmd: 'publish', topic: 'b', qos: 2, messageId: 4 });
    tr.packetReceived({ cmd: 'puback', messageId: 4 });
    expect(r.outcome).toBe('acknowledged');
    expect(r.detail).toMatch(/answered this QoS 2 publish with PUBACK: it handled it as QoS 1/);
  });

  it('a publish the broker dropped the connection over carries the fix: publish at QoS 1', () => {
    const { tr } = tracker();
    const r = tr.begin({ topic: 'b', payload: 'x', qos: 2, retain: false });
    tr.packetSent({ cmd: 'publish', topic: 'b', qos: 2, messageId: 5 });
    tr.failByPacketId(5, 'Not delivered: the broker closed the connection.', { kind: 'publish-qos', qos: 1 });
    expect(r.outcome).toBe('failed');
    expect(r.fix).toEqual({ kind: 'publish-qos', qos: 1 });
  });

  it('MQTT 5: a refusal reason code marks the publish refused, in words', () => {
    const { tr } = tracker();
    const r = tr.begin({ topic: 'c', payload: 'x', qos: 1, retain: false });
    tr.packetSent({ cmd: 'publish', topic: 'c', qos: 1, messageId: 1 });
    tr.packetReceived({ cmd: 'puback', messageId: 1, reasonCode: 0x87 });
    expect(r.outcome).toBe('refused');
    expect(r.detail).toBe('Not authorized (0x87)');
    const q = tr.begin({ topic: 'd', payload: 'x', qos: 2, retain: false });
    tr.packetSent({ cmd: 'publish', topic: 'd', qos: 2, messageId: 2 });
    tr.packetReceived({ cmd: 'pubrec', messageId: 2, reasonCode: 0x97 });
    expect(q.outcome).toBe('refused');
    expect(q.detail).toBe('Quota exceeded (0x97)');
  });

  it('"no matching subscribers" is still a success, said in words', () => {
    const { tr } = tracker();
    const r = tr.begin({ topic: 'e', payload: 'x', qos: 1, retain: false });
    tr.packetSent({ cmd: 'publish', topic: 'e', qos: 1, messageId: 3 });
    tr.packetReceived({ cmd: 'puback', messageId: 3, reasonCode: 0x10 });
    expect(r.outcome).toBe('acknowledged');
    expect(r.detail).toBe('No matching subscribers (0x10)');
  });

  it('matches publishes to packets in order, ignoring packets that are not ours', () => {
    const { tr } = tracker();
    const a = tr.begin({ topic: 't', payload: '1', qos: 1, retain: false });
    const b = tr.begin({ topic: 't', payload: '2', qos: 1, retain: false });
    tr.packetSent({ cmd: 'publish', topic: 'other', qos: 1, messageId: 40 });
    tr.packetSent({ cmd: 'publish', topic: 't', qos: 1, messageId: 41 });
    tr.packetSent({ cmd: 'publish', topic: 't', qos: 1, messageId: 42 });
    expect([a.packetId, b.packetId]).toEqual([41, 42]);
  });

  it('marks what is never answered, and a re-sent PUBLISH after reconnect', () => {
    const { tr, advance, now } = tracker();
    const r = tr.begin({ topic: 'f', payload: 'x', qos: 1, retain: false });
    tr.packetSent({ cmd: 'publish', topic: 'f', qos: 1, messageId: 5 });
    advance(PUBLISH_ACK_TIMEOUT_MS + 1);
    tr.checkTimeouts(now());
    expect(r.outcome).toBe('unanswered');
    expect(r.detail).toBe('No PUBACK after 10 s');
    tr.packetSent({ cmd: 'publish', topic: 'f', qos: 1, messageId: 5, dup: true });
    tr.packetReceived({ cmd: 'puback', messageId: 5 });
    expect(r.steps.map((s) => [s.kind, s.dup ?? false])).toEqual([
      ['PUBLISH', false],
      ['PUBLISH', true],
      ['PUBACK', false],
    ]);
    expect(r.outcome).toBe('acknowledged');
  });

  it('records a failure the client reports', () => {
    const { tr } = tracker();
    const r = tr.begin({ topic: 'g', payload: 'x', qos: 1, retain: false });
    tr.failed(r, 'Connection closed');
    expect(r).toMatchObject({ outcome: 'failed', detail: 'Connection closed' });
  });
});
