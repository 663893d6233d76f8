import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { fillPublish, witness } from './mqttClient';

test.describe('publish decks', () => {
  test('a deck is saved, survives a reload, is exported and imported, and its messages reach mosquitto_sub with the flags chosen (by click and by shortcut)', async ({
    app,
    mosquitto,
    prefix,
    page,
  }) => {
    const sub = witness(mosquitto.tcpPort, `${prefix}/#`);
    try {
      await app.open({ broker: mosquitto.wsUrl, connect: true });
      await app.expectConnected();
      await app.saveConnection(); // a deck is kept with a saved connection
      const decks = page.getByRole('region', { name: 'Decks' });
      await decks.getByRole('button', { name: 'New deck' }).click();
      await decks.getByLabel('Deck name').fill('Class 42');
      await decks.getByRole('button', { name: '+ Add Variable' }).click();
      await decks.getByLabel('Variables 1 name').fill('base');
      await decks.getByLabel('Variables 1 value').fill(prefix);

      await fillPublish(page, '{{base}}/lamp/set', 'ON #{{n}}', 2, true);
      await decks.getByLabel('Message name').fill('Lamp on');
      await decks.getByRole('button', { name: 'Save the publish form here' }).click();
      await fillPublish(page, '{{base}}/lamp/set', 'OFF', 1, false);
      await decks.getByLabel('Message name').fill('Lamp off');
      await decks.getByRole('button', { name: 'Save the publish form here' }).click();
      await expect(decks.getByRole('list', { name: 'Messages of Class 42' }).getByRole('listitem')).toHaveCount(2);

      // a reload keeps it
      await page.goto(new URL(page.url()).origin);
      await app.expectConnected();
      await expect(decks.getByRole('list', { name: 'Messages of Class 42' }).getByRole('listitem')).toHaveCount(2);

      // exported, deleted, imported: the same deck again
      const [download] = await Promise.all([page.waitForEvent('download'), decks.getByRole('button', { name: 'Export deck' }).click()]);
      const file = await download.path();
      expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ kind: 'mqttscope-deck', version: 1, deck: { name: 'Class 42' } });
      await decks.getByRole('button', { name: 'Delete deck' }).click();
      await expect(decks.getByRole('list', { name: 'Messages of Class 42' })).toHaveCount(0);
      await decks.getByLabel('Deck file to import').setInputFiles(file);
      await expect(decks.getByRole('log', { name: 'Deck results' })).toHaveText('Imported “Class 42” (2 messages).');

      await sub.ready;
      await decks.getByRole('button', { name: 'Send Lamp on' }).click();
      await expect(decks.getByRole('log', { name: 'Deck results' })).toHaveText(`Sent “Lamp on” to ${prefix}/lamp/set (QoS 2, retained).`);
      await page.keyboard.press('Alt+Shift+Digit2');
      await expect(decks.getByRole('log', { name: 'Deck results' })).toHaveText(`Sent “Lamp off” to ${prefix}/lamp/set (QoS 1).`);
      await decks.getByRole('button', { name: 'Send Lamp on' }).click();
      await expect.poll(() => sub.lines()).toEqual([`${prefix}/lamp/set 2 1 ON #1`, `${prefix}/lamp/set 1 0 OFF`, `${prefix}/lamp/set 2 1 ON #2`]);

      // a variable the deck lacks is named, and nothing is sent
      await decks.getByLabel('Variables 1 name').fill('root');
      await decks.getByRole('button', { name: 'Send Lamp off' }).click();
      await expect(decks.getByRole('log', { name: 'Deck results' })).toContainText('{{base}} is not a variable of this deck');
    } finally {
      sub.proc.kill();
    }
  });

  test('a preset deck for Tasmota; its link offers the deck, and adds it only when asked', async ({ app, aedes, page }) => {
    await app.open({ broker: aedes.wsUrl, connect: true });
    await app.expectConnected();
    const decks = page.getByRole('region', { name: 'Decks' });
    await decks.getByLabel('Add a preset').selectOption({ label: 'Tasmota' });
    await expect(decks.getByLabel('Deck', { exact: true })).toHaveValue(/.+/);
    await expect(decks.getByRole('list', { name: 'Messages of Tasmota' })).toContainText('cmnd/{{device}}/POWER');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await decks.getByRole('button', { name: 'Copy link' }).click();
    await expect(decks.getByRole('log', { name: 'Deck results' })).toContainText('Link copied');
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(new URL(link).searchParams.get('deck')).toBeTruthy();

    const other = await page.context().newPage();
    await other.goto(`${link}&broker=${encodeURIComponent(aedes.wsUrl)}`);
    const offer = other.getByRole('region', { name: 'Deck from the link' });
    await expect(offer).toContainText('“Tasmota” (5 messages)');
    await expect(other.getByRole('region', { name: 'Decks' }).getByRole('list', { name: 'Messages of Tasmota' })).toHaveCount(0);
    await offer.getByRole('button', { name: /^Add the deck to/ }).click();
    await expect(other.getByRole('region', { name: 'Decks' }).getByRole('list', { name: 'Messages of Tasmota' })).toBeVisible();
    await other.close();
  });
});
