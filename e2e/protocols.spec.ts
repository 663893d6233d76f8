/**
 * The other protocols of the course beside MQTT: the REST device registry (HTTP) and the CoAP sensor
 * behind its CoAP-to-MQTT gateway. (AMQP through RabbitMQ is in the interop suite, which starts one.)
 */
import { startRegistry } from '../tools/registry/server';
import { startCoapGateway, startCoapSensor } from '../tools/simulator/coap';
import { startSimulator } from '../tools/simulator/index';
import { expect, test } from './fixtures';
import { nodeClient } from './mqttClient';

const json = { 'Content-Type': 'application/json' };

test.describe('REST registry and CoAP', () => {
  test('the REST registry answers the course\'s four calls, the simulated devices register themselves and show in the dashboard\'s registry, and a device added there is GET-able over HTTP', async ({ app, page, aedes, prefix }) => {
    const registry = await startRegistry();
    const simulator = await startSimulator({ brokerUrl: aedes.tcpUrl, prefix, speed: 10, crash: false, seed: 7, registryUrl: registry.url });
    try {
      // the course's four calls
      const thermo = { identifier: `${prefix}-thermo`, name: 'Hall thermometer', device_type: 'temperature sensor', controller_gateway: 'zigbee2mqtt' };
      const created = await fetch(`${registry.url}/devices`, { method: 'POST', headers: json, body: JSON.stringify(thermo) });
      expect(created.status).toBe(201);
      const all = await fetch(`${registry.url}/devices`);
      expect(all.status).toBe(200);
      const rows = (await all.json()) as Array<{ identifier: string }>;
      expect(rows.map((r) => r.identifier)).toEqual(expect.arrayContaining(['livingroom', 'powermeter', 'zigbee2mqtt', thermo.identifier]));
      expect(await (await fetch(`${registry.url}/devices/${thermo.identifier}`)).json()).toEqual(thermo);
      expect((await fetch(`${registry.url}/devices/${thermo.identifier}`, { method: 'DELETE' })).status).toBe(200);
      const gone = await fetch(`${registry.url}/devices/${thermo.identifier}`);
      expect(gone.status).toBe(404);
      expect(await gone.json()).toEqual({ error: `Device with identifier ${thermo.identifier} not found.` });
      expect((await fetch(`${registry.url}/devices`, { method: 'POST', headers: json, body: '{"identifier":"x"}' })).status).toBe(400);

      await app.open();
      await app.connectTo(aedes.wsUrl);
      await app.expectConnected();
      await app.subscribe(`${prefix}/#`, 0);
      await app.showView('Devices');
      const panel = page.getByRole('region', { name: 'Device registry' });
      await panel.getByLabel('Registry URL').fill('ftp://nowhere');
      await panel.getByRole('button', { name: 'Link registry' }).click();
      await expect(panel.getByLabel('Registry URL')).toHaveAccessibleDescription(/use http:\/\/ or https:\/\//);
      await panel.getByLabel('Registry URL').fill(registry.url);
      await panel.getByRole('button', { name: 'Link registry' }).click();
      const table = panel.getByRole('table', { name: 'Registry devices' });
      await expect(table.getByRole('row', { name: /powermeter ESPHome power meter power meter esphome/ })).toBeVisible();
      await expect(table.getByRole('row', { name: /livingroom Tasmota livingroom climate sensor tasmota/ })).toBeVisible();
      // a device the registry knows is named from it on its card
      await expect(page.getByRole('list', { name: 'Device list' }).getByRole('listitem', { name: 'ESPHome power meter' })).toBeVisible();

      // added in the dashboard, GET-able over HTTP
      const form = panel.getByRole('form', { name: 'Add a device to the registry' });
      await form.getByLabel('Identifier').fill('garden-1');
      await form.getByLabel('Name').fill('Garden soil sensor');
      await form.getByLabel('Device type').fill('soil moisture sensor');
      await form.getByLabel('Controller gateway').fill('esphome');
      await form.getByRole('button', { name: 'Add to registry' }).click();
      await expect(table.getByRole('row', { name: /garden-1 Garden soil sensor/ })).toBeVisible();
      const fetched = await fetch(`${registry.url}/devices/garden-1`);
      expect(fetched.status).toBe(200);
      expect(await fetched.json()).toEqual({ identifier: 'garden-1', name: 'Garden soil sensor', device_type: 'soil moisture sensor', controller_gateway: 'esphome' });
      // the registry's refusal is said where it was typed
      await form.getByLabel('Identifier').fill('garden-1');
      await form.getByLabel('Name').fill('Again');
      await form.getByLabel('Device type').fill('x');
      await form.getByLabel('Controller gateway').fill('y');
      await form.getByRole('button', { name: 'Add to registry' }).click();
      await expect(form.getByRole('alert')).toHaveText('The registry refused the device: 409: A device with identifier garden-1 already exists.');
      // and deleted from the dashboard, gone over HTTP
      await table.getByRole('button', { name: 'Delete garden-1 from the registry' }).click();
      await expect(table.getByRole('row', { name: /garden-1/ })).toHaveCount(0);
      expect((await fetch(`${registry.url}/devices/garden-1`)).status).toBe(404);
      // a registry that goes away is named, not blank
      await registry.close();
      await panel.getByRole('button', { name: 'Refresh' }).click();
      await expect(panel.getByRole('alert')).toContainText(`Could not reach the registry at ${registry.url}/devices`);
    } finally {
      await simulator.stop();
      await registry.close().catch(() => {});
    }
  });

  test('the CoAP sensor\'s readings reach the dashboard through the gateway, and the Inspector reads the CoAP header the gateway forwarded', async ({ app, page, aedes }) => {
    const sensorName = `s${Date.now().toString(36)}`;
    const sensor = await startCoapSensor({ everyMs: 400 });
    const witness = await nodeClient(aedes.tcpUrl);
    const raw: Buffer[] = [];
    witness.on('message', (_topic, payload) => raw.push(payload));
    await witness.subscribeAsync(`coap/${sensorName}/raw`);
    await app.open();
    await app.connectTo(aedes.wsUrl);
    await app.expectConnected();
    await app.subscribe(`coap/${sensorName}/#`, 0);
    const gateway = await startCoapGateway({ brokerUrl: aedes.tcpUrl, sensorPort: sensor.port, sensor: sensorName });
    try {
      await expect(app.messageRows(`coap/${sensorName}/temperature`).first()).toContainText('"via":"coap"');
      await expect.poll(() => raw.length).toBeGreaterThan(1);
      await page.getByRole('tab', { name: 'Inspector' }).click();
      const inspector = page.getByRole('region', { name: 'Inspector' });
      await inspector.getByLabel('Packet type', { exact: true }).selectOption('PUBLISH');
      await inspector.getByRole('table', { name: 'Packets' }).getByRole('row').filter({ hasText: `coap/${sensorName}/raw` }).first().click();
      const coap = page.getByRole('region', { name: 'Packet detail' }).getByRole('region', { name: 'CoAP message' });
      await expect(coap.getByRole('heading')).toContainText(/The payload is a CoAP message: (ACK|CON|NON) 2\.05 Content/);
      const fields = coap.getByRole('list', { name: 'CoAP fields' });
      await expect(fields.getByRole('listitem', { name: 'Ver, T, TKL' })).toContainText(/bit 7-6\s*Version\s*01 = 1/);
      await expect(fields.getByRole('listitem', { name: 'Ver, T, TKL' })).toContainText(/bit 3-0\s*Token Length\s*\d{4} = \d/);
      await expect(fields.getByRole('listitem', { name: 'Code' })).toContainText('2.05 Content');
      await expect(fields.getByRole('listitem', { name: 'Observe' })).toBeVisible();
      await expect(fields.getByRole('listitem', { name: 'Content-Format' })).toContainText('50 (application/json)');
      await expect(fields.getByRole('listitem', { name: 'Payload', exact: true })).toBeVisible();
      // the bytes shown are a message the gateway forwarded, as it forwarded them
      const dump = ((await coap.getByRole('group', { name: 'CoAP bytes' }).textContent()) ?? '').split('\n').map((l) => l.trim().split(/\s+/).slice(1).join(' ')).filter(Boolean).join(' ');
      const forwarded = raw.map((b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' '));
      expect(forwarded).toContain(dump);
    } finally {
      await gateway.close();
      await sensor.close();
      await witness.endAsync();
    }
  });
});
