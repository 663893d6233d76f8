/** Port helpers: ask the OS, or try a preferred port and fall back. */
import { createServer, type Server } from 'node:net';

/** A port the OS says is free on `host` right now (it may be taken again by the time you use it). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface Listening {
  port: number;
  /** True when the preferred port was busy and another was taken. */
  fellBack: boolean;
}

/**
 * Makes `server` listen on the first free port of `preferred`, then on one the OS picks.
 * `server` is anything with Node's listen(port, host) and 'error'/'listening' events.
 */
export async function listenWithFallback(
  server: Pick<Server, 'listen' | 'once' | 'removeListener' | 'address'>,
  preferred: number[],
  host = '127.0.0.1',
): Promise<Listening> {
  const candidates = [...preferred, 0];
  let lastError: unknown = null;
  for (const [index, port] of candidates.entries()) {
    try {
      const bound = await new Promise<number>((resolve, reject) => {
        const onError = (error: Error) => {
          server.removeListener('listening', onListening);
          reject(error);
        };
        const onListening = () => {
          server.removeListener('error', onError);
          const address = server.address();
          resolve(address && typeof address === 'object' ? address.port : port);
        };
        server.once('error', onError);
        server.once('listening', onListening);
        server.listen(port, host);
      });
      return { port: bound, fellBack: index > 0 };
    } catch (error) {
      lastError = error;
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' && (error as NodeJS.ErrnoException).code !== 'EACCES') throw error;
    }
  }
  throw lastError;
}
