/**
 * A WebSocket relay for tests: forwards MQTT-over-WebSocket frames between the page and a broker, and
 * records every frame it forwards, in each direction, as the bytes that crossed the wire.
 */
import { createServer } from 'node:http';
import { WebSocket, WebSocketServer, type RawData } from 'ws';

export interface Relay {
  url: string;
  /** Frames from the page to the broker, and back, in order. */
  toBroker: Buffer[];
  toPage: Buffer[];
  close(): Promise<void>;
}

function asBuffer(data: RawData): Buffer {
  return Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

export async function startRelay(target: string): Promise<Relay> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http, handleProtocols: (protocols) => (protocols.has('mqtt') ? 'mqtt' : false) });
  const toBroker: Buffer[] = [];
  const toPage: Buffer[] = [];
  wss.on('connection', (page) => {
    const broker = new WebSocket(target, 'mqtt');
    const waiting: Buffer[] = [];
    broker.on('open', () => waiting.splice(0).forEach((frame) => broker.send(frame)));
    page.on('message', (data) => {
      const frame = asBuffer(data);
      toBroker.push(frame);
      if (broker.readyState === WebSocket.OPEN) broker.send(frame);
      else waiting.push(frame);
    });
    broker.on('message', (data) => {
      const frame = asBuffer(data);
      toPage.push(frame);
      page.send(frame);
    });
    page.on('close', () => broker.close());
    broker.on('close', () => page.close());
    broker.on('error', () => page.terminate());
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  const port = address && typeof address === 'object' ? address.port : 0;
  return {
    url: `ws://127.0.0.1:${port}`,
    toBroker,
    toPage,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => http.close(() => resolve()));
      }),
  };
}
