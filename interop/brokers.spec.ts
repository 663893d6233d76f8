/**
 * The same core scenario against every broker people run, and each broker's documented differences
 * asserted, not skipped (../shared/reference/brokers.md): QoS 2 subscriptions granted as QoS 1 (NATS,
 * RabbitMQ), retained messages only on exact topics (RabbitMQ), a QoS 2 publish dropping the connection
 * (NATS) or answered with PUBACK (RabbitMQ), MQTT 5.0 refused by all but mosquitto. Each difference is
 * said in words where it shows, with the fix one click away.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../e2e/fixtures';
import { collect, nodeClient, publish } from '../e2e/mqttClient';
import type { AppPage } from '../e2e/pages/app';

type Name = 'mosquitto 3.1.1' | 'mosquitto 5.0' | 'Aedes' | 'NATS' | 'RabbitMQ';

interface Broker {
  name: Name;
  wsUrl: string;
  tcpUrl: string;
  version: '3.1.1' | '5.0';
  /** What a QoS 2 subscription is granted. */
  qos2Granted: 1 | 2;
  /** What a QoS 2 publish from the page meets. */
  qos2Publish: 'exactly once' | 'PUBACK' | 'connection dropped';
  retainedOnWildcards: boolean;
  /** How the broker answers an MQTT 5.0 CONNECT. */
  v5: 'speaks it' | '3.1.1 return code' | 'closes the socket';
}

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: interop/brokers-setup.ts starts NATS and RabbitMQ`);
  return value;
};

const NAMES: Name[] = ['mosquitto 3.1.1', 'mosquitto 5.0', 'Aedes', 'NATS', 'RabbitMQ'];

function brokerOf(name: Name, fixtures: { aedes: { wsUrl: string; tcpUrl: string }; mosquitto: { wsUrl: string; tcpUrl: string } }): Broker {
  switch (name) {
    case 'mosquitto 3.1.1':
    case 'mosquitto 5.0':
      return { name, ...urls(fixtures.mosquitto), version: name.endsWith('5.0') ? '5.0' : '3.1.1', qos2Granted: 2, qos2Publish: 'exactly once', retainedOnWildcards: true, v5: 'speaks it' };
    case 'Aedes':
      return { name, ...urls(fixtures.aedes), version: '3.1.1', qos2Granted: 2, qos2Publish: 'exactly once', retainedOnWildcards: true, v5: '3.1.1 return code' };
    case 'NATS':
      return { name, wsUrl: env('INTEROP_NATS_WS'), tcpUrl: env('INTEROP_NATS_TCP'), version: '3.1.1', qos2Granted: 1, qos2Publish: 'connection dropped', retainedOnWildcards: true, v5: '3.1.1 return code' };
    case 'RabbitMQ':
      return { name, wsUrl: env('INTEROP_RABBITMQ_WS'), tcpUrl: env('INTEROP_RABBITMQ_TCP'), version: '3.1.1', qos2Granted: 1, qos2Publish: 'PUBACK', retainedOnWildcards: false, v5: 'closes the socket' };
  }
}

function urls(b: { wsUrl: string; tcpUrl: string }) {
  return { wsUrl: b.wsUrl, tcpUrl: b.tcpUrl };
}

/** The note under the subscriptions that says what this broker does differently. */
const differences = (page: Page) => page.getByRole('note', { name: 'What this broker does differently' });

async function rowQos(app: AppPage, topic: string): Promise<string> {
  return (await app.messageRows(topic).first().getByRole('cell').nth(2).textContent()) ?? '';
}

test.describe('interop', () => {
  for (const name of NAMES) {
    test(`${name}: connect, wildcard subscribe at QoS 2, receive and publish at QoS 0/1/2, retained messages, as this broker does them`, async ({ app, aedes, mosquitto, prefix, page }) => {
      const broker = brokerOf(name, { aedes, mosquitto });
      // a retained message there before the dashboard subscribes
      await publish(broker.tcpUrl, `${prefix}/kept`, 'kept', { qos: 1, retain: true });

      await app.open();
      await app.connectTo(broker.wsUrl, { version: broker.version });
      await app.expectConnected();
      await app.subscribe(`${prefix}/#`, 2);
      const chip = app.subscription(`${prefix}/#`);
      if (broker.qos2Granted === 2) {
        await expect(chip).toHaveAccessibleName(/granted QoS 2$/);
      } else {
        await expect(chip).toHaveAccessibleName(/granted QoS 1 \(asked 2\)$/);
        await expect(differences(page)).toContainText(`${prefix}/#: asked QoS 2, the broker granted QoS 1, so it delivers at most QoS 1 here (RabbitMQ and NATS do not support QoS 2)`);
      }

      // retained: on a wildcard subscription where the broker sends them, otherwise said, and found by an exact topic
      if (broker.retainedOnWildcards) {
        await expect(app.messageRows(`${prefix}/kept`)).toHaveCount(1);
        await expect(app.messageRows(`${prefix}/kept`).getByRole('cell').nth(3)).toHaveText('R');
      } else {
        await expect(differences(page)).toContainText('No retained message has arrived', { timeout: 10_000 });
        await expect(differences(page)).toContainText('RabbitMQ sends retained messages only to exact-topic subscriptions');
        await expect(app.messageRows(`${prefix}/kept`)).toHaveCount(0);
        await app.subscribe(`${prefix}/kept`, 1);
        await expect(app.messageRows(`${prefix}/kept`)).toHaveCount(1);
        await expect(differences(page)).not.toContainText('No retained message has arrived', { timeout: 10_000 });
      }

      // from another client at QoS 0, 1 and 2 (NATS drops a client's QoS 2 publish: that is tried from the page)
      const publisher = await nodeClient(broker.tcpUrl);
      try {
        for (const qos of broker.qos2Publish === 'connection dropped' ? ([0, 1] as const) : ([0, 1, 2] as const)) {
          await publisher.publishAsync(`${prefix}/in/q${qos}`, `in at QoS ${qos}`, { qos });
          await expect(app.messageRows(`${prefix}/in/q${qos}`)).toHaveCount(1);
          expect(await rowQos(app, `${prefix}/in/q${qos}`)).toBe(String(Math.min(qos, broker.qos2Granted)));
        }
      } finally {
        await publisher.endAsync();
      }

      // from the page at QoS 0 and 1: another client receives them, and the Sent list says how they went
      const received = collect(broker.tcpUrl, `${prefix}/out/#`, 4_000);
      await page.waitForTimeout(500); // the collector's subscription is in place
      await app.publish(`${prefix}/out/q0`, 'out at QoS 0', { qos: 0 });
      await app.publish(`${prefix}/out/q1`, 'out at QoS 1', { qos: 1 });
      const sent = page.getByRole('region', { name: 'Sent' });
      await expect(sent.getByRole('listitem', { name: `${prefix}/out/q1: QoS 1, delivered to the broker` })).toBeVisible();
      expect((await received).map((m) => m.topic).sort()).toEqual([`${prefix}/out/q0`, `${prefix}/out/q1`]);
    });
  }

  test('QoS 2 from the page: exactly once on mosquitto and Aedes, answered with PUBACK by RabbitMQ (said so), and on NATS a dropped connection blamed on it, not re-sent, with Re-send at QoS 1', async ({
    app,
    aedes,
    mosquitto,
    prefix,
    page,
  }) => {
    for (const name of ['mosquitto 3.1.1', 'Aedes', 'RabbitMQ', 'NATS'] as const) {
      const broker = brokerOf(name, { aedes, mosquitto });
      await app.open();
      await app.connectTo(broker.wsUrl, { version: broker.version, name: `${name} QoS 2` });
      await app.expectConnected();
      const topic = `${prefix}/${name.split(' ')[0]}/q2`;
      const received = collect(broker.tcpUrl, topic, name === 'NATS' ? 8_000 : 3_000, { clientId: `c-${prefix}`.slice(0, 23) });
      await page.waitForTimeout(500);
      await app.publish(topic, 'exactly once?', { qos: 2 });
      const sent = page.getByRole('region', { name: 'Sent' });
      if (broker.qos2Publish === 'exactly once') {
        const row = sent.getByRole('listitem', { name: `${topic}: QoS 2, delivered to the broker` });
        await expect(row.getByRole('list', { name: 'Packets' })).toContainText(/PUBLISH.*PUBREC.*PUBREL.*PUBCOMP/);
        expect((await received).length).toBe(1);
      } else if (broker.qos2Publish === 'PUBACK') {
        const row = sent.getByRole('listitem', { name: `${topic}: QoS 2, delivered to the broker` });
        await expect(row.getByRole('list', { name: 'Packets' })).toContainText(/PUBLISH.*PUBACK/);
        await expect(row).toContainText('The broker answered this QoS 2 publish with PUBACK: it handled it as QoS 1');
        expect((await received).length).toBe(1);
      } else {
        // NATS: the server drops the connection; the app says the publish caused it, and does not send it again
        await expect(app.status).toHaveText(/^Connected/, { timeout: 15_000 });
        await expect(app.connection).toContainText(`Back after: The broker closed the connection right after a QoS 2 publish to ${topic}`);
        await expect(app.connection).toContainText('does not support QoS 2 (NATS does this)');
        const row = sent.getByRole('listitem', { name: `${topic}: QoS 2, not sent` });
        await expect(row).toContainText('It was not sent again.');
        await page.waitForTimeout(2_000);
        await expect(app.status).toHaveText(/^Connected/); // not dropped again: the QoS 2 publish was not re-sent
        await row.getByRole('button', { name: 'Re-send at QoS 1' }).click();
        await expect(sent.getByRole('listitem', { name: `${topic}: QoS 1, delivered to the broker` })).toBeVisible();
        await app.connection.getByRole('button', { name: 'Publish at QoS 1 from now on' }).click();
        await app.openPublish();
        await expect(app.publishPanel.getByRole('radiogroup', { name: 'QoS' }).getByLabel('1')).toBeChecked();
        const got = await received;
        expect(got.map((m) => m.payload)).toEqual(['exactly once?']); // only the QoS 1 re-send arrived
      }
      await app.connection.getByRole('button', { name: 'Disconnect' }).click();
    }
  });

  for (const name of ['Aedes', 'NATS', 'RabbitMQ'] as const) {
    test(`${name}: MQTT 5.0 is refused in words, and "Switch to MQTT 3.1.1 and connect" connects`, async ({ app, aedes, mosquitto }) => {
      const broker = brokerOf(name, { aedes, mosquitto });
      await app.open();
      await app.connectTo(broker.wsUrl, { version: '5.0' });
      if (broker.v5 === '3.1.1 return code') {
        await expect(app.status).toHaveText('Failed: The broker does not speak MQTT 5.0: it answered with the MQTT 3.1.1 return code 1, "unacceptable protocol version".');
        await expect(app.connection).not.toContainText('Granted QoS 1');
      } else {
        // RabbitMQ closes the socket without CONNACK: after two such closes, stop and name the likely causes
        await expect(app.status).toHaveText(/closed the connection before answering CONNECT, 2 times in a row\. Stopped retrying\./, { timeout: 20_000 });
        await expect(app.connection).toContainText('an MQTT version the broker does not speak (try MQTT 3.1.1)');
      }
      await app.connection.getByRole('button', { name: 'Switch to MQTT 3.1.1 and connect' }).click();
      await app.expectConnected();
      await app.showSettings();
      await expect(app.connection.getByLabel('MQTT version')).toHaveValue('4');
    });
  }

  test('RabbitMQ: a wrong password (the socket closed, no CONNACK) stops after two closes and names the likely causes', async ({ app }) => {
    const broker = brokerOf('RabbitMQ', { aedes: { wsUrl: '', tcpUrl: '' }, mosquitto: { wsUrl: '', tcpUrl: '' } });
    await app.open();
    await app.connectTo(broker.wsUrl, { username: 'guest', password: 'not-the-password' });
    await expect(app.status).toHaveText(/closed the connection before answering CONNECT, 2 times in a row\. Stopped retrying\./, { timeout: 20_000 });
    await expect(app.connection).toContainText('Likely causes: a wrong user name or password (RabbitMQ just closes the socket)');
    await expect(app.connection).toContainText("its connection limits");
  });
});
