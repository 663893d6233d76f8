import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Mosquitto, MosquittoOptions } from '../tools/mosquitto';
import { expect, test } from './fixtures';
import { publish, publishMany } from './mqttClient';

/** A mosquitto with users and subscription ACLs that refuse in SUBACK (dynamic security plugin). */
function labBroker(start: (options: MosquittoOptions) => Promise<Mosquitto>) {
  return start({
    dynsec: {
      users: { alice: { password: 'secret', roles: ['lab'] } },
      roles: {
        lab: [
          { acltype: 'subscribePattern', topic: 'lab/#', allow: true },
          { acltype: 'publishClientSend', topic: 'lab/#', allow: true },
        ],
      },
    },
  });
}

test.describe('connections', () => {
  for (const version of ['3.1.1', '5.0'] as const) {
    test(`MQTT ${version}: a wrong password is explained and not retried; the right one connects; a forbidden subscription shows the broker's refusal`, async ({
      app,
      startCustomMosquitto,
    }) => {
      const broker = await labBroker(startCustomMosquitto);
      await app.open();
      await app.connectTo(broker.wsUrl, { username: 'alice', password: 'wrong', version });
      const words = version === '5.0' ? 'Not authorized (0x87)' : 'Not authorized: this client may not connect (return code 5)';
      await expect(app.status).toHaveText(`Failed: The broker refused the connection: ${words}.`);
      await expect(app.connection).toContainText('some brokers (mosquitto among them) answer a wrong password with "not authorized"');
      // no retry storm: one attempt, and the state stays Failed
      await app.page.waitForTimeout(3_000);
      await expect(app.status).toHaveText(/^Failed/);
      await app.connection.getByRole('button', { name: /^Connection log/ }).click();
      await expect(app.connection.getByRole('log', { name: 'Connection log' }).getByText(/Connecting to/)).toHaveCount(1);

      await app.connection.getByLabel('Password', { exact: true }).fill('secret');
      await app.connection.getByRole('button', { name: 'Connect', exact: true }).click();
      await app.expectConnected();
      await app.subscribe('lab/#', 1);
      await app.subscribe('secret/#', 1);
      await expect(app.subscription('lab/#')).toHaveAccessibleName(/granted QoS 1/);
      const refusal = version === '5.0' ? 'Refused: Not authorized (0x87)' : 'Refused by the broker (0x80 failure)';
      await expect(app.subscription('secret/#')).toHaveAccessibleName(`secret/#: ${refusal}`);
    });
  }

  test("the dashboard's last will reaches another client when the page is closed abruptly", async ({ app, mosquitto, prefix, page }) => {
    const willTopic = `${prefix}/dashboard/status`;
    const sub = spawn('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(mosquitto.tcpPort), '-q', '1', '-t', willTopic, '-F', '%t %p %q %r']);
    let out = '';
    sub.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      await app.open();
      await app.connectTo(mosquitto.wsUrl, { will: { topic: willTopic, payload: 'dashboard gone', qos: 1, retain: false } });
      await app.expectConnected();
      await page.waitForTimeout(300);
      expect(out).toBe('');
      await page.close(); // no DISCONNECT: the socket just goes away
      await expect.poll(() => out, { timeout: 10_000 }).toBe(`${willTopic} dashboard gone 1 0\n`);
    } finally {
      sub.kill();
    }
  });

  test('a clean Disconnect sends no will', async ({ app, mosquitto, prefix }) => {
    const willTopic = `${prefix}/dashboard/status`;
    const sub = spawn('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(mosquitto.tcpPort), '-t', willTopic, '-v']);
    let out = '';
    sub.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      await app.open();
      await app.connectTo(mosquitto.wsUrl, { will: { topic: willTopic, payload: 'gone' } });
      await app.expectConnected();
      await app.connection.getByRole('button', { name: 'Disconnect' }).click();
      await expect(app.status).toHaveText('Disconnected by you.');
      await app.page.waitForTimeout(1_000);
      expect(out).toBe('');
    } finally {
      sub.kill();
    }
  });

  test('mosquitto killed and restarted: Reconnecting with attempts, back by itself, resubscribed, and a persistent session delivers what was queued exactly once', async ({
    app,
    startCustomMosquitto,
    prefix,
  }) => {
    let broker = await startCustomMosquitto({ persistence: true });
    await app.open();
    await app.connectTo(broker.wsUrl, { clientId: `persist-${prefix}`.slice(0, 60), clean: false });
    await app.expectConnected();
    await app.subscribe(`${prefix}/#`, 1);
    await expect(app.subscription(`${prefix}/#`)).toHaveAccessibleName(/granted QoS 1/);
    await publishMany(broker.tcpUrl, 3, (i) => [`${prefix}/before/${i}`, `before ${i}`], { qos: 1 });
    await expect(app.messages.getByLabel('Messages shown')).toHaveText(/^3 of/);
    await app.page.waitForTimeout(1_500); // mosquitto saves its state every second

    await broker.kill();
    // the connection had come up and resubscribed, so the backoff starts over at the first delay (C3)
    // (the first wait is 1 s ± 20 % jitter: shown rounded up, 1 or 2 s)
    await expect(app.status).toHaveText(/^Reconnecting: attempt 1, next try in [12] s\. Connection lost/);
    await expect(app.status).toHaveText(/^Reconnecting: attempt 3, next try in \d+ s\./, { timeout: 15_000 });

    // Back up, and while the dashboard waits for its next attempt, 20 QoS 1 messages arrive for its session.
    broker = await broker.restart();
    await publishMany(broker.tcpUrl, 20, (i) => [`${prefix}/queued/${i}`, `queued ${i}`], { qos: 1 });
    await expect(app.status).toHaveText(/^Connected since .* session resumed/, { timeout: 30_000 });
    await expect(app.subscription(`${prefix}/#`)).toHaveAccessibleName(/granted QoS 1/);
    await app.messages.getByLabel('Filter by topic').fill(`${prefix}/queued/+`);
    await expect(app.messages.getByLabel('Messages shown')).toHaveText(/^20 shown/);
    await app.page.waitForTimeout(1_000);
    await expect(app.messages.getByLabel('Messages shown')).toHaveText(/^20 shown/); // no queued message came twice
    // mosquitto comes back from what it saved last: a "before" message saved before our PUBACK reached it
    // is sent again, as QoS 1 allows, and only marked DUP (seen on a loaded CI machine)
    await app.messages.getByLabel('Filter by topic').fill(`${prefix}/before/+`);
    const flags: string[] = [];
    for (const row of await app.messageRows().all()) flags.push(((await row.getByRole('cell').nth(3).textContent()) ?? '').trim());
    expect(flags.filter((f) => !f.includes('D'))).toHaveLength(3);
    // and the subscription works after the restart
    await publish(broker.tcpUrl, `${prefix}/after`, 'after', { qos: 1 });
    await app.messages.getByLabel('Filter by topic').fill('');
    await expect(app.messageRows(`${prefix}/after`)).toHaveCount(1);
  });

  test('two clients with the same client ID: no fight every second, and the likely cause is named', async ({ app, mosquitto, prefix }) => {
    const clientId = `twin-${prefix}`.slice(0, 60);
    await app.open();
    await app.connectTo(mosquitto.wsUrl, { clientId });
    await app.expectConnected();
    // another dashboard with the same ID, reconnecting every second as mqtt.js does by default
    const { nodeClient } = await import('./mqttClient');
    const twin = await nodeClient(mosquitto.tcpUrl, { clientId, reconnectPeriod: 1_000 });
    let twinConnects = 0;
    twin.on('connect', () => twinConnects++);
    try {
      await expect(app.status).toHaveText(/^Reconnecting: attempt 2, .*Connection lost/);
      await expect(app.connection).toContainText('Another client is using the same client ID', { timeout: 20_000 });
      // the waits grow instead of starting over after every short-lived connection
      await expect(app.status).toHaveText(/^Reconnecting: attempt [4-9]/, { timeout: 20_000 });
    } finally {
      await twin.endAsync(true);
    }
    expect(twinConnects).toBeGreaterThan(0);
  });

  test('an unreachable broker is explained and retried with growing waits', async ({ app }) => {
    await app.open();
    await app.connectTo('ws://127.0.0.1:9/mqtt');
    await expect(app.status).toHaveText(/^Reconnecting: attempt 2, next try in \d s\. Could not reach 127\.0\.0\.1:9: the host name may not exist, or nothing accepts connections on that port\./);
    await expect(app.connection).toContainText('Is the broker running with a WebSocket listener there?');
    await app.connection.getByRole('button', { name: 'Disconnect' }).click();
    await expect(app.status).toHaveText('Disconnected by you.');
  });

  test('a web server that refuses the WebSocket is told apart, with a hint about the path', async ({ app }) => {
    // The app's own web server answers HTTP but has no MQTT WebSocket.
    const httpOnly = new URL(process.env.MQTTSCOPE_APP_URL ?? '').host;
    await app.open();
    await app.connectTo(`ws://${httpOnly}/`);
    await expect(app.status).toHaveText(new RegExp(`A web server answers at ${httpOnly.replace(/\./g, '\\.')}, but it refused the WebSocket upgrade at the path "/"`));
    await expect(app.connection).toContainText('HiveMQ and EMQX serve MQTT at the path /mqtt');
  });

  test('two connections to two brokers at once, each in its own tab; closing one leaves the other running', async ({ app, aedes, mosquitto, prefix }) => {
    await app.open();
    await app.connectTo(aedes.wsUrl, { name: 'Aedes' });
    await app.expectConnected();
    await app.subscribe(`${prefix}/#`);
    await app.connectTo(mosquitto.wsUrl, { name: 'Mosquitto' });
    await app.expectConnected();
    await app.subscribe(`${prefix}/#`);
    await expect(app.subscription(`${prefix}/#`)).toHaveAccessibleName(/granted/);

    await publish(aedes.tcpUrl, `${prefix}/where`, 'from aedes');
    await publish(mosquitto.tcpUrl, `${prefix}/where`, 'from mosquitto');
    await expect(app.messageRows('from mosquitto')).toHaveCount(1);
    await expect(app.messageRows('from aedes')).toHaveCount(0);
    await app.selectConnection(/^Aedes \(Connected\)/);
    await expect(app.messageRows('from aedes')).toHaveCount(1);
    await expect(app.messageRows('from mosquitto')).toHaveCount(0);

    await app.connection.getByRole('button', { name: 'Disconnect' }).click();
    await expect(app.status).toHaveText('Disconnected by you.');
    await app.selectConnection(/^Mosquitto/);
    await app.expectConnected();
    await publish(mosquitto.tcpUrl, `${prefix}/where`, 'still here');
    await expect(app.messageRows('still here')).toHaveCount(1);
    await expect(app.page.getByRole('tab', { name: /^Aedes \(Disconnected\)/ })).toBeVisible();
  });

  test('a password is stored only when "Remember password" is ticked, and never exported', async ({ app, aedes, page }) => {
    await app.open();
    await app.page.getByRole('button', { name: '+ New connection' }).click();
    await app.fillConnection(aedes.wsUrl, { name: 'Secret', username: 'bob', password: 'hunter2-not-saved' });
    await page.waitForTimeout(300);
    const stored = () => page.evaluate(() => localStorage.getItem('mqttscope.profiles') ?? '');
    expect(await stored()).toContain('"username":"bob"');
    expect(await stored()).not.toContain('hunter2');

    await app.connection.getByLabel('Remember password').click(); // asks first, saying what storing it means
    const warning = page.getByRole('dialog', { name: 'Remember the password in this browser?' });
    await expect(warning).toContainText('stored as plain text');
    await warning.getByRole('button', { name: 'Cancel' }).click();
    await expect(app.connection.getByLabel('Remember password')).not.toBeChecked();
    await page.waitForTimeout(300);
    expect(await stored()).not.toContain('hunter2');
    await app.connection.getByLabel('Remember password').click();
    await warning.getByRole('button', { name: 'Remember it' }).click();
    await expect(app.connection.getByLabel('Remember password')).toBeChecked();
    await expect.poll(stored).toContain('hunter2-not-saved');
    const [download] = await Promise.all([page.waitForEvent('download'), app.connectionAction('Export')]);
    const exported = readFileSync(await download.path(), 'utf8');
    expect(exported).toContain('"username": "bob"');
    expect(exported).not.toContain('hunter2');
    await app.connection.getByLabel('Remember password').uncheck();
    await expect.poll(stored).not.toContain('hunter2');
  });

  test('profiles export to a file and import back, with a clear message for a bad file', async ({ app, page }) => {
    await app.open();
    await app.page.getByRole('button', { name: '+ New connection' }).click();
    await app.fillConnection('wss://lab.example:8884/mqtt', { name: 'Lab broker', version: '5.0' });
    const nav = page.getByRole('navigation', { name: 'Connections' });
    const [download] = await Promise.all([page.waitForEvent('download'), nav.getByRole('button', { name: 'Export all' }).click()]);
    const file = join(tmpdir(), `profiles-${Date.now()}.json`);
    writeFileSync(file, readFileSync(await download.path()));

    await app.connectionAction('Delete');
    await page.getByRole('dialog', { name: 'Delete "Lab broker"?' }).getByRole('button', { name: 'Delete' }).click();
    await expect(nav.getByRole('tab', { name: /^Lab broker/ })).toHaveCount(0);

    await nav.getByLabel('Profiles file to import').setInputFiles(file);
    await expect(nav).toContainText(/Imported \d+ connections?\./);
    await nav.getByRole('tab', { name: /^Lab broker/ }).click();
    await expect(app.connection.getByLabel('Broker URL')).toHaveValue('wss://lab.example:8884/mqtt');
    await expect(app.connection.getByLabel('MQTT version')).toHaveValue('5');

    const bad = join(tmpdir(), `bad-${Date.now()}.json`);
    writeFileSync(bad, '{"hello": "world"}');
    await nav.getByLabel('Profiles file to import').setInputFiles(bad);
    await expect(nav.getByRole('alert')).toHaveText(/not an mqttscope profile export/);
  });

  test('a will topic with a wildcard is refused where it was typed, and nothing is sent', async ({ app, aedes }) => {
    let connects = 0;
    aedes.aedes.on('client', () => connects++);
    await app.open();
    await app.connectTo(aedes.wsUrl, { will: { topic: 'dash/+/status', payload: 'x' } });
    await expect(app.connection.getByRole('alert')).toHaveText(/Will topic: .*wildcards/);
    await expect(app.status).toHaveText('Not connected.');
    expect(connects).toBe(0);
  });
});
