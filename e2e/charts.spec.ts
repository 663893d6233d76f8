import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { publish } from './mqttClient';

/** Points the mouse at the middle of a chart panel's plot. */
async function hoverChart(page: Page, title: string | RegExp) {
  const chart = page.getByRole('region', { name: typeof title === 'string' ? `Chart ${title}` : title });
  const svg = chart.locator('svg.recharts-surface').first();
  await expect(svg).toBeVisible();
  const box = await svg.boundingBox();
  if (!box) throw new Error('no chart');
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
  return chart;
}

test.describe('live charts', () => {
  test('"Chart" beside a JSON value charts it, and hovering reads back exactly the number published', async ({ app, aedes, prefix, page }) => {
    await app.open({ broker: aedes.wsUrl, subscribe: [`${prefix}/#`], connect: true });
    await expect(app.subscription(`${prefix}/#`)).toHaveAccessibleName(/granted/);
    await publish(aedes.tcpUrl, `${prefix}/tele/attic/SENSOR`, '{"Time":"2026-11-25T14:00:00","AM2301":{"Temperature":23.456,"Humidity":41.5},"TempUnit":"C"}');
    await app.messageRows(`${prefix}/tele/attic/SENSOR`).click();
    await page.getByRole('region', { name: 'Message detail' }).getByRole('button', { name: 'Chart AM2301.Temperature' }).click();
    await expect(page.getByRole('tab', { name: 'Charts' })).toHaveAttribute('aria-selected', 'true');
    const chart = await hoverChart(page, /^Chart attic\/SENSOR AM2301\.Temperature/);
    await expect(chart.getByLabel('Chart reading')).toHaveText(new RegExp(`^23\\.456 °C · ${prefix}/tele/attic/SENSOR AM2301\\.Temperature · \\d\\d:\\d\\d:\\d\\d\\.\\d{3}$`));
    const row = chart.getByRole('row', { name: `${prefix}/tele/attic/SENSOR AM2301.Temperature` });
    await expect(row).toContainText('23.456');
    await expect(row.getByLabel(`Unit of ${prefix}/tele/attic/SENSOR AM2301.Temperature`)).toHaveValue('°C');

    // a second value with another unit and device: asked where it goes; added, it gets the second axis
    await publish(aedes.tcpUrl, `${prefix}/powermeter/sensor/power/state`, '451.5');
    await page.getByRole('tab', { name: 'Messages' }).click();
    await app.messageRows(`${prefix}/powermeter/sensor/power/state`).click();
    await page.getByRole('region', { name: 'Message detail' }).getByRole('button', { name: 'Chart this value' }).click();
    const ask = page.getByRole('dialog', { name: `Chart ${prefix}/powermeter/sensor/power/state` });
    await expect(ask).toContainText('"attic/SENSOR AM2301.Temperature" shows °C, this value is in W.');
    await ask.getByRole('button', { name: 'Add to “attic/SENSOR AM2301.Temperature”' }).click();
    await expect(page.getByRole('region', { name: 'Chart attic/SENSOR AM2301.Temperature · power/state' })).toBeVisible();
    await expect(chart.getByRole('row', { name: `${prefix}/powermeter/sensor/power/state` })).toContainText('451.5');
    await expect(chart.locator('svg.recharts-surface').first()).toContainText('W');
    await expect(chart.locator('svg.recharts-surface').first()).toContainText('°C');
  });

  test("the simulator's temperature charts with no setting changed, from the topic tree", async ({ app, aedes, simulator, prefix, page }) => {
    expect(simulator.devices.length).toBe(6);
    await app.open({ broker: aedes.wsUrl, subscribe: [`${prefix}/#`], connect: true });
    await expect(app.messageRows(`${prefix}/tele/livingroom/SENSOR`).first()).toBeVisible();
    await page.getByRole('tab', { name: 'Topics' }).click();
    await page.getByLabel('Search topics').fill('livingroom/SENSOR');
    await page.getByRole('tree', { name: 'Topics' }).getByRole('treeitem', { name: 'SENSOR' }).click();
    await page.getByRole('region', { name: 'Topic detail' }).getByRole('button', { name: 'Chart AM2301.Temperature' }).click();
    const chart = page.getByRole('region', { name: /^Chart livingroom\/SENSOR/ });
    const row = chart.getByRole('row', { name: `${prefix}/tele/livingroom/SENSOR AM2301.Temperature` });
    // values keep coming (the simulator publishes every half second at this speed)
    await expect(row).toContainText(/\d+\.\d/);
    await expect.poll(async () => Number((await row.getByRole('cell').nth(5).textContent()) ?? 'NaN')).toBeGreaterThan(15);
    await hoverChart(page, /^Chart livingroom\/SENSOR/);
    await expect(chart.getByLabel('Chart reading')).toHaveText(/^\d+(\.\d+)? °C · .*livingroom\/SENSOR AM2301\.Temperature/);
  });

  test('a wildcard series makes one line per topic; the layout is saved with the profile; a series exports as CSV', async ({ app, aedes, prefix, page }) => {
    await app.open({ broker: aedes.wsUrl, subscribe: [`${prefix}/#`], connect: true });
    await expect(app.subscription(`${prefix}/#`)).toHaveAccessibleName(/granted/);
    await page.getByRole('tab', { name: 'Charts' }).click();
    const charts = page.getByRole('region', { name: 'Charts' });
    await charts.getByRole('button', { name: '+ Add chart' }).click();
    const chart = page.getByRole('region', { name: 'Chart Chart 1' });
    await chart.getByText('Add a series', { exact: true }).click();
    const form = chart.getByRole('form', { name: 'Add a series to Chart 1' });
    await form.getByLabel('Topic or filter').fill(`${prefix}/tele/#/SENSOR`);
    await form.getByRole('button', { name: 'Add series' }).click();
    await expect(form.getByRole('alert')).toHaveText(/"#" must be the last level/);
    await form.getByLabel('Topic or filter').fill(`${prefix}/tele/+/SENSOR`);
    await form.getByLabel('Field path').fill('AM2301.Temperature');
    await form.getByRole('button', { name: 'Add series' }).click();
    for (const [room, values] of [
      ['kitchen', [20.5, 21, 21.5]],
      ['cellar', [12.25, 12]],
    ] as const) {
      for (const v of values) await publish(aedes.tcpUrl, `${prefix}/tele/${room}/SENSOR`, JSON.stringify({ AM2301: { Temperature: v } }));
    }
    const kitchen = chart.getByRole('row', { name: `${prefix}/tele/kitchen/SENSOR AM2301.Temperature` });
    const cellar = chart.getByRole('row', { name: `${prefix}/tele/cellar/SENSOR AM2301.Temperature` });
    await expect(kitchen).toContainText('20.5'); // min
    await expect(kitchen.getByRole('cell').nth(3)).toHaveText('21.5'); // max
    await expect(kitchen.getByRole('cell').nth(4)).toHaveText('21'); // mean
    await expect(cellar.getByRole('cell').nth(5)).toHaveText('12'); // last

    const [download] = await Promise.all([page.waitForEvent('download'), kitchen.getByRole('button', { name: /Export .* as CSV/ }).click()]);
    const lines = readFileSync(await download.path(), 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('time,topic,path,value');
    expect(lines.slice(1).map((l) => l.split(',').slice(1))).toEqual([20.5, 21, 21.5].map((v) => [`${prefix}/tele/kitchen/SENSOR`, 'AM2301.Temperature', String(v)]));

    await app.saveConnection(); // a link's connection is kept only when saved
    await chart.getByLabel('Chart title').fill('Rooms');
    await chart.page().getByRole('region', { name: 'Chart Rooms' }).getByLabel('Time window').selectOption('15m');
    await page.reload();
    await page.getByRole('tab', { name: 'Charts' }).click();
    const again = page.getByRole('region', { name: 'Chart Rooms' });
    await expect(again.getByLabel('Time window')).toHaveValue('15m');
    // a reload starts with no messages: the series is there, waiting for values
    await expect(again.getByRole('row', { name: `${prefix}/tele/+/SENSOR AM2301.Temperature` })).toContainText('waiting for a value');
    await publish(aedes.tcpUrl, `${prefix}/tele/kitchen/SENSOR`, JSON.stringify({ AM2301: { Temperature: 22 } }));
    await expect(again.getByRole('row', { name: `${prefix}/tele/kitchen/SENSOR AM2301.Temperature` })).toContainText('22');
  });

  test('pause holds the window still, and live follows again', async ({ app, aedes, prefix, page }) => {
    await app.open({ broker: aedes.wsUrl, subscribe: [`${prefix}/#`], connect: true });
    await expect(app.subscription(`${prefix}/#`)).toHaveAccessibleName(/granted/);
    await publish(aedes.tcpUrl, `${prefix}/t`, '1');
    await app.messageRows(`${prefix}/t`).click();
    await page.getByRole('region', { name: 'Message detail' }).getByRole('button', { name: 'Chart this value' }).click();
    const chart = page.getByRole('region', { name: /^Chart / });
    await chart.getByRole('button', { name: 'Pause' }).click();
    await publish(aedes.tcpUrl, `${prefix}/t`, '2');
    await page.waitForTimeout(600);
    const last = chart.getByRole('row', { name: `${prefix}/t` }).getByRole('cell').nth(5);
    await expect(last).toHaveText('1'); // the paused window ends before the new value
    await chart.getByRole('button', { name: 'Zoom out' }).click();
    await chart.getByRole('button', { name: 'Live' }).click();
    await expect(last).toHaveText('2');
  });
});
