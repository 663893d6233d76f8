import mqttPacket from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { RingBuffer } from '../mqtt/ringBuffer';
import { httpPostFor } from './httpCompare';
import type { CapturedPacket, Direction } from './packetCapture';
import { headerOf } from '../mqtt/inspect/header';
import { packetFlow } from './packetFlow';

const pkt = (direction: Direction, packet: object, at: number): CapturedPacket => ({
  direction,
  at,
  bytes: new Uint8Array(mqttPacket.generate(packet as mqttPacket.Packet, { protocolVersion: 4 })),
});

describe('packetFlow', () => {
  const ring = new RingBuffer<CapturedPacket>(100);
  ring.push(pkt('out', { cmd: 'publish', topic: 'a', payload: Buffer.from('1'), qos: 2, messageId: 5 }, 0)); // 0
  ring.push(pkt('in', { cmd: 'publish', topic: 'b', payload: Buffer.from('x'), qos: 1, messageId: 5 }, 1)); // 1: same id, other exchange
  ring.push(pkt('in', { cmd: 'pubrec', messageId: 5 }, 2)); // 2
  ring.push(pkt('out', { cmd: 'puback', messageId: 5 }, 3)); // 3: answers 1
  ring.push(pkt('out', { cmd: 'pubrel', messageId: 5 }, 4)); // 4
  ring.push(pkt('in', { cmd: 'pubcomp', messageId: 5 }, 5)); // 5
  ring.push(pkt('out', { cmd: 'pingreq' }, 6)); // 6
  ring.push(pkt('in', { cmd: 'pingresp' }, 7)); // 7

  it('reads packet ids where each type keeps them', () => {
    expect(headerOf((ring.atAbsolute(0) as CapturedPacket).bytes).packetId).toBe(5);
    expect(headerOf((ring.atAbsolute(4) as CapturedPacket).bytes).packetId).toBe(5);
    expect(headerOf((ring.atAbsolute(6) as CapturedPacket).bytes).packetId).toBeNull();
  });

  it('follows a QoS 2 exchange from any of its packets, not confusing one that reuses the id', () => {
    for (const seq of [0, 2, 4, 5]) expect(packetFlow(ring, seq).map((s) => s.seq)).toEqual([0, 2, 4, 5]);
  });

  it('pairs a QoS 1 publish received with our PUBACK, and a ping with its answer', () => {
    expect(packetFlow(ring, 3).map((s) => s.seq)).toEqual([1, 3]);
    expect(packetFlow(ring, 7).map((s) => s.seq)).toEqual([6, 7]);
  });
});

describe('httpPostFor', () => {
  it('counts a minimal POST line by line', () => {
    const { lines, total } = httpPostFor('tele/livingroom/SENSOR', 104, 'broker.local:9001');
    expect(lines.map((l) => l.bytes)).toEqual([
      'POST /tele/livingroom/SENSOR HTTP/1.1'.length + 2,
      'Host: broker.local:9001'.length + 2,
      'Content-Type: application/octet-stream'.length + 2,
      'Content-Length: 104'.length + 2,
      2,
      104,
    ]);
    expect(total).toBe(39 + 25 + 40 + 21 + 2 + 104);
  });
});
