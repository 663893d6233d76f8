/**
 * Trust in what the screen says: one test per numbered item of that issue (1 states, 2 validation where
 * typed, 3 reconnect after a reload, 4 devices, 6 charts, 7 topic tree habits, 8 wording). Item 5 (one
 * time source) is in inspector.spec.ts; the devices' rules are unit tests in src/data.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { nodeClient, publish } from './mqttClient';

/** A screenshot of the screen a test changed, kept with the test's results to be looked at. */
async function snap(page: Page, name: string): Promise<void> {
  const path = test.info().outputPath(`${name}.png`);
  await page.screenshot({ path });
}

test.describe('trust in what the screen says', () => {
  test('1 states: disabled buttons look disabled in every style; a subscription on an unreachable broker is "not sent"', async ({ app, page }) => {
    await app.open();
    await app.connectTo('ws://127.0.0.1:9/mqtt');
    await app.subscribe('lab/#');
    await expect(app.subscription('lab/#')).toHaveAccessibleName(/^lab\/#: QoS 0 · not sent: (not connected|waiting for the connection)/);
    await expect(app.subscription('lab/#')).not.toHaveAccessibleName(/SUBACK/);
    await snap(app.page, 'not-sent');
    // the same style, enabled and disabled, side by side: they must not look alike
    const look = (name: string) =>
      app.page.getByRole('button', { name, exact: true }).first().evaluate((el) => {
        const s = getComputedStyle(el);
        return `${s.color}|${s.backgroundColor}|${s.opacity}`;
      });
    await app.showView('Messages');
    expect(await page.getByRole('button', { name: 'Export CSV' }).isDisabled()).toBe(true); // ghost, nothing to export
    expect(await look('Export CSV')).not.toBe(await look('Clear'));
    await app.showView('Devices');
    const crash = page.getByRole('region', { name: 'Demo device' }).getByRole('button', { name: 'Crash it' }); // danger, nothing to crash
    await expect(crash).toBeDisabled();
    await snap(page, 'disabled-demo');
    // the same button with its disabled state lifted for a moment: the disabled look must differ
    const [danger, enabledDanger] = await crash.evaluate((el: HTMLButtonElement) => {
      el.style.transition = 'none'; // read the end state, not a colour mid-transition
      const disabled = getComputedStyle(el).backgroundColor;
      el.disabled = false;
      const enabled = getComputedStyle(el).backgroundColor;
      el.disabled = true;
      el.style.transition = '';
      return [disabled, enabled];
    });
    expect(danger).not.toBe(enabledDanger);
  });

  test('1 states: settings changed while connected say they apply on reconnect, with Reconnect now', async ({ app, aedes }) => {
    await app.open({ broker: aedes.wsUrl, connect: true });
    await app.expectConnected();
    await app.connection.getByRole('button', { name: 'Connection settings' }).click();
    await app.connection.getByText('Session, keep-alive and reconnect').click();
    await app.connection.getByLabel('Keep-alive (s)').fill('30');
    await expect(app.connection.getByRole('note')).toHaveText(/Settings changed since this connection opened: they apply on reconnect\./);
    await snap(app.page, 'settings-changed');
    await app.connection.getByRole('button', { name: 'Reconnect now' }).click();
    await app.expectConnected();
    await expect(app.connection.getByRole('note')).toHaveCount(0);
  });

  test('1 states: a WebSocket path the server refuses stops retrying after a few attempts and says why; a host that does not resolve is not called a certificate problem', async ({ app }) => {
    const httpOnly = new URL(process.env.MQTTSCOPE_APP_URL ?? '').host;
    await app.open();
    await app.connectTo(`ws://${httpOnly}/no-mqtt-here`);
    await expect(app.status).toHaveText(/^Failed: A web server answers at .* refused the WebSocket upgrade at the path "\/no-mqtt-here"\. Stopped retrying after 3 attempts\./, { timeout: 30_000 });
    await snap(app.page, 'path-refused');
    await app.page.getByRole('button', { name: '+ New connection' }).click();
    await app.fillConnection('wss://no-such-host.invalid:8884/mqtt');
    await app.connection.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(app.status).toHaveText(/the host name may not exist/);
    await expect(app.status).not.toHaveText(/certificate problem|self-signed/);
  });

  test('2 validation where typed: broker URL, client ID, keep-alive, topic filter and publish topic are checked as they are typed', async ({ app, aedes, page }) => {
    await app.open({ broker: aedes.wsUrl, connect: true });
    await app.expectConnected();
    await app.connection.getByRole('button', { name: 'Connection settings' }).click();
    const c = app.connection;
    await c.getByLabel('Broker URL').fill('mqtt://test.mosquitto.org:1883');
    await expect(c.getByRole('alert').filter({ hasText: 'Browsers cannot open plain MQTT' })).toBeVisible(); // no Connect clicked
    await c.getByLabel('Broker URL').fill('ws://user:secret@example.com:9001');
    await expect(c.getByRole('alert').filter({ hasText: 'carries a user name or password' })).toBeVisible();
    await c.getByLabel('Broker URL').fill(aedes.wsUrl);
    await c.getByText('Session, keep-alive and reconnect').click();
    await c.getByLabel('Keep-alive (s)').fill('70000');
    await expect(c.getByRole('alert').filter({ hasText: 'Keep-alive must be a whole number from 0 to 65,535.' })).toBeVisible();
    await c.getByLabel('Client ID', { exact: true }).fill('x'.repeat(70_000));
    await expect(c.getByRole('alert').filter({ hasText: 'longer than MQTT allows' })).toBeVisible();
    await app.subscriptions.getByLabel('Topic filter').fill('a/#/b');
    await expect(app.subscriptions.getByRole('alert')).toHaveText(/"#" must be the last level/);
    await app.openPublish();
    await app.publishPanel.getByLabel('Topic', { exact: true }).fill('cmnd/+/POWER');
    await expect(app.publishPanel.getByRole('alert')).toHaveText(/wildcard/i);
    // nothing was saved from the bad fields
    const saved = await page.evaluate(() => localStorage.getItem('mqttscope.profiles') ?? '');
    expect(saved).not.toContain('70000');
    expect(saved).not.toContain('user:secret');
  });

  test('2 validation where typed: an imported subscription {"filter":"a/#/b","qos":7} is refused with the reason and never stored', async ({ app, page }) => {
    await app.open();
    const file = join(tmpdir(), `bad-subscription-${Date.now()}.json`);
    writeFileSync(file, JSON.stringify({ format: 'mqttscope.profiles', version: 1, profiles: [{ name: 'Bad subs', url: 'ws://lab:9001', subscriptions: [{ filter: 'a/#/b', qos: 7 }] }] }));
    const nav = page.getByRole('navigation', { name: 'Connections' });
    await nav.getByLabel('Profiles file to import').setInputFiles(file);
    await expect(nav.getByRole('alert')).toContainText('Refused: Bad subs: subscriptions[0].filter: "#" must be the last level');
    await expect(nav.getByRole('alert')).toContainText('subscriptions[0].qos: must be 0, 1 or 2');
    await snap(page, 'import-refused');
    await expect(nav.getByRole('tab', { name: /^Bad subs/ })).toHaveCount(0);
    expect(await page.evaluate(() => localStorage.getItem('mqttscope.profiles') ?? '')).not.toContain('Bad subs');
  });

  test('3 after a reload the connections that were open reconnect by themselves, whichever profile is selected', async ({ app, aedes, page }) => {
    await app.open();
    await app.connectTo(aedes.wsUrl, { name: 'Home' });
    await app.expectConnected();
    await app.selectConnection(/^HiveMQ/); // another one selected
    await page.reload();
    const nav = page.getByRole('navigation', { name: 'Connections' });
    await expect(nav.getByRole('tab', { name: 'Home (Connected)' })).toBeVisible();
    // one the user disconnected stays disconnected
    await app.selectConnection(/^Home/);
    await app.connection.getByRole('button', { name: 'Disconnect' }).click();
    await page.reload();
    await page.waitForTimeout(1_000);
    await expect(nav.getByRole('tab', { name: /^Home \((Not connected)\)/ })).toBeVisible();
  });

  test('4 devices tell the truth: states in words, last known values of an offline device, and "Forget device" clears a retained status', async ({ app, mosquitto, prefix, page }) => {
    const device = await nodeClient(mosquitto.tcpUrl);
    await device.publishAsync(`${prefix}/zigbee2mqtt/front_door/availability`, 'online', { retain: true });
    await device.publishAsync(`${prefix}/zigbee2mqtt/front_door`, '{"contact":false,"battery":97}', { retain: true });
    await device.publishAsync(`${prefix}/shellies/plug-1/online`, 'false', { retain: true });
    await device.publishAsync(`${prefix}/shellies/plug-1/relay/0/power`, '12.5', { retain: true });
    await device.endAsync();
    await app.open({ broker: mosquitto.wsUrl, subscribe: [`${prefix}/#`], connect: true, view: 'devices' });
    const door = page.getByRole('listitem', { name: 'front_door', exact: true });
    await expect(door.getByRole('list', { name: 'Latest values of front_door' })).toContainText('contactopen');
    const plug = page.getByRole('listitem', { name: 'plug-1', exact: true });
    await expect(plug).toContainText('Offline (“false”)'); // the state in words, the payload beside it
    await expect(plug.getByRole('list', { name: 'Last known values of plug-1' })).toContainText('power12.5 W');
    await snap(page, 'devices');

    const witness = spawn('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(mosquitto.tcpPort), '-t', `${prefix}/shellies/plug-1/online`, '-F', '[%p]']);
    let seen = '';
    witness.stdout.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    try {
      await expect.poll(() => seen).toContain('[false]'); // the retained status, as any subscriber gets it
      await plug.getByRole('button', { name: 'Forget device' }).click();
      await page.getByRole('dialog', { name: 'Forget plug-1?' }).getByRole('button', { name: 'Forget and clear' }).click();
      await expect(plug).toHaveCount(0);
      await expect.poll(() => seen).toContain('[false]\n[]'); // an empty retained message cleared it
    } finally {
      witness.kill();
    }
    const late = await nodeClient(mosquitto.tcpUrl);
    const retained: string[] = [];
    late.on('message', (topic) => retained.push(topic));
    await late.subscribeAsync(`${prefix}/shellies/plug-1/online`);
    await page.waitForTimeout(500);
    await late.endAsync();
    expect(retained).toEqual([]); // a later visitor sees no ghost
  });

  test('6 charts: "Chart" on a value of another unit asks, and a new panel is brought into view', async ({ app, aedes, prefix, page }) => {
    await page.setViewportSize({ width: 1440, height: 640 });
    await app.open({ broker: aedes.wsUrl, subscribe: [`${prefix}/#`], connect: true });
    await expect(app.subscription(`${prefix}/#`)).toHaveAccessibleName(/granted/);
    await publish(aedes.tcpUrl, `${prefix}/tele/bedroom/SENSOR`, '{"AM2301":{"Temperature":21.5},"ENERGY":{"Power":60}}');
    await app.messageRows(`${prefix}/tele/bedroom/SENSOR`).click();
    const detail = page.getByRole('region', { name: 'Message detail' });
    await detail.getByRole('button', { name: 'Chart AM2301.Temperature' }).click();
    await expect(page.getByRole('region', { name: 'Chart bedroom/SENSOR AM2301.Temperature' })).toBeVisible();
    await app.showView('Messages');
    await app.messageRows(`${prefix}/tele/bedroom/SENSOR`).click();
    await detail.getByRole('button', { name: 'Chart ENERGY.Power' }).click();
    const ask = page.getByRole('dialog', { name: `Chart ${prefix}/tele/bedroom/SENSOR ENERGY.Power` });
    await expect(ask).toBeVisible();
    await snap(page, 'chart-ask');
    await ask.getByRole('button', { name: 'New chart' }).click();
    const power = page.getByRole('region', { name: 'Chart bedroom/SENSOR ENERGY.Power' });
    await expect(power).toBeInViewport();
    await expect(page.getByRole('region', { name: 'Chart bedroom/SENSOR AM2301.Temperature' })).toHaveCount(1); // its title unchanged
  });

  test('7 topic tree habits: a topic published with Retain says so; Clear retained only where one is held; Clear tree asks; changes flash unless motion is reduced', async ({ app, aedes, prefix, page }) => {
    await app.open({ broker: aedes.wsUrl, subscribe: [`${prefix}/#`], connect: true, view: 'topics' });
    await expect(app.subscription(`${prefix}/#`)).toHaveAccessibleName(/granted/);
    await app.publish(`${prefix}/lamp/state`, 'ON', { qos: 1, retain: true });
    await app.publish(`${prefix}/lamp/power`, '7', { qos: 1 });
    const tree = page.getByRole('tree', { name: 'Topics' });
    await page.getByLabel('Search topics').fill(`${prefix}/lamp`);
    await tree.getByRole('treeitem', { name: 'state' }).click();
    const detail = page.getByRole('region', { name: 'Topic detail' });
    await expect(detail).toContainText(/Retainedyes: you published it with Retain at \d\d:\d\d:\d\d/);
    await expect(detail.getByRole('button', { name: 'Clear retained' })).toBeVisible();
    await snap(page, 'topic-retained-by-you');
    await tree.getByRole('treeitem', { name: 'power' }).click();
    await expect(detail).toContainText('no retained message seen');
    await expect(detail.getByRole('button', { name: 'Clear retained' })).toHaveCount(0);
    // a row is animated when it, or something drawn in it, runs a CSS animation
    const animated = (name: string) =>
      tree.getByRole('treeitem', { name }).evaluate((row) => [row, ...row.querySelectorAll('*')].some((e) => getComputedStyle(e).display !== 'none' && getComputedStyle(e).animationName !== 'none'));
    await tree.getByRole('treeitem', { name: 'state' }).click(); // the selected row does not flash
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await publish(aedes.tcpUrl, `${prefix}/lamp/power`, '8');
    await expect.poll(() => animated('power'), { intervals: [50] }).toBe(true); // a change flashes
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await publish(aedes.tcpUrl, `${prefix}/lamp/power`, '9');
    await expect(tree.getByRole('treeitem', { name: 'power' })).toContainText('9');
    expect(await animated('power')).toBe(false); // with reduced motion nothing flashes
    await page.getByRole('button', { name: 'Clear tree' }).click();
    await page.getByRole('dialog', { name: 'Clear the topic tree?' }).getByRole('button', { name: 'Cancel' }).click();
    await expect(tree.getByRole('treeitem', { name: 'power' })).toBeVisible();
  });

  test('8 wording: one topic, not "1 topics"; QoS in words; no Ctrl+Enter on a touch screen; a 3.1.1 PUBLISH has no properties', async ({ browser, aedes, prefix }) => {
    const context = await browser.newContext({ hasTouch: true, viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const { AppPage } = await import('./pages/app');
    const app = new AppPage(page);
    try {
      await app.open({ broker: aedes.wsUrl, subscribe: [`${prefix}/#`], connect: true, view: 'topics' });
      await expect(app.subscription(`${prefix}/#`)).toHaveAccessibleName(/granted/);
      await publish(aedes.tcpUrl, `${prefix}/one`, '1');
      await expect(page.getByText('1 topic · 1 message', { exact: true })).toBeVisible();
      await expect(page.getByRole('tree', { name: 'Topics' }).getByRole('treeitem', { name: prefix })).toContainText('1 msg · 1 topic');
      const qos = app.publishPanel.getByRole('radiogroup', { name: 'QoS' });
      await expect(qos).toContainText('0 · at most once');
      await expect(qos).toContainText('2 · exactly once');
      await expect(app.publishPanel.getByText('Ctrl+Enter')).toHaveCount(0);
      await app.publish(`${prefix}/two`, 'x', { qos: 0 });
      await app.showView('Inspector');
      const inspector = page.getByRole('region', { name: 'Inspector' });
      await inspector.getByLabel('Packet type', { exact: true }).selectOption('PUBLISH');
      await inspector.getByRole('table', { name: 'Packets' }).getByRole('row').filter({ hasText: `${prefix}/two` }).filter({ hasText: 'sent' }).click();
      await page.getByRole('region', { name: 'Packet detail' }).getByRole('tab', { name: 'Overhead' }).click();
      await expect(page.getByLabel('Packet overhead')).toContainText('the rest variable header)');
      await expect(page.getByLabel('Packet overhead')).not.toContainText('properties');
    } finally {
      await context.close();
    }
  });
  test('8 wording: the import error names the "Export all" button; a cut value label shows in full on hover', async ({ app, mosquitto, prefix, page }) => {
    await app.open();
    const file = join(tmpdir(), `not-json-${Date.now()}.json`);
    writeFileSync(file, 'this is not a profiles file');
    const nav = page.getByRole('navigation', { name: 'Connections' });
    await nav.getByLabel('Profiles file to import').setInputFiles(file);
    await expect(nav.getByRole('alert')).toContainText('"Export all"');
    await snap(page, 'import-not-json');
    await expect(nav.getByRole('button', { name: 'Export all' })).toBeVisible(); // the button it names exists

    const device = await nodeClient(mosquitto.tcpUrl);
    await device.publishAsync(`${prefix}/zigbee2mqtt/hall_sensor/availability`, 'online', { retain: true });
    await device.publishAsync(`${prefix}/zigbee2mqtt/hall_sensor`, '{"linkquality":87,"temperature_calibrated":20.5}', { retain: true });
    await device.endAsync();
    await app.open({ broker: mosquitto.wsUrl, subscribe: [`${prefix}/#`], connect: true, view: 'devices' });
    const values = page.getByRole('list', { name: 'Latest values of hall_sensor' });
    // the title carries the whole name: topic and path, however narrow the card
    await expect(values.getByTitle(`${prefix}/zigbee2mqtt/hall_sensor linkquality`, { exact: true })).toBeVisible();
    await expect(values.getByTitle(`${prefix}/zigbee2mqtt/hall_sensor temperature_calibrated`, { exact: true })).toBeVisible();
  });
});
