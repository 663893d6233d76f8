/**
 * Devices that speak AMQP 0-9-1 instead of MQTT: they publish to RabbitMQ's amq.topic exchange with
 * routing keys like home.kitchen.temp. RabbitMQ's MQTT plugin reads the same exchange with "/" for ".",
 * so a dashboard connected over (web-)MQTT sees home/kitchen/temp. One broker, two protocols.
 */
import amqp from 'amqplib';

export interface AmqpDevices {
  /** Messages published so far. */
  published(): number;
  close(): Promise<void>;
}

/** The AMQP routing key an MQTT topic becomes in amq.topic: RabbitMQ's MQTT plugin swaps "/" and ".". */
export const routingKeyOf = (topic: string) => topic.split('/').join('.');

interface AmqpDevice {
  key: string;
  reading(random: () => number): string;
}

const DEVICES: AmqpDevice[] = [
  { key: 'home.kitchen.temp', reading: (r) => (21 + r() * 2).toFixed(1) },
  { key: 'home.kitchen.humidity', reading: (r) => String(Math.round(45 + r() * 10)) },
  { key: 'home.garage.door', reading: (r) => (r() < 0.5 ? 'open' : 'closed') },
];

/** Connects to `url` (amqp://user:pass@host:port) and publishes each device's reading every `everyMs`. */
export async function startAmqpDevices(url: string, options: { everyMs?: number; prefix?: string; random?: () => number; log?: (line: string) => void } = {}): Promise<AmqpDevices> {
  const random = options.random ?? Math.random;
  const connection = await amqp.connect(url);
  const channel = await connection.createChannel();
  // amq.topic exists on every RabbitMQ; checking it (not declaring it) fails loudly on a broker without it
  await channel.checkExchange('amq.topic');
  let published = 0;
  const prefix = options.prefix ? `${routingKeyOf(options.prefix)}.` : '';
  const publishAll = () => {
    for (const device of DEVICES) {
      channel.publish('amq.topic', `${prefix}${device.key}`, Buffer.from(device.reading(random)), { contentType: 'text/plain' });
      published++;
    }
  };
  publishAll();
  const timer = setInterval(publishAll, options.everyMs ?? 5_000);
  connection.on('error', (error: Error) => options.log?.(`amqp: ${error.message}`));
  return {
    published: () => published,
    close: async () => {
      clearInterval(timer);
      await channel.close().catch(() => {});
      await connection.close().catch(() => {});
    },
  };
}
