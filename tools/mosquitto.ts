/**
 * Starts a private mosquitto for tests and benchmarks: a plain TCP listener (mosquitto 2.0 needs one beside
 * the websockets listener) and a websockets listener, on free loopback ports, with its own config.
 * See ../shared/reference/brokers.md for why each line is there.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';

export interface MosquittoOptions {
  /** user -> password; when given, anonymous clients are refused. */
  users?: Record<string, string>;
  /** Lines of an ACL file (mosquitto's acl_file syntax). */
  acl?: string[];
  /** Extra config lines. */
  extra?: string[];
  /** Reuse these ports (to restart a broker where it was). */
  ports?: { tcp: number; ws: number };
}

export interface Mosquitto {
  tcpPort: number;
  wsPort: number;
  wsUrl: string;
  tcpUrl: string;
  dir: string;
  process: ChildProcess;
  /** Output so far (for failure messages). */
  output(): string;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
  /** SIGKILL and wait: clients see their sockets die. */
  kill(): Promise<void>;
  /** A new mosquitto on the same ports and config (after stop or kill). */
  restart(): Promise<Mosquitto>;
}

export function mosquittoPath(): string | null {
  for (const path of ['/usr/sbin/mosquitto', '/usr/bin/mosquitto', '/usr/local/sbin/mosquitto', '/usr/local/bin/mosquitto']) {
    const probe = spawnSync(path, ['-h'], { encoding: 'utf8' });
    if (!probe.error) return path;
  }
  return null;
}

function waitForPort(port: number, timeoutMs: number, child: ChildProcess, output: () => string): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) return reject(new Error(`mosquitto exited with ${child.exitCode}:\n${output()}`));
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() - started > timeoutMs) reject(new Error(`mosquitto did not listen on ${port} within ${timeoutMs} ms:\n${output()}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

export async function startMosquitto(options: MosquittoOptions = {}): Promise<Mosquitto> {
  const binary = mosquittoPath();
  if (!binary) throw new Error('mosquitto is not installed (apt-get install mosquitto mosquitto-clients)');
  const dir = mkdtempSync(join(tmpdir(), 'mqttscope-mosquitto-'));
  chmodSync(dir, 0o755); // started as root, mosquitto drops to its own user and must still read these files
  const tcpPort = options.ports?.tcp ?? (await freePort());
  const wsPort = options.ports?.ws ?? (await freePort());
  const lines = [
    `listener ${tcpPort} 127.0.0.1`,
    `listener ${wsPort} lo`,
    'protocol websockets',
    'max_queued_messages 0',
    'persistence false',
    'log_dest stdout',
    'log_type error',
    'log_type warning',
    'log_type notice',
  ];
  if (options.users) {
    const passwd = join(dir, 'passwd');
    writeFileSync(passwd, '');
    for (const [user, password] of Object.entries(options.users)) {
      const made = spawnSync('mosquitto_passwd', ['-b', passwd, user, password], { encoding: 'utf8' });
      if (made.status !== 0) throw new Error(`mosquitto_passwd failed: ${made.stderr}`);
    }
    chmodSync(passwd, 0o644);
    lines.push(`password_file ${passwd}`, 'allow_anonymous false');
  } else {
    lines.push('allow_anonymous true');
  }
  if (options.acl) {
    const acl = join(dir, 'acl');
    writeFileSync(acl, `${options.acl.join('\n')}\n`, { mode: 0o644 });
    chmodSync(acl, 0o644);
    lines.push(`acl_file ${acl}`);
  }
  lines.push(...(options.extra ?? []));
  const config = join(dir, 'mosquitto.conf');
  writeFileSync(config, `${lines.join('\n')}\n`, { mode: 0o644 });

  const child = spawn(binary, ['-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const output = () => log;
  await waitForPort(tcpPort, 10_000, child, output);
  await waitForPort(wsPort, 10_000, child, output);

  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    tcpPort,
    wsPort,
    wsUrl: `ws://127.0.0.1:${wsPort}`,
    tcpUrl: `mqtt://127.0.0.1:${tcpPort}`,
    dir,
    process: child,
    output,
    stop: async () => {
      await end('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
    kill: () => end('SIGKILL'),
    restart: async () => {
      await end('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      return startMosquitto({ ...options, ports: { tcp: tcpPort, ws: wsPort } });
    },
  };
}
