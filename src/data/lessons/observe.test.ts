import { describe, expect, it } from 'vitest';
import { decodePacket } from '../../mqtt/inspect/decode';
import { connectPacket } from '../../mqtt/silentClient';
import { PacketCapture } from '../packetCapture';
import { packetsSince, pings, publishFlow, remainingLengthBytes, websocketFrameHeader } from './observe';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('what the lessons read from the wire', () => {
  const capture = new PacketCapture();
  // PINGREQ at 1000 after a PUBLISH at 0; a QoS 2 exchange on "a" with id 7; another PUBLISH
  capture.add({ at: 0, direction: 'out', bytes: bytes(0x30, 0x04, 0x00, 0x01, 0x62, 0x31) });
  capture.add({ at: 5_000, direction: 'out', bytes: bytes(0xc0, 0x00) });
  capture.add({ at: 5_002, direction: 'in', bytes: bytes(0xd0, 0x00) });
  capture.add({ at: 6_000, direction: 'out', bytes: bytes(0x34, 0x06, 0x00, 0x01, 0x61, 0x00, 0x07, 0x78) });
  capture.add({ at: 6_003, direction: 'in', bytes: bytes(0x50, 0x02, 0x00, 0x07) });
  capture.add({ at: 6_004, direction: 'out', bytes: bytes(0x62, 0x02, 0x00, 0x07) });
  capture.add({ at: 6_008, direction: 'in', bytes: bytes(0x70, 0x02, 0x00, 0x07) });

  it('finds the four packets of a QoS 2 PUBLISH by its packet id, in order', () => {
    const seen = packetsSince(capture, 1, 4);
    expect(seen.map((p) => p.packet.name)).toEqual(['PINGREQ', 'PINGRESP', 'PUBLISH', 'PUBREC', 'PUBREL', 'PUBCOMP']);
    expect(publishFlow(seen, 'a').map((p) => `${p.packet.name} ${p.packet.packetId}`)).toEqual(['PUBLISH 7', 'PUBREC 7', 'PUBREL 7', 'PUBCOMP 7']);
    expect(publishFlow(seen, 'nowhere')).toEqual([]);
  });

  it('pairs a PINGREQ with its PINGRESP and measures the quiet before it', () => {
    const [ping] = pings(packetsSince(capture, 0, 4));
    expect(ping?.quietMs).toBe(5_000);
    expect((ping?.response?.at ?? 0) - (ping?.request.at ?? 0)).toBe(2);
  });

  it('frames as RFC 6455 says: 2 bytes up to 125, 4 up to 65,535, 10 beyond; 4 more when masked', () => {
    expect(websocketFrameHeader(125, false).bytes).toBe(2);
    expect(websocketFrameHeader(126, false).bytes).toBe(4);
    expect(websocketFrameHeader(65_536, false).bytes).toBe(10);
    expect(websocketFrameHeader(20, true).bytes).toBe(6);
    expect(websocketFrameHeader(300, true).fields).toContain('2 bytes of extended payload length: 300');
  });

  it('the silent client\'s CONNECT is a valid MQTT 3.1.1 CONNECT with its will and keep-alive', () => {
    const packet = decodePacket(connectPacket({ url: 'ws://x', clientId: 'frozen-1', keepaliveSec: 5, will: { topic: 'a/status', payload: 'offline', qos: 1, retain: false } }), 4);
    expect(packet.problems).toEqual([]);
    expect(packet.clientId).toBe('frozen-1');
    expect(remainingLengthBytes(packet)).toBe(1);
    const text = JSON.stringify(packet.fields);
    expect(text).toContain('"Keep Alive"');
    expect(text).toContain('5 s');
    expect(text).toContain('a/status');
  });
});
