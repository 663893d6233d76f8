import { encode as encodeCbor } from 'cborg';
import { expect, test } from './fixtures';
import { publish } from './mqttClient';
import { seededRandom } from '../tools/simulator/device';
import { SparkplugEdgeNode } from '../tools/simulator/devices';

test.describe('decoders', () => {
  test("a Sparkplug B edge node is a device with named metrics, a metric charts by name, and its NDEATH (the will) takes it and its device offline", async ({ app, mosquitto, prefix, page }) => {
    const group = prefix.replace(/[^A-Za-z0-9-]/g, '-');
    await app.open({ broker: mosquitto.wsUrl, subscribe: [`spBv1.0/${group}/#`], connect: true, view: 'devices' });
    await expect(app.status).toContainText('Connected');
    // births are not retained: the node starts once the page listens, as a host application would be
    const node = new SparkplugEdgeNode({ brokerUrl: mosquitto.tcpUrl, prefix: '', speed: 10, random: seededRandom(7), log: () => {} }, group);
    await node.start();
    try {
      const list = page.getByRole('list', { name: 'Device list' });
      const card = list.getByRole('listitem', { name: 'edge-1', exact: true });
      await expect(card).toContainText('Sparkplug B');
      await expect(card).toContainText('Online');
      const pump = list.getByRole('listitem', { name: 'pump-1', exact: true });
      await expect(pump).toContainText('Online');
      // NDATA carries aliases only: the names come from the NBIRTH
      await expect(card.getByRole('list', { name: 'Latest values of edge-1' })).toContainText('Temperature');
      await expect(pump.getByRole('list', { name: 'Latest values of pump-1' })).toContainText('Flow');

      await card.getByRole('button', { name: 'Chart Temperature of edge-1' }).click();
      const line = page.getByRole('row', { name: `spBv1.0/${group}/NDATA/edge-1 metrics.Temperature.value` });
      await expect(line).toBeVisible();
      await expect(line).toContainText(/\d\d\.\d/);

      // the message detail shows the payload decoded, names resolved, with the raw bytes a click away
      await app.showView('Messages');
      await app.messageRows(`spBv1.0/${group}/NDATA/edge-1`).first().click();
      const detail = page.getByRole('region', { name: 'Message detail' });
      await expect(detail).toContainText('Decoded as Sparkplug B');
      await expect(detail).toContainText('Temperature');
      await detail.getByRole('tab', { name: 'Hex' }).click();
      await expect(detail.getByRole('tabpanel')).toContainText(/^0{8} {2}[0-9a-f]{2} /);

      await app.showView('Devices');
      node.crash(); // the socket dies without DISCONNECT: mosquitto publishes the NDEATH will
      await expect(card).toContainText('Offline');
      await expect(pump).toContainText('Offline');
    } finally {
      await node.stop();
    }
  });

  test('a CBOR rule decodes its topics (55.49 stays a number), a payload that is not CBOR shows the error, the offset and the bytes, and a .proto that does not compile is refused', async ({ app, mosquitto, prefix, page }) => {
    await app.open({ broker: mosquitto.wsUrl, subscribe: [`${prefix}/#`], connect: true });
    await expect(app.status).toContainText('Connected');
    await page.getByText('Decoders: Sparkplug B').click();
    const decoders = page.getByRole('region', { name: 'Decoders' });
    await decoders.getByLabel('as', { exact: true }).selectOption('protobuf');
    await decoders.getByLabel('Decode topics matching').fill(`${prefix}/pb/#`);
    await decoders.getByLabel('Message type').fill('Reading');
    await decoders.getByLabel('.proto').fill('message Reading { string sensor = ; }');
    await decoders.getByRole('button', { name: 'Add decoder' }).click();
    await expect(decoders.getByRole('alert')).toContainText('The .proto does not compile');
    await expect(decoders.getByRole('list', { name: 'Decoder rules' })).toHaveCount(0);

    await decoders.getByLabel('as', { exact: true }).selectOption('cbor');
    await decoders.getByLabel('Decode topics matching').fill(`${prefix}/cbor/#`);
    await decoders.getByRole('button', { name: 'Add decoder' }).click();
    await expect(decoders.getByRole('list', { name: 'Decoder rules' })).toContainText(`${prefix}/cbor/#`);

    await publish(mosquitto.tcpUrl, `${prefix}/cbor/kitchen`, Buffer.from(encodeCbor({ temperature: 21.5, ok: true })));
    await publish(mosquitto.tcpUrl, `${prefix}/cbor/number`, Buffer.from(encodeCbor(55.49)));
    await publish(mosquitto.tcpUrl, `${prefix}/cbor/broken`, Buffer.from([0xa2, 0x61, 0x61]));
    await publish(mosquitto.tcpUrl, `${prefix}/plain`, '55.49');
    const detail = page.getByRole('region', { name: 'Message detail' });

    await app.messageRows(`${prefix}/cbor/kitchen`).click();
    await expect(detail).toContainText('Decoded as CBOR');
    await expect(detail.getByRole('tabpanel')).toContainText('temperature');
    await app.messageRows(`${prefix}/cbor/number`).click();
    await expect(detail.getByRole('tabpanel')).toContainText('55.49');
    await app.messageRows(`${prefix}/cbor/broken`).click();
    await expect(detail.getByRole('alert')).toContainText(/Not CBOR: .* \(at byte 3 of 3\)/);
    await expect(detail.getByRole('tabpanel')).toContainText('a2 61 61');
    // no rule, no guessing: a text payload stays text
    await app.messageRows(`${prefix}/plain`).click();
    await expect(detail.getByRole('tab', { name: 'Decoded' })).toHaveCount(0);
    await expect(detail.getByRole('tabpanel')).toContainText('55.49');
  });
});
