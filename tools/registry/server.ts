/**
 * The course's REST device registry: a device has an identifier, a name, a device_type and a
 * controller_gateway. GET /devices, POST /devices, GET and DELETE /devices/{identifier}; JSON in and out;
 * 400, 404 and 409 with a message that says what was wrong. Stored in SQLite (node-sqlite3-wasm: SQLite
 * compiled to WebAssembly with real file access, so it installs on Node 20 with no compiler and no
 * download beyond npm).
 *
 * For the lesson on bytes it keeps the last exchanges exactly as they crossed the socket: every answer
 * carries X-Exchange-Id, and GET /_exchanges/{id} returns that request and response as text.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import sqlite from 'node-sqlite3-wasm';

export interface RegistryDevice {
  identifier: string;
  name: string;
  device_type: string;
  controller_gateway: string;
}

export interface Registry {
  url: string;
  port: number;
  close(): Promise<void>;
}

const FIELDS = ['identifier', 'name', 'device_type', 'controller_gateway'] as const;
/** Longest value of a field, in characters. */
const MAX_FIELD = 200;
/** Largest request body read. */
const MAX_BODY = 64 * 1024;
/** Exchanges kept for the lesson on bytes. */
const MAX_EXCHANGES = 50;
/** Bytes kept of each side of an exchange. */
const MAX_EXCHANGE_BYTES = 16 * 1024;

const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Expose-Headers': 'X-Exchange-Id',
};

/** Why a POST body is not a device, in words; null when it is one. */
export function deviceProblem(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'The body must be a JSON object with identifier, name, device_type and controller_gateway.';
  const record = body as Record<string, unknown>;
  const missing = FIELDS.filter((f) => record[f] === undefined || record[f] === null || record[f] === '');
  if (missing.length) return `Missing field${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}.`;
  for (const f of FIELDS) {
    if (typeof record[f] !== 'string') return `Field ${f} must be a string.`;
    if ((record[f] as string).length > MAX_FIELD) return `Field ${f} is longer than ${MAX_FIELD} characters.`;
  }
  if (!/^[A-Za-z0-9._:-]+$/.test(record.identifier as string)) return 'Field identifier may hold only letters, digits and . _ : -';
  const unknown = Object.keys(record).filter((k) => !(FIELDS as readonly string[]).includes(k));
  if (unknown.length) return `Unknown field${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`;
  return null;
}

/** Starts the registry on `port` (0: any free port), storing in `file` (':memory:' for none). */
export async function startRegistry(options: { port?: number; host?: string; file?: string } = {}): Promise<Registry> {
  const db = new sqlite.Database(options.file ?? ':memory:');
  db.exec(
    'CREATE TABLE IF NOT EXISTS devices (identifier TEXT PRIMARY KEY, name TEXT NOT NULL, device_type TEXT NOT NULL, controller_gateway TEXT NOT NULL, created_at TEXT NOT NULL DEFAULT (datetime(\'now\')))',
  );
  const all = () => db.all('SELECT identifier, name, device_type, controller_gateway FROM devices ORDER BY created_at, identifier') as unknown as RegistryDevice[];
  const one = (id: string) => (db.get('SELECT identifier, name, device_type, controller_gateway FROM devices WHERE identifier = ?', [id]) as unknown as RegistryDevice | null) ?? null;

  const exchanges = new Map<number, { request: string; response: string }>();
  let nextExchange = 1;
  /** What each socket has sent since its current request began, and what it was answered. */
  const wire = new WeakMap<Socket, { request: Buffer[]; response: Buffer[] }>();

  const send = (req: IncomingMessage, res: ServerResponse, status: number, body: unknown) => {
    const id = nextExchange++;
    const text = body === undefined ? '' : JSON.stringify(body, null, 2);
    res.writeHead(status, { ...CORS, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'X-Exchange-Id': String(id) });
    res.end(text);
    const socket = req.socket;
    const seen = wire.get(socket);
    if (!seen || req.url?.startsWith('/_exchanges/')) return;
    res.once('finish', () => {
      const clip = (parts: Buffer[]) => Buffer.concat(parts).subarray(0, MAX_EXCHANGE_BYTES).toString('latin1');
      exchanges.set(id, { request: clip(seen.request), response: clip(seen.response) });
      seen.request = [];
      seen.response = [];
      for (const key of exchanges.keys()) {
        if (exchanges.size <= MAX_EXCHANGES) break;
        exchanges.delete(key);
      }
    });
  };
  const refuse = (req: IncomingMessage, res: ServerResponse, status: number, error: string) => send(req, res, status, { error });

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://registry');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS);
      res.end();
      return;
    }
    const exchange = /^\/_exchanges\/(\d+)$/.exec(path);
    if (exchange && req.method === 'GET') {
      const found = exchanges.get(Number(exchange[1]));
      return found ? send(req, res, 200, found) : refuse(req, res, 404, `No exchange ${exchange[1]} is kept (the last ${MAX_EXCHANGES} are).`);
    }
    if (path === '/devices') {
      if (req.method === 'GET') return send(req, res, 200, all());
      if (req.method === 'POST') {
        const chunks: Buffer[] = [];
        let size = 0;
        req.on('data', (chunk: Buffer) => {
          size += chunk.byteLength;
          if (size <= MAX_BODY) chunks.push(chunk);
        });
        req.on('end', () => {
          if (size > MAX_BODY) return refuse(req, res, 413, `The body is over ${MAX_BODY / 1024} kB.`);
          let body: unknown;
          try {
            body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch (error) {
            return refuse(req, res, 400, `The body is not JSON: ${error instanceof Error ? error.message : String(error)}`);
          }
          const problem = deviceProblem(body);
          if (problem) return refuse(req, res, 400, problem);
          const device = body as RegistryDevice;
          if (one(device.identifier)) return refuse(req, res, 409, `A device with identifier ${device.identifier} already exists.`);
          db.run('INSERT INTO devices (identifier, name, device_type, controller_gateway) VALUES (?, ?, ?, ?)', [device.identifier, device.name, device.device_type, device.controller_gateway]);
          send(req, res, 201, one(device.identifier));
        });
        return;
      }
      return refuse(req, res, 405, `${req.method} is not allowed on /devices: use GET or POST.`);
    }
    const byId = /^\/devices\/([^/]+)$/.exec(path);
    if (byId) {
      let id: string;
      try {
        id = decodeURIComponent(byId[1] as string);
      } catch {
        return refuse(req, res, 400, 'The identifier in the path is not valid percent-encoding.');
      }
      const device = one(id);
      if (req.method === 'GET') return device ? send(req, res, 200, device) : refuse(req, res, 404, `Device with identifier ${id} not found.`);
      if (req.method === 'DELETE') {
        if (!device) return refuse(req, res, 404, `Device with identifier ${id} not found.`);
        db.run('DELETE FROM devices WHERE identifier = ?', [id]);
        return send(req, res, 200, { message: `Device ${id} deleted.`, device });
      }
      return refuse(req, res, 405, `${req.method} is not allowed on /devices/{identifier}: use GET or DELETE.`);
    }
    refuse(req, res, 404, `No such resource: ${path}. The registry answers /devices and /devices/{identifier}.`);
  });
  server.on('connection', (socket: Socket) => {
    const seen = { request: [] as Buffer[], response: [] as Buffer[] };
    wire.set(socket, seen);
    // only what an exchange keeps is held: a 100 MB upload is not buffered twice
    const keep = (parts: Buffer[], chunk: Buffer) => {
      if (parts.reduce((n, b) => n + b.byteLength, 0) < MAX_EXCHANGE_BYTES) parts.push(chunk.subarray(0, MAX_EXCHANGE_BYTES));
    };
    socket.on('data', (chunk: Buffer) => keep(seen.request, chunk));
    const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
    socket.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (typeof chunk === 'string' || chunk instanceof Uint8Array) keep(seen.response, Buffer.from(chunk as string));
      return write(chunk, ...rest);
    }) as typeof socket.write;
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
    },
  };
}
