import { expect, test } from './fixtures';
import { collect, publish } from './mqttClient';

test.describe('topic tree', () => {
  test('is built from what arrives, with counts, history and the JSON changes between messages', async ({ app, aedes, prefix, page }) => {
    await app.open({ broker: aedes.wsUrl, subscribe: [`${prefix}/#`], connect: true });
    await expect(app.subscription(`${prefix}/#`)).toHaveAccessibleName(/granted/);
    await publish(aedes.tcpUrl, `${prefix}/tele/livingroom/SENSOR`, '{"AM2301":{"Temperature":21.4,"Humidity":48},"TempUnit":"C"}');
    await publish(aedes.tcpUrl, `${prefix}/tele/livingroom/SENSOR`, '{"AM2301":{"Temperature":21.9,"Humidity":48},"TempUnit":"C","Fan":"ON"}');
    await publish(aedes.tcpUrl, `${prefix}/tele/bedroom/SENSOR`, '{"AM2301":{"Temperature":19}}');
    await publish(aedes.tcpUrl, `${prefix}/powermeter/sensor/power/state`, '451.2');

    await page.getByRole('tab', { name: 'Topics' }).click();
    const tree = page.getByRole('tree', { name: 'Topics' });
    const root = tree.getByRole('treeitem', { name: prefix });
    await expect(root).toContainText('4 msg');
    await expect(root).toHaveAttribute('aria-expanded', 'false');
    await root.click();
    await page.keyboard.press('ArrowRight');
    await expect(root).toHaveAttribute('aria-expanded', 'true');
    await expect(tree.getByRole('treeitem', { name: 'tele' })).toHaveAttribute('aria-level', '2');

    // search shows matches with their ancestors, expanded
    await page.getByLabel('Search topics').fill('livingroom');
    const sensor = tree.getByRole('treeitem', { name: 'SENSOR' });
    await expect(sensor).toHaveCount(1);
    await expect(sensor).toHaveAttribute('aria-level', '4');
    await sensor.click();
    const detail = page.getByRole('region', { name: 'Topic detail' });
    await expect(detail).toContainText(`${prefix}/tele/livingroom/SENSOR`);
    await expect(detail.getByRole('list', { name: 'Topic history' }).getByRole('listitem').filter({ hasText: 'Fan' }).first()).toBeVisible();
    const changes = detail.getByRole('list', { name: 'Changes from the previous message' });
    await expect(changes).toContainText('~ AM2301.Temperature: 21.4 → 21.9');
    await expect(changes).toContainText('+ Fan: "ON"');
    await page.getByLabel('Search topics').fill('');
    await expect(tree.getByRole('treeitem', { name: 'powermeter' })).toBeVisible();
  });

  test('Clear retained asks first, then the broker forgets the retained message', async ({ app, mosquitto, prefix, page }) => {
    await publish(mosquitto.tcpUrl, `${prefix}/lamp`, 'ON', { retain: true, qos: 1 });
    await app.open({ broker: mosquitto.wsUrl, subscribe: [`${prefix}/#`], connect: true });
    await expect(app.messageRows(`${prefix}/lamp`)).toContainText('ON');
    await page.getByRole('tab', { name: 'Topics' }).click();
    const tree = page.getByRole('tree', { name: 'Topics' });
    await tree.getByRole('treeitem', { name: prefix }).click();
    await page.keyboard.press('ArrowRight');
    const lamp = tree.getByRole('treeitem', { name: 'lamp' });
    await expect(lamp).toContainText('retained');
    await lamp.click();
    const detail = page.getByRole('region', { name: 'Topic detail' });

    await detail.getByRole('button', { name: 'Clear retained' }).click();
    const dialog = page.getByRole('dialog', { name: 'Clear the retained message?' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    expect((await collect(mosquitto.tcpUrl, `${prefix}/lamp`, 300)).map((m) => [m.payload, m.retain])).toEqual([['ON', true]]);

    await detail.getByRole('button', { name: 'Clear retained' }).click();
    await dialog.getByRole('button', { name: 'Clear retained' }).click();
    await expect(detail).toContainText('Cleared: an empty retained message was published, and the broker acknowledged it.');
    await expect(lamp).not.toContainText('retained');
    expect(await collect(mosquitto.tcpUrl, `${prefix}/lamp`, 300)).toEqual([]);
  });
});
