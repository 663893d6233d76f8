/**
 * Captured packets decoded for the Inspector, once each, when first shown. Apart from the capture itself
 * so the decoder loads with the Inspector, not with the first screen.
 */
import { decodePacket, type DecodedPacket } from '../mqtt/inspect/decode';
import type { CapturedPacket } from './packetCapture';
import { weakCache } from './weakCache';

const decoders = {
  4: weakCache((packet: CapturedPacket) => decodePacket(packet.bytes, 4)),
  5: weakCache((packet: CapturedPacket) => decodePacket(packet.bytes, 5)),
};

/** A packet decoded with the connection's protocol version. */
export function decodedOf(packet: CapturedPacket, version: 4 | 5): DecodedPacket {
  return decoders[version](packet);
}
