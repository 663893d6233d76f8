import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { publishMany } from './mqttClient';

/** Rows each long list has in the page now (virtual lists hold only the rows in view). */
async function rowsInDom(page: Page) {
  return page.evaluate(() => ({
    messages: document.querySelectorAll('[role=table][aria-label="Message list"] [role=row]').length,
    packets: document.querySelectorAll('[role=table][aria-label="Packets"] [role=row]').length,
    topics: document.querySelectorAll('[role=tree][aria-label="Topics"] [role=treeitem]').length,
  }));
}

for (const [width, height] of [
  [390, 844],
  [800, 600],
] as const) {
  test.describe(`a window of ${width}x${height}`, () => {
    test.use({ viewport: { width, height } });

    test('a flood of 20,000 messages leaves fewer than 200 rows in the page, in every list', async ({ app, aedes, prefix, page }) => {
      test.setTimeout(90_000);
      await app.open({ broker: aedes.wsUrl, subscribe: [`${prefix}/#`], connect: true });
      await expect(app.subscription(`${prefix}/#`)).toHaveAccessibleName(/granted/);
      await publishMany(aedes.tcpUrl, 20_000, (i) => [`${prefix}/flood/${i % 500}`, `{"n":${i}}`]);
      await expect(app.statusBar.getByTestId('received-count')).toHaveText('20,000', { timeout: 60_000 });
      expect((await rowsInDom(page)).messages).toBeLessThan(200);
      expect((await rowsInDom(page)).messages).toBeGreaterThan(5);
      // scrolled to the oldest, still only the rows in view
      await app.messages.getByRole('table', { name: 'Message list' }).getByRole('rowgroup').nth(1).press('Home');
      expect((await rowsInDom(page)).messages).toBeLessThan(200);

      await app.showView('Topics');
      await page.getByRole('button', { name: 'Expand all' }).click();
      await expect(page.getByRole('tree', { name: 'Topics' }).getByRole('treeitem', { name: '499' })).toHaveCount(0); // far below: not in the page
      const topics = (await rowsInDom(page)).topics;
      expect(topics).toBeGreaterThan(5);
      expect(topics).toBeLessThan(200);

      await app.showView('Inspector');
      await expect(page.getByRole('region', { name: 'Inspector' }).getByLabel('Packets kept')).toContainText('10,000 of 10,000 packets kept');
      const packets = (await rowsInDom(page)).packets;
      expect(packets).toBeGreaterThan(5);
      expect(packets).toBeLessThan(200);
    });

    test('every view opens, selects and publishes', async ({ app, aedes, simulator, prefix, page }) => {
      expect(simulator.devices.length).toBeGreaterThan(0);
      await app.open({ broker: aedes.wsUrl, subscribe: [`${prefix}/#`], connect: true });
      await expect(app.messageRows(`${prefix}/tele/livingroom/SENSOR`).first()).toBeVisible();

      // Messages: a row opens its detail
      // the list is still taking in the retained burst: a click on a row that moved is made again, as a person would
      await expect(async () => {
        await app.messageRows(`${prefix}/tele/livingroom/SENSOR`).first().click();
        await expect(page.getByRole('region', { name: 'Message detail' })).toBeVisible({ timeout: 1_000 });
      }).toPass({ timeout: 15_000 });
      await page.getByRole('button', { name: 'Close message detail' }).click();

      // Topics: search, select, the detail
      await app.showView('Topics');
      await page.getByLabel('Search topics').fill('livingroom/SENSOR');
      await page.getByRole('tree', { name: 'Topics' }).getByRole('treeitem', { name: 'SENSOR' }).click();
      await expect(page.getByRole('region', { name: 'Topic detail' })).toBeVisible();

      // Charts: a chart of a value from the topic's detail
      await page.getByRole('region', { name: 'Topic detail' }).getByRole('button', { name: 'Chart AM2301.Temperature' }).click();
      await expect(page.getByRole('tab', { name: 'Charts', selected: true })).toBeVisible();
      await expect(page.getByRole('region', { name: /^Chart livingroom\/SENSOR/ })).toBeVisible();

      // Devices: the cards
      await app.showView('Devices');
      await expect(page.getByRole('list', { name: 'Device list' }).getByRole('listitem').first()).toBeVisible();

      // Publish, from its drawer (or beside the views), then the Inspector shows the packet
      await app.publish(`${prefix}/cmnd/lamp`, 'ON', { qos: 1 });
      await app.openPublish();
      await expect(app.publishPanel.getByRole('listitem', { name: new RegExp(`^${prefix}/cmnd/lamp: QoS 1, delivered`) })).toBeVisible();
      if (await page.getByRole('button', { name: 'Close publish panel' }).isVisible()) await app.closePublish();
      await app.showView('Inspector');
      const inspector = page.getByRole('region', { name: 'Inspector' });
      await inspector.getByLabel('Packet type', { exact: true }).selectOption('PUBACK');
      // the broker's PUBACK (the simulator's QoS 1 messages are acknowledged by ours)
      await inspector.getByRole('table', { name: 'Packets' }).getByRole('row').filter({ hasText: 'PUBACK' }).filter({ hasText: 'received' }).last().click();
      await expect(page.getByRole('region', { name: 'Packet detail' })).toContainText('PUBACK ← received');
      // the whole detail can be read: its last field is reachable in its own scroll box
      const lastField = page.getByRole('list', { name: 'Packet fields' }).getByRole('listitem').last();
      await lastField.scrollIntoViewIfNeeded();
      await expect(lastField).toBeInViewport();
    });
  });
}

test('the topic tree opens and closes with a click and with the arrow keys (WAI-ARIA tree)', async ({ app, aedes, prefix, page }) => {
  await app.open({ broker: aedes.wsUrl, subscribe: [`${prefix}/#`], connect: true, view: 'topics' });
  await expect(app.subscription(`${prefix}/#`)).toHaveAccessibleName(/granted/);
  await publishMany(aedes.tcpUrl, 3, (i) => [`${prefix}/home/room${i}/temp`, String(20 + i)]);
  const tree = page.getByRole('tree', { name: 'Topics' });
  const root = tree.getByRole('treeitem', { name: prefix });
  await expect(root).toHaveAttribute('aria-expanded', 'false');
  // a click on a row with children opens it, and selects it
  await root.click();
  await expect(root).toHaveAttribute('aria-expanded', 'true');
  await expect(root).toHaveAttribute('aria-selected', 'true');
  const home = tree.getByRole('treeitem', { name: 'home' });
  await expect(home).toBeVisible();
  // a second click closes it
  await root.click();
  await expect(root).toHaveAttribute('aria-expanded', 'false');
  await expect(home).toHaveCount(0);
  // Right opens, Right again goes to the first child, Down moves, Left goes to the parent, Left closes
  await tree.focus();
  await page.keyboard.press('ArrowRight');
  await expect(root).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(home).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(tree.getByRole('treeitem', { name: 'room0' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(tree.getByRole('treeitem', { name: 'room1' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowLeft'); // to the parent
  await expect(home).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowLeft'); // closes it
  await expect(home).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: 'Topic detail' })).toContainText(`${prefix}/home`);
});
