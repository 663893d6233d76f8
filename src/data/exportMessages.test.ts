import { describe, expect, it } from 'vitest';
import { toCsv, toJsonLines } from './exportMessages';
import { testMessage as m } from './testMessages';

const t = Date.UTC(2026, 10, 25, 14, 0, 0, 123);

describe('export', () => {
  it('writes JSON Lines, text as text and bytes as base64', () => {
    const out = toJsonLines([m('a/b', '{"x":1}', { receivedAt: t, qos: 1, packetId: 7, retain: true }), m('bin', new Uint8Array([0xff, 0]), { receivedAt: t })]);
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toEqual({ time: '2026-11-25T14:00:00.123Z', topic: 'a/b', qos: 1, retain: true, dup: false, size: 7, packetId: 7, payload: '{"x":1}' });
    expect(lines[1]).toMatchObject({ topic: 'bin', payloadBase64: '/wA=' });
  });

  it('writes CSV with quoting, bytes as hex', () => {
    const out = toCsv([m('a,b', 'say "hi"\nbye', { receivedAt: t }), m('bin', new Uint8Array([0xff, 0xfe]), { receivedAt: t })]);
    expect(out).toBe(
      'time,topic,qos,retain,dup,size,encoding,payload\r\n' +
        '2026-11-25T14:00:00.123Z,"a,b",0,false,false,12,utf-8,"say ""hi""\nbye"\r\n' +
        '2026-11-25T14:00:00.123Z,bin,0,false,false,2,hex,fffe\r\n',
    );
  });
});
