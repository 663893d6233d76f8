/**
 * A client that connects and then says nothing: no PINGREQ, no DISCONNECT, the socket left open, like a
 * device whose Wi-Fi froze. Written with a bare WebSocket and a hand-built CONNECT (MQTT 3.1.1 §3.1), since
 * a library client keeps its link alive by itself. The broker must notice within 1.5 times the keep-alive
 * (§3.1.2.10), close the connection and publish the will.
 */
import { encodeRemainingLength } from './inspect/header';

export interface SilentClientOptions {
  url: string;
  clientId: string;
  keepaliveSec: number;
  will: { topic: string; payload: string; qos: 0 | 1 | 2; retain: boolean };
  username?: string;
  password?: string;
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const withLength = (bytes: Uint8Array) => [bytes.byteLength >> 8, bytes.byteLength & 0xff, ...bytes];

/** The CONNECT packet, MQTT 3.1.1: clean session, the will, the keep-alive; a password only if given. */
export function connectPacket(o: SilentClientOptions): Uint8Array {
  let flags = 0x02 | 0x04 | (o.will.qos << 3) | (o.will.retain ? 0x20 : 0);
  if (o.username !== undefined) flags |= 0x80;
  if (o.password !== undefined) flags |= 0x40;
  const body = [
    ...withLength(utf8('MQTT')),
    4,
    flags,
    o.keepaliveSec >> 8,
    o.keepaliveSec & 0xff,
    ...withLength(utf8(o.clientId)),
    ...withLength(utf8(o.will.topic)),
    ...withLength(utf8(o.will.payload)),
    ...(o.username !== undefined ? withLength(utf8(o.username)) : []),
    ...(o.password !== undefined ? withLength(utf8(o.password)) : []),
  ];
  return Uint8Array.from([0x10, ...encodeRemainingLength(body.length), ...body]);
}

export class SilentClient {
  private socket: WebSocket | null = null;
  /** When CONNACK came and when the socket closed, in the packet capture's clock (performance.timeOrigin based). */
  connectedAt = 0;
  closedAt = 0;

  /** Connects, waits for CONNACK, then falls silent. Resolves at CONNACK; `onClose` when the broker hangs up. */
  connect(options: SilentClientOptions, onClose: (at: number) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      let socket: WebSocket;
      try {
        socket = new WebSocket(options.url, 'mqtt');
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      socket.binaryType = 'arraybuffer';
      this.socket = socket;
      socket.onopen = () => socket.send(connectPacket(options));
      // a broker may send the 4 bytes of CONNACK in more than one frame
      let head: number[] = [];
      socket.onmessage = (event) => {
        if (this.connectedAt !== 0) return;
        head = [...head, ...new Uint8Array(event.data as ArrayBuffer)].slice(0, 4);
        if (head.length < 4) return;
        if (head[0] === 0x20) {
          if (head[3] !== 0) return reject(new Error(`The broker refused the CONNECT (return code ${head[3]}).`));
          this.connectedAt = performance.timeOrigin + performance.now();
          resolve();
        }
      };
      socket.onerror = () => reject(new Error(`Could not connect to ${options.url}.`));
      socket.onclose = () => {
        this.closedAt = performance.timeOrigin + performance.now();
        if (this.connectedAt === 0) reject(new Error('The broker closed the connection before CONNACK.'));
        else onClose(this.closedAt);
      };
    });
  }

  close(): void {
    if (this.socket) {
      this.socket.onclose = null;
      this.socket.close();
    }
    this.socket = null;
  }
}
