/**
 * The WebSocket under mqtt.js, observed: when it opened, when each frame crossed it (on the clock the
 * Inspector uses), and, while capture is on, the MQTT packets cut from its frames by their fixed header.
 */
import { PacketFramer } from './inspect/framer';

export type PacketSink = (direction: 'out' | 'in', bytes: Uint8Array, at: number) => void;

export interface WireObserver {
  opened(): void;
  /** The socket closed, with the WebSocket close code and reason (1006: no close frame, the link dropped). */
  closed?(code: number, reason: string): void;
  /** A frame left, at `at` (ms since the epoch, sub-millisecond). */
  frameOut(at: number): void;
  /** A frame arrived, at `at`. */
  frameIn(at: number): void;
  /** Where captured packets go now, or null when capture is off (then nothing is copied or framed). */
  sink(): PacketSink | null;
  /** Changes when capture restarts: the framers start again at the next frame. */
  generation(): number;
}

export function createWireSocket(url: string, protocols: string[], observer: WireObserver): WebSocket {
  const socket = new WebSocket(url, protocols);
  socket.addEventListener('open', () => observer.opened());
  socket.addEventListener('close', (event: CloseEvent) => observer.closed?.(event.code, event.reason));
  const origin = performance.timeOrigin;
  let generation = -1;
  let outFramer = new PacketFramer();
  let inFramer = new PacketFramer();
  const framers = () => {
    if (generation !== observer.generation()) {
      generation = observer.generation();
      outFramer = new PacketFramer();
      inFramer = new PacketFramer();
    }
  };
  const send = socket.send.bind(socket);
  socket.send = (data: string | ArrayBufferLike | Blob | ArrayBufferView) => {
    const at = origin + performance.now();
    observer.frameOut(at);
    const sink = observer.sink();
    if (sink && ArrayBuffer.isView(data)) {
      framers();
      const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      outFramer.push(view, (bytes) => sink('out', bytes.slice(), at));
    }
    send(data);
  };
  socket.addEventListener('message', (event: MessageEvent) => {
    // the event's own time stamp (ms since the time origin): when the frame arrived, and free to read
    const at = origin + (event.timeStamp || performance.now());
    observer.frameIn(at);
    const sink = observer.sink();
    if (!sink || !(event.data instanceof ArrayBuffer)) return;
    framers();
    inFramer.push(new Uint8Array(event.data), (bytes) => sink('in', bytes, at));
  });
  return socket;
}
