/**
 * npm run screenshot: the README's screenshots, made the way a newcomer sees the app after `npm start`
 * (embedded broker, simulated home, dev server): wide in light and dark, one per view, a projector in
 * class mode, a small projector, and a phone.
 */
import { chromium, type Page } from '@playwright/test';
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

async function open(width: number, height: number, scheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height }, colorScheme: scheme, deviceScaleFactor: 1 });
  await page.goto(url);
  await page.getByRole('status').filter({ hasText: /^Connected/ }).first().waitFor({ state: 'attached' });
  await page.waitForTimeout(5_000);
  return page;
}

async function showView(page: Page, name: string): Promise<void> {
  const tab = page.getByRole('tablist', { name: 'Views' }).getByRole('tab', { name, exact: true });
  if (await tab.isVisible()) return tab.click();
  await page.getByRole('button', { name: 'More views' }).click();
  await page.getByRole('menuitem', { name, exact: true }).click();
}

async function shot(page: Page, file: string): Promise<void> {
  await page.screenshot({ path: `docs/${file}` });
  console.log(`wrote docs/${file}`);
}

try {
  for (const scheme of ['light', 'dark'] as const) {
    const page = await open(1440, 860, scheme);
    await shot(page, `screenshot${scheme === 'dark' ? '-dark' : ''}.png`);
    if (scheme === 'light') {
      // one picture per capability, as a person gets there
      await showView(page, 'Topics');
      await page.getByLabel('Search topics').fill('livingroom/SENSOR');
      await page.getByRole('tree', { name: 'Topics' }).getByRole('treeitem', { name: 'SENSOR' }).click();
      await page.getByRole('region', { name: 'Topic detail' }).getByRole('button', { name: 'Chart AM2301.Temperature' }).click();
      await showView(page, 'Topics');
      await page.getByLabel('Search topics').fill('sensor/power/state');
      await page.getByRole('tree', { name: 'Topics' }).getByRole('treeitem', { name: 'state' }).first().click();
      await page.getByRole('region', { name: 'Topic detail' }).getByRole('button', { name: 'Chart this value' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'New chart' }).click();
      for (const view of ['Charts', 'Devices', 'Inspector'] as const) {
        await showView(page, view);
        await page.waitForTimeout(4_000);
        await shot(page, `${view.toLowerCase()}.png`);
      }
    }
    await page.close();
  }
  // a classroom projector: class mode, the Inspector with a QoS 2 exchange
  const projector = await open(1024, 768);
  await projector.getByRole('button', { name: 'Class mode' }).click();
  await projector.getByRole('button', { name: 'Publish', exact: true, pressed: false }).click();
  const publish = projector.getByRole('region', { name: 'Publish' });
  await publish.getByLabel('Topic', { exact: true }).fill('classroom/lamp');
  await publish.getByLabel('Payload', { exact: true }).fill('ON');
  await publish.getByRole('radiogroup', { name: 'QoS' }).getByLabel('2').check();
  await publish.getByRole('button', { name: 'Publish', exact: true }).click();
  await projector.getByRole('button', { name: 'Close publish panel' }).click();
  await showView(projector, 'Inspector');
  const inspector = projector.getByRole('region', { name: 'Inspector' });
  await inspector.getByLabel('Packet type', { exact: true }).selectOption('PUBREL');
  await inspector.getByRole('table', { name: 'Packets' }).getByRole('row').filter({ hasText: 'PUBREL' }).first().click();
  await projector.getByRole('region', { name: 'Packet detail' }).getByRole('tab', { name: 'Flow' }).click();
  await shot(projector, 'projector-class-mode.png');
  await projector.close();
  const small = await open(800, 600);
  await shot(small, 'projector-800.png');
  await small.close();
  // a phone: one column, the header scrolls away
  const phone = await open(390, 844);
  await shot(phone, 'phone.png');
  await phone.getByRole('button', { name: 'Publish', exact: true, pressed: false }).click();
  await phone.waitForTimeout(500);
  await shot(phone, 'phone-publish.png');
  await phone.close();
} finally {
  await browser.close();
  await vite.close();
  await simulator.stop();
  await broker.close();
}
