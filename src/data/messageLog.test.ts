import { describe, expect, it } from 'vitest';
import type { ReceivedMessage } from '../mqtt/types';
import { MessageLog } from './messageLog';

const msg = (topic: string, bytes = 10): ReceivedMessage => ({
  connectionId: 'c',
  receivedAt: 0,
  topic,
  payload: new Uint8Array(bytes),
  qos: 0,
  retain: false,
  dup: false,
});

describe('MessageLog', () => {
  it('keeps the newest up to the cap, counts drops and totals', () => {
    const log = new MessageLog(100);
    for (let i = 0; i < 250; i++) log.append(msg(`t/${i}`));
    expect(log.ring.length).toBe(100);
    expect(log.ring.dropped).toBe(150);
    expect(log.received).toBe(250);
    expect(log.receivedBytes).toBe(2_500);
    expect(log.firstSeq).toBe(150);
    expect(log.get(249)?.topic).toBe('t/249');
    expect(log.get(10)).toBeUndefined();
  });

  it('caps by bytes too', () => {
    const log = new MessageLog(1_000, 10_000);
    for (let i = 0; i < 10; i++) log.append(msg('big', 3_000));
    expect(log.ring.length).toBe(3);
    expect(log.ring.byteSize).toBeLessThanOrEqual(10_000);
  });

  it('clamps a cap the user sets', () => {
    const log = new MessageLog(1_000);
    log.setCap(5);
    expect(log.ring.capacity).toBe(100);
  });
});
