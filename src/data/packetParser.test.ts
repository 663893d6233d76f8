/**
 * One packet parser: every consumer of packet bytes (the framer, the flow view, the Inspector's filters,
 * the capture totals and decodePacket) reads the same type and packet identifier from the same bytes,
 * also when the bytes are truncated or malformed, which is what an inspector exists to show.
 */
import mqttPacket from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { decodePacket } from '../mqtt/inspect/decode';
import { PacketFramer } from '../mqtt/inspect/framer';
import { headerOf, packetTypeOf, peekHeader } from '../mqtt/inspect/header';
import { RingBuffer } from '../mqtt/ringBuffer';
import { PacketCapture, type CapturedPacket } from './packetCapture';
import { packetFlow } from './packetFlow';

const gen = (packet: object, protocolVersion: 4 | 5) => new Uint8Array(mqttPacket.generate(packet as mqttPacket.Packet, { protocolVersion }));

function samples(v: 4 | 5): Uint8Array[] {
  const props = v === 5 ? { properties: { userProperties: { a: 'b' } } } : {};
  return [
    gen({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: v, clientId: 'client-1', clean: true, keepalive: 30, username: 'u', password: Buffer.from('secret'), will: { topic: 'w', payload: Buffer.from('x'), qos: 1, retain: false, ...(v === 5 ? { properties: {} } : {}) } }, v),
    gen({ cmd: 'connack', sessionPresent: false, ...(v === 5 ? { reasonCode: 0 } : { returnCode: 0 }) }, v),
    gen({ cmd: 'publish', topic: 'a/b', payload: Buffer.from('hello'), qos: 0, retain: true, dup: false, ...props }, v),
    gen({ cmd: 'publish', topic: 'sensors/x', payload: Buffer.from('{"t":1}'), qos: 1, messageId: 258, retain: false, dup: true, ...props }, v),
    gen({ cmd: 'publish', topic: 'q2', payload: Buffer.alloc(300, 7), qos: 2, messageId: 65_535, retain: false, dup: false }, v),
    ...['puback', 'pubrec', 'pubrel', 'pubcomp'].map((cmd) => gen({ cmd, messageId: 42, ...(v === 5 ? { reasonCode: 0x10 } : {}) }, v)),
    gen({ cmd: 'subscribe', messageId: 7, subscriptions: [{ topic: 'a/#', qos: 1 }, { topic: '+/b', qos: 2 }], ...props }, v),
    gen({ cmd: 'suback', messageId: 7, granted: [1, 0x80], ...props }, v),
    gen({ cmd: 'unsubscribe', messageId: 8, unsubscriptions: ['a/#'], ...props }, v),
    gen({ cmd: 'unsuback', messageId: 8, ...(v === 5 ? { granted: [0] } : {}) }, v),
    gen({ cmd: 'pingreq' }, v),
    gen({ cmd: 'pingresp' }, v),
    gen({ cmd: 'disconnect', ...(v === 5 ? { reasonCode: 0 } : {}) }, v),
  ];
}

/** Every prefix of a packet, and a few malformed variants. */
function variants(packet: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let n = 1; n <= packet.byteLength; n++) out.push(packet.subarray(0, n));
  const longer = packet.slice();
  if (longer.byteLength > 1) longer[1] = Math.min(0x7f, (longer[1] as number) + 5); // says more than is there
  out.push(longer);
  const topicTooLong = packet.slice();
  if ((packet[0] as number) >> 4 === 3 && topicTooLong.byteLength > 3) topicTooLong[3] = 0xff; // topic length past the end
  out.push(topicTooLong);
  out.push(new Uint8Array([0x30, 0xff, 0xff, 0xff, 0xff, 0x01])); // Remaining Length of five bytes
  out.push(new Uint8Array([0x00, 0x00])); // type 0, reserved
  return out;
}

describe('one packet parser: peekHeader, the framer, the flow view, the capture and decodePacket agree', () => {
  for (const v of [4, 5] as const) {
    it(`MQTT ${v === 5 ? '5.0' : '3.1.1'}: type and packet id agree on whole, truncated and malformed packets`, () => {
      let checked = 0;
      for (const packet of samples(v)) {
        for (const bytes of variants(packet)) {
          const header = peekHeader(bytes);
          const decoded = decodePacket(bytes, v);
          expect(packetTypeOf(bytes)).toBe(decoded.type);
          if (header === 'invalid') {
            expect(decoded.problems.join(' ')).toMatch(/longer than four bytes/);
            continue;
          }
          const whole = headerOf(bytes);
          expect(whole.type).toBe(decoded.type);
          expect(whole.packetId, `${decoded.name} ${Array.from(bytes).join(',')}`).toBe(decoded.packetId ?? null);
          if (header !== null) {
            expect(header.remainingLength).toBe(decoded.remainingLength);
            expect(header.headerLength).toBe(decoded.fixedHeaderLength);
            expect(header.qos).toBe(decoded.name === 'PUBLISH' ? (decoded.qos ?? 0) : 0);
          }
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(400);
    });
  }

  it('the framer cuts the same packets from any split of the stream, and stops at a malformed length', () => {
    const packets = samples(5);
    const stream = new Uint8Array(packets.reduce((n, p) => n + p.byteLength, 0));
    let at = 0;
    for (const p of packets) {
      stream.set(p, at);
      at += p.byteLength;
    }
    for (const chunk of [1, 2, 3, 7, 64, stream.byteLength]) {
      const framer = new PacketFramer();
      const got: number[][] = [];
      for (let i = 0; i < stream.byteLength; i += chunk) framer.push(stream.subarray(i, i + chunk), (b) => got.push(Array.from(b)));
      expect(got).toEqual(packets.map((p) => Array.from(p)));
    }
    const framer = new PacketFramer();
    const got: Uint8Array[] = [];
    framer.push(new Uint8Array([0x30, 0xff, 0xff, 0xff, 0xff, 0x01, 0xc0, 0x00]), (b) => got.push(b));
    expect(got).toHaveLength(0);
  });

  it('the flow view and the capture totals take malformed packets without throwing', () => {
    const ring = new RingBuffer<CapturedPacket>(1_000);
    const capture = new PacketCapture();
    let t = 0;
    for (const packet of samples(4)) {
      for (const bytes of variants(packet)) {
        const p: CapturedPacket = { direction: t % 2 ? 'in' : 'out', bytes, at: t++ };
        ring.push(p);
        capture.add(p);
      }
    }
    for (let seq = ring.firstIndex; seq < ring.pushed; seq++) {
      const steps = packetFlow(ring, seq);
      expect(steps.length).toBeGreaterThanOrEqual(1);
      for (const step of steps) expect(step.type).toBe(headerOf(step.packet.bytes).type);
    }
    const counted = capture.totals.in.concat(capture.totals.out).reduce((n, x) => n + x.count, 0);
    expect(counted).toBe(ring.length);
  });
});
