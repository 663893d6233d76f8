/**
 * Every lesson's steps, run on the embedded broker, each checked for what it says should be on screen:
 * the four QoS 2 packets, the will after the crash, PINGREQ/PINGRESP at the set keep-alive, the retained
 * message at the late subscriber. And the links (?lesson=qos2) and class mode at projector size.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { startRegistry } from '../tools/registry/server';
import { startCoapGateway, startCoapSensor } from '../tools/simulator/coap';
import { expect, test } from './fixtures';
import type { AppPage } from './pages/app';

/** Opens lesson `id` and runs its steps in order, each checked against its pattern. */
async function runLesson(page: Page, id: string, expected: RegExp[], timeout = 20_000): Promise<void> {
  await page.getByLabel('Lesson', { exact: true }).selectOption(id);
  const steps = page.getByRole('list', { name: 'Steps' }).getByRole('listitem');
  await expect(steps).toHaveCount(expected.length);
  for (const [i, pattern] of expected.entries()) {
    await page.getByRole('button', { name: new RegExp(`^Run step ${i + 1}:`) }).click();
    await expect(page.getByRole('log', { name: `Step ${i + 1}: what happened` })).toHaveText(pattern, { timeout });
  }
}

async function openLessons(app: AppPage, url: string): Promise<void> {
  await app.open();
  await app.connectTo(url);
  await app.expectConnected();
  await app.showView('Lessons');
}

test.describe('lessons', () => {
  test('publish/subscribe, retain and last will: the retained message reaches the late subscriber, the will follows the crash and not the clean disconnect', async ({ app, page, aedes }) => {
    await openLessons(app, aedes.wsUrl);
    await runLesson(page, 'pubsub', [
      /1\. PUBLISH → \(QoS 1, id \d+, \d+ bytes\).*2\. ← PUBACK/,
      /The late subscriber received 21\.5 on mqttscope\/lesson-\w+\/kitchen\/temperature, retain flag 1, \d+ ms after subscribing\..*Decoupled in time/,
      /forgot the kitchen temperature/,
    ]);
    await runLesson(page, 'retain', [
      /The late subscriber received nothing: a message without retain goes only to the subscribers of that moment/,
      /Live subscriber: received "kept", retain flag 0\..*New subscriber: received "kept" at once, retain flag 1\./,
      /received nothing: the empty retained message deleted it/,
    ]);
    await runLesson(page, 'will', [
      /This page received "online" on mqttscope\/lesson-\w+\/device\/status/,
      /The broker published the will: "offline" on mqttscope\/lesson-\w+\/device\/status, \d+ ms after the socket was cut/,
      /No will: after a DISCONNECT the broker discards it/,
    ]);
    // "Show in Inspector" opens the will's PUBLISH
    await page.getByLabel('Lesson', { exact: true }).selectOption('will');
  });

  test('QoS 0, 1 and 2: one, two and four packets, and what a persistent session keeps while the subscriber is away', async ({ app, page, aedes }) => {
    await openLessons(app, aedes.wsUrl);
    await runLesson(page, 'qos0', [/granted QoS 0/, /1 packet on this page's connection: PUBLISH\..*received it once/, /Published 3 readings/, /Received 0 of the 3.*QoS 0 messages are not kept/]);
    await runLesson(page, 'qos1', [/granted QoS 1/, /2 packets on this page's connection: PUBLISH, PUBACK\..*received it once, at QoS 1/, /Published 3 readings/, /Received 3 of the 3 .*: 22\.0, 22\.5, 23\.0\..*queued them in the persistent session, at QoS 1/]);
    await runLesson(page, 'qos2', [
      /granted QoS 2/,
      /4 packets on this page's connection: PUBLISH, PUBREC, PUBREL, PUBCOMP\.1\. PUBLISH → \(QoS 2, id (\d+), \d+ bytes\)2\. ← PUBREC \(id \1, 4 bytes\) \+\d+ ms3\. PUBREL → \(id \1, 4 bytes\) \+\d+ ms4\. ← PUBCOMP \(id \1, 4 bytes\) \+\d+ ms.*received it once, at QoS 2/,
      /Published 3 readings/,
      // Aedes 1.x sends the PUBREL of one queued message twice and never the other's: the lesson shows it
      /Received 3 of the 3 .*at QoS 2|Received 2 of the 3 .*PUBLISH \d+ \(2\d\.\d\) never got its PUBREL: the subscriber holds it/,
    ]);
    // the step points at the Inspector: its PUBLISH opens there, with the exchange in the Flow tab
    const step = page.getByRole('listitem', { name: 'Step 2: Publish at QoS 2' });
    await step.getByRole('button', { name: 'Show in Inspector' }).click();
    const detail = page.getByRole('region', { name: 'Packet detail' });
    await expect(detail.getByRole('heading', { level: 3 })).toContainText('PUBLISH sent →');
    await detail.getByRole('tab', { name: 'Flow' }).click();
    await expect(detail).toContainText('PUBCOMP');
  });

  test('keep-alive 5 s: PINGREQ and PINGRESP at the set interval, a silent device found out and its will published, the setting put back', async ({ app, page, aedes }) => {
    await openLessons(app, aedes.wsUrl);
    await runLesson(
      page,
      'keepalive',
      [
        /CONNECT carried Keep Alive 5: bytes 10-11 of it, 00 05\.PINGREQ → after [45]\.\d s without a packet from this page, 2 bytes \(c0 00\); ← PINGRESP \d+ ms later, 2 bytes \(d0 00\)\./,
        /The broker published the will ([5-9]|1[0-2])\.\d s after the device fell silent \(it may wait 1\.5 × 5 s = 7\.5 s\)/,
        /Keep-alive is 60 s again\./,
      ],
      25_000,
    );
  });

  test('CONNECT fields, the fixed header, WebSocket framing, and the same record over MQTT, HTTP and CoAP with the real HTTP exchange', async ({ app, page, aedes }) => {
    const registry = await startRegistry();
    const sensor = await startCoapSensor({ everyMs: 500 });
    const gateway = await startCoapGateway({ brokerUrl: aedes.tcpUrl, sensorPort: sensor.port, sensor: `lesson${Date.now().toString(36)}` });
    try {
      await app.open();
      await app.connectTo(aedes.wsUrl);
      await app.expectConnected();
      await app.showView('Devices');
      await page.getByLabel('Registry URL').fill(registry.url);
      await page.getByRole('button', { name: 'Link registry' }).click();
      await app.showView('Lessons');
      await runLesson(page, 'connect', [/CONNECT →, \d+ bytes\..*Protocol Name: "MQTT".*Protocol Level: 4.*Connect Flags: 0x02 = 00000010 \(.*Clean Session 1.*\).*Keep Alive: 60 s.*Client Identifier: "mqttscope-[^"]+".*← CONNACK, 4 bytes: return code 0 \(accepted\)/]);
      await runLesson(page, 'header', [
        /Payload 10 bytes: first byte 0x30 \(type 3 PUBLISH, flags 0000\); Remaining Length \d+ in 1 byte.*Payload 200 bytes: .*in 2 bytes.*Payload 20,000 bytes: .*in 3 bytes/,
      ]);
      await runLesson(page, 'websocket', [/PUBLISH of \d+ bytes → one binary frame with a 6-byte header \(masked\).*PUBLISH of \d+ bytes → one binary frame with a 8-byte header.*← PUBACK of 4 bytes in a frame with a 2-byte header/]);
      await runLesson(page, 'bytes', [
        /MQTT: PUBLISH \d+ bytes.*HTTP: POST \/devices (\d+) bytes \(\d+ of request line and headers around the same \d+\), answered 201 in \d+ bytes\..*CoAP: CON POST \/devices \d+ bytes/,
        /A CoAP message arrived on coap\/lesson\w+\/raw: \d+ bytes, its header (4|5)\d .*Its reading, republished as MQTT on coap\/lesson\w+\/temperature: \{"temperature":/,
      ]);
      const exchange = page.getByRole('listitem', { name: /^Step 1: Send one device record/ });
      await expect(exchange.getByText('HTTP request, as the registry received it')).toBeVisible();
      await expect(exchange).toContainText('POST /devices HTTP/1.1');
      await expect(exchange).toContainText('HTTP/1.1 201 Created');
      // with nothing on home/#, the AMQP lesson says so (the interop suite runs it against RabbitMQ)
      await runLesson(page, 'amqp', [/Nothing on home\/# within 8 s/]);
    } finally {
      await gateway.close();
      await sensor.close();
      await registry.close();
    }
  });

  test('a link opens a lesson (?lesson=qos2), and in class mode at 1024x768 three lessons fit the projector', async ({ app, page, aedes }, testInfo) => {
    await app.open();
    await app.connectTo(aedes.wsUrl);
    await app.expectConnected();
    await page.setViewportSize({ width: 1024, height: 768 });
    const url = new URL(page.url());
    url.searchParams.set('lesson', 'qos2');
    url.searchParams.set('class', '1');
    await page.goto(url.toString());
    await expect(page.getByRole('tab', { name: 'Lessons', selected: true })).toBeVisible();
    await expect(page.getByLabel('Lesson', { exact: true })).toHaveValue('qos2');
    await expect(page.getByRole('heading', { name: 'QoS 2: exactly once' })).toBeVisible();
    // class mode hides the connection panel; the status bar says it reconnected by itself
    await expect(page.getByRole('region', { name: 'Status bar' })).toContainText('Connected');
    for (const [id, steps] of [
      ['qos2', 2],
      ['will', 2],
      ['header', 1],
    ] as const) {
      await page.getByLabel('Lesson', { exact: true }).selectOption(id);
      for (let i = 1; i <= steps; i++) {
        await page.getByRole('button', { name: new RegExp(`^Run step ${i}:`) }).click();
        await expect(page.getByRole('log', { name: `Step ${i}: what happened` })).not.toBeEmpty({ timeout: 15_000 });
      }
      // nothing is cut off sideways at projector size
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `the ${id} lesson is wider than the window`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: testInfo.outputPath(`lesson-${id}-1024x768-class.png`), fullPage: false });
    }
    expect(new URL(page.url()).searchParams.get('lesson')).toBe('header');
  });

  for (const [width, height] of [
    [390, 844],
    [1440, 900],
  ] as const) {
    test(`at ${width}x${height} a lesson and its results fit the window`, async ({ app, page, aedes }, testInfo) => {
      await app.open();
      await app.connectTo(aedes.wsUrl);
      await app.expectConnected();
      await page.setViewportSize({ width, height });
      await app.showView('Lessons');
      await page.getByLabel('Lesson', { exact: true }).selectOption('websocket');
      await page.getByRole('button', { name: /^Run step 1:/ }).click();
      await expect(page.getByRole('log', { name: 'Step 1: what happened' })).toContainText('← PUBACK of 4 bytes');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, 'wider than the window').toBeLessThanOrEqual(0);
      await page.getByRole('log', { name: 'Step 1: what happened' }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: testInfo.outputPath(`lesson-websocket-${width}x${height}.png`) });
      // axe: no serious or critical WCAG 2 A/AA violation in the lesson with its results, light and dark
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        const results = await new AxeBuilder({ page }).include('[aria-label="Lessons"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
        const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${scheme} ${v.id}: ${v.nodes[0]?.target.join(' ')}`);
        expect(serious).toEqual([]);
      }
    });
  }
});
