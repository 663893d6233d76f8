/**
 * A WebSocket relay between the page and a broker that can fail on purpose, for fault tests:
 * - cut(): every open connection is dropped and the port stops accepting (nothing listens), until heal();
 * - stall(): frames stop moving both ways while the sockets stay open (a dead link that nobody closes),
 *   until resume(); what was held is then dropped with the sockets;
 * - throttle(bytesPerSecond): frames each way are paced to that rate (a slow link), null for full speed.
 */
import { createServer, type Server } from 'node:http';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { freePort } from './ports';

export interface FaultRelay {
  url: string;
  /** Connections the page has opened through the relay so far. */
  connections(): number;
  cut(): Promise<void>;
  heal(): Promise<void>;
  stall(): void;
  resume(): void;
  throttle(bytesPerSecond: number | null): void;
  close(): Promise<void>;
}

function asBuffer(data: RawData): Buffer {
  return Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

/** Sends frames in order, no faster than the relay's rate. */
class Pacer {
  private queue: Buffer[] = [];
  private busy = false;
  constructor(
    private readonly send: (frame: Buffer) => void,
    private readonly rate: () => number | null,
  ) {}
  push(frame: Buffer): void {
    this.queue.push(frame);
    if (!this.busy) this.pump();
  }
  drop(): void {
    this.queue = [];
  }
  private pump(): void {
    const frame = this.queue.shift();
    if (!frame) {
      this.busy = false;
      return;
    }
    this.busy = true;
    this.send(frame);
    const rate = this.rate();
    if (rate === null) return this.pump();
    setTimeout(() => this.pump(), (frame.byteLength / rate) * 1000);
  }
}

export async function startFaultRelay(target: string, protocol = 'mqtt'): Promise<FaultRelay> {
  const port = await freePort();
  let server: Server | null = null;
  let wss: WebSocketServer | null = null;
  let opened = 0;
  let stalled = false;
  let rate: number | null = null;
  const sockets = new Set<WebSocket>();

  const listen = async () => {
    server = createServer();
    wss = new WebSocketServer({ server, handleProtocols: (protocols) => (protocols.has(protocol) ? protocol : false) });
    wss.on('connection', (page) => {
      opened++;
      const broker = new WebSocket(target, protocol);
      sockets.add(page);
      sockets.add(broker);
      const waiting: Buffer[] = [];
      const toBroker = new Pacer((frame) => (broker.readyState === WebSocket.OPEN ? broker.send(frame) : waiting.push(frame)), () => rate);
      const toPage = new Pacer((frame) => page.readyState === WebSocket.OPEN && page.send(frame), () => rate);
      broker.on('open', () => waiting.splice(0).forEach((frame) => broker.send(frame)));
      page.on('message', (data) => !stalled && toBroker.push(asBuffer(data)));
      broker.on('message', (data) => !stalled && toPage.push(asBuffer(data)));
      const end = () => {
        toBroker.drop();
        toPage.drop();
        page.terminate();
        broker.terminate();
        sockets.delete(page);
        sockets.delete(broker);
      };
      // a stalled link carries nothing, not even a close: the broker giving up on us (its own keep-alive)
      // stays unseen by the page, which must find out by itself
      const brokerEnded = () => {
        if (!stalled) return end();
        broker.terminate();
        sockets.delete(broker);
      };
      page.on('close', end);
      broker.on('close', brokerEnded);
      page.on('error', end);
      broker.on('error', brokerEnded);
    });
    await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
  };
  const stop = async () => {
    for (const socket of sockets) socket.terminate();
    sockets.clear();
    const s = server;
    const w = wss;
    server = null;
    wss = null;
    w?.close();
    if (s) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  };
  await listen();
  return {
    url: `ws://127.0.0.1:${port}${new URL(target).pathname}`,
    connections: () => opened,
    cut: stop,
    heal: listen,
    stall: () => (stalled = true),
    resume: () => {
      stalled = false;
      for (const socket of sockets) socket.terminate();
    },
    throttle: (bytesPerSecond) => (rate = bytesPerSecond),
    close: stop,
  };
}
