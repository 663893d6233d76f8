/**
 * (Over 300 lines: one decoder per packet type, written from the specification, side by side.)
 * Decodes an MQTT control packet (3.1.1 or 5.0) into labelled fields, each with the byte range it came
 * from, so a hex dump can say what every byte is. Written from the specifications (MQTT 3.1.1 §2-3,
 * MQTT 5.0 §2-3), not from a client library, so it can show malformed packets as they are.
 */
import { toHex } from '../payload';
import { describeConnackCode, describeReasonCode, describeSubackCode, hexCode } from '../reasonCodes';

export const PACKET_TYPE_NAMES = [
  'Reserved',
  'CONNECT',
  'CONNACK',
  'PUBLISH',
  'PUBACK',
  'PUBREC',
  'PUBREL',
  'PUBCOMP',
  'SUBSCRIBE',
  'SUBACK',
  'UNSUBSCRIBE',
  'UNSUBACK',
  'PINGREQ',
  'PINGRESP',
  'DISCONNECT',
  'AUTH',
] as const;

export type PacketTypeName = (typeof PACKET_TYPE_NAMES)[number];

export type FieldSection = 'fixed header' | 'variable header' | 'properties' | 'payload';

export interface BitField {
  /** "7-4", "3", "2-1" */
  bits: string;
  name: string;
  value: string;
}

export interface PacketField {
  name: string;
  section: FieldSection;
  /** Byte range [start, end) in the packet. */
  start: number;
  end: number;
  value: string;
  note?: string;
  bits?: BitField[];
  children?: PacketField[];
}

export interface DecodedPacket {
  type: number;
  name: PacketTypeName;
  flags: number;
  remainingLength: number;
  /** Bytes of the fixed header (type byte + Remaining Length). */
  fixedHeaderLength: number;
  fields: PacketField[];
  packetId?: number;
  topic?: string;
  qos?: number;
  /** The application message of a PUBLISH. */
  payloadRange?: [number, number];
  /** Reason / return codes carried (CONNACK, acknowledgements, SUBACK entries, DISCONNECT, AUTH). */
  reasonCodes: number[];
  /** CONNECT: the protocol level it asked for. */
  protocolLevel?: number;
  /** CONNECT: the client identifier. */
  clientId?: string;
  /** SUBSCRIBE and UNSUBSCRIBE: the topic filters, in order. */
  topicFilters: string[];
  /** CONNECT: the bytes of the password, which no view and no export shows. */
  secretRange?: [number, number];
  /** What did not decode (a malformed or truncated packet). */
  problems: string[];
}

/** MQTT 5 properties: identifier -> name and value type (MQTT 5.0 §2.2.2.2). */
const PROPERTIES: Record<number, { name: string; type: 'byte' | 'two' | 'four' | 'varint' | 'utf8' | 'pair' | 'binary' }> = {
  0x01: { name: 'Payload Format Indicator', type: 'byte' },
  0x02: { name: 'Message Expiry Interval', type: 'four' },
  0x03: { name: 'Content Type', type: 'utf8' },
  0x08: { name: 'Response Topic', type: 'utf8' },
  0x09: { name: 'Correlation Data', type: 'binary' },
  0x0b: { name: 'Subscription Identifier', type: 'varint' },
  0x11: { name: 'Session Expiry Interval', type: 'four' },
  0x12: { name: 'Assigned Client Identifier', type: 'utf8' },
  0x13: { name: 'Server Keep Alive', type: 'two' },
  0x15: { name: 'Authentication Method', type: 'utf8' },
  0x16: { name: 'Authentication Data', type: 'binary' },
  0x17: { name: 'Request Problem Information', type: 'byte' },
  0x18: { name: 'Will Delay Interval', type: 'four' },
  0x19: { name: 'Request Response Information', type: 'byte' },
  0x1a: { name: 'Response Information', type: 'utf8' },
  0x1c: { name: 'Server Reference', type: 'utf8' },
  0x1f: { name: 'Reason String', type: 'utf8' },
  0x21: { name: 'Receive Maximum', type: 'two' },
  0x22: { name: 'Topic Alias Maximum', type: 'two' },
  0x23: { name: 'Topic Alias', type: 'two' },
  0x24: { name: 'Maximum QoS', type: 'byte' },
  0x25: { name: 'Retain Available', type: 'byte' },
  0x26: { name: 'User Property', type: 'pair' },
  0x27: { name: 'Maximum Packet Size', type: 'four' },
  0x28: { name: 'Wildcard Subscription Available', type: 'byte' },
  0x29: { name: 'Subscription Identifier Available', type: 'byte' },
  0x2a: { name: 'Shared Subscription Available', type: 'byte' },
};

const utf8 = new TextDecoder('utf-8');

class Truncated extends Error {}

/** A cursor over the packet that records a field for everything it reads. */
class Reader {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    start: number,
    private readonly limit: number,
  ) {
    this.pos = start;
  }
  get left(): number {
    return this.limit - this.pos;
  }
  need(n: number): void {
    if (this.pos + n > this.limit) throw new Truncated(`needs ${n} more byte${n === 1 ? '' : 's'} at offset ${this.pos}`);
  }
  byte(): number {
    this.need(1);
    return this.bytes[this.pos++] as number;
  }
  two(): number {
    this.need(2);
    const v = ((this.bytes[this.pos] as number) << 8) | (this.bytes[this.pos + 1] as number);
    this.pos += 2;
    return v;
  }
  four(): number {
    this.need(4);
    const b = this.bytes;
    const p = this.pos;
    this.pos += 4;
    return (b[p] as number) * 2 ** 24 + (((b[p + 1] as number) << 16) | ((b[p + 2] as number) << 8) | (b[p + 3] as number));
  }
  varint(): { value: number; start: number; end: number } {
    const start = this.pos;
    let value = 0;
    let multiplier = 1;
    for (let i = 0; i < 4; i++) {
      const b = this.byte();
      value += (b & 0x7f) * multiplier;
      if ((b & 0x80) === 0) return { value, start, end: this.pos };
      multiplier *= 128;
    }
    throw new Truncated('a variable byte integer longer than four bytes');
  }
}

function bin(n: number, width: number): string {
  return n.toString(2).padStart(width, '0');
}

/** A two-byte length then that many bytes, as one field with the length and the data as children. */
function lengthPrefixed(r: Reader, name: string, section: FieldSection, kind: 'utf8' | 'binary'): PacketField & { text: string; data: Uint8Array } {
  const start = r.pos;
  const length = r.two();
  r.need(length);
  const data = r.bytes.subarray(r.pos, r.pos + length);
  r.pos += length;
  const text = kind === 'utf8' ? utf8.decode(data) : toHex(data);
  return {
    name,
    section,
    start,
    end: r.pos,
    value: kind === 'utf8' ? JSON.stringify(text) : length === 0 ? '(empty)' : text,
    text,
    data,
    children: [
      { name: 'Length', section, start, end: start + 2, value: `${length}`, note: 'two bytes, most significant first' },
      { name: kind === 'utf8' ? 'UTF-8 bytes' : 'Bytes', section, start: start + 2, end: r.pos, value: kind === 'utf8' ? JSON.stringify(text) : text || '(none)' },
    ],
  };
}

function strip<T extends PacketField>(f: T): PacketField {
  const { name, section, start, end, value, note, bits, children } = f;
  const out: PacketField = { name, section, start, end, value };
  if (note !== undefined) out.note = note;
  if (bits !== undefined) out.bits = bits;
  if (children !== undefined) out.children = children;
  return out;
}

function varintNote(bytes: Uint8Array, start: number, end: number): PacketField['children'] {
  const children: PacketField[] = [];
  let multiplier = 1;
  for (let i = start; i < end; i++) {
    const b = bytes[i] as number;
    children.push({
      name: `Byte ${i - start + 1}`,
      section: 'fixed header',
      start: i,
      end: i + 1,
      value: `${hexCode(b)} = ${bin(b, 8)}`,
      note: `continuation bit ${b >> 7}${b & 0x80 ? ' (another byte follows)' : ' (last byte)'}; ${b & 0x7f} × ${multiplier} = ${(b & 0x7f) * multiplier}`,
    });
    multiplier *= 128;
  }
  return children;
}

function readProperties(r: Reader, out: PacketField[], packet: DecodedPacket, forWill = false): void {
  const start = r.pos;
  const length = r.varint();
  const children: PacketField[] = [
    {
      name: 'Property Length',
      section: 'properties',
      start: length.start,
      end: length.end,
      value: `${length.value} byte${length.value === 1 ? '' : 's'}`,
      note: 'a variable byte integer',
    },
  ];
  const end = r.pos + length.value;
  r.need(length.value);
  while (r.pos < end) {
    const pStart = r.pos;
    const id = r.byte();
    const spec = PROPERTIES[id];
    if (!spec) {
      packet.problems.push(`Unknown property identifier ${hexCode(id)} at offset ${pStart}`);
      r.pos = end;
      break;
    }
    const idField: PacketField = { name: 'Identifier', section: 'properties', start: pStart, end: pStart + 1, value: `${hexCode(id)} ${spec.name}` };
    let value = '';
    let valueChildren: PacketField[] = [];
    switch (spec.type) {
      case 'byte':
        value = String(r.byte());
        break;
      case 'two':
        value = String(r.two());
        break;
      case 'four':
        value = String(r.four());
        break;
      case 'varint':
        value = String(r.varint().value);
        break;
      case 'utf8': {
        const s = lengthPrefixed(r, 'Value', 'properties', 'utf8');
        value = s.value;
        valueChildren = s.children ?? [];
        break;
      }
      case 'binary': {
        const b = lengthPrefixed(r, 'Value', 'properties', 'binary');
        value = b.value;
        valueChildren = b.children ?? [];
        break;
      }
      case 'pair': {
        const k = lengthPrefixed(r, 'Name', 'properties', 'utf8');
        const v = lengthPrefixed(r, 'Value', 'properties', 'utf8');
        value = `${k.value}: ${v.value}`;
        valueChildren = [strip(k), strip(v)];
        break;
      }
    }
    children.push({
      name: spec.name,
      section: 'properties',
      start: pStart,
      end: r.pos,
      value,
      children: [idField, ...(valueChildren.length ? valueChildren : [{ name: 'Value', section: 'properties' as const, start: pStart + 1, end: r.pos, value }])],
    });
  }
  out.push({ name: forWill ? 'Will Properties' : 'Properties', section: 'properties', start, end: r.pos, value: `${children.length - 1} propert${children.length === 2 ? 'y' : 'ies'}`, children });
}

function packetIdField(r: Reader, packet: DecodedPacket): PacketField {
  const start = r.pos;
  packet.packetId = r.two();
  return { name: 'Packet Identifier', section: 'variable header', start, end: r.pos, value: String(packet.packetId), note: 'two bytes; pairs this packet with its acknowledgement' };
}

/** One reason (or return) code byte: recorded on the packet, described in words. */
function reasonCodeField(r: Reader, packet: DecodedPacket, name: string, section: PacketField['section'], words: (code: number) => string): PacketField {
  const start = r.pos;
  const code = r.byte();
  packet.reasonCodes.push(code);
  return { name, section, start, end: r.pos, value: words(code) };
}

/** Decodes one whole packet. `protocolVersion` is the connection's (CONNECT carries its own). */
export function decodePacket(bytes: Uint8Array, protocolVersion: 4 | 5): DecodedPacket {
  const first = bytes[0] ?? 0;
  const type = first >> 4;
  const flags = first & 0x0f;
  const name = PACKET_TYPE_NAMES[type] as PacketTypeName;
  const packet: DecodedPacket = { type, name, flags, remainingLength: 0, fixedHeaderLength: 1, fields: [], reasonCodes: [], topicFilters: [], problems: [] };
  const fields = packet.fields;

  const flagBits: BitField[] =
    type === 3
      ? [
          { bits: '3', name: 'DUP', value: `${(flags >> 3) & 1}${flags & 8 ? ' (a re-delivery)' : ''}` },
          { bits: '2-1', name: 'QoS', value: String((flags >> 1) & 3) },
          { bits: '0', name: 'RETAIN', value: String(flags & 1) },
        ]
      : [{ bits: '3-0', name: 'Reserved flags', value: `${bin(flags, 4)}${type === 6 || type === 8 || type === 10 ? ' (must be 0010)' : ' (must be 0000)'}` }];
  fields.push({
    name: 'Packet type and flags',
    section: 'fixed header',
    start: 0,
    end: 1,
    value: `${hexCode(first)} = ${bin(first, 8)}`,
    bits: [{ bits: '7-4', name: 'Packet type', value: `${type} ${name}` }, ...flagBits],
  });

  const r = new Reader(bytes, 1, bytes.byteLength);
  try {
    const length = r.varint();
    packet.remainingLength = length.value;
    packet.fixedHeaderLength = length.end;
    fields.push({
      name: 'Remaining Length',
      section: 'fixed header',
      start: length.start,
      end: length.end,
      value: `${length.value} byte${length.value === 1 ? '' : 's'} follow`,
      note: `a variable byte integer of ${length.end - length.start} byte${length.end - length.start === 1 ? '' : 's'}: 7 bits of value each, the top bit says whether another byte follows`,
      children: varintNote(bytes, length.start, length.end) ?? [],
    });
    if (length.end + length.value !== bytes.byteLength) {
      packet.problems.push(`Remaining Length says ${length.value} bytes follow, but ${bytes.byteLength - length.end} do`);
    }
    const body = new Reader(bytes, length.end, Math.min(bytes.byteLength, length.end + length.value));
    decodeBody(body, packet, protocolVersion);
    if (body.left > 0 && packet.name !== 'PUBLISH') {
      packet.problems.push(`${body.left} byte${body.left === 1 ? '' : 's'} left over at the end`);
    }
  } catch (error) {
    if (error instanceof Truncated) packet.problems.push(`Truncated: ${error.message}`);
    else throw error;
  }
  return packet;
}

function decodeBody(r: Reader, packet: DecodedPacket, connectionVersion: 4 | 5): void {
  const f = packet.fields;
  const v5 = connectionVersion === 5;
  switch (packet.name) {
    case 'CONNECT': {
      const protocolName = lengthPrefixed(r, 'Protocol Name', 'variable header', 'utf8');
      f.push(strip(protocolName));
      const levelAt = r.pos;
      const level = r.byte();
      packet.protocolLevel = level;
      f.push({
        name: 'Protocol Level',
        section: 'variable header',
        start: levelAt,
        end: r.pos,
        value: String(level),
        note: level === 5 ? 'MQTT 5.0' : level === 4 ? 'MQTT 3.1.1' : level === 3 ? 'MQTT 3.1' : 'unknown',
      });
      const flagsAt = r.pos;
      const cf = r.byte();
      f.push({
        name: 'Connect Flags',
        section: 'variable header',
        start: flagsAt,
        end: r.pos,
        value: `${hexCode(cf)} = ${bin(cf, 8)}`,
        bits: [
          { bits: '7', name: 'User Name Flag', value: String((cf >> 7) & 1) },
          { bits: '6', name: 'Password Flag', value: String((cf >> 6) & 1) },
          { bits: '5', name: 'Will Retain', value: String((cf >> 5) & 1) },
          { bits: '4-3', name: 'Will QoS', value: String((cf >> 3) & 3) },
          { bits: '2', name: 'Will Flag', value: String((cf >> 2) & 1) },
          { bits: '1', name: level === 5 ? 'Clean Start' : 'Clean Session', value: String((cf >> 1) & 1) },
          { bits: '0', name: 'Reserved', value: String(cf & 1) },
        ],
      });
      const kaAt = r.pos;
      const keepalive = r.two();
      f.push({ name: 'Keep Alive', section: 'variable header', start: kaAt, end: r.pos, value: `${keepalive} s`, note: keepalive === 0 ? 'no keep-alive' : 'the longest silence before a PINGREQ is due' });
      const v5connect = level === 5;
      if (v5connect) readProperties(r, f, packet);
      const clientId = lengthPrefixed(r, 'Client Identifier', 'payload', 'utf8');
      packet.clientId = clientId.text;
      f.push(strip(clientId));
      if (cf & 0x04) {
        if (v5connect) readProperties(r, f, packet, true);
        f.push(strip(lengthPrefixed(r, 'Will Topic', 'payload', 'utf8')));
        f.push(strip(lengthPrefixed(r, 'Will Payload', 'payload', 'binary')));
      }
      if (cf & 0x80) f.push(strip(lengthPrefixed(r, 'User Name', 'payload', 'utf8')));
      if (cf & 0x40) {
        const password = lengthPrefixed(r, 'Password', 'payload', 'binary');
        // The bytes crossed the wire, but no view shows them: the hex dump and exports mask this range too.
        packet.secretRange = [password.start + 2, password.end];
        f.push({ ...strip(password), value: `(${password.data.byteLength} bytes, hidden)`, children: [] });
      }
      return;
    }
    case 'CONNACK': {
      const at = r.pos;
      const ack = r.byte();
      f.push({
        name: 'Connect Acknowledge Flags',
        section: 'variable header',
        start: at,
        end: r.pos,
        value: `${hexCode(ack)} = ${bin(ack, 8)}`,
        bits: [
          { bits: '7-1', name: 'Reserved', value: bin(ack >> 1, 7) },
          { bits: '0', name: 'Session Present', value: String(ack & 1) },
        ],
      });
      f.push(
        reasonCodeField(r, packet, v5 ? 'Reason Code' : 'Return Code', 'variable header', (code) =>
          code === 0 ? (v5 ? 'Success (0x00)' : 'Connection accepted (0)') : describeConnackCode(code, connectionVersion),
        ),
      );
      if (v5 && r.left > 0) readProperties(r, f, packet);
      return;
    }
    case 'PUBLISH': {
      const qos = (packet.flags >> 1) & 3;
      packet.qos = qos;
      const topic = lengthPrefixed(r, 'Topic Name', 'variable header', 'utf8');
      packet.topic = topic.text;
      f.push(strip(topic));
      if (qos > 0) f.push(packetIdField(r, packet));
      if (v5) readProperties(r, f, packet);
      const start = r.pos;
      const end = start + r.left;
      packet.payloadRange = [start, end];
      r.pos = end;
      f.push({ name: 'Payload', section: 'payload', start, end, value: `${end - start} byte${end - start === 1 ? '' : 's'}`, note: 'the application message: no length prefix, it is what the Remaining Length leaves' });
      return;
    }
    case 'PUBACK':
    case 'PUBREC':
    case 'PUBREL':
    case 'PUBCOMP': {
      f.push(packetIdField(r, packet));
      if (v5 && r.left > 0) {
        f.push(reasonCodeField(r, packet, 'Reason Code', 'variable header', describeReasonCode));
        if (r.left > 0) readProperties(r, f, packet);
      } else if (v5) {
        packet.reasonCodes.push(0);
      }
      return;
    }
    case 'SUBSCRIBE':
    case 'UNSUBSCRIBE': {
      f.push(packetIdField(r, packet));
      if (v5) readProperties(r, f, packet);
      let n = 1;
      while (r.left > 0) {
        const filter = lengthPrefixed(r, `Topic Filter ${n}`, 'payload', 'utf8');
        if (n === 1) packet.topic = filter.text;
        packet.topicFilters.push(filter.text);
        f.push(strip(filter));
        if (packet.name === 'SUBSCRIBE') {
          const at = r.pos;
          const o = r.byte();
          f.push({
            name: `Subscription Options ${n}`,
            section: 'payload',
            start: at,
            end: r.pos,
            value: `${hexCode(o)} = ${bin(o, 8)}`,
            bits: v5
              ? [
                  { bits: '7-6', name: 'Reserved', value: bin(o >> 6, 2) },
                  { bits: '5-4', name: 'Retain Handling', value: String((o >> 4) & 3) },
                  { bits: '3', name: 'Retain As Published', value: String((o >> 3) & 1) },
                  { bits: '2', name: 'No Local', value: String((o >> 2) & 1) },
                  { bits: '1-0', name: 'Maximum QoS', value: String(o & 3) },
                ]
              : [
                  { bits: '7-2', name: 'Reserved', value: bin(o >> 2, 6) },
                  { bits: '1-0', name: 'Requested QoS', value: String(o & 3) },
                ],
          });
        }
        n++;
      }
      return;
    }
    case 'SUBACK':
    case 'UNSUBACK': {
      f.push(packetIdField(r, packet));
      if (v5) readProperties(r, f, packet);
      let n = 1;
      while (r.left > 0) {
        f.push(
          reasonCodeField(r, packet, `${v5 ? 'Reason Code' : 'Return Code'} ${n}`, 'payload', (code) =>
            `${hexCode(code)} ${packet.name === 'SUBACK' ? describeSubackCode(code, connectionVersion) : describeReasonCode(code)}`,
          ),
        );
        n++;
      }
      return;
    }
    case 'PINGREQ':
    case 'PINGRESP':
      return;
    case 'DISCONNECT':
    case 'AUTH': {
      if (!v5) return;
      if (r.left > 0) {
        f.push(reasonCodeField(r, packet, 'Reason Code', 'variable header', (code) => (code === 0 ? 'Success / normal disconnection (0x00)' : describeReasonCode(code))));
        if (r.left > 0) readProperties(r, f, packet);
      } else packet.reasonCodes.push(0);
      return;
    }
    case 'Reserved':
      packet.problems.push('Packet type 0 is reserved: this is not an MQTT packet');
      r.pos += r.left;
      return;
  }
}

/** The field covering byte `offset`, deepest first (for hovering a byte in the hex dump). */
export function fieldPathAt(fields: readonly PacketField[], offset: number): PacketField[] {
  for (const field of fields) {
    if (offset >= field.start && offset < field.end) {
      return [field, ...(field.children ? fieldPathAt(field.children, offset) : [])];
    }
  }
  return [];
}

/** Short words for a list row: topic, filters, reason, or the client ID of a CONNECT. */
export function packetSummary(packet: DecodedPacket): string {
  switch (packet.name) {
    case 'CONNECT':
      return `client ${JSON.stringify(packet.clientId ?? '')}${packet.protocolLevel === 5 ? ', MQTT 5.0' : ', MQTT 3.1.1'}`;
    case 'CONNACK': {
      const code = packet.reasonCodes[0];
      return code === undefined ? '' : code === 0 ? 'accepted (0)' : hexCode(code);
    }
    case 'PUBLISH':
      return packet.topic ?? '';
    case 'SUBSCRIBE':
    case 'UNSUBSCRIBE':
      return packet.topicFilters.join(', ');
    case 'SUBACK':
    case 'UNSUBACK':
    case 'PUBACK':
    case 'PUBREC':
    case 'PUBREL':
    case 'PUBCOMP':
    case 'DISCONNECT':
    case 'AUTH':
      return packet.reasonCodes.length ? packet.reasonCodes.map((c) => hexCode(c)).join(' ') : '';
    default:
      return '';
  }
}
