/** A plain Node MQTT client for tests: publishes and subscribes from outside the page. */
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
