/**
 * The Inspector's capture as a file: JSON Lines, a header line, then one packet per line with its time,
 * direction, type and bytes in hex. A CONNECT's password bytes are written as "••" (their count kept), so
 * a capture can be shared: the same masking the hex view uses, from the decoder's secretRange.
 */
import { PACKET_TYPE_NAMES } from '../mqtt/inspect/decode';
import { packetTypeOf } from '../mqtt/inspect/header';
import { hexByte } from '../mqtt/payload';
import { decodedOf } from './decodedPackets';
import type { CapturedPacket } from './packetCapture';

/** Bytes written per packet; the rest is counted, not written (a 10 MB publish is 30 MB of hex). */
export const EXPORT_HEX_MAX_BYTES = 1_048_576;

export interface CaptureHeader {
  broker: string;
  protocolVersion: 4 | 5;
  exportedAt: number;
}

/** One packet's line. `seq` numbers packets as the Inspector does. */
export function captureLine(packet: CapturedPacket, seq: number, version: 4 | 5): string {
  const type = packetTypeOf(packet.bytes);
  const secret = type === 1 ? decodedOf(packet, version).secretRange : undefined;
  const end = Math.min(packet.bytes.byteLength, EXPORT_HEX_MAX_BYTES);
  const hex: string[] = new Array<string>(end);
  for (let i = 0; i < end; i++) hex[i] = secret && i >= secret[0] && i < secret[1] ? '••' : hexByte(packet.bytes[i] as number);
  const line: Record<string, unknown> = {
    seq,
    time: new Date(packet.at).toISOString(),
    direction: packet.direction === 'out' ? 'sent' : 'received',
    type: PACKET_TYPE_NAMES[type] ?? `type ${type}`,
    length: packet.bytes.byteLength,
    hex: hex.join(' '),
  };
  if (secret) line.hidden = `password: ${secret[1] - secret[0]} bytes written as ••`;
  if (end < packet.bytes.byteLength) line.truncated = `the first ${end} of ${packet.bytes.byteLength} bytes are written`;
  return JSON.stringify(line);
}

/** The whole file: header, then the packets oldest first. */
export function captureJsonLines(packets: ReadonlyArray<{ seq: number; packet: CapturedPacket }>, header: CaptureHeader): string {
  const lines = [
    JSON.stringify({ format: 'mqttscope.capture', version: 1, broker: header.broker, protocolVersion: header.protocolVersion, exportedAt: new Date(header.exportedAt).toISOString(), packets: packets.length }),
    ...packets.map(({ seq, packet }) => captureLine(packet, seq, header.protocolVersion)),
  ];
  return `${lines.join('\n')}\n`;
}
