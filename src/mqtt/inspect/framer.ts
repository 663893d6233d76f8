/**
 * Splits a byte stream (WebSocket frames, in order) into whole MQTT control packets, by their fixed
 * header: one byte of type and flags, then the Remaining Length as a variable byte integer (1-4 bytes).
 * A frame may hold several packets, or part of one; the framer keeps what is left for the next frame.
 */
import { peekHeader } from './header';

const EMPTY = new Uint8Array(0);

export class PacketFramer {
  private pending: Uint8Array = EMPTY;
  private broken = false;

  /** Feeds a frame; calls `onPacket` with each complete packet's bytes (views, not copies, when possible). */
  push(frame: Uint8Array, onPacket: (bytes: Uint8Array) => void): void {
    if (this.broken) return;
    // The common case, one whole packet per frame (mosquitto sends each packet in its own frame).
    if (this.pending.byteLength === 0 && packetLength(frame, 0) === frame.byteLength) {
      onPacket(frame);
      return;
    }
    let data = frame;
    if (this.pending.byteLength > 0) {
      const joined = new Uint8Array(this.pending.byteLength + frame.byteLength);
      joined.set(this.pending, 0);
      joined.set(frame, this.pending.byteLength);
      data = joined;
    }
    let offset = 0;
    while (offset < data.byteLength) {
      const length = packetLength(data, offset);
      if (length === null) break; // header incomplete
      if (length < 0) {
        // More than four length bytes: not MQTT. Stop rather than show garbage.
        this.broken = true;
        return;
      }
      if (offset + length > data.byteLength) break;
      onPacket(data.subarray(offset, offset + length));
      offset += length;
    }
    this.pending = offset < data.byteLength ? data.slice(offset) : EMPTY;
  }
}

/** Total bytes of the packet starting at `offset`, null when the header is not complete, -1 when invalid. */
export function packetLength(data: Uint8Array, offset = 0): number | null {
  const header = peekHeader(data, offset);
  if (header === 'invalid') return -1;
  return header === null ? null : header.totalLength;
}
