/**
 * Starts RabbitMQ as a node of its own for tests: its own name, ports, data folder, plugins file and
 * config (MQTT and web-MQTT on free loopback ports), never the machine's own service on 5672. The
 * environment keeps it away from the system node (../shared/reference/brokers.md). Takes 7-25 s.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';

export interface RabbitMq {
  /** ws://127.0.0.1:<port>/ws (web-MQTT answers only at /ws). */
  wsUrl: string;
  /** mqtt://127.0.0.1:<port> */
  tcpUrl: string;
  /** amqp://guest:guest@127.0.0.1:<port> (AMQP 0-9-1; guest is allowed from loopback only) */
  amqpUrl: string;
  nodeName: string;
  /** What the node logged, for a failure message. */
  output(): string;
  stop(): Promise<void>;
}

// the scripts themselves: Debian's /usr/sbin wrappers switch to the rabbitmq user and drop our environment
const SERVER = ['/usr/lib/rabbitmq/bin/rabbitmq-server', '/usr/sbin/rabbitmq-server'];
const CTL = ['/usr/lib/rabbitmq/bin/rabbitmqctl', '/usr/sbin/rabbitmqctl'];

export function rabbitmqPath(): string | null {
  return SERVER.find((p) => existsSync(p)) ?? null;
}

export async function startRabbitMq(timeoutMs = 90_000): Promise<RabbitMq> {
  const server = rabbitmqPath();
  const ctl = CTL.find((p) => existsSync(p));
  if (!server || !ctl) throw new Error('rabbitmq-server is not installed (apt-get install rabbitmq-server)');
  const dir = mkdtempSync(join(tmpdir(), 'mqttscope-rabbitmq-'));
  const [amqp, dist, epmd, mqtt, ws] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  const nodeName = `mqttscope-${process.pid}-${amqp}@localhost`;
  mkdirSync(join(dir, 'home'));
  writeFileSync(join(dir, 'env.conf'), '');
  writeFileSync(join(dir, 'enabled_plugins'), '[rabbitmq_mqtt,rabbitmq_web_mqtt].\n');
  writeFileSync(
    join(dir, 'rabbitmq.conf'),
    [
      `listeners.tcp.local = 127.0.0.1:${amqp}`,
      `mqtt.listeners.tcp.default = 127.0.0.1:${mqtt}`,
      `web_mqtt.tcp.port = ${ws}`,
      'web_mqtt.tcp.ip = 127.0.0.1',
      'loopback_users.guest = true',
      'mqtt.allow_anonymous = true',
      'mqtt.default_user = guest',
      'mqtt.default_pass = guest',
      '',
    ].join('\n'),
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: join(dir, 'home'),
    RABBITMQ_CONF_ENV_FILE: join(dir, 'env.conf'),
    RABBITMQ_NODENAME: nodeName,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(amqp),
    RABBITMQ_DIST_PORT: String(dist),
    ERL_EPMD_PORT: String(epmd),
    ERL_EPMD_ADDRESS: '127.0.0.1',
    RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: join(dir, 'log'),
    RABBITMQ_PID_FILE: join(dir, 'rabbit.pid'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
    RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
    RABBITMQ_PLUGINS_EXPAND_DIR: join(dir, 'plugins-expand'),
    RABBITMQ_SERVER_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
  };
  const child: ChildProcess = spawn(server, [], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const logs = () => {
    let files = '';
    const logDir = join(dir, 'log');
    if (existsSync(logDir)) for (const f of readdirSync(logDir)) files += `\n--- ${f}\n${readFileSync(join(logDir, f), 'utf8').slice(-4_000)}`;
    return `${log.slice(-4_000)}${files}`;
  };
  const ctlRun = (args: string[], timeout = 30_000) => spawnSync(ctl, ['-n', nodeName, ...args], { env, encoding: 'utf8', timeout });
  const stop = async () => {
    ctlRun(['stop'], 30_000);
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    // the node's own epmd, on its own port, stays up after the node stops
    spawnSync('pkill', ['-f', `epmd.*-port ${epmd}`]);
    spawnSync('bash', ['-c', `ERL_EPMD_PORT=${epmd} epmd -kill >/dev/null 2>&1 || true`]);
    rmSync(dir, { recursive: true, force: true });
  };
  const started = Date.now();
  // await_startup gives up at once while the node is not registered yet: ask again until it answers
  let up = ctlRun(['await_startup', '--timeout', '10'], 15_000);
  while (up.status !== 0 && child.exitCode === null && Date.now() - started < timeoutMs) {
    await new Promise((r) => setTimeout(r, 1_000));
    up = ctlRun(['await_startup', '--timeout', '10'], 15_000);
  }
  if (up.status !== 0 || child.exitCode !== null) {
    const output = logs();
    await stop();
    throw new Error(`RabbitMQ did not start within ${timeoutMs / 1000} s (${up.stderr || up.stdout}):\n${output}`);
  }
  process.stderr.write(`RabbitMQ node ${nodeName} up in ${((Date.now() - started) / 1000).toFixed(1)} s (web-MQTT on ${ws})\n`);
  return { wsUrl: `ws://127.0.0.1:${ws}/ws`, tcpUrl: `mqtt://127.0.0.1:${mqtt}`, amqpUrl: `amqp://guest:guest@127.0.0.1:${amqp}`, nodeName, output: logs, stop };
}
