import { describe, expect, it } from 'vitest';
import { coapSummary, coapUint, decodeCoap, encodeCoap } from './coap';

const hex = (s: string) => Uint8Array.from(s.replace(/\s+/g, '').match(/../g) ?? [], (b) => parseInt(b, 16));
const text = (s: string) => new TextEncoder().encode(s);

describe('CoAP messages (RFC 7252)', () => {
  // RFC 7252 Appendix A, Figure 16: "CON [0x7d34] GET /temperature" and "ACK [0x7d34] 2.05 Content "22.3 C""
  const request = hex('40 01 7d 34 bb') ;
  const temperature = Uint8Array.from([...request, ...text('temperature')]);
  const response = Uint8Array.from([...hex('60 45 7d 34 ff'), ...text('22.3 C')]);

  it('reads the GET of Appendix A, Figure 16: version 1, CON, no token, 0.01 GET, Message ID 0x7d34, Uri-Path "temperature"', () => {
    const m = decodeCoap(temperature);
    expect(m.problems).toEqual([]);
    expect([m.version, m.type, m.tokenLength, m.code, m.codeName, m.messageId]).toEqual([1, 'CON', 0, '0.01', 'GET', 0x7d34]);
    expect(m.options).toEqual([{ number: 11, name: 'Uri-Path', value: '"temperature"' }]);
    expect(m.payload.byteLength).toBe(0);
    const header = m.fields[0];
    expect(header?.value).toBe('CON 0.01 GET, Message ID 32052, /temperature');
    expect(header?.children?.[0]?.bits?.map((b) => b.value)).toEqual(['01 = 1', '00 = CON', '0000 = 0']);
    // the option's delta 11 and length 11 share one byte, 0xBB
    const option = m.fields[1]?.children?.[0];
    expect([option?.start, option?.end]).toEqual([4, 16]);
    expect(option?.bits?.map((b) => b.value)).toEqual(['1011 = 11: option 0 + 11 = 11', '1011 = 11']);
  });

  it('reads its answer: ACK, 2.05 Content, the same Message ID, the payload after the 0xFF marker', () => {
    const m = decodeCoap(response);
    expect(m.problems).toEqual([]);
    expect([m.type, m.code, m.codeName, m.messageId]).toEqual(['ACK', '2.05', 'Content', 0x7d34]);
    expect(new TextDecoder().decode(m.payload)).toBe('22.3 C');
    expect(m.fields.map((f) => f.name)).toEqual(['Header', 'Payload marker', 'Payload']);
    expect(coapSummary(m)).toEqual({ type: 'ACK', code: '2.05 Content', messageId: 32052, options: {}, payload: '22.3 C' });
  });

  it('encodes those two messages to the same bytes', () => {
    expect(encodeCoap({ type: 'CON', code: 1, messageId: 0x7d34, options: [{ number: 11, value: text('temperature') }] })).toEqual(temperature);
    expect(encodeCoap({ type: 'ACK', code: 69, messageId: 0x7d34, payload: text('22.3 C') })).toEqual(response);
  });

  it('reads a token and an Observe notification (RFC 7641): NON 2.05 with Observe, Content-Format and Max-Age', () => {
    const bytes = encodeCoap({
      type: 'NON',
      code: 69,
      messageId: 0x1234,
      token: hex('4a 7f'),
      options: [
        { number: 12, value: coapUint(50) },
        { number: 6, value: coapUint(300) },
        { number: 14, value: coapUint(60) },
      ],
      payload: text('{"t":21.5}'),
    });
    // header: 01 01 0010 = 0x52, code 0x45, id 0x1234, token 4a7f; Observe (6): delta 6 length 2; Content-Format (12): delta 6, length 1; Max-Age (14): delta 2, length 1
    expect(bytes.subarray(0, 13)).toEqual(hex('52 45 12 34 4a 7f 62 01 2c 61 32 21 3c'));
    const m = decodeCoap(bytes);
    expect(m.problems).toEqual([]);
    expect([m.type, m.token, m.tokenLength]).toEqual(['NON', '4a7f', 2]);
    expect(m.options.map((o) => [o.name, o.value])).toEqual([
      ['Observe', '300'],
      ['Content-Format', '50 (application/json)'],
      ['Max-Age', '60'],
    ]);
    expect(m.fields.map((f) => f.name)).toEqual(['Header', 'Token', 'Options', 'Payload marker', 'Payload']);
    expect(m.fields[2]?.children?.map((f) => `${f.name} ${f.start}-${f.end}`)).toEqual(['Observe 6-9', 'Content-Format 9-11', 'Max-Age 11-13']);
  });

  it('extended option deltas and lengths (§3.1): nibble 13 adds one byte (minus 13), nibble 14 two (minus 269)', () => {
    const long = text('x'.repeat(300));
    const bytes = encodeCoap({ type: 'CON', code: 2, messageId: 1, options: [{ number: 35, value: long }] });
    // delta 35 = 13 + 22, length 300 = 269 + 31: 0xDE, 0x16, 0x00 0x1f
    expect(bytes.subarray(4, 8)).toEqual(hex('de 16 00 1f'));
    const m = decodeCoap(bytes);
    expect(m.problems).toEqual([]);
    expect(m.options[0]?.name).toBe('Proxy-Uri');
    expect(m.options[0]?.value.length).toBe(302);
    // Content-Format 0 (text/plain) is a uint with no bytes at all
    expect(decodeCoap(encodeCoap({ type: 'CON', code: 2, messageId: 1, options: [{ number: 12, value: coapUint(0) }] })).options[0]?.value).toBe('0 (text/plain; charset=utf-8)');
  });

  it('says in words what breaks the format, and never throws', () => {
    expect(decodeCoap(hex('40 01')).problems[0]).toMatch(/4-byte header; this one has 2 bytes/);
    expect(decodeCoap(hex('80 01 00 01')).problems[0]).toMatch(/Version 2: RFC 7252 is version 1/);
    expect(decodeCoap(hex('49 01 00 01')).problems[0]).toMatch(/Token Length 9: lengths 9-15 are reserved/);
    expect(decodeCoap(hex('42 01 00 01 aa')).problems[0]).toMatch(/token should be 2 bytes; the message ends after 1/);
    expect(decodeCoap(hex('40 01 00 01 ff')).problems[0]).toMatch(/payload marker \(0xFF\) with no payload/);
    expect(decodeCoap(hex('40 01 00 01 f1 00')).problems[0]).toMatch(/Option delta 15 is reserved/);
    expect(decodeCoap(hex('40 01 00 01 b5 61')).problems[0]).toMatch(/Option 11 says its value is 5 bytes; the message ends after 1/);
    expect(decodeCoap(hex('40 01 00 01 d1')).problems[0]).toMatch(/extended delta needs 1 more byte/);
    expect(decodeCoap(hex('60 00 00 01 00')).problems[0]).toMatch(/Empty message \(Code 0.00\) must be the 4-byte header alone/);
    for (let i = 0; i < 2_000; i++) {
      const random = Uint8Array.from({ length: 1 + (i % 40) }, () => Math.floor(Math.random() * 256));
      expect(() => decodeCoap(random)).not.toThrow();
    }
  });
});
