/**
 * The embedded broker: Aedes (MQTT 3.1.1) in this Node process, on 127.0.0.1, over WebSocket for the
 * browser and plain TCP for everything else (mosquitto_pub/sub, the simulator, tests).
 */
import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { Aedes, type AedesOptions } from 'aedes';
import { WebSocketServer, createWebSocketStream } from 'ws';
import { listenWithFallback } from './ports';

/** Ports tried first, in order; if all are taken the OS picks free ones. 1883 and 9001 are often taken. */
export const DEFAULT_TCP_PORTS = [1884, 11883, 21883];
export const DEFAULT_WS_PORTS = [9001, 9002, 19001];

export interface EmbeddedBrokerOptions {
  host?: string;
  /** Preferred TCP ports; [] lets the OS pick. */
  tcpPorts?: number[];
  /** Preferred WebSocket ports; [] lets the OS pick. */
  wsPorts?: number[];
  /** Aedes hooks (authenticate, authorizeSubscribe, ...). */
  aedes?: AedesOptions;
}

export interface EmbeddedBroker {
  aedes: Aedes;
  host: string;
  tcpPort: number;
  wsPort: number;
  /** mqtt://host:tcpPort */
  tcpUrl: string;
  /** ws://host:wsPort */
  wsUrl: string;
  /** Whether a preferred port was busy. */
  fellBack: { tcp: boolean; ws: boolean };
  /** Destroys every client socket (without DISCONNECT, so wills fire) and closes the listeners. */
  close(): Promise<void>;
}

export async function startEmbeddedBroker(options: EmbeddedBrokerOptions = {}): Promise<EmbeddedBroker> {
  const host = options.host ?? '127.0.0.1';
  const aedes = await Aedes.createBroker(options.aedes ?? {});
  const sockets = new Set<Socket | Duplex>();
  const track = (socket: Socket | Duplex) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };

  const tcp = createNetServer((socket) => {
    track(socket);
    aedes.handle(socket);
  });
  const http = createHttpServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain' }).end('This is an MQTT over WebSocket endpoint.\n');
  });
  const wss = new WebSocketServer({ server: http });
  wss.on('connection', (ws, req) => {
    const stream = createWebSocketStream(ws);
    stream.on('error', () => stream.destroy());
    track(stream);
    aedes.handle(stream, req);
  });

  const tcpListening = await listenWithFallback(tcp, options.tcpPorts ?? DEFAULT_TCP_PORTS, host);
  const wsListening = await listenWithFallback(http, options.wsPorts ?? DEFAULT_WS_PORTS, host);

  let closed = false;
  return {
    aedes,
    host,
    tcpPort: tcpListening.port,
    wsPort: wsListening.port,
    tcpUrl: `mqtt://${host}:${tcpListening.port}`,
    wsUrl: `ws://${host}:${wsListening.port}`,
    fellBack: { tcp: tcpListening.fellBack, ws: wsListening.fellBack },
    async close() {
      if (closed) return;
      closed = true;
      for (const socket of sockets) socket.destroy();
      for (const client of wss.clients) client.terminate();
      await Promise.all([
        new Promise<void>((resolve) => tcp.close(() => resolve())),
        new Promise<void>((resolve) => wss.close(() => http.close(() => resolve()))),
        new Promise<void>((resolve) => aedes.close(() => resolve())),
      ]);
    },
  };
}
