/**
 * The interop suite's brokers that take a while to start, once for the whole run: NATS (MQTT over
 * WebSocket at /mqtt) and RabbitMQ as a node of its own (web-MQTT at /ws). Each on free loopback ports,
 * never the machine's own services. A broker that fails to start fails the run with its log.
 * mosquitto and Aedes come from the e2e fixtures, per worker.
 */
import { startNats } from '../tools/nats';
import { startRabbitMq } from '../tools/rabbitmq';

export default async function brokersSetup(): Promise<() => Promise<void>> {
  const [nats, rabbit] = await Promise.all([startNats(), startRabbitMq()]);
  process.env.INTEROP_NATS_WS = nats.wsUrl;
  process.env.INTEROP_NATS_TCP = nats.tcpUrl;
  process.env.INTEROP_RABBITMQ_WS = rabbit.wsUrl;
  process.env.INTEROP_RABBITMQ_TCP = rabbit.tcpUrl;
  process.env.INTEROP_RABBITMQ_AMQP = rabbit.amqpUrl;
  return async () => {
    await Promise.all([nats.stop(), rabbit.stop()]);
  };
}
