import { PacketFramer } from '../src/mqtt/inspect/framer';
import { expect, test } from './fixtures';
import { startRelay } from './relay';

/** Reads the hex dump as a person sees it: lines of "offset byte byte ...". */
function bytesFromDump(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim().split(/\s+/).slice(1).join(' '))
    .filter(Boolean)
    .join(' ');
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

test.describe('protocol inspector', () => {
  test('shows the CONNECT bytes exactly as they crossed the wire, field by field', async ({ app, mosquitto, prefix, page }) => {
    const relay = await startRelay(mosquitto.wsUrl);
    try {
      const clientId = 'class-demo-42';
      await app.open();
      await page.getByRole('button', { name: '+ New connection' }).click();
      await app.fillConnection(relay.url, { clientId, will: { topic: `${prefix}/gone`, payload: 'bye', qos: 1, retain: true } });
      await app.connection.getByText('Session, keep-alive and reconnect').click();
      await app.connection.getByLabel('Keep-alive (s)').fill('42');
      await app.connection.getByRole('button', { name: 'Connect', exact: true }).click();
      await app.expectConnected();

      // What the relay saw first, cut into packets the same way the wire protocol does
      const sent: Uint8Array[] = [];
      const framer = new PacketFramer();
      for (const frame of relay.toBroker) framer.push(new Uint8Array(frame), (p) => sent.push(p.slice()));
      const connect = sent[0] as Uint8Array;
      expect(connect[0]).toBe(0x10);

      await page.getByRole('tab', { name: 'Inspector' }).click();
      const inspector = page.getByRole('region', { name: 'Inspector' });
      await inspector.getByLabel('Packet type', { exact: true }).selectOption('CONNECT');
      await inspector.getByRole('table', { name: 'Packets' }).getByRole('row').filter({ hasText: 'CONNECT' }).first().click();
      const detail = page.getByRole('region', { name: 'Packet detail' });
      expect(bytesFromDump((await detail.getByRole('group', { name: 'Packet bytes' }).textContent()) ?? '')).toBe(hex(connect));

      const fields = detail.getByRole('list', { name: 'Packet fields' });
      await expect(fields.getByRole('listitem', { name: 'Client Identifier', exact: true })).toContainText(`"${clientId}"`);
      await expect(fields.getByRole('listitem', { name: 'Keep Alive', exact: true })).toContainText('42 s');
      await expect(fields.getByRole('listitem', { name: 'Keep Alive', exact: true })).toContainText('bytes 10–11');
      const flags = fields.getByRole('listitem', { name: 'Connect Flags', exact: true });
      await expect(flags).toContainText('Will Flag1');
      await expect(flags).toContainText('Will QoS1');
      await expect(flags).toContainText('Will Retain1');
      await expect(fields.getByRole('listitem', { name: 'Will Topic', exact: true })).toContainText(`"${prefix}/gone"`);
      await expect(fields.getByRole('listitem', { name: 'Remaining Length', exact: true })).toContainText(`${connect.byteLength - 2} bytes follow`);

      // and what came back: the CONNACK the broker sent
      const received: Uint8Array[] = [];
      const back = new PacketFramer();
      for (const frame of relay.toPage) back.push(new Uint8Array(frame), (p) => received.push(p.slice()));
      await inspector.getByLabel('Packet type', { exact: true }).selectOption('CONNACK');
      await inspector.getByRole('table', { name: 'Packets' }).getByRole('row').filter({ hasText: 'CONNACK' }).first().click();
      expect(bytesFromDump((await detail.getByRole('group', { name: 'Packet bytes' }).textContent()) ?? '')).toBe(hex(received[0] as Uint8Array));
      await expect(detail.getByRole('list', { name: 'Packet fields' })).toContainText('Connection accepted (0)');
    } finally {
      await relay.close();
    }
  });

  test('a QoS 2 publish shows its four-packet flow with times (trust 5: one time source, the Sent list shows the same times), and its overhead against HTTP', async ({ app, mosquitto, prefix, page }) => {
    await app.open({ broker: mosquitto.wsUrl, connect: true });
    await app.expectConnected();
    await app.publish(`${prefix}/lamp`, 'TOGGLE', { qos: 2 });
    await expect(app.publishPanel.getByRole('listitem', { name: new RegExp(`^${prefix}/lamp: QoS 2, delivered`) })).toBeVisible();
    await page.getByRole('tab', { name: 'Inspector' }).click();
    const inspector = page.getByRole('region', { name: 'Inspector' });
    await inspector.getByLabel('Packet type', { exact: true }).selectOption('PUBREL');
    await inspector.getByRole('table', { name: 'Packets' }).getByRole('row').filter({ hasText: 'PUBREL' }).first().click();
    const detail = page.getByRole('region', { name: 'Packet detail' });
    await detail.getByRole('tab', { name: 'Flow' }).click();
    const steps = detail.getByRole('list', { name: 'Exchange' }).getByRole('listitem');
    await expect(steps).toHaveCount(4);
    await expect(steps.nth(0)).toHaveText(/→ PUBLISH \+0\.0 ms$/);
    await expect(steps.nth(1)).toHaveText(/← PUBREC \+\d+\.\d ms$/);
    await expect(steps.nth(2)).toHaveText(/→ PUBREL \+\d+\.\d ms$/);
    await expect(steps.nth(3)).toHaveText(/← PUBCOMP \+\d+\.\d ms$/);
    await expect(detail.getByRole('img', { name: 'Exchange: PUBLISH, PUBREC, PUBREL, PUBCOMP' })).toBeVisible();
    // one time source: the Sent list shows the same times for the same packets
    const flowTimes = (await steps.allTextContents()).map((t) => /\+(\d+\.\d) ms$/.exec(t)?.[1]);
    const sentRow = app.publishPanel.getByRole('listitem', { name: new RegExp(`^${prefix}/lamp: QoS 2, delivered`) });
    const sentTimes = (await sentRow.getByRole('list', { name: 'Packets' }).getByRole('listitem').allTextContents()).map((t) => /\+(\d+\.\d) ms$/.exec(t)?.[1]);
    expect(sentTimes).toEqual(flowTimes);

    // the PUBLISH: header against payload, and the same message as HTTP
    await detail.getByRole('img', { name: /^Exchange/ }).getByText(/^PUBLISH/).click();
    await detail.getByRole('tab', { name: 'Overhead' }).click();
    const topicBytes = new TextEncoder().encode(`${prefix}/lamp`).byteLength;
    const publishSize = 2 + 2 + topicBytes + 2 + 6; // fixed header, topic length + topic, packet id, payload
    await expect(detail.getByLabel('Packet overhead')).toContainText(`Application payload6 bytes`);
    await expect(detail.getByRole('table', { name: 'HTTP request size' })).toContainText(`This MQTT PUBLISH${publishSize}`);
    await expect(detail.getByRole('table', { name: 'HTTP request size' })).toContainText(`POST /${prefix}/lamp HTTP/1.1\\r\\n`);
  });

  test('filters by type and packet id, pauses, and steps one packet at a time in class mode', async ({ app, aedes, prefix, page }) => {
    await app.open({ broker: aedes.wsUrl, subscribe: [`${prefix}/#`], connect: true });
    await expect(app.subscription(`${prefix}/#`)).toHaveAccessibleName(/granted/);
    await page.getByRole('tab', { name: 'Inspector' }).click();
    const inspector = page.getByRole('region', { name: 'Inspector' });
    const table = inspector.getByRole('table', { name: 'Packets' });
    await expect(table.getByRole('row').filter({ hasText: 'SUBACK' })).toHaveCount(1);

    await page.getByRole('button', { name: 'Class mode' }).click(); // a presentation mode for the whole page
    await inspector.getByRole('button', { name: 'Step through new packets' }).click();
    const before = await table.getByRole('row').count();
    await app.publish(`${prefix}/a`, 'one', { qos: 1 });
    await app.publish(`${prefix}/b`, 'two', { qos: 0 });
    const next = inspector.getByRole('button', { name: /^Next packet \(\d+ waiting\)$/ });
    await expect(next).toHaveText(/\((\d+) waiting\)/);
    await expect(table.getByRole('row')).toHaveCount(before); // held still
    await next.click();
    await expect(table.getByRole('row')).toHaveCount(before + 1);
    await expect(page.getByRole('region', { name: 'Packet detail' })).toContainText('PUBLISH sent →');
    await inspector.getByRole('button', { name: 'Stop stepping' }).click();
    await expect.poll(() => table.getByRole('row').count()).toBeGreaterThan(before + 3);

    await inspector.getByLabel('Packet type', { exact: true }).selectOption('PUBACK');
    await expect(table.getByRole('row').filter({ hasText: 'PUBACK' })).toHaveCount(1);
    // the id has its own column in a wide table and leads the details ("#12 …") in a narrow one
    const pubackText = (await table.getByRole('row').filter({ hasText: 'PUBACK' }).textContent()) ?? '';
    const id = /PUBACK\D*?(\d+)/.exec(pubackText.replace(/^[\d:.]+/, ''))?.[1] ?? '';
    expect(id).toMatch(/^\d+$/);
    await inspector.getByLabel('Packet type', { exact: true }).selectOption('');
    await inspector.getByLabel('Packet id', { exact: true }).fill(id);
    await expect(table.getByRole('row').filter({ hasNot: page.getByRole('columnheader') })).toHaveCount(2); // our PUBLISH and its PUBACK (the copy we receive comes at QoS 0, without an id)
    await inspector.getByLabel('Packet id', { exact: true }).fill('70000');
    await expect(inspector.getByRole('alert')).toHaveText('A packet identifier is 1 to 65,535.');

    await inspector.getByRole('button', { name: 'Pause capture' }).click();
    await expect(inspector.getByLabel('Packets kept')).toContainText('capture paused');
  });
});
