/**
 * Serves the production build on a free loopback port for the whole run and tells the tests where
 * (MQTTSCOPE_APP_URL). Builds first when there is no build (running `npx playwright test` alone).
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { preview } from 'vite';
import { freePort } from '../tools/ports';

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync('dist/index.html')) execSync('npx vite build', { stdio: 'inherit' });
  const port = await freePort();
  const server = await preview({ preview: { host: '127.0.0.1', port, strictPort: true }, logLevel: 'warn' });
  process.env.MQTTSCOPE_APP_URL = `http://127.0.0.1:${port}/`;
  return async () => {
    await server.close();
  };
}
