/**
 * Starts a NATS server of its own for tests, with MQTT and MQTT over WebSocket (at /mqtt) on free
 * loopback ports and JetStream in its own folder (MQTT needs it). Starts in about 0.1 s.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';

export interface Nats {
  /** ws://127.0.0.1:<port>/mqtt (NATS answers MQTT over WebSocket only at /mqtt). */
  wsUrl: string;
  /** mqtt://127.0.0.1:<port> */
  tcpUrl: string;
  output(): string;
  stop(): Promise<void>;
}

export function natsPath(): string | null {
  return ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'].find((p) => existsSync(p)) ?? null;
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => (socket.destroy(), resolve(false)));
  });
}

export async function startNats(timeoutMs = 15_000): Promise<Nats> {
  const binary = natsPath();
  if (!binary) throw new Error('nats-server is not installed (apt-get install nats-server)');
  const dir = mkdtempSync(join(tmpdir(), 'mqttscope-nats-'));
  const [client, mqtt, ws] = [await freePort(), await freePort(), await freePort()];
  const config = join(dir, 'nats.conf');
  writeFileSync(
    config,
    [
      `server_name: mqttscope_${client}`,
      `listen: 127.0.0.1:${client}`,
      `jetstream { store_dir: "${join(dir, 'js')}" }`,
      // the MQTT listener is required: without it an MQTT-over-WebSocket CONNECT panics the server
      `mqtt { listen: 127.0.0.1:${mqtt} }`,
      `websocket { listen: 127.0.0.1:${ws}, no_tls: true }`,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(binary, ['-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const started = Date.now();
  while (!((await listening(mqtt)) && (await listening(ws)))) {
    if (child.exitCode !== null || Date.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`nats-server did not start (exit ${child.exitCode}):\n${log.slice(-4_000)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
  return {
    wsUrl: `ws://127.0.0.1:${ws}/mqtt`,
    tcpUrl: `mqtt://127.0.0.1:${mqtt}`,
    output: () => log,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
