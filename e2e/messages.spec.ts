import { readFileSync } from 'node:fs';
import { startEmbeddedBroker } from '../tools/broker';
import { expect, test } from './fixtures';
import { setHidden, installVisibilityControl } from './hidden';
import { nodeClient, publish, publishMany } from './mqttClient';

test.describe('subscriptions and the message log', () => {
  test('wildcards match level by level, overlapping filters deliver once, and # leaves $SYS alone', async ({ app, mosquitto, prefix }) => {
    await app.open({ broker: mosquitto.wsUrl, subscribe: [`${prefix}/+/temp`, `${prefix}/kitchen/#`, '#'], connect: true });
    await app.expectConnected();
    await expect(app.subscription('#')).toHaveAccessibleName(/granted/);
    // narrow the list to this test's topics and $SYS
    const sent = ['kitchen/temp', 'hall/temp', 'kitchen/light/level', 'kitchen', 'hall/light', 'a/b/temp'];
    for (const t of sent) await publish(mosquitto.tcpUrl, `${prefix}/${t}`, t);
    await app.messages.getByLabel('Filter by topic').fill(`${prefix}/kitchen/#`);
    await expect(app.messages.getByLabel('Messages shown')).toHaveText(/^3 shown · /);
    await expect(app.messageRows(`${prefix}/kitchen/temp`)).toHaveCount(1); // matched twice, delivered once
    await app.messages.getByLabel('Filter by topic').fill(`${prefix}/+/temp`);
    await expect(app.messages.getByLabel('Messages shown')).toHaveText(/^2 shown · /);
    await expect(app.messageRows(`${prefix}/a/b/temp`)).toHaveCount(0);
    // an invalid pattern in the log filter gets its alert and leaves the list as it was
    await app.messages.getByLabel('Filter by topic').fill(`${prefix}/#/temp`);
    await expect(app.messages.getByRole('alert')).toHaveText(/"#" must be the last level/);
    await expect(app.messages.getByLabel('Messages shown')).toHaveText(/^2 shown · /);

    // '#' received all six (plus nothing from $SYS); '$SYS/#' brings the broker's own topics
    await app.messages.getByLabel('Filter by topic').fill('$SYS/#');
    await expect(app.messages.getByLabel('Messages shown')).toHaveText(/^0 shown · /);
    await app.subscribe('$SYS/broker/version');
    await expect(app.messageRows('$SYS/broker/version')).toContainText('mosquitto version');
  });

  test('retained messages arrive flagged R, live ones not, and the tree marks the topic', async ({ app, mosquitto, prefix }) => {
    await publish(mosquitto.tcpUrl, `${prefix}/lamp/state`, 'ON', { retain: true, qos: 1 });
    await app.open({ broker: mosquitto.wsUrl, subscribe: [`${prefix}/#`], connect: true });
    const retained = app.messageRows(`${prefix}/lamp/state`).first();
    await expect(retained).toContainText('ON');
    await expect(retained.getByRole('cell').nth(3)).toHaveText('R');
    await publish(mosquitto.tcpUrl, `${prefix}/lamp/power`, '42');
    const live = app.messageRows(`${prefix}/lamp/power`).first();
    await expect(live).toContainText('42');
    await expect(live.getByRole('cell').nth(3)).toHaveText('');

    await app.page.getByRole('tab', { name: 'Topics' }).click();
    const tree = app.page.getByRole('tree', { name: 'Topics' });
    await tree.getByRole('treeitem', { name: prefix }).click();
    await app.page.keyboard.press('ArrowRight');
    await tree.getByRole('treeitem', { name: 'lamp' }).click();
    await app.page.keyboard.press('ArrowRight');
    await expect(tree.getByRole('treeitem', { name: 'state' })).toContainText('retained');
    await expect(tree.getByRole('treeitem', { name: 'power' })).not.toContainText('retained');
  });

  test('a payload that is not text shows as hex, in the list and in the detail', async ({ app, aedes, prefix }) => {
    await app.open({ broker: aedes.wsUrl, subscribe: [`${prefix}/#`], connect: true });
    await app.expectConnected();
    await expect(app.subscription(`${prefix}/#`)).toHaveAccessibleName(/granted/);
    await publish(aedes.tcpUrl, `${prefix}/blob`, Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00, 0xff, 0x10]));
    const row = app.messageRows(`${prefix}/blob`);
    await expect(row).toContainText('hexde ad be ef 00 ff 10');
    await row.click();
    const detail = app.page.getByRole('region', { name: 'Message detail' });
    await expect(detail.getByRole('tab', { name: 'Hex' })).toHaveAttribute('aria-selected', 'true');
    await expect(detail.getByRole('tabpanel')).toContainText('00000000  de ad be ef 00 ff 10');
    await detail.getByRole('tab', { name: 'Base64' }).click();
    await expect(detail.getByRole('tabpanel')).toHaveText('3q2+7wD/EA==');
  });

  test('HTML and script payloads are shown as the characters they are, and run nothing', async ({ app, aedes, prefix }) => {
    await app.open({ broker: aedes.wsUrl, subscribe: [`${prefix}/#`], connect: true });
    await expect(app.subscription(`${prefix}/#`)).toHaveAccessibleName(/granted/);
    const html = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b>';
    await publish(aedes.tcpUrl, `${prefix}/html`, html);
    await publish(aedes.tcpUrl, `${prefix}/json`, JSON.stringify({ note: html }));
    await expect(app.messageRows(`${prefix}/html`)).toContainText(html);
    await app.messageRows(`${prefix}/html`).click();
    const detail = app.page.getByRole('region', { name: 'Message detail' });
    await expect(detail.getByRole('tabpanel')).toHaveText(html);
    await app.messageRows(`${prefix}/json`).click();
    await expect(detail.getByRole('tab', { name: 'JSON' })).toHaveAttribute('aria-selected', 'true');
    await expect(detail.getByRole('tabpanel')).toContainText(JSON.stringify(html));
    await app.page.waitForTimeout(300);
    expect(await app.page.evaluate('window.__pwned')).toBeUndefined();
    await expect(app.page.locator('img[src="x"]')).toHaveCount(0);
    await expect(app.page.getByText('bold', { exact: true })).toHaveCount(0);
  });

  test('pause keeps receiving into the buffer, and resume shows every message', async ({ app, aedes, prefix }) => {
    await app.open({ broker: aedes.wsUrl, subscribe: [`${prefix}/#`], connect: true });
    await expect(app.subscription(`${prefix}/#`)).toHaveAccessibleName(/granted/);
    await publishMany(aedes.tcpUrl, 10, (i) => [`${prefix}/before`, `b${i}`]);
    await expect(app.messages.getByLabel('Messages shown')).toHaveText(/^10 of/);
    await app.messages.getByRole('button', { name: 'Pause' }).click();
    await publishMany(aedes.tcpUrl, 300, (i) => [`${prefix}/during`, `d${i}`], { qos: 1 });
    await expect(app.messages.getByText('Paused: 300 new messages waiting')).toBeVisible();
    await expect(app.messages.getByRole('table')).toHaveAttribute('aria-rowcount', '11');
    await expect(app.messageRows(`${prefix}/during`)).toHaveCount(0);
    await app.messages.getByRole('button', { name: 'Resume' }).click();
    await expect(app.messages.getByRole('table')).toHaveAttribute('aria-rowcount', '311');
    await expect(app.messageRows(`${prefix}/during`).last()).toContainText('d299');
    await app.messages.getByLabel('Filter by text').fill('/during');
    await expect(app.messages.getByLabel('Messages shown')).toHaveText(/^300 shown · 310 of/);
    await expect(app.statusBar).toContainText('310 received');
  });

  test('the cap drops the oldest messages and says how many', async ({ app, aedes, prefix }) => {
    await app.open({ broker: aedes.wsUrl, subscribe: [`${prefix}/#`], connect: true });
    await expect(app.subscription(`${prefix}/#`)).toHaveAccessibleName(/granted/);
    const cap = app.messages.getByLabel('Message cap');
    await cap.fill('100');
    await cap.press('Enter');
    await publishMany(aedes.tcpUrl, 250, (i) => [`${prefix}/n`, `n=${i}`], { qos: 1 });
    await expect(app.messages.getByLabel('Messages shown')).toHaveText('100 of 100 kept');
    await expect(app.messages.getByText('150 older messages dropped to stay within the cap')).toBeVisible();
    await expect(app.statusBar).toContainText('250 received');
    await expect(app.statusBar).toContainText('150 dropped');
    // the oldest kept is n=150: Home goes to it
    await app.messageRows().last().click();
    await app.page.keyboard.press('Home');
    const selected = app.messages.getByRole('row', { selected: true });
    await expect(selected).toContainText('n=150');
    await expect(app.messageRows('n=149')).toHaveCount(0);
    await app.page.keyboard.press('ArrowUp');
    await expect(selected).toContainText('n=150');
    await app.page.keyboard.press('ArrowDown');
    await expect(selected).toContainText('n=151');
    await app.page.keyboard.press('End');
    await expect(selected).toContainText('n=249');
  });

  test('filters by topic pattern and text, and exports what is shown as JSON Lines and CSV', async ({ app, aedes, prefix }) => {
    await app.open({ broker: aedes.wsUrl, subscribe: [`${prefix}/#`], connect: true });
    await expect(app.subscription(`${prefix}/#`)).toHaveAccessibleName(/granted/);
    await publish(aedes.tcpUrl, `${prefix}/tele/a/SENSOR`, '{"t":21}');
    await publish(aedes.tcpUrl, `${prefix}/tele/b/SENSOR`, '{"t":"cold, \\"very\\""}');
    await publish(aedes.tcpUrl, `${prefix}/tele/b/STATE`, '{"up":1}');
    await publish(aedes.tcpUrl, `${prefix}/raw`, Buffer.from([0xff, 0x00]));
    await expect(app.messages.getByLabel('Messages shown')).toHaveText(/^4 of/);
    await app.messages.getByLabel('Filter by topic').fill(`${prefix}/tele/+/SENSOR`);
    await expect(app.messages.getByLabel('Messages shown')).toHaveText(/^2 shown · 4 of/);

    const [jsonl] = await Promise.all([app.page.waitForEvent('download'), app.messages.getByRole('button', { name: 'Export JSON Lines' }).click()]);
    const lines = readFileSync(await jsonl.path(), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { topic: string; payload: string });
    expect(lines.map((l) => [l.topic, l.payload])).toEqual([
      [`${prefix}/tele/a/SENSOR`, '{"t":21}'],
      [`${prefix}/tele/b/SENSOR`, '{"t":"cold, \\"very\\""}'],
    ]);

    await app.messages.getByLabel('Filter by topic').fill('');
    await app.messages.getByLabel('Filter by text').fill('b/S');
    await expect(app.messages.getByLabel('Messages shown')).toHaveText(/^2 shown · 4 of/);
    await app.messages.getByLabel('Filter by text').fill('');
    const [csv] = await Promise.all([app.page.waitForEvent('download'), app.messages.getByRole('button', { name: 'Export CSV' }).click()]);
    const rows = readFileSync(await csv.path(), 'utf8').trim().split('\r\n');
    expect(rows[0]).toBe('time,topic,qos,retain,dup,size,encoding,payload');
    expect(rows[2]).toMatch(new RegExp(`,${prefix}/tele/b/SENSOR,0,false,false,\\d+,utf-8,"\\{""t"":""cold, \\\\""very\\\\""""\\}"$`));
    expect(rows[4]).toMatch(/,2,hex,ff00$/);
  });

  test('keeps counting while the tab is hidden and catches up in one step when it returns', async ({ app, aedes, prefix, page }) => {
    await installVisibilityControl(page);
    await app.open({ broker: aedes.wsUrl, subscribe: [`${prefix}/#`], connect: true });
    await expect(app.subscription(`${prefix}/#`)).toHaveAccessibleName(/granted/);
    await setHidden(page, true);
    await publishMany(aedes.tcpUrl, 3_000, (i) => [`${prefix}/s/${i % 50}`, `{"i":${i}}`]);
    // no frames while hidden, yet every message is counted (the tab title says so)
    await expect(page).toHaveTitle('(+3,000) mqttscope', { timeout: 15_000 });
    await expect(app.statusBar).toContainText(/(^|\D)0 received/);
    await setHidden(page, false);
    await expect(app.statusBar).toContainText('3,000 received');
    await expect(app.messages.getByLabel('Messages shown')).toHaveText('3,000 of 50,000 kept');
    await expect(page).toHaveTitle('mqttscope');
  });

  test('a subscription the broker refuses shows the refusal on its row (MQTT 3.1.1 SUBACK 0x80)', async ({ app, prefix }) => {
    const broker = await startEmbeddedBroker({
      tcpPorts: [],
      wsPorts: [],
      aedes: { authorizeSubscribe: (_client, sub, done) => done(null, sub.topic.startsWith('secret/') ? null : sub) },
    });
    try {
      await app.open({ broker: broker.wsUrl, subscribe: ['secret/#', `${prefix}/#`], connect: true });
      await expect(app.subscription('secret/#')).toHaveAccessibleName(/^secret\/#: Refused by the broker \(0x80 failure\)/);
      await expect(app.subscription(`${prefix}/#`)).toHaveAccessibleName(/granted QoS 0/);
    } finally {
      await broker.close();
    }
  });

  test('MQTT 5: No Local, Retain Handling and subscription identifiers do what the spec says', async ({ app, mosquitto, prefix }) => {
    await publish(mosquitto.tcpUrl, `${prefix}/kept`, 'old', { retain: true });
    await app.open({ broker: mosquitto.wsUrl, version: '5' });
    await app.connection.getByRole('button', { name: 'Connect', exact: true }).click();
    await app.expectConnected();
    const form = app.subscriptions;
    await form.getByText('MQTT 5 subscription options').click();
    // No Local on one filter, an identifier on another, and "never send retained"
    await form.getByLabel('No Local', { exact: true }).check();
    await app.subscribe(`${prefix}/echo`);
    await form.getByLabel('No Local', { exact: true }).uncheck();
    await form.getByLabel('Subscription identifier').fill('42');
    await form.getByLabel('Retain Handling').selectOption('2');
    await app.subscribe(`${prefix}/+`);
    await expect(app.subscription(`${prefix}/echo`)).toHaveAccessibleName(/granted QoS 0 \(no local\)/);
    await expect(app.subscription(`${prefix}/+`)).toHaveAccessibleName(/granted QoS 0 \(retain handling 2, id 42\)/);
    // Retain Handling 2: the retained "old" was not sent
    await app.page.waitForTimeout(300);
    await expect(app.messageRows(`${prefix}/kept`)).toHaveCount(0);

    // what we publish ourselves comes back through "+" (id 42) but not through "echo" (No Local)
    await app.publish(`${prefix}/echo`, 'from me');
    await expect(app.messageRows(`${prefix}/echo`)).toHaveCount(1);
    await app.messageRows(`${prefix}/echo`).click();
    await expect(app.page.getByRole('region', { name: 'Message detail' }).getByLabel('MQTT 5 properties')).toContainText('Subscription identifiers42');

    // user properties and content type from another client arrive in the detail
    const other = await nodeClient(mosquitto.tcpUrl, { protocolVersion: 5 });
    await other.publishAsync(`${prefix}/x`, '{"a":1}', { properties: { contentType: 'application/json', userProperties: { site: 'lab' } } });
    await other.endAsync();
    await app.messageRows(`${prefix}/x`).click();
    const v5 = app.page.getByRole('region', { name: 'Message detail' }).getByLabel('MQTT 5 properties');
    await expect(v5).toContainText('Content typeapplication/json');
    await expect(v5).toContainText('User property "site"lab');
  });

  test('mute hides a subscription\'s messages without unsubscribing, unmute shows them again', async ({ app, aedes, prefix }) => {
    await app.open({ broker: aedes.wsUrl, subscribe: [`${prefix}/noisy/#`, `${prefix}/calm/#`], connect: true });
    await expect(app.subscription(`${prefix}/calm/#`)).toHaveAccessibleName(/granted/);
    await publish(aedes.tcpUrl, `${prefix}/noisy/1`, 'n1');
    await publish(aedes.tcpUrl, `${prefix}/calm/1`, 'c1');
    await expect(app.messages.getByLabel('Messages shown')).toHaveText(/^2 of/);
    await app.subscriptions.getByRole('button', { name: `Mute ${prefix}/noisy/#` }).click();
    await expect(app.subscription(`${prefix}/noisy/#`)).toHaveAccessibleName(/muted/);
    await publish(aedes.tcpUrl, `${prefix}/noisy/2`, 'n2');
    await expect(app.statusBar).toContainText('3 received');
    await expect(app.messages.getByLabel('Messages shown')).toHaveText(/^1 shown · 3 of/);
    await expect(app.messageRows(`${prefix}/noisy`)).toHaveCount(0);
    await app.subscriptions.getByRole('button', { name: `Mute ${prefix}/noisy/#` }).click();
    await expect(app.messages.getByLabel('Messages shown')).toHaveText(/^3 of/);

    await app.subscriptions.getByRole('button', { name: `Unsubscribe from ${prefix}/noisy/#` }).click();
    await expect(app.subscription(`${prefix}/noisy/#`)).toHaveCount(0);
    await publish(aedes.tcpUrl, `${prefix}/noisy/3`, 'n3');
    await publish(aedes.tcpUrl, `${prefix}/calm/2`, 'c2');
    await expect(app.statusBar).toContainText('4 received');
    await expect(app.messageRows('n3')).toHaveCount(0);
  });
});
