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

/**
 * Aedes 1.2 stores a retained publish before forwarding it, one promise tick later, so a non-retained
 * publish right behind it from the same client overtakes it; its de-duplication (per-broker counters) then
 * drops the retained one as already seen (upstream moscajs/aedes issues 955 and 994). A device's retained
 * "Online" followed by its telemetry is exactly that. The in-memory store writes synchronously anyway, so
 * we let its answer settle synchronously too, and publishes are forwarded in the order they came.
 */
function keepPublishOrder(aedes: Aedes): void {
  const persistence = (aedes as unknown as { persistence: { storeRetained(packet: unknown): Promise<void> } }).persistence;
  const store = persistence.storeRetained.bind(persistence);
  persistence.storeRetained = (packet: unknown) => {
    let failure: unknown = null;
    store(packet).catch((error: unknown) => (failure = error));
    const settled = {
      then(onDone: () => void, onError?: (error: unknown) => void) {
        if (failure !== null && onError) onError(failure);
        else onDone();
        return settled;
      },
    };
    return settled as unknown as Promise<void>;
  };
}

export async function startEmbeddedBroker(options: EmbeddedBrokerOptions = {}): Promise<EmbeddedBroker> {
  const host = options.host ?? '127.0.0.1';
  const aedes = await Aedes.createBroker(options.aedes ?? {});
  keepPublishOrder(aedes);
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
  // ws re-emits the HTTP server's errors; a busy port is handled by listenWithFallback below.
  wss.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EADDRINUSE' && error.code !== 'EACCES') console.error(`[broker] WebSocket server: ${error.message}`);
  });
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
