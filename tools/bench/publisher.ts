/**
 * Load for the bench: a Node MQTT client publishing QoS 0 JSON of about 60 bytes, each payload carrying
 * its send time ({"t":<ms since the epoch>,...}) so pages can measure publish-to-screen lag.
 */
import mqtt, { type MqttClient } from 'mqtt';

export function payload(seq: number): string {
  // {"t":1764083000000,"seq":123456,"v":21.53,"u":"C","ok":true} is 60 bytes for a six-digit seq
  return `{"t":${Date.now()},"seq":${seq},"v":${(20 + (seq % 1000) / 100).toFixed(2)},"u":"C","ok":true}`;
}

export async function connectPublisher(url: string): Promise<MqttClient> {
  return mqtt.connectAsync(url, { reconnectPeriod: 0, clientId: `bench-pub-${process.pid}-${Date.now()}` });
}

function waitDrain(client: MqttClient): Promise<void> {
  return new Promise((resolve) => client.publish('drain/_', '', { qos: 0 }, () => resolve()));
}

/** Publishes `count` messages over `topics` topics as fast as the client can write them. */
export async function flood(client: MqttClient, count: number, topics: number): Promise<{ ms: number }> {
  const started = performance.now();
  const CHUNK = 500;
  for (let i = 0; i < count; i += CHUNK) {
    const end = Math.min(count, i + CHUNK);
    for (let seq = i; seq < end; seq++) client.publish(`bench/s/${seq % topics}`, payload(seq), { qos: 0 });
    // let the socket drain before the next chunk, so memory stays flat and the rate is the socket's
    await waitDrain(client);
  }
  return { ms: performance.now() - started };
}

/** Publishes at `rate` messages per second for `seconds`, in 10 ms slices, correcting for timer drift. */
export async function steady(client: MqttClient, rate: number, seconds: number, topics: number): Promise<{ sent: number }> {
  const started = performance.now();
  let sent = 0;
  const total = rate * seconds;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
    for (; sent < due; sent++) client.publish(`bench/s/${sent % topics}`, payload(sent), { qos: 0 });
    await new Promise((r) => setTimeout(r, 10));
  }
  await waitDrain(client);
  return { sent };
}

/** Publishes plain numbers to each of `topics` at `ratePerTopic` messages per second, for `seconds`. */
export async function steadyNumbers(client: MqttClient, topics: string[], ratePerTopic: number, seconds: number): Promise<{ sent: number }> {
  const started = performance.now();
  const total = ratePerTopic * topics.length * seconds;
  const rate = ratePerTopic * topics.length;
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
    for (; sent < due; sent++) {
      const i = sent % topics.length;
      client.publish(topics[i] as string, (20 + Math.sin(sent / 500 + i) * 5).toFixed(2), { qos: 0 });
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  await waitDrain(client);
  return { sent };
}
