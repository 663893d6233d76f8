/**
 * Test fixtures: brokers started by the test run itself, a simulated home, and the app's page object.
 * Brokers are per worker (each worker has its own, on ports the OS picks); topics are unique per test.
 */
import { test as base, expect } from '@playwright/test';
import { startEmbeddedBroker, type EmbeddedBroker } from '../tools/broker';
import { mosquittoPath, startMosquitto, type Mosquitto, type MosquittoOptions } from '../tools/mosquitto';
import { startSimulator, type Simulator } from '../tools/simulator/index';
import { AppPage } from './pages/app';

export interface Fixtures {
  app: AppPage;
  /** The worker's mosquitto (websockets + TCP listeners). Skips the test where mosquitto is missing. */
  mosquitto: Mosquitto;
  /** A prefix no other test uses, for topics and the simulator. */
  prefix: string;
  /** The simulated home on the embedded broker, under `prefix`, ten times faster than real time. */
  simulator: Simulator;
  /** Starts a mosquitto with special settings (users, ACLs) for this test only. */
  startCustomMosquitto: (options: MosquittoOptions) => Promise<Mosquitto>;
}

export interface WorkerFixtures {
  aedes: EmbeddedBroker;
  /** null where mosquitto is not installed. */
  workerMosquitto: Mosquitto | null;
}

/** Skips when mosquitto is missing on a laptop; fails on CI, where .ci/run installs it. */
function requireMosquitto(skip: (condition: boolean, reason: string) => void): void {
  if (mosquittoPath()) return;
  if (process.env.CI) throw new Error('mosquitto is not installed, and CI must run the mosquitto tests');
  skip(true, 'mosquitto is not installed here (apt-get install mosquitto mosquitto-clients); these tests need it');
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  aedes: [
    async ({}, use) => {
      const broker = await startEmbeddedBroker({ tcpPorts: [], wsPorts: [] });
      await use(broker);
      await broker.close();
    },
    { scope: 'worker' },
  ],
  workerMosquitto: [
    async ({}, use) => {
      if (!mosquittoPath()) {
        await use(null);
        return;
      }
      const broker = await startMosquitto();
      await use(broker);
      await broker.stop();
    },
    { scope: 'worker' },
  ],
  mosquitto: async ({ workerMosquitto }, use, testInfo) => {
    requireMosquitto((condition, reason) => testInfo.skip(condition, reason));
    if (!workerMosquitto) throw new Error('unreachable: mosquitto missing');
    await use(workerMosquitto);
  },
  prefix: async ({}, use, testInfo) => {
    await use(`t${testInfo.workerIndex}-${testInfo.testId.slice(0, 6)}-${Date.now().toString(36)}`);
  },
  simulator: async ({ aedes, prefix }, use) => {
    const simulator = await startSimulator({ brokerUrl: aedes.tcpUrl, prefix, speed: 10, crash: false, seed: 42 });
    await use(simulator);
    await simulator.stop();
  },
  startCustomMosquitto: async ({}, use, testInfo) => {
    requireMosquitto((condition, reason) => testInfo.skip(condition, reason));
    const started: Mosquitto[] = [];
    await use(async (options) => {
      const broker = await startMosquitto(options);
      started.push(broker);
      return broker;
    });
    for (const broker of started) await broker.stop().catch(() => {});
  },
  app: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await use(new AppPage(page));
    expect(errors, 'uncaught errors in the page').toEqual([]);
  },
});

export { expect };
