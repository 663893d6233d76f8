/**
 * npm start: the embedded broker, the simulated home and the Vite dev server, in one process.
 * The app opened at the printed URL is configured for the embedded broker and connects by itself.
 * Ctrl-C stops all three.
 */
import { parseArgs } from 'node:util';
import { createServer } from 'vite';
import { mkdirSync } from 'node:fs';
import { startEmbeddedBroker } from './broker';
import { startRegistry, type Registry } from './registry/server';
import { startSimulator } from './simulator/index';

const { values } = parseArgs({
  options: {
    'no-simulator': { type: 'boolean', default: false },
    speed: { type: 'string', default: '1' },
    open: { type: 'boolean', default: false },
    // the Shelly plug's crashes, in seconds of simulated time (tests make them come sooner and last longer)
    'crash-every': { type: 'string' },
    'crash-down': { type: 'string' },
    'no-sparkplug': { type: 'boolean', default: false },
    'no-coap': { type: 'boolean', default: false },
    'registry-port': { type: 'string', default: '8090' },
  },
});

const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[22m` : s);

const broker = await startEmbeddedBroker();
const note = (fell: boolean) => (fell ? ' (the preferred port was busy)' : '');
console.log(`[broker]    Aedes MQTT 3.1.1 broker on 127.0.0.1`);
console.log(`[broker]      WebSocket  ${broker.wsUrl}${note(broker.fellBack.ws)}`);
console.log(`[broker]      TCP        ${broker.tcpUrl}${note(broker.fellBack.tcp)}   e.g. mosquitto_sub -p ${broker.tcpPort} -t '#' -v`);

// the course's REST device registry, in SQLite under .data/ (kept across runs; delete the file to start over)
mkdirSync('.data', { recursive: true });
const registryFile = '.data/registry.sqlite';
let registry: Registry;
try {
  registry = await startRegistry({ port: Number(values['registry-port']), file: registryFile });
} catch {
  registry = await startRegistry({ port: 0, file: registryFile });
}
console.log(`[registry]  REST device registry ${registry.url}/devices (SQLite: ${registryFile})   e.g. curl ${registry.url}/devices`);

const simulator = values['no-simulator']
  ? null
  : await startSimulator({
      brokerUrl: broker.tcpUrl,
      speed: Number(values.speed) || 1,
      sparkplug: !values['no-sparkplug'],
      coap: !values['no-coap'],
      registryUrl: registry.url,
      log: (line) => console.log(`[simulator] ${line}`),
      ...(values['crash-every'] || values['crash-down']
        ? {
            crash: {
              everyMs: [Number(values['crash-every'] ?? 90) * 1000, Number(values['crash-every'] ?? 90) * 1000] as [number, number],
              downMs: [Number(values['crash-down'] ?? 10) * 1000, Number(values['crash-down'] ?? 10) * 1000] as [number, number],
            },
          }
        : {}),
    });
if (simulator) console.log(`[simulator] ${simulator.devices.length} devices online: ${simulator.devices.map((d) => d.name).join(', ')}`);

// The app reads this at build time and makes it its default connection (see src/app/env.ts).
process.env.VITE_DEMO_BROKER_URL = broker.wsUrl;
process.env.VITE_DEMO_REGISTRY_URL = registry.url;
const vite = await createServer({ server: { host: '127.0.0.1', open: values.open } });
await vite.listen();
const url = vite.resolvedUrls?.local[0] ?? `http://127.0.0.1:${vite.config.server.port}/`;
console.log(`\n  mqttscope is running: open ${bold(url)}\n  It connects to the demo broker by itself. Ctrl-C stops everything.\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) process.exit(1); // a second Ctrl-C: leave at once
  stopping = true;
  console.log('\nStopping: simulator, dev server, broker...');
  await simulator?.stop();
  await vite.close();
  await registry.close();
  await broker.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
