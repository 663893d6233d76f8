/**
 * Starts a private mosquitto for tests and benchmarks: a plain TCP listener (mosquitto 2.0 needs one beside
 * the websockets listener) and a websockets listener, on free loopback ports, with its own config.
 * See ../shared/reference/brokers.md for why each line is there.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';

export interface DynsecAcl {
  acltype: 'publishClientSend' | 'publishClientReceive' | 'subscribeLiteral' | 'subscribePattern' | 'unsubscribeLiteral' | 'unsubscribePattern';
  topic: string;
  allow: boolean;
}

export interface MosquittoOptions {
  /** user -> password; when given, anonymous clients are refused. */
  users?: Record<string, string>;
  /**
   * Lines of an ACL file (mosquitto's acl_file syntax). Note: mosquitto 2.0's acl_file filters at
   * delivery and never refuses a SUBSCRIBE; use `dynsec` to have subscriptions refused in SUBACK.
   */
  acl?: string[];
  /** The dynamic security plugin: users with roles, roles with ACLs; it refuses subscriptions in SUBACK. */
  dynsec?: {
    users: Record<string, { password: string; roles: string[] }>;
    roles: Record<string, DynsecAcl[]>;
    /** Default access when no ACL matches (mosquitto's defaults: receive and unsubscribe allowed). */
    defaults?: Partial<Record<'publishClientSend' | 'publishClientReceive' | 'subscribe' | 'unsubscribe', boolean>>;
  };
  /** Keep sessions and retained messages on disk (in the broker's directory), so they survive a restart. */
  persistence?: boolean;
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

const DYNSEC_PLUGIN = ['/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so', '/usr/lib/aarch64-linux-gnu/mosquitto_dynamic_security.so', '/usr/lib/mosquitto_dynamic_security.so', '/usr/local/lib/mosquitto_dynamic_security.so'];

/** The dynamic security plugin's config file: passwords hashed as the plugin does (PBKDF2-SHA512). */
function dynsecConfig(dynsec: NonNullable<MosquittoOptions['dynsec']>): string {
  const clients = Object.entries(dynsec.users).map(([username, { password, roles }]) => {
    const salt = randomBytes(12);
    return {
      username,
      password: pbkdf2Sync(password, salt, 101, 64, 'sha512').toString('base64'),
      salt: salt.toString('base64'),
      iterations: 101,
      roles: roles.map((rolename) => ({ rolename })),
    };
  });
  const roles = Object.entries(dynsec.roles).map(([rolename, acls]) => ({ rolename, acls }));
  const defaultACLAccess = { publishClientSend: false, publishClientReceive: true, subscribe: false, unsubscribe: true, ...dynsec.defaults };
  return JSON.stringify({ clients, roles, defaultACLAccess }, null, 2);
}

export async function startMosquitto(options: MosquittoOptions = {}, reuseDir?: string): Promise<Mosquitto> {
  const binary = mosquittoPath();
  if (!binary) throw new Error('mosquitto is not installed (apt-get install mosquitto mosquitto-clients)');
  const dir = reuseDir ?? mkdtempSync(join(tmpdir(), 'mqttscope-mosquitto-'));
  // Started as root, mosquitto drops to its own user: it must still read (and, with persistence, write) here.
  chmodSync(dir, options.persistence ? 0o777 : 0o755);
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
  if (options.dynsec) {
    const plugin = DYNSEC_PLUGIN.find((p) => existsSync(p));
    if (!plugin) throw new Error('mosquitto_dynamic_security.so not found');
    const file = join(dir, 'dynamic-security.json');
    writeFileSync(file, dynsecConfig(options.dynsec), { mode: 0o666 });
    chmodSync(file, 0o666);
    lines.push(`plugin ${plugin}`, `plugin_opt_config_file ${file}`);
    if (!options.users) lines.splice(lines.indexOf('allow_anonymous true'), 1, 'allow_anonymous false');
  }
  if (options.persistence) {
    lines.splice(lines.indexOf('persistence false'), 1, 'persistence true', `persistence_location ${dir}/`, 'autosave_interval 1');
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
      // with persistence the directory holds the saved sessions: the new broker starts from them
      if (!options.persistence) rmSync(dir, { recursive: true, force: true });
      return startMosquitto({ ...options, ports: { tcp: tcpPort, ws: wsPort } }, options.persistence ? dir : undefined);
    },
  };
}
