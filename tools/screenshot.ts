/**
 * npm run screenshot: the README's screenshots, made the way a newcomer sees the app after `npm start`
 * (embedded broker, simulated home, dev server), in light and dark.
 */
import { chromium } from '@playwright/test';
import { createServer } from 'vite';
import { CHROMIUM_ARGS, chromiumExecutable } from './browser';
import { startEmbeddedBroker } from './broker';
import { startSimulator } from './simulator/index';

const broker = await startEmbeddedBroker({ tcpPorts: [], wsPorts: [] });
const simulator = await startSimulator({ brokerUrl: broker.tcpUrl, speed: 4, crash: false, seed: 1 });
process.env.VITE_DEMO_BROKER_URL = broker.wsUrl;
const vite = await createServer({ server: { host: '127.0.0.1', port: 0 }, logLevel: 'warn' });
await vite.listen();
const url = vite.resolvedUrls?.local[0] as string;
const executablePath = chromiumExecutable();
const browser = await chromium.launch({ args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) });
try {
  for (const scheme of ['light', 'dark'] as const) {
    const page = await browser.newPage({ viewport: { width: 1440, height: 860 }, colorScheme: scheme, deviceScaleFactor: 1 });
    await page.goto(url);
    await page.getByRole('status').filter({ hasText: /^Connected/ }).waitFor();
    await page.waitForTimeout(6_000);
    const file = `docs/screenshot${scheme === 'dark' ? '-dark' : ''}.png`;
    await page.screenshot({ path: file });
    console.log(`wrote ${file}`);
    if (scheme === 'light') {
      // one picture per capability, as a person gets there
      await page.getByRole('tab', { name: 'Topics' }).click();
      await page.getByLabel('Search topics').fill('livingroom/SENSOR');
      await page.getByRole('tree', { name: 'Topics' }).getByRole('treeitem', { name: 'SENSOR' }).click();
      await page.getByRole('region', { name: 'Topic detail' }).getByRole('button', { name: 'Chart AM2301.Temperature' }).click();
      await page.getByRole('tab', { name: 'Topics' }).click();
      await page.getByLabel('Search topics').fill('sensor/power/state');
      await page.getByRole('tree', { name: 'Topics' }).getByRole('treeitem', { name: 'state' }).first().click();
      await page.getByRole('region', { name: 'Topic detail' }).getByRole('button', { name: 'Chart this value' }).click();
      for (const view of ['Charts', 'Devices', 'Inspector'] as const) {
        await page.getByRole('tab', { name: view }).click();
        await page.waitForTimeout(4_000);
        const viewFile = `docs/${view.toLowerCase()}.png`;
        await page.screenshot({ path: viewFile });
        console.log(`wrote ${viewFile}`);
      }
    }
    await page.close();
  }
  // phone width: the same app, one column
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
  await phone.goto(url);
  await phone.getByRole('status').filter({ hasText: /^Connected/ }).first().waitFor({ state: 'attached' });
  await phone.waitForTimeout(5_000);
  await phone.screenshot({ path: 'docs/phone.png' });
  console.log('wrote docs/phone.png');
  await phone.close();
} finally {
  await browser.close();
  await vite.close();
  await simulator.stop();
  await broker.close();
}
