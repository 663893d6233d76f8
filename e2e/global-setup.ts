/**
 * Serves the production build on a free loopback port for the whole run and tells the tests where
 * (MQTTSCOPE_APP_URL). Builds first when there is no build, or when a source file is newer than it
 * (running `npx playwright test` after an edit).
 */
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { preview } from 'vite';
import { freePort } from '../tools/ports';

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const built = existsSync('dist/index.html') ? statSync('dist/index.html').mtimeMs : 0;
  const sources = Math.max(newestSource('src'), newestSource('public'), statSync('index.html').mtimeMs, statSync('vite.config.ts').mtimeMs);
  if (sources > built) execSync('npx vite build', { stdio: 'inherit' });
  const port = await freePort();
  const server = await preview({ preview: { host: '127.0.0.1', port, strictPort: true }, logLevel: 'warn' });
  process.env.MQTTSCOPE_APP_URL = `http://127.0.0.1:${port}/`;
  return async () => {
    await server.close();
  };
}
