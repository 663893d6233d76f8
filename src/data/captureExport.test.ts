import mqttPacket from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { hexByte } from '../mqtt/payload';
import { captureJsonLines, EXPORT_HEX_MAX_BYTES } from './captureExport';

const gen = (packet: object, protocolVersion: 4 | 5) => new Uint8Array(mqttPacket.generate(packet as mqttPacket.Packet, { protocolVersion }));

describe('capture export', () => {
  for (const v of [4, 5] as const) {
    it(`writes a CONNECT's password bytes as •• in MQTT ${v === 4 ? '3.1.1' : '5.0'}, keeping their count`, () => {
      const password = 'hunter2-Secret!';
      const connect = gen({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: v, clientId: 'lab-1', clean: true, keepalive: 30, username: 'ann', password: Buffer.from(password), ...(v === 5 ? { properties: {} } : {}) }, v);
      const publish = gen({ cmd: 'publish', topic: 'lab/t', payload: Buffer.from('21.5'), qos: 0, retain: false, dup: false }, v);
      const text = captureJsonLines(
        [
          { seq: 0, packet: { at: Date.UTC(2026, 11, 4, 12), direction: 'out', bytes: connect } },
          { seq: 1, packet: { at: Date.UTC(2026, 11, 4, 12, 0, 1), direction: 'in', bytes: publish } },
        ],
        { broker: 'ws://lab:9001', protocolVersion: v, exportedAt: Date.UTC(2026, 11, 4, 13) },
      );
      const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines[0]).toMatchObject({ format: 'mqttscope.capture', version: 1, broker: 'ws://lab:9001', protocolVersion: v, packets: 2 });
      expect(lines[1]).toMatchObject({ seq: 0, direction: 'sent', type: 'CONNECT', length: connect.byteLength, hidden: `password: ${password.length} bytes written as ••` });
      const hex = String(lines[1]?.hex);
      expect(hex.split(' ').filter((b) => b === '••')).toHaveLength(password.length);
      const secretHex = [...new TextEncoder().encode(password)].map(hexByte).join(' ');
      expect(text).not.toContain(secretHex);
      expect(text).not.toContain(password);
      expect(hex).toContain([...new TextEncoder().encode('ann')].map(hexByte).join(' ')); // the user name is not a secret
      expect(lines[2]).toMatchObject({ seq: 1, direction: 'received', type: 'PUBLISH', time: '2026-12-04T12:00:01.000Z' });
      expect(lines[2]?.hidden).toBeUndefined();
    });
  }

  it('writes at most a megabyte of one packet, and says so', () => {
    const big = gen({ cmd: 'publish', topic: 't', payload: Buffer.alloc(EXPORT_HEX_MAX_BYTES + 10, 0x41), qos: 0, retain: false, dup: false }, 4);
    const [, line] = captureJsonLines([{ seq: 7, packet: { at: 0, direction: 'in', bytes: big } }], { broker: 'ws://x', protocolVersion: 4, exportedAt: 0 }).trim().split('\n');
    const parsed = JSON.parse(line ?? '{}') as { hex: string; truncated: string; length: number };
    expect(parsed.length).toBe(big.byteLength);
    expect(parsed.hex.split(' ')).toHaveLength(EXPORT_HEX_MAX_BYTES);
    expect(parsed.truncated).toBe(`the first ${EXPORT_HEX_MAX_BYTES} of ${big.byteLength} bytes are written`);
  });
});
