import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { nodeClient, publish } from './mqttClient';

test.describe('devices', () => {
  test("the simulator's devices are found by their presets, with the right states", async ({ app, aedes, simulator, prefix, page }) => {
    expect(simulator.devices).toHaveLength(6);
    await app.open({ broker: aedes.wsUrl, subscribe: [`${prefix}/#`], connect: true });
    await page.getByRole('tab', { name: 'Devices' }).click();
    const list = page.getByRole('list', { name: 'Device list' });
    const expected: Array<[string, string, RegExp]> = [
      ['livingroom', 'Tasmota', /Online/],
      ['bedroom', 'Tasmota', /Online/],
      ['powermeter', 'ESPHome', /Online/],
      ['bridge', 'Zigbee2MQTT bridge', /Online/],
      ['front_door', 'Zigbee2MQTT', /Online/],
      ['hallway_motion', 'Zigbee2MQTT', /Online/],
      ['weather-station', 'Homie 3/4', /Online|Starting/],
      ['shellyplug-s-C45BBE', 'Shelly Gen1', /Online/],
    ];
    for (const [name, rule, state] of expected) {
      const card = list.getByRole('listitem', { name, exact: true });
      await expect(card).toContainText(rule);
      await expect(card).toContainText(state);
      await expect(card).toContainText(`under ${prefix}/`);
    }
    await expect(list.getByRole('listitem', { name: 'weather-station', exact: true })).toContainText('Online');
    // telemetry reaches the cards
    await expect(list.getByRole('listitem', { name: 'livingroom', exact: true }).getByRole('list', { name: 'Latest values of livingroom' })).toContainText('Temperature');
    await expect(page.getByRole('region', { name: 'Devices' }).getByLabel('Device counts')).toHaveText('8 devices: 8 online');
  });

  test('a real client killed with SIGKILL turns Offline once the broker delivers its will', async ({ app, mosquitto, prefix, page }) => {
    const lwt = `${prefix}/tele/watcher/LWT`;
    const client = spawn('mosquitto_sub', [
      '-h', '127.0.0.1', '-p', String(mosquitto.tcpPort), '-t', `${prefix}/nothing`, '-k', '5',
      '--will-topic', lwt, '--will-payload', 'Offline', '--will-retain', '--will-qos', '1',
    ]);
    try {
      await new Promise((r) => setTimeout(r, 500));
      await publish(mosquitto.tcpUrl, lwt, 'Online', { retain: true, qos: 1 }); // its birth message
      await app.open({ broker: mosquitto.wsUrl, subscribe: [`${prefix}/#`], connect: true });
      await page.getByRole('tab', { name: 'Devices' }).click();
      const card = page.getByRole('listitem', { name: 'watcher', exact: true });
      await expect(card).toContainText('Online');
      client.kill('SIGKILL');
      await expect(card).toContainText('Offline');
      await expect(card).toContainText('1 outage in 24 h');
      await expect(page.getByRole('region', { name: 'Presence events' })).toContainText('watcher: online → offline');
    } finally {
      client.kill('SIGKILL');
    }
  });

  test('a retained Offline shows Offline as soon as the subscription brings it, marked retained', async ({ app, mosquitto, prefix, page }) => {
    await publish(mosquitto.tcpUrl, `${prefix}/tele/garage/LWT`, 'Offline', { retain: true, qos: 1 });
    await publish(mosquitto.tcpUrl, `${prefix}/zigbee2mqtt/porch/availability`, '{"state":"offline"}', { retain: true, qos: 1 });
    await app.open({ broker: mosquitto.wsUrl, subscribe: [`${prefix}/#`], connect: true });
    await page.getByRole('tab', { name: 'Devices' }).click();
    const garage = page.getByRole('listitem', { name: 'garage', exact: true });
    await expect(garage).toContainText('Offline');
    await expect(garage).toContainText('retained');
    await expect(garage).toContainText('not heard from since connecting');
    await expect(page.getByRole('listitem', { name: 'porch', exact: true })).toContainText('Offline');
  });

  test('the demo device: "Crash it" makes the broker deliver the will; "Disconnect cleanly" sends none, and clears its retained status (trust 4: no ghost left)', async ({ app, mosquitto, prefix, page }) => {
    const status = `${prefix}/demo-1/status`;
    const witness = spawn('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(mosquitto.tcpPort), '-t', status, '-q', '1', '-F', '%p %r']);
    let seen = '';
    witness.stdout.on('data', (chunk: Buffer) => (seen += chunk.toString()));
    try {
      await app.open({ broker: mosquitto.wsUrl, subscribe: [`${prefix}/#`], connect: true });
      await page.getByRole('tab', { name: 'Devices' }).click();
      const demo = page.getByRole('region', { name: 'Demo device' });
      await demo.getByLabel('Status topic').fill(status);
      await demo.getByRole('button', { name: 'Start demo device' }).click();
      const card = page.getByRole('listitem', { name: 'demo-1', exact: true });
      await expect(card).toContainText('Online');
      await demo.getByRole('button', { name: 'Crash it' }).click();
      await expect(card).toContainText('Offline');
      await expect.poll(() => seen).toBe('online 0\noffline 0\n');

      await demo.getByRole('button', { name: 'Start again' }).click();
      await expect(card).toContainText('Online');
      await expect(demo.getByRole('button', { name: 'Start again' })).toHaveCount(0); // not offered while it runs
      await demo.getByRole('button', { name: 'Disconnect cleanly' }).click();
      await expect(demo).toContainText('the broker discards the will');
      await expect(card).toHaveCount(0); // its retained status was cleared: no ghost for the next visitor
      await page.waitForTimeout(1_000);
      expect(seen).toBe('online 0\noffline 0\nonline 0\n 0\n'); // an empty retained message, and no will
    } finally {
      witness.kill();
    }
  });

  test('a device silent for longer than its usual interval is Stale, not Offline', async ({ app, aedes, prefix, page }) => {
    await app.open({ broker: aedes.wsUrl, subscribe: [`${prefix}/#`], connect: true });
    await expect(app.subscription(`${prefix}/#`)).toHaveAccessibleName(/granted/);
    await page.getByRole('tab', { name: 'Devices' }).click();
    const device = await nodeClient(aedes.tcpUrl);
    await device.publishAsync(`${prefix}/tele/shed/LWT`, 'Online', { retain: true });
    for (let i = 0; i < 7; i++) {
      // a few more than the four gaps needed to judge its rhythm, so one late delivery does not spoil it
      await device.publishAsync(`${prefix}/tele/shed/SENSOR`, `{"T":${20 + i}}`);
      await new Promise((r) => setTimeout(r, 700));
    }
    const card = page.getByRole('listitem', { name: 'shed', exact: true });
    await expect(card).toContainText('Online');
    await expect(card).toContainText('Stale', { timeout: 20_000 });
    await expect(card).toContainText('silent for over 3 × its usual 1 s');
    await device.endAsync();
  });

  test('a rule of your own finds devices, and what you tell about a device is kept and exported', async ({ app, aedes, prefix, page }) => {
    await app.open({ broker: aedes.wsUrl, subscribe: [`${prefix}/#`], connect: true });
    await page.getByRole('tab', { name: 'Devices' }).click();
    await publish(aedes.tcpUrl, `${prefix}/plants/ficus/alive`, '{"alive":"YES"}', { retain: true });
    await page.getByText('Presence rules').click();
    const form = page.getByRole('form', { name: 'New presence rule' });
    await form.getByLabel('Rule name').fill('Plants');
    await form.getByLabel('Presence topic pattern').fill('plants/{device}/#');
    await form.getByRole('button', { name: 'Add rule' }).click();
    await expect(form.getByRole('alert')).toHaveText(/"#" is not allowed/);
    await form.getByLabel('Presence topic pattern').fill('plants/{device}/alive');
    await form.getByLabel('Online payloads').fill('yes');
    await form.getByLabel('Offline payloads').fill('no');
    await form.getByLabel('JSON path (optional)').fill('alive');
    await form.getByRole('button', { name: 'Add rule' }).click();
    // rules apply to what already arrived, too
    const card = page.getByRole('listitem', { name: 'ficus', exact: true });
    await expect(card).toContainText('Online');
    await expect(card).toContainText('Plants');

    await card.getByRole('button', { name: 'Name, type, gateway…' }).click();
    await card.getByLabel('Device type').fill('plant');
    await card.getByLabel('Controller / gateway').fill('esp32-garden');
    await card.getByLabel('Device name').fill('Office ficus'); // the card is named by this from now on
    const renamed = page.getByRole('listitem', { name: 'Office ficus', exact: true });
    await expect(renamed).toContainText('ficus · plant · Plants');
    await expect(renamed).toContainText('via esp32-garden');

    await app.saveConnection(); // a link's connection is kept only when saved
    const [download] = await Promise.all([page.waitForEvent('download'), app.connectionAction('Export')]);
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as { profiles: Array<{ presence: { registry: Record<string, unknown>; custom: unknown[] } }> };
    expect(Object.values(exported.profiles[0]?.presence.registry ?? {})).toEqual([{ name: 'Office ficus', type: 'plant', gateway: 'esp32-garden' }]);
    expect(exported.profiles[0]?.presence.custom).toHaveLength(1);
    await page.reload();
    await page.getByRole('tab', { name: 'Devices' }).click();
    await expect(page.getByRole('listitem', { name: 'Office ficus', exact: true })).toContainText('Online');
  });

  test('offline first, and a filter for the ones that need attention', async ({ app, aedes, prefix, page }) => {
    await publish(aedes.tcpUrl, `${prefix}/a-ok/status`, 'online', { retain: true });
    await publish(aedes.tcpUrl, `${prefix}/b-down/status`, 'offline', { retain: true });
    await publish(aedes.tcpUrl, `${prefix}/c-ok/status`, 'online', { retain: true });
    await app.open({ broker: aedes.wsUrl, subscribe: [`${prefix}/+/status`], connect: true });
    await page.getByRole('tab', { name: 'Devices' }).click();
    const names = () => page.getByRole('list', { name: 'Device list' }).getByRole('listitem').evaluateAll((items) => items.map((i) => i.getAttribute('aria-label')));
    await expect.poll(names).toEqual(['b-down', 'a-ok', 'c-ok']);
    await page.getByLabel('Sort by').selectOption('name');
    await expect.poll(names).toEqual(['a-ok', 'b-down', 'c-ok']);
    await page.getByLabel('Offline and stale only').check();
    await expect.poll(names).toEqual(['b-down']);
  });
});
