import { spawnSync } from 'node:child_process';
import { expect, test } from './fixtures';
import { nodeClient, publishMany } from './mqttClient';

test.describe('retained messages and broker health', () => {
  test('2,000 retained messages under one subtree are cleared in one action; mosquitto_sub -R then sees none', async ({ app, mosquitto, prefix, page }) => {
    test.setTimeout(90_000);
    await publishMany(mosquitto.tcpUrl, 2_000, (i) => [`${prefix}/fleet/${i}`, `state ${i}`], { retain: true, qos: 1 });
    await app.open({ broker: mosquitto.wsUrl, subscribe: [`${prefix}/#`], connect: true });
    await app.expectConnected();
    await app.showView('Retained');
    const view = page.getByRole('region', { name: 'Retained messages' });
    await view.getByLabel('Subtree').fill(`${prefix}/fleet/#`);
    await expect(view.getByLabel('Retained summary')).toContainText('2,000 retained messages');
    // virtual: a screenful of rows, not 2,000
    expect(await view.getByRole('list', { name: 'Retained topics' }).getByRole('listitem').count()).toBeLessThan(100);
    await view.getByRole('button', { name: 'Clear 2,000 retained…' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('list', { name: 'Topics to clear' })).toContainText('and 1,950 more');
    await dialog.getByRole('button', { name: 'Clear 2,000' }).click();
    await expect(view.getByRole('status', { name: 'Clearing result' })).toHaveText('Cleared 2,000 retained messages: the broker took every empty retained message.', { timeout: 30_000 });
    await expect(view.getByLabel('Retained summary')).toContainText('0 retained messages');
    // a fresh subscriber is sent what the broker retains: nothing now (-W 2: it gives up after 2 s, exit code 27)
    const left = spawnSync('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(mosquitto.tcpPort), '-t', `${prefix}/fleet/#`, '-v', '--retained-only', '-W', '2'], { encoding: 'utf8' });
    expect(left.stdout.trim()).toBe('');
    expect(left.status).toBe(27);
  });

  test('against mosquitto with sys_interval 1 the Broker view shows clients and message rates, and a flooding topic is the busiest', async ({ app, startCustomMosquitto, prefix, page }) => {
    const broker = await startCustomMosquitto({ extra: ['sys_interval 1'] });
    await app.open({ broker: broker.wsUrl, subscribe: [`${prefix}/#`], connect: true });
    await app.expectConnected();
    await app.showView('Broker');
    const view = page.getByRole('region', { name: 'Broker' });
    await view.getByRole('button', { name: 'Subscribe to $SYS/#' }).click();
    const figures = view.getByRole('list', { name: 'Broker figures' });
    await expect(figures.getByRole('listitem', { name: 'Connected clients' })).toContainText(/^Connected clients[1-9]/);
    const flooder = await nodeClient(broker.tcpUrl);
    const timer = setInterval(() => {
      for (let i = 0; i < 50; i++) flooder.publish(`${prefix}/flood/now`, 'x'.repeat(20));
      flooder.publish(`${prefix}/calm/${Math.floor(Math.random() * 5)}`, 'y');
    }, 100);
    try {
      await expect(figures.getByRole('listitem', { name: 'Messages in' })).toContainText(/[1-9][\d,.]*\/s/, { timeout: 15_000 });
      await expect(figures.getByRole('listitem', { name: 'Messages in' }).getByRole('img')).toBeVisible();
      await expect(view.getByRole('list', { name: 'Busiest topics' }).getByRole('listitem').first()).toHaveAccessibleName(`${prefix}/flood/now`);
      await expect(view.getByRole('list', { name: 'Busiest subtrees' }).getByRole('listitem').first()).toHaveAccessibleName(`${prefix}/#`);
    } finally {
      clearInterval(timer);
      await flooder.endAsync();
    }
  });
});
