/**
 * `npm run test:interop`: the core scenarios against every broker people run (mosquitto in 3.1.1 and 5.0,
 * Aedes, NATS, RabbitMQ), each broker's documented differences asserted, and the fault suite (a relay
 * that cuts, stalls and throttles; mosquitto killed and restarted under a stream; a keep-alive flood).
 */
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

export default defineConfig({
  ...base,
  testDir: 'interop',
  globalSetup: ['./e2e/global-setup.ts', './interop/brokers-setup.ts'],
  timeout: 90_000,
  // no retries: a broker difference or a fault figure that holds only sometimes is a finding
  retries: 0,
});
