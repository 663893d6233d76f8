/**
 * What the lessons read from a connection's packet capture, to say on screen what just happened: the
 * packets since a step began, one PUBLISH's exchange, keep-alive pings, the Remaining Length bytes, and
 * the WebSocket frame each packet travels in (RFC 6455 §5.2), which a browser never shows.
 */
import type { DecodedPacket } from '../../mqtt/inspect/decode';
import { decodedOf } from '../decodedPackets';
import type { CapturedPacket, Direction, PacketCapture } from '../packetCapture';

export interface SeenPacket {
  /** Index in the capture (what the Inspector selects). */
  seq: number;
  at: number;
  direction: Direction;
  bytes: Uint8Array;
  packet: DecodedPacket;
}

/**
 * Packets captured at or after `since`, oldest first (at most `max`, the newest ones). Each is decoded once,
 * shared with the Inspector (decodedOf), so a step polling while it waits decodes only what is new.
 */
export function packetsSince(capture: PacketCapture, since: number, version: 4 | 5, max = 2_000): SeenPacket[] {
  const ring = capture.ring;
  const out: SeenPacket[] = [];
  for (let i = ring.length - 1; i >= 0 && out.length < max; i--) {
    const p = ring.at(i) as CapturedPacket;
    if (p.at < since) break;
    out.push({ seq: ring.firstIndex + i, at: p.at, direction: p.direction, bytes: p.bytes, packet: decodedOf(p, version) });
  }
  return out.reverse();
}

const arrow = (p: SeenPacket) => (p.direction === 'out' ? `${p.packet.name} →` : `← ${p.packet.name}`);

/** A line per packet: "PUBLISH → (QoS 2, id 7, 23 bytes)". */
export function describe(p: SeenPacket): string {
  const parts = [p.packet.qos !== undefined && p.packet.name === 'PUBLISH' ? `QoS ${p.packet.qos}` : '', p.packet.packetId !== undefined ? `id ${p.packet.packetId}` : '', `${p.bytes.byteLength} bytes`].filter(Boolean);
  return `${arrow(p)} (${parts.join(', ')})`;
}

/**
 * The exchange that carried an outgoing PUBLISH to `topic`: the PUBLISH, then the acknowledgements with
 * its packet id (PUBACK; or PUBREC, PUBREL, PUBCOMP), in the order they crossed the wire.
 */
export function publishFlow(packets: readonly SeenPacket[], topic: string, direction: Direction = 'out'): SeenPacket[] {
  const start = packets.findIndex((p) => p.packet.name === 'PUBLISH' && p.direction === direction && p.packet.topic === topic);
  if (start < 0) return [];
  const publish = packets[start] as SeenPacket;
  if (!publish.packet.qos) return [publish];
  const id = publish.packet.packetId;
  const acks = packets.slice(start + 1).filter((p) => ['PUBACK', 'PUBREC', 'PUBREL', 'PUBCOMP'].includes(p.packet.name) && p.packet.packetId === id);
  return [publish, ...acks.slice(0, publish.packet.qos === 1 ? 1 : 3)];
}

export interface Ping {
  request: SeenPacket;
  response: SeenPacket | null;
  /** ms since the packet the client sent before the PINGREQ (what the keep-alive timer counts). */
  quietMs: number | null;
}

/** PINGREQ sent and the PINGRESP that answered each. */
export function pings(packets: readonly SeenPacket[]): Ping[] {
  const out: Ping[] = [];
  packets.forEach((p, i) => {
    if (p.packet.name !== 'PINGREQ' || p.direction !== 'out') return;
    const before = packets.slice(0, i).reverse().find((q) => q.direction === 'out');
    const response = packets.slice(i + 1).find((q) => q.packet.name === 'PINGRESP') ?? null;
    out.push({ request: p, response, quietMs: before ? p.at - before.at : null });
  });
  return out;
}

/** How many bytes the Remaining Length takes in a packet (1 to 4). */
export const remainingLengthBytes = (packet: DecodedPacket): number => packet.fixedHeaderLength - 1;

/**
 * The WebSocket frame header around `length` bytes of MQTT (RFC 6455 §5.2): FIN and the binary opcode,
 * the payload length in 7, 7+16 or 7+64 bits, and from a browser (client to server) a 4-byte mask.
 */
export function websocketFrameHeader(length: number, masked: boolean): { bytes: number; fields: string[] } {
  const lengthBytes = length < 126 ? 0 : length < 65_536 ? 2 : 8;
  const fields = [
    'byte 0: FIN 1, opcode 0x2 (binary frame) = 0x82',
    `byte 1: MASK ${masked ? 1 : 0}, payload length ${length < 126 ? length : length < 65_536 ? '126 (the next 2 bytes hold it)' : '127 (the next 8 bytes hold it)'}`,
    ...(lengthBytes ? [`${lengthBytes} bytes of extended payload length: ${length}`] : []),
    ...(masked ? ['4 bytes of masking key: every byte the browser sends is XORed with it'] : []),
  ];
  return { bytes: 2 + lengthBytes + (masked ? 4 : 0), fields };
}
