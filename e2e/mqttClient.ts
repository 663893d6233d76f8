/** A plain Node MQTT client for tests: publishes and subscribes from outside the page. */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Page } from '@playwright/test';
import mqtt, { type IClientOptions, type IClientPublishOptions, type MqttClient } from 'mqtt';

export async function nodeClient(url: string, options: IClientOptions = {}): Promise<MqttClient> {
  return mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 5_000, ...options });
}

export async function publish(url: string, topic: string, payload: string | Buffer, options: IClientPublishOptions = {}): Promise<void> {
  const client = await nodeClient(url);
  await client.publishAsync(topic, payload, options);
  await client.endAsync();
}

/** Publishes `count` messages, payload from `make(i)`, waiting for the last to be written. */
export async function publishMany(url: string, count: number, make: (i: number) => [topic: string, payload: string], options: IClientPublishOptions = {}): Promise<void> {
  const client = await nodeClient(url);
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const [topic, payload] = make(i);
    pending.push(client.publishAsync(topic, payload, options));
    // in chunks, so the socket's write buffer (and its drain listeners) stay small
    if (pending.length === 500) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  await client.endAsync();
}

/** Subscribes and collects what arrives during `ms`. */
export async function collect(url: string, filter: string, ms: number, options: IClientOptions = {}): Promise<Array<{ topic: string; payload: string; retain: boolean; qos: number }>> {
  const client = await nodeClient(url, options);
  const got: Array<{ topic: string; payload: string; retain: boolean; qos: number }> = [];
  client.on('message', (topic, payload, packet) => got.push({ topic, payload: payload.toString(), retain: packet.retain, qos: packet.qos }));
  await client.subscribeAsync(filter, { qos: 2 });
  await new Promise((r) => setTimeout(r, ms));
  await client.endAsync();
  return got;
}

/** mosquitto_sub as a witness on the broker side: MQTT 5 with Retain As Published, so %r is the publisher's flag. */
export function witness(
  port: number,
  filter: string,
  format = '%t %q %r %p',
  { liveOnly = false } = {},
): { proc: ChildProcess; lines(): string[]; ready: Promise<void> } {
  // liveOnly: skip retained messages delivered on subscribe (-R), to see only what is published from now on.
  const flags = liveOnly ? ['-R'] : ['-V', '5', '--retain-as-published'];
  const proc = spawn('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(port), ...flags, '-q', '2', '-t', filter, '-F', format]);
  let out = '';
  proc.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  // mosquitto_sub has no "subscribed" signal on stdout: give it a moment.
  const ready = new Promise<void>((resolve) => setTimeout(resolve, 400));
  return { proc, lines: () => out.split('\n').filter(Boolean), ready };
}

/** Fills the publish form: topic, payload in a format, QoS and retain. */
export async function fillPublish(page: Page, topic: string, payload: string, qos: 0 | 1 | 2, retain: boolean, format = 'Text') {
  const panel = page.getByRole('region', { name: 'Publish' });
  await panel.getByLabel('Topic', { exact: true }).fill(topic);
  await panel.getByLabel('Payload format', { exact: true }).selectOption({ label: format });
  await panel.getByLabel('Payload', { exact: true }).fill(payload);
  await panel.getByRole('radiogroup', { name: 'QoS' }).getByLabel(String(qos)).check();
  if (retain) await panel.getByLabel('Retain', { exact: true }).check();
  else await panel.getByLabel('Retain', { exact: true }).uncheck();
}
