import { expect, test } from './fixtures';

test.describe('foundation: connect, subscribe, receive, disconnect', () => {
  test('shows the simulated home from the embedded broker, filtered by a wildcard', async ({ app, aedes, simulator, prefix }) => {
    expect(simulator.devices.length).toBe(6);
    await app.open();
    await app.connectTo(aedes.wsUrl);
    await app.expectConnected();
    await app.subscribe(`${prefix}/tele/+/SENSOR`);
    await expect(app.subscription(`${prefix}/tele/+/SENSOR`)).toHaveAccessibleName(/granted QoS 0/);

    const living = app.messageRows(`${prefix}/tele/livingroom/SENSOR`).first();
    await expect(living).toContainText('"AM2301":{"Temperature":');
    await expect(app.messageRows(`${prefix}/tele/bedroom/SENSOR`).first()).toBeVisible();
    // the wildcard matched one level only: nothing else of the home arrived
    await expect(app.messageRows(`${prefix}/powermeter`)).toHaveCount(0);
    await expect(app.messageRows(`${prefix}/tele/livingroom/STATE`)).toHaveCount(0);

    await app.connection.getByRole('button', { name: 'Disconnect' }).click();
    await expect(app.status).toHaveText('Disconnected by you.');
    const count = await app.messageRows().count();
    await app.page.waitForTimeout(1_000); // the simulator keeps publishing; nothing more may arrive
    await expect(app.messageRows()).toHaveCount(count);
  });

  test('works against mosquitto too, retained messages included', async ({ app, mosquitto, prefix }) => {
    const { startSimulator } = await import('../tools/simulator/index');
    const simulator = await startSimulator({ brokerUrl: mosquitto.tcpUrl, prefix, speed: 10, crash: false, seed: 7 });
    try {
      await app.open();
      await app.connectTo(mosquitto.wsUrl);
      await app.expectConnected();
      // Slow topics only: a virtualized list shows what is in view, and fast ones would scroll these away.
      await app.subscribe(`${prefix}/powermeter/status`, 1);
      await app.subscribe(`${prefix}/+/+/$state`, 2);
      await app.subscribe(`${prefix}/zigbee2mqtt/+/availability`, 0);
      await expect(app.subscription(`${prefix}/powermeter/status`)).toHaveAccessibleName(/granted QoS 1/);
      await expect(app.subscription(`${prefix}/+/+/$state`)).toHaveAccessibleName(/granted QoS 2/);
      // ESPHome's retained status arrived with the retain flag, from before we subscribed
      const status = app.messageRows(`${prefix}/powermeter/status`).first();
      await expect(status).toContainText('online');
      await expect(status.getByRole('cell').nth(3)).toHaveText('R');
      await expect(app.messageRows(`${prefix}/zigbee2mqtt/front_door/availability`).first()).toContainText('{"state":"online"}');
      await expect(app.messageRows(`${prefix}/homie/weather-station/$state`).first()).toContainText(/ready|init/);
    } finally {
      await simulator.stop();
    }
  });

  test('rejects bad topic filters with an alert beside the field and subscribes to nothing', async ({ app, aedes }) => {
    await app.open();
    await app.connectTo(aedes.wsUrl);
    await app.expectConnected();
    const field = app.subscriptions.getByLabel('Topic filter');
    for (const [filter, message] of [
      ['a/#/b', /"#" must be the last level/],
      ['a+/b', /"\+" must take a whole level/],
      ['sport/tennis#', /"#" must take a whole level/],
    ] as const) {
      await app.subscribe(filter);
      await expect(app.subscriptions.getByRole('alert')).toHaveText(message);
      await expect(field).toHaveAttribute('aria-invalid', 'true');
    }
    await expect(app.subscriptions.getByRole('listitem')).toHaveCount(0);
    // fixing the filter clears the alert
    await field.fill('a/+/b');
    await expect(app.subscriptions.getByRole('alert')).toHaveCount(0);
  });

  test('a link pre-fills the broker and subscriptions, and connect=1 connects', async ({ app, aedes, simulator, prefix }) => {
    expect(simulator.devices.length).toBeGreaterThan(0);
    await app.open({ broker: aedes.wsUrl, subscribe: [`${prefix}/zigbee2mqtt/+`, `${prefix}/powermeter/status`], connect: true });
    await app.expectConnected();
    await expect(app.subscription(`${prefix}/zigbee2mqtt/+`)).toHaveAccessibleName(/granted/);
    await expect(app.messageRows(`${prefix}/zigbee2mqtt/hallway_motion`).first()).toContainText('"occupancy":');
    await expect(app.messageRows(`${prefix}/powermeter/status`).first()).toContainText('online');
  });

  test('a link without connect=1 only fills the form', async ({ app, aedes }) => {
    await app.open({ broker: aedes.wsUrl, subscribe: ['x/#'] });
    await expect(app.connection.getByLabel('Broker URL')).toHaveValue(aedes.wsUrl);
    await expect(app.status).toHaveText('Not connected.');
    await expect(app.subscription('x/#')).toBeVisible();
  });

  test('explains a broker URL the browser cannot use, where it was typed', async ({ app }) => {
    await app.open();
    await app.connectTo('mqtt://test.mosquitto.org:1883');
    await expect(app.connection.getByRole('alert')).toHaveText(/Browsers cannot open plain MQTT.*ws:\/\/test\.mosquitto\.org:8080/);
    await app.connection.getByLabel('Broker URL').fill('127.0.0.1:9001');
    await app.connection.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(app.connection.getByRole('alert')).toHaveText(/has no scheme: write ws:\/\/127\.0\.0\.1:9001/);
    await expect(app.status).toHaveText('Not connected.');
  });
});
