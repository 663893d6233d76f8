/**
 * The cheap read of a packet's first bytes: type, flags, Remaining Length and the packet identifier where
 * the type carries one. The framer, the flow view, the Inspector's filters and the capture totals all
 * read packets through here, and decodePacket reads the same bytes the same way, so on a malformed packet
 * they agree (see header.test.ts).
 */

export const PACKET_TYPES = {
  CONNECT: 1,
  CONNACK: 2,
  PUBLISH: 3,
  PUBACK: 4,
  PUBREC: 5,
  PUBREL: 6,
  PUBCOMP: 7,
  SUBSCRIBE: 8,
  SUBACK: 9,
  UNSUBSCRIBE: 10,
  UNSUBACK: 11,
  PINGREQ: 12,
  PINGRESP: 13,
  DISCONNECT: 14,
  AUTH: 15,
} as const;

/** The packet type (bits 7-4 of the first byte): the one read the hot path makes per packet. */
export function packetTypeOf(bytes: Uint8Array): number {
  return (bytes[0] ?? 0) >> 4;
}

/** Types whose variable header starts with a packet identifier (MQTT 5.0 §2.2.1). */
const ID_FIRST = new Set<number>([4, 5, 6, 7, 8, 9, 10, 11]);

export interface PacketHeader {
  type: number;
  flags: number;
  /** PUBLISH only (0 otherwise). */
  qos: number;
  dup: boolean;
  retain: boolean;
  remainingLength: number;
  /** Bytes of the fixed header: 1 + the Remaining Length's bytes. */
  headerLength: number;
  /** The whole packet's length as its header states it. */
  totalLength: number;
  /** The packet identifier, when the type has one and the bytes reach it; otherwise null. */
  packetId: number | null;
}

/**
 * Reads the fixed header at `offset` (and the packet id). null: the header is not complete yet (more bytes
 * will come); 'invalid': the Remaining Length runs over four bytes, which no MQTT packet does.
 */
export function peekHeader(bytes: Uint8Array, offset = 0): PacketHeader | null | 'invalid' {
  const first = bytes[offset];
  if (first === undefined) return null;
  let remainingLength = 0;
  let multiplier = 1;
  let i = 1;
  for (; ; i++) {
    if (i > 4) return 'invalid';
    const byte = bytes[offset + i];
    if (byte === undefined) return null;
    remainingLength += (byte & 0x7f) * multiplier;
    if ((byte & 0x80) === 0) break;
    multiplier *= 128;
  }
  const headerLength = 1 + i;
  const type = first >> 4;
  const flags = first & 0x0f;
  const publish = type === PACKET_TYPES.PUBLISH;
  const qos = publish ? (flags >> 1) & 3 : 0;
  const end = Math.min(bytes.byteLength, offset + headerLength + remainingLength);
  let idAt = -1;
  if (ID_FIRST.has(type)) idAt = offset + headerLength;
  else if (publish && qos > 0 && offset + headerLength + 1 < end) {
    const topicLength = ((bytes[offset + headerLength] as number) << 8) | (bytes[offset + headerLength + 1] as number);
    idAt = offset + headerLength + 2 + topicLength;
  }
  const packetId = idAt >= 0 && idAt + 1 < end ? ((bytes[idAt] as number) << 8) | (bytes[idAt + 1] as number) : null;
  return {
    type,
    flags,
    qos,
    dup: publish && (flags & 8) !== 0,
    retain: publish && (flags & 1) !== 0,
    remainingLength,
    headerLength,
    totalLength: headerLength + remainingLength,
    packetId,
  };
}

/** The header of a whole captured packet (never null for one: a capture holds only complete packets). */
export function headerOf(bytes: Uint8Array): PacketHeader {
  const header = peekHeader(bytes);
  if (header === null || header === 'invalid') {
    return { type: (bytes[0] ?? 0) >> 4, flags: (bytes[0] ?? 0) & 15, qos: 0, dup: false, retain: false, remainingLength: 0, headerLength: bytes.byteLength, totalLength: bytes.byteLength, packetId: null };
  }
  return header;
}

/** Remaining Length as MQTT writes it (§2.2.3): 7 bits a byte, the top bit set while more follow. */
export function encodeRemainingLength(length: number): number[] {
  const out: number[] = [];
  let n = length;
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}
