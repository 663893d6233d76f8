import mqttPacket from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { decodePacket, fieldPathAt, packetSummary, type DecodedPacket, type PacketField } from './decode';
import { PacketFramer, packetLength } from './framer';

const bytes = (...parts: Array<number | string | number[]>) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'number' ? [p] : typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));

/** Wraps a body with a fixed header (type byte and Remaining Length). */
function withHeader(first: number, body: Uint8Array): Uint8Array {
  const length: number[] = [];
  let n = body.byteLength;
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    length.push(b);
  } while (n > 0);
  return bytes(first, length, [...body]);
}

const field = (p: DecodedPacket, name: string) => {
  const f = p.fields.find((x) => x.name === name);
  if (!f) throw new Error(`no field ${name} in ${p.fields.map((x) => x.name).join(', ')}`);
  return f;
};
const range = (f: PacketField) => [f.start, f.end];
const bit = (f: PacketField, name: string) => f.bits?.find((b) => b.name === name)?.value;

/** Top-level fields cover every byte exactly once, in order. */
function expectTiled(p: DecodedPacket, total: number) {
  let at = 0;
  for (const f of p.fields) {
    expect(f.start, `${f.name} starts where the previous ended`).toBe(at);
    expect(f.end).toBeGreaterThanOrEqual(f.start);
    for (const c of f.children ?? []) {
      expect(c.start).toBeGreaterThanOrEqual(f.start);
      expect(c.end).toBeLessThanOrEqual(f.end);
    }
    at = f.end;
  }
  expect(at).toBe(total);
}

describe('Remaining Length (MQTT 3.1.1 Table 2.4, MQTT 5.0 Table 1-1)', () => {
  it.each([
    [0, [0x00]],
    [127, [0x7f]],
    [128, [0x80, 0x01]],
    [16_383, [0xff, 0x7f]],
    [16_384, [0x80, 0x80, 0x01]],
    [2_097_151, [0xff, 0xff, 0x7f]],
    [2_097_152, [0x80, 0x80, 0x80, 0x01]],
    [268_435_455, [0xff, 0xff, 0xff, 0x7f]],
  ])('%i is encoded as %j', (value, encoded) => {
    const header = bytes(0x30, encoded);
    expect(packetLength(header)).toBe(1 + encoded.length + value);
    const p = decodePacket(header, 4);
    expect(p.remainingLength).toBe(value);
    expect(range(field(p, 'Remaining Length'))).toEqual([1, 1 + encoded.length]);
    expect(field(p, 'Remaining Length').children?.map((c) => c.note?.startsWith(`continuation bit ${c === field(p, 'Remaining Length').children?.at(-1) ? 0 : 1}`))).toEqual(encoded.map(() => true));
  });
  it('refuses a fifth length byte', () => {
    expect(packetLength(bytes(0x30, 0xff, 0xff, 0xff, 0xff, 0x01))).toBe(-1);
  });
});

describe('MQTT 3.1.1 specification examples', () => {
  it('CONNECT variable header (Figure 3.6): MQTT, level 4, flags 0xCE, keep alive 10', () => {
    const body = bytes(0x00, 0x04, 'MQTT', 0x04, 0xce, 0x00, 0x0a, 0x00, 0x02, 'id', 0x00, 0x01, 'w', 0x00, 0x01, 'p', 0x00, 0x01, 'u', 0x00, 0x02, 'pw');
    const p = decodePacket(withHeader(0x10, body), 4);
    expect(p.problems).toEqual([]);
    expect(p.name).toBe('CONNECT');
    expect(field(p, 'Protocol Name').value).toBe('"MQTT"');
    expect(range(field(p, 'Protocol Name'))).toEqual([2, 8]);
    expect(range(field(p, 'Protocol Level'))).toEqual([8, 9]);
    const flags = field(p, 'Connect Flags');
    expect(range(flags)).toEqual([9, 10]);
    expect([bit(flags, 'User Name Flag'), bit(flags, 'Password Flag'), bit(flags, 'Will Retain'), bit(flags, 'Will QoS'), bit(flags, 'Will Flag'), bit(flags, 'Clean Session'), bit(flags, 'Reserved')]).toEqual(['1', '1', '0', '1', '1', '1', '0']);
    expect(field(p, 'Keep Alive').value).toBe('10 s');
    expect(range(field(p, 'Keep Alive'))).toEqual([10, 12]);
    expect(field(p, 'Client Identifier').value).toBe('"id"');
    expect(field(p, 'Will Topic').value).toBe('"w"');
    expect(field(p, 'User Name').value).toBe('"u"');
    expect(field(p, 'Password').value).toBe('(2 bytes, hidden)');
    expectTiled(p, p.fixedHeaderLength + p.remainingLength);
  });

  it('PUBLISH variable header (Table 3.11): topic "a/b", packet id 10', () => {
    const p = decodePacket(withHeader(0x32, bytes(0x00, 0x03, 'a/b', 0x00, 0x0a, 'hi')), 4);
    expect(p.problems).toEqual([]);
    expect(bit(field(p, 'Packet type and flags'), 'QoS')).toBe('1');
    expect(field(p, 'Topic Name').value).toBe('"a/b"');
    expect(range(field(p, 'Topic Name'))).toEqual([2, 7]);
    expect(field(p, 'Packet Identifier').value).toBe('10');
    expect(range(field(p, 'Packet Identifier'))).toEqual([7, 9]);
    expect(p.payloadRange).toEqual([9, 11]);
    expect(p.packetId).toBe(10);
    expectTiled(p, 11);
  });

  it('SUBSCRIBE payload (Table 3.20): "a/b" QoS 1, "c/d" QoS 2', () => {
    const p = decodePacket(withHeader(0x82, bytes(0x00, 0x0a, 0x00, 0x03, 'a/b', 0x01, 0x00, 0x03, 'c/d', 0x02)), 4);
    expect(p.problems).toEqual([]);
    expect(field(p, 'Topic Filter 1').value).toBe('"a/b"');
    expect(bit(field(p, 'Subscription Options 1'), 'Requested QoS')).toBe('1');
    expect(range(field(p, 'Subscription Options 2'))).toEqual([15, 16]);
    expect(bit(field(p, 'Subscription Options 2'), 'Requested QoS')).toBe('2');
    expect(packetSummary(p)).toBe('a/b, c/d');
    expectTiled(p, 16);
  });

  it('SUBACK payload (Figure 3.26): granted 0, granted 2, failure', () => {
    const p = decodePacket(withHeader(0x90, bytes(0x00, 0x0a, 0x00, 0x02, 0x80)), 4);
    expect(p.reasonCodes).toEqual([0, 2, 0x80]);
    expect(field(p, 'Return Code 3').value).toBe('0x80 Refused by the broker (0x80 failure)');
    expectTiled(p, 7);
  });

  it('PINGREQ, PINGRESP and DISCONNECT are two bytes', () => {
    for (const [first, name] of [
      [0xc0, 'PINGREQ'],
      [0xd0, 'PINGRESP'],
      [0xe0, 'DISCONNECT'],
    ] as const) {
      const p = decodePacket(bytes(first, 0x00), 4);
      expect(p.name).toBe(name);
      expect(p.problems).toEqual([]);
      expectTiled(p, 2);
    }
  });
});

describe('MQTT 5.0 specification examples', () => {
  it('CONNECT variable header (Figure 3-6): properties length 5, Session Expiry Interval 10', () => {
    const body = bytes(0x00, 0x04, 'MQTT', 0x05, 0xc2, 0x00, 0x0a, 0x05, 0x11, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x01, 'u', 0x00, 0x01, 'p');
    const p = decodePacket(withHeader(0x10, body), 4); // the level byte decides
    expect(p.problems).toEqual([]);
    expect(p.protocolLevel).toBe(5);
    expect(bit(field(p, 'Connect Flags'), 'Clean Start')).toBe('1');
    const props = field(p, 'Properties');
    expect(range(props)).toEqual([12, 18]);
    const expiry = props.children?.find((c) => c.name === 'Session Expiry Interval');
    expect(expiry?.value).toBe('10');
    expect(expiry && range(expiry)).toEqual([13, 18]);
    expect(field(p, 'Client Identifier').value).toBe('""');
    expectTiled(p, p.fixedHeaderLength + p.remainingLength);
  });

  it('PUBACK without reason code means Success; with one, it is read', () => {
    expect(decodePacket(bytes(0x40, 0x02, 0x00, 0x07), 5).reasonCodes).toEqual([0]);
    const refused = decodePacket(bytes(0x40, 0x03, 0x00, 0x07, 0x87), 5);
    expect(field(refused, 'Reason Code').value).toBe('Not authorized (0x87)');
  });
});

describe('every packet type made by mqtt-packet', () => {
  const generate = (packet: object, protocolVersion: 4 | 5) => new Uint8Array(mqttPacket.generate(packet as mqttPacket.Packet, { protocolVersion }));
  const v4: Array<[string, object]> = [
    ['CONNECT', { cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, clientId: 'dash-1', keepalive: 30, will: { topic: 'dash/status', payload: Buffer.from('gone'), qos: 1, retain: true }, username: 'u', password: Buffer.from('p') }],
    ['CONNACK', { cmd: 'connack', returnCode: 0, sessionPresent: true }],
    ['PUBLISH', { cmd: 'publish', topic: 'tele/x/SENSOR', payload: Buffer.from('{"T":1}'), qos: 2, retain: true, dup: true, messageId: 300 }],
    ['PUBACK', { cmd: 'puback', messageId: 1 }],
    ['PUBREC', { cmd: 'pubrec', messageId: 2 }],
    ['PUBREL', { cmd: 'pubrel', messageId: 3 }],
    ['PUBCOMP', { cmd: 'pubcomp', messageId: 4 }],
    ['SUBSCRIBE', { cmd: 'subscribe', messageId: 5, subscriptions: [{ topic: 'a/#', qos: 1 }] }],
    ['SUBACK', { cmd: 'suback', messageId: 5, granted: [1, 128] }],
    ['UNSUBSCRIBE', { cmd: 'unsubscribe', messageId: 6, unsubscriptions: ['a/#', 'b/+'] }],
    ['UNSUBACK', { cmd: 'unsuback', messageId: 6 }],
    ['PINGREQ', { cmd: 'pingreq' }],
    ['PINGRESP', { cmd: 'pingresp' }],
    ['DISCONNECT', { cmd: 'disconnect' }],
  ];
  it.each(v4)('MQTT 3.1.1 %s', (name, packet) => {
    const raw = generate(packet, 4);
    const p = decodePacket(raw, 4);
    expect(p.name).toBe(name);
    expect(p.problems).toEqual([]);
    expectTiled(p, raw.byteLength);
    for (let i = 0; i < raw.byteLength; i++) expect(fieldPathAt(p.fields, i).length, `byte ${i} has a field`).toBeGreaterThan(0);
  });

  const v5: Array<[string, object]> = [
    ['CONNECT', { cmd: 'connect', protocolId: 'MQTT', protocolVersion: 5, clean: true, clientId: 'dash-5', keepalive: 60, properties: { sessionExpiryInterval: 3600, receiveMaximum: 20, userProperties: { app: 'mqttscope' } }, will: { topic: 'w', payload: Buffer.from('x'), qos: 0, retain: false, properties: { willDelayInterval: 5, contentType: 'text/plain' } } }],
    ['CONNACK', { cmd: 'connack', reasonCode: 0, sessionPresent: false, properties: { assignedClientIdentifier: 'auto-1', serverKeepAlive: 30, topicAliasMaximum: 10 } }],
    ['PUBLISH', { cmd: 'publish', topic: 'a/b', payload: Buffer.from('hi'), qos: 1, retain: false, dup: false, messageId: 9, properties: { contentType: 'text/plain', responseTopic: 'a/reply', correlationData: Buffer.from('c1'), messageExpiryInterval: 60, subscriptionIdentifier: 42, userProperties: { k: ['1', '2'] } } }],
    ['PUBACK', { cmd: 'puback', messageId: 9, reasonCode: 0x10, properties: { reasonString: 'nobody listens' } }],
    ['PUBREC', { cmd: 'pubrec', messageId: 10, reasonCode: 0 }],
    ['PUBREL', { cmd: 'pubrel', messageId: 10, reasonCode: 0 }],
    ['PUBCOMP', { cmd: 'pubcomp', messageId: 10, reasonCode: 0 }],
    ['SUBSCRIBE', { cmd: 'subscribe', messageId: 11, properties: { subscriptionIdentifier: 42 }, subscriptions: [{ topic: 'a/+', qos: 2, nl: true, rap: true, rh: 2 }] }],
    ['SUBACK', { cmd: 'suback', messageId: 11, granted: [2, 0x87], properties: { reasonString: 'partly' } }],
    ['UNSUBSCRIBE', { cmd: 'unsubscribe', messageId: 12, unsubscriptions: ['a/+'] }],
    ['UNSUBACK', { cmd: 'unsuback', messageId: 12, granted: [0x11] }],
    ['PINGREQ', { cmd: 'pingreq' }],
    ['PINGRESP', { cmd: 'pingresp' }],
    ['DISCONNECT', { cmd: 'disconnect', reasonCode: 0x8e, properties: { reasonString: 'taken over' } }],
    ['AUTH', { cmd: 'auth', reasonCode: 0x18, properties: { authenticationMethod: 'SCRAM-SHA-1', authenticationData: Buffer.from([1, 2, 3]) } }],
  ];
  it.each(v5)('MQTT 5.0 %s', (name, packet) => {
    const raw = generate(packet, 5);
    const p = decodePacket(raw, 5);
    expect(p.name).toBe(name);
    expect(p.problems).toEqual([]);
    expectTiled(p, raw.byteLength);
  });

  it('reads MQTT 5 properties one by one, with their byte ranges', () => {
    const raw = generate(v5[2]?.[1] as object, 5);
    const p = decodePacket(raw, 5);
    const props = field(p, 'Properties').children ?? [];
    expect(props[0]?.name).toBe('Property Length');
    expect(props.map((c) => c.name).sort()).toEqual(
      ['Property Length', 'Message Expiry Interval', 'Content Type', 'Response Topic', 'Correlation Data', 'Subscription Identifier', 'User Property', 'User Property'].sort(),
    );
    expect(props.find((c) => c.name === 'Message Expiry Interval')?.value).toBe('60');
    expect(props.find((c) => c.name === 'Subscription Identifier')?.value).toBe('42');
    expect(props.find((c) => c.name === 'Correlation Data')?.value).toBe('63 31');
    const user = props.filter((c) => c.name === 'User Property').map((c) => c.value);
    expect(user).toEqual(['"k": "1"', '"k": "2"']);
    for (const prop of props) expect(Array.from(raw.subarray(prop.start, prop.end)).length).toBe(prop.end - prop.start);
    const sub = decodePacket(generate(v5[7]?.[1] as object, 5), 5);
    const options = field(sub, 'Subscription Options 1');
    expect([bit(options, 'Retain Handling'), bit(options, 'Retain As Published'), bit(options, 'No Local'), bit(options, 'Maximum QoS')]).toEqual(['2', '1', '1', '2']);
    const connack = decodePacket(generate(v5[1]?.[1] as object, 5), 5);
    expect(field(connack, 'Properties').children?.find((c) => c.name === 'Assigned Client Identifier')?.value).toBe('"auto-1"');
  });
});

describe('malformed input', () => {
  it('says what is wrong instead of throwing', () => {
    expect(decodePacket(bytes(0x32, 0x05, 0x00, 0x09, 'ab'), 4).problems[0]).toMatch(/Truncated|Remaining Length says/);
    expect(decodePacket(bytes(0x00, 0x00), 4).problems).toContain('Packet type 0 is reserved: this is not an MQTT packet');
    expect(decodePacket(bytes(0x20, 0x03, 0x00, 0x00, 0xff), 4).problems).toEqual(['1 byte left over at the end']);
  });
});

describe('PacketFramer', () => {
  it('splits frames into packets, across and within frames', () => {
    const a = bytes(0x30, 0x05, 0x00, 0x01, 't', 'h', 'i');
    const b = bytes(0xd0, 0x00);
    const c = bytes(0x40, 0x02, 0x00, 0x07);
    const stream = new Uint8Array([...a, ...b, ...c]);
    const got: number[][] = [];
    const framer = new PacketFramer();
    framer.push(stream.subarray(0, 3), (p) => got.push([...p]));
    framer.push(stream.subarray(3, 10), (p) => got.push([...p]));
    framer.push(stream.subarray(10), (p) => got.push([...p]));
    expect(got).toEqual([[...a], [...b], [...c]]);
  });

  it('passes a frame holding exactly one packet through as it is, and still joins what follows a partial one', () => {
    const framer = new PacketFramer();
    const whole = bytes(0xd0, 0x00);
    const got: Uint8Array[] = [];
    framer.push(whole, (p) => got.push(p));
    expect(got[0]).toBe(whole);
    // a partial packet, then the rest together with a whole one: no shortcut while something is pending
    const publish = bytes(0x30, 0x05, 0x00, 0x01, 't', 'h', 'i');
    framer.push(publish.subarray(0, 4), (p) => got.push(p));
    framer.push(new Uint8Array([...publish.subarray(4), 0xd0, 0x00]), (p) => got.push(p));
    expect(got.map((p) => [...p])).toEqual([[0xd0, 0x00], [...publish], [0xd0, 0x00]]);
  });
});
