/**
 * Issue 17: Home at a glance. `npm start` (its own broker, simulated home and dev server) as a newcomer
 * runs it: the Home view from Home Assistant discovery, the Shelly crash, the stale config removed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { publish } from './mqttClient';

interface Started {
  url: string;
  tcpPort: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Runs `npm start` (through tsx, as npm would) with extra flags; resolves once it printed its URL. */
async function npmStart(args: string[]): Promise<Started> {
  const child = spawn('npx', ['tsx', 'tools/start.ts', ...args], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const started = Date.now();
  while (!/open (http:\/\/\S+)/.test(out)) {
    if (Date.now() - started > 60_000 || child.exitCode !== null) throw new Error(`npm start did not print its URL:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = (/open (http:\/\/\S+)/.exec(out) as RegExpExecArray)[1] as string;
  const tcpPort = Number((/TCP\s+mqtt:\/\/127\.0\.0\.1:(\d+)/.exec(out) as RegExpExecArray)[1]);
  return {
    url,
    tcpPort,
    process: child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-(child.pid as number), 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        // gone
      }
    },
  };
}

/** A tile, found as a person would in a long page of them: typed into "Find a tile". */
async function tile(page: Page, name: string, device: string) {
  await page.getByLabel('Find a tile').fill(name);
  return page.getByRole('article', { name: `${name} tile of ${device}`, exact: true });
}

test.describe('Home at a glance', () => {
  test('npm start: the Home view shows the home from discovery, the Shelly crash turns its tile offline and raises an alert, and the stale config is flagged and removed', async ({ page }) => {
    test.setTimeout(150_000);
    // simulated time runs 10x: the plug crashes after 15 s and stays down 20 s
    const started = await npmStart(['--speed', '10', '--crash-every', '150', '--crash-down', '200']);
    try {
      await page.goto(started.url);
      // a connection with discovered devices opens on Home
      await expect(page.getByRole('tab', { name: 'Home' })).toHaveAttribute('aria-selected', 'true', { timeout: 30_000 });
      // names and units from discovery
      await expect(page.getByRole('heading', { name: /^Bedroom · 3$/i })).toBeVisible();
      await expect(await tile(page, 'Power', 'powermeter')).toContainText(/\d+(\.\d+)?\s*W/);
      await expect(await tile(page, 'Energy', 'powermeter')).toContainText('kWh');
      await expect(await tile(page, 'Door', 'front_door')).toContainText(/open|closed/);
      const plug = await tile(page, 'Power', 'Shelly Plug S');
      await expect(plug).toContainText('Online');
      await expect(plug).toContainText(/\d+(\.\d+)?\s*W/);

      // the plug crashes: its will says offline
      await expect(plug).toContainText('Offline', { timeout: 30_000 });
      await expect(page.getByRole('region', { name: 'Alerts' })).toContainText('Shelly Plug S went offline', { timeout: 5_000 });

      // the stale config of the removed garage sensor is flagged, and Remove clears it
      await page.getByRole('tab', { name: 'Discovery' }).click();
      const stale = page.getByRole('listbox', { name: 'Discovery configs' }).getByRole('option', { name: /^Garage: garage AM2301 Temperature: 1 problem$/ });
      await expect(stale).toBeVisible({ timeout: 20_000 });
      await stale.click();
      const detail = page.getByRole('region', { name: 'Config detail' });
      await expect(detail.getByRole('list', { name: 'Problems' })).toContainText('never seen, nor its availability: the device may be gone');
      const configTopic = 'homeassistant/sensor/A4CF12D3E5EE_AM2301_Temperature/config';
      const sub = spawn('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(started.tcpPort), '-t', configTopic, '-C', '2', '-W', '30', '-F', '%r %l']);
      let seen = '';
      sub.stdout.on('data', (d: Buffer) => (seen += d.toString()));
      const exited = new Promise<number | null>((resolve) => sub.on('exit', resolve));
      await expect.poll(() => seen).toMatch(/^1 \d+\n/); // the retained config
      await detail.getByRole('button', { name: 'Remove…' }).click();
      await page.getByRole('dialog', { name: 'Remove this discovery config?' }).getByRole('button', { name: 'Remove' }).click();
      await expect(page.getByRole('region', { name: 'Discovery' }).getByRole('status', { name: 'Removal result' })).toHaveText('Removed: 1 empty retained message published, and the broker took each.');
      expect(await exited).toBe(0);
      expect(seen.trim().split('\n')[1]).toBe('0 0'); // the empty message that deletes it
      await expect(stale).toHaveCount(0);
    } finally {
      await started.stop();
    }
  });

  test('at 390x844 Home is the first screen, and every tile in it is readable', async ({ page }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width: 390, height: 844 });
    const started = await npmStart(['--speed', '5']);
    try {
      await page.goto(started.url);
      await expect(page.getByRole('tab', { name: 'Home' })).toHaveAttribute('aria-selected', 'true', { timeout: 30_000 });
      const tiles = page.getByRole('article');
      await expect(tiles.first()).toBeVisible();
      await expect(page.getByRole('heading', { name: /^Bedroom · 3$/i })).toBeVisible();
      // every tile in the page: inside the window, its name and value not cut off, the value in large type
      await expect.poll(async () => (await tiles.count()) >= 4).toBe(true);
      await expect(page.getByRole('article', { name: 'AM2301 Temperature tile of Bedroom' })).toContainText('°C');
      const report = await tiles.evaluateAll((articles) =>
        articles.map((a) => {
          const box = a.getBoundingClientRect();
          const name = a.querySelector('h4') as HTMLElement;
          const value = a.querySelector('[aria-label$=" value"] span') as HTMLElement;
          return {
            label: a.getAttribute('aria-label'),
            inside: box.left >= 0 && box.right <= window.innerWidth,
            width: box.width,
            nameFits: name.scrollWidth <= name.clientWidth + 1 && name.scrollHeight <= name.clientHeight + 1,
            valueFits: value.scrollWidth <= (value.parentElement as HTMLElement).clientWidth + 1,
            valuePx: parseFloat(getComputedStyle(value).fontSize),
          };
        }),
      );
      for (const t of report) expect(t, t.label ?? '').toMatchObject({ inside: true, nameFits: true, valueFits: true });
      for (const t of report) expect(t.width, t.label ?? '').toBeGreaterThanOrEqual(150);
      for (const t of report) expect(t.valuePx, t.label ?? '').toBeGreaterThanOrEqual(22);
    } finally {
      await started.stop();
    }
  });

  test('a pinned value, a discovered switch that publishes its command after a confirm, an alert above a limit, and an order kept across a reload', async ({ app, page, prefix, mosquitto }) => {
    await app.open({ broker: mosquitto.wsUrl, subscribe: [`${prefix}/#`], connect: true });
    await app.expectConnected();
    await app.saveConnection();
    // pin a number of a message
    await publish(mosquitto.tcpUrl, `${prefix}/tele/attic/SENSOR`, '{"AM2301":{"Temperature":23.5}}');
    await app.messageRows(`${prefix}/tele/attic/SENSOR`).click();
    const detail = page.getByRole('region', { name: 'Message detail' });
    await expect(detail.getByLabel('Value to pin')).toHaveValue('AM2301.Temperature');
    await detail.getByRole('button', { name: 'Pin to Home' }).click();
    await expect(detail.getByRole('status', { name: 'Pin result' })).toHaveText('Pinned “attic/SENSOR AM2301.Temperature”: it is a tile of the Home view now.');
    // a switch announced by discovery under a prefix of its own
    const lamp = { name: 'Lamp', cmd_t: `${prefix}/lamp/set`, stat_t: `${prefix}/lamp/state`, uniq_id: `${prefix}-lamp`, dev: { ids: `${prefix}-lamp`, name: 'Lamp plug' } };
    await publish(mosquitto.tcpUrl, `${prefix}/ha/switch/lamp/config`, JSON.stringify(lamp), { retain: true, qos: 1 });
    await publish(mosquitto.tcpUrl, `${prefix}/lamp/state`, 'OFF', { retain: true });
    await app.showView('Home');
    await page.getByRole('button', { name: 'Home settings' }).click();
    await page.getByLabel('Discovery prefix').fill(`${prefix}/ha`);
    await page.getByLabel('Discovery prefix').press('Enter');
    await page.keyboard.press('Escape');
    const lampTile = page.getByRole('article', { name: 'Lamp tile of Lamp plug' });
    const attic = page.getByRole('article', { name: `attic/SENSOR AM2301.Temperature tile of ${prefix}/tele` });
    await expect(lampTile).toContainText('off');
    await expect(attic).toContainText('23.5');
    await expect(attic).toContainText('°C');

    // the switch: asked first, then its payload_on to its command topic
    const sub = spawn('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(mosquitto.tcpPort), '-t', `${prefix}/lamp/set`, '-C', '1', '-W', '20']);
    let command = '';
    sub.stdout.on('data', (d: Buffer) => (command += d.toString()));
    const exited = new Promise<number | null>((resolve) => sub.on('exit', resolve));
    await new Promise((r) => setTimeout(r, 300));
    await lampTile.getByRole('button', { name: 'Turn Lamp on' }).click();
    await page.getByRole('dialog', { name: 'Turn Lamp on?' }).getByRole('button', { name: 'Send ON' }).click();
    expect(await exited).toBe(0);
    expect(command.trim()).toBe('ON');

    // an alert above 25 °C
    await attic.getByRole('button', { name: 'Options of attic/SENSOR AM2301.Temperature' }).click();
    const options = page.getByRole('dialog', { name: 'Options of attic/SENSOR AM2301.Temperature' });
    await options.getByLabel('When').selectOption('above');
    await options.getByLabel('Limit').fill('25');
    await options.getByLabel('For (s)').fill('0');
    await options.getByRole('button', { name: 'Add alert' }).click();
    await expect(options).toContainText('Above 25 °C for 0 s');
    await options.getByRole('button', { name: 'Close' }).click();
    await publish(mosquitto.tcpUrl, `${prefix}/tele/attic/SENSOR`, '{"AM2301":{"Temperature":26.5}}');
    await expect(page.getByRole('region', { name: 'Alerts' })).toContainText(`attic/SENSOR AM2301.Temperature is 26.5 °C, above 25`);

    // the order: the attic value moved first with the keyboard, and kept across a reload
    const groups = page.getByRole('group', { name: 'Tiles' }).getByRole('heading', { level: 3 });
    await expect(groups).toHaveText(['Lamp plug · 1', `${prefix}/tele · 1`]);
    await attic.focus();
    await page.keyboard.press('Alt+ArrowLeft');
    await expect(groups).toHaveText([`${prefix}/tele · 1`, 'Lamp plug · 1']);
    await page.reload();
    await app.showView('Home');
    await expect(groups).toHaveText([`${prefix}/tele · 1`, 'Lamp plug · 1']);
  });
});
