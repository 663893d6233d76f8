import { expect, test } from './fixtures';
import { collect, fillPublish, nodeClient, witness } from './mqttClient';


test.describe('publish', () => {
  test('each QoS, with and without retain, arrives with exactly the QoS and retain flag chosen, and the Sent list proves delivery', async ({
    app,
    mosquitto,
    prefix,
    page,
  }) => {
    const sub = witness(mosquitto.tcpPort, `${prefix}/#`);
    try {
      await app.open({ broker: mosquitto.wsUrl, connect: true });
      await app.expectConnected();
      await sub.ready;
      const sent = app.publishPanel.getByRole('region', { name: 'Sent' });
      for (const qos of [0, 1, 2] as const) {
        for (const retain of [false, true]) {
          await fillPublish(page, `${prefix}/q${qos}/r${Number(retain)}`, `payload q${qos} r${Number(retain)}`, qos, retain);
          await app.publishPanel.getByRole('button', { name: 'Publish', exact: true }).click();
          const row = sent.getByRole('listitem', { name: new RegExp(`^${prefix}/q${qos}/r${Number(retain)}: QoS ${qos}${retain ? ', retained' : ''}, (sent|delivered to the broker)$`) });
          await expect(row).toBeVisible();
          const packets = row.getByRole('list', { name: 'Packets' });
          if (qos === 0) await expect(packets).toHaveText(/^PUBLISH \+0\.0 ms$/);
          if (qos === 1) await expect(packets).toHaveText(/^PUBLISH \+0\.0 ms→PUBACK \+\d+\.\d ms$/);
          if (qos === 2) await expect(packets).toHaveText(/^PUBLISH \+0\.0 ms→PUBREC \+\d+\.\d ms→PUBREL \+\d+\.\d ms→PUBCOMP \+\d+\.\d ms$/);
        }
      }
      await expect.poll(() => sub.lines().length, { timeout: 10_000 }).toBe(6);
      expect(sub.lines().sort()).toEqual(
        [0, 1, 2].flatMap((q) => [0, 1].map((r) => `${prefix}/q${q}/r${r} ${q} ${r} payload q${q} r${r}`)).sort(),
      );
    } finally {
      sub.proc.kill();
    }
  });

  test('a retained message reaches a subscriber that joins later, and Clear retained removes it', async ({ app, mosquitto, prefix, page }) => {
    await app.open({ broker: mosquitto.wsUrl, connect: true });
    await app.expectConnected();
    await fillPublish(page, `${prefix}/lamp`, 'ON', 1, true);
    await app.publishPanel.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect(app.publishPanel.getByRole('listitem', { name: new RegExp(`^${prefix}/lamp: QoS 1, retained, delivered`) })).toBeVisible();
    expect(await collect(mosquitto.tcpUrl, `${prefix}/lamp`, 300)).toEqual([{ topic: `${prefix}/lamp`, payload: 'ON', retain: true, qos: 1 }]);

    await app.publishPanel.getByRole('button', { name: 'Clear retained on this topic' }).click();
    const dialog = page.getByRole('dialog', { name: 'Clear the retained message?' });
    await dialog.getByRole('button', { name: 'Clear retained' }).click();
    await expect(app.publishPanel).toContainText(`Cleared the retained message on ${prefix}/lamp.`);
    expect(await collect(mosquitto.tcpUrl, `${prefix}/lamp`, 300)).toEqual([]);
  });

  test('every invalid topic gets its alert and sends nothing', async ({ app, mosquitto, prefix, page }) => {
    const sub = witness(mosquitto.tcpPort, '#', '%t', { liveOnly: true });
    try {
      await app.open({ broker: mosquitto.wsUrl, connect: true });
      await app.expectConnected();
      await sub.ready;
      const bad: Array<[string, RegExp]> = [
        ['', /must not be empty/],
        [`${prefix}/+/x`, /must not contain the wildcards/],
        [`${prefix}/#`, /must not contain the wildcards/],
        ['+', /must not contain the wildcards/],
        ['#', /must not contain the wildcards/],
        [`${prefix}/a#b`, /must not contain the wildcards/],
        [`${prefix}/${'x'.repeat(65_536)}`, /at most 65,535 bytes/],
      ];
      for (const [topic, message] of bad) {
        await fillPublish(page, topic, 'nope', 1, false);
        await app.publishPanel.getByRole('button', { name: 'Publish', exact: true }).click();
        await expect(app.publishPanel.getByRole('alert')).toHaveText(message);
        await expect(app.publishPanel.getByLabel('Topic', { exact: true })).toHaveAttribute('aria-invalid', 'true');
      }
      // Ctrl+Enter goes through the same checks
      await app.publishPanel.getByLabel('Topic', { exact: true }).fill('a/+');
      await app.publishPanel.getByLabel('Payload', { exact: true }).press('Control+Enter');
      await expect(app.publishPanel.getByRole('alert')).toHaveText(/wildcards/);
      await page.waitForTimeout(500);
      expect(sub.lines().filter((t) => !t.startsWith('$'))).toEqual([]);
      await expect(app.publishPanel.getByRole('region', { name: 'Sent' })).toContainText('Each publish shows here');
    } finally {
      sub.proc.kill();
    }
  });

  test('payload formats: JSON is checked with the position of the error, hex and base64 go out as bytes', async ({ app, mosquitto, prefix, page }) => {
    const sub = witness(mosquitto.tcpPort, `${prefix}/#`, '%t %x');
    try {
      await app.open({ broker: mosquitto.wsUrl, connect: true });
      await app.expectConnected();
      await sub.ready;
      await fillPublish(page, `${prefix}/json`, '{\n  "state": "ON",\n}', 0, false, 'JSON');
      await app.publishPanel.getByRole('button', { name: 'Publish', exact: true }).click();
      await expect(app.publishPanel.getByRole('alert')).toHaveText('Not valid JSON: Expected a property name in double quotes but found "}" at line 3, column 1.');
      await fillPublish(page, `${prefix}/hex`, 'de ad be ef 00', 0, false, 'Hex');
      await app.publishPanel.getByRole('button', { name: 'Publish', exact: true }).click();
      await fillPublish(page, `${prefix}/b64`, 'AP8=', 0, false, 'Base64');
      await app.publishPanel.getByRole('button', { name: 'Publish', exact: true }).click();
      await expect.poll(() => sub.lines(), { timeout: 10_000 }).toEqual([`${prefix}/hex deadbeef00`, `${prefix}/b64 00ff`]);
    } finally {
      sub.proc.kill();
    }
  });

  test('repeat publishing sends exactly the count it shows, with {{n}} filled in', async ({ app, mosquitto, prefix, page }) => {
    const sub = witness(mosquitto.tcpPort, `${prefix}/tick`, '%p');
    try {
      await app.open({ broker: mosquitto.wsUrl, connect: true });
      await app.expectConnected();
      await sub.ready;
      await fillPublish(page, `${prefix}/tick`, 'tick {{n}}', 1, false);
      await app.publishPanel.getByLabel('Repeat every (ms)').fill('50');
      await app.publishPanel.getByRole('button', { name: 'Repeat' }).click();
      await expect(app.publishPanel.getByRole('button', { name: /^Stop \(\d+ sent\)$/ })).toBeVisible();
      await page.waitForTimeout(1_200);
      await app.publishPanel.getByRole('button', { name: /^Stop/ }).click();
      const label = await app.publishPanel.getByRole('button', { name: /^Repeat \(last run: \d+ sent\)$/ }).textContent();
      const shown = Number(/(\d+) sent/.exec(label ?? '')?.[1]);
      expect(shown).toBeGreaterThan(5);
      await expect.poll(() => sub.lines().length, { timeout: 10_000 }).toBe(shown);
      await page.waitForTimeout(500);
      expect(sub.lines()).toEqual(Array.from({ length: shown }, (_, i) => `tick ${i + 1}`));
    } finally {
      sub.proc.kill();
    }
  });

  test('MQTT 5: a publish the broker refuses is marked with the reason code in words', async ({ app, startCustomMosquitto, prefix }) => {
    const broker = await startCustomMosquitto({
      dynsec: {
        users: { alice: { password: 'secret', roles: ['lab'] } },
        roles: { lab: [{ acltype: 'publishClientSend', topic: 'lab/#', allow: true }] },
      },
    });
    await app.open();
    await app.connectTo(broker.wsUrl, { username: 'alice', password: 'secret', version: '5.0' });
    await app.expectConnected();
    await fillPublish(app.page, `forbidden/${prefix}`, 'x', 1, false);
    await app.publishPanel.getByRole('button', { name: 'Publish', exact: true }).click();
    const row = app.publishPanel.getByRole('listitem', { name: new RegExp(`^forbidden/${prefix}: QoS 1, refused$`) });
    await expect(row).toContainText('Not authorized (0x87)');
    await expect(row.getByRole('list', { name: 'Packets' })).toHaveText(/^PUBLISH \+0\.0 ms→PUBACK 0x87 \+\d+\.\d ms$/);
  });

  test('MQTT 5 properties go out with the message, and Reply answers a request with its correlation data', async ({ app, mosquitto, prefix, page }) => {
    const requester = await nodeClient(mosquitto.tcpUrl, { protocolVersion: 5 });
    const replies: Array<{ payload: string; correlation: string | undefined; user: unknown; contentType: string | undefined }> = [];
    requester.on('message', (_t, payload, packet) =>
      replies.push({
        payload: payload.toString(),
        correlation: packet.properties?.correlationData?.toString(),
        user: packet.properties?.userProperties,
        contentType: packet.properties?.contentType,
      }),
    );
    await requester.subscribeAsync(`${prefix}/reply`, { qos: 1 });
    try {
      await app.open({ broker: mosquitto.wsUrl, subscribe: [`${prefix}/request`], connect: true, version: '5' });
      await expect(app.subscription(`${prefix}/request`)).toHaveAccessibleName(/granted/);
      await requester.publishAsync(`${prefix}/request`, 'what time is it?', {
        qos: 1,
        properties: { responseTopic: `${prefix}/reply`, correlationData: Buffer.from('req-42') },
      });
      await app.messageRows('what time is it?').click();
      const detail = page.getByRole('region', { name: 'Message detail' });
      await expect(detail.getByLabel('MQTT 5 properties')).toContainText(`Response topic${prefix}/reply`);
      await detail.getByRole('button', { name: 'Reply' }).click();
      await expect(app.publishPanel.getByLabel('Topic', { exact: true })).toHaveValue(`${prefix}/reply`);
      await app.publishPanel.getByLabel('Payload', { exact: true }).fill('half past four');
      await app.publishPanel.getByText(/^MQTT 5 properties/).click();
      await expect(app.publishPanel.getByLabel('Correlation data')).toHaveValue('req-42');
      await app.publishPanel.getByLabel('Content type').fill('text/plain');
      await app.publishPanel.getByRole('button', { name: '+ Add user property' }).click();
      await app.publishPanel.getByLabel('User properties 1 name').fill('from');
      await app.publishPanel.getByLabel('User properties 1 value').fill('mqttscope');
      await app.publishPanel.getByRole('radiogroup', { name: 'QoS' }).getByLabel('1').check();
      await app.publishPanel.getByRole('button', { name: 'Publish', exact: true }).click();
      await expect.poll(() => replies).toEqual([{ payload: 'half past four', correlation: 'req-42', user: { from: 'mqttscope' }, contentType: 'text/plain' }]);

      // Publish again re-sends the received message as it was
      await detail.getByRole('button', { name: 'Publish again' }).click();
      await expect(app.messageRows('what time is it?')).toHaveCount(2);
    } finally {
      await requester.endAsync();
    }
  });

  test('templates are saved with the profile and survive a reload', async ({ app, aedes, page, prefix }) => {
    await app.open({ broker: aedes.wsUrl, connect: true });
    await app.saveConnection(); // a link's connection is kept only when saved
    await fillPublish(page, `${prefix}/cmnd/POWER`, 'TOGGLE', 1, false);
    await app.publishPanel.getByRole('button', { name: 'Save as template' }).click();
    await app.publishPanel.getByLabel('Template name').fill('Toggle the lamp');
    await app.publishPanel.getByRole('button', { name: 'Save', exact: true }).click();
    await page.reload();
    await app.expectConnected();
    await expect(app.publishPanel.getByLabel('Topic', { exact: true })).toHaveValue('');
    await app.publishPanel.getByLabel('Templates', { exact: true }).selectOption('Toggle the lamp');
    await expect(app.publishPanel.getByLabel('Topic', { exact: true })).toHaveValue(`${prefix}/cmnd/POWER`);
    await expect(app.publishPanel.getByLabel('Payload', { exact: true })).toHaveValue('TOGGLE');
    await expect(app.publishPanel.getByRole('radiogroup', { name: 'QoS' }).getByLabel('1')).toBeChecked();
  });
});
