/**
 * npm run simulate -- --broker <url> [--prefix demo/abc] [--speed 1] [--username u --password p]
 *
 * Feeds any broker with the simulated home, e.g. a public one in class:
 *   npm run simulate -- --broker mqtt://test.mosquitto.org --prefix mqttscope/demo-42
 */
import { parseArgs } from 'node:util';
import { startAmqpDevices } from './amqp';
import { startSimulator } from './index';

const { values } = parseArgs({
  options: {
    broker: { type: 'string' },
    prefix: { type: 'string', default: '' },
    speed: { type: 'string', default: '1' },
    username: { type: 'string' },
    password: { type: 'string' },
    'no-crash': { type: 'boolean', default: false },
    sparkplug: { type: 'boolean', default: false },
    coap: { type: 'boolean', default: false },
    amqp: { type: 'string' },
    registry: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help || (!values.broker && !values.amqp)) {
  console.log(`Usage: npm run simulate -- --broker <url> [--prefix demo/abc] [--speed 1] [--no-crash] [--sparkplug] [--coap] [--amqp <url>] [--registry <url>]
       npm run simulate -- --amqp amqp://guest:guest@127.0.0.1:5672   (the AMQP devices alone)
  --broker    mqtt://host:1883, ws://host:8080 or wss://host:8081
  --prefix    put every topic under this prefix (share a public broker with a class)
  --speed     time scale: 2 publishes twice as often
  --no-crash  the Shelly plug stays up (by default it crashes every 1-2 minutes and comes back)
  --sparkplug also run a Sparkplug B edge node (spBv1.0/plant/+/edge-1) with a device, pump-1
  --coap      also run a CoAP sensor (UDP) and a CoAP-to-MQTT gateway (coap/kitchen/temperature, raw bytes on coap/kitchen/raw)
  --amqp      amqp://user:pass@host:5672: also publish devices over AMQP 0-9-1 to RabbitMQ's amq.topic
              (routing key home.kitchen.temp; connected over MQTT to the same RabbitMQ you see home/kitchen/temp)
  --registry  http://127.0.0.1:8090: the course's REST device registry; every device registers itself there`);
  process.exit(values.help ? 0 : 1);
}

const speed = Number(values.speed);
if (!(speed > 0)) {
  console.error(`--speed must be a positive number, got "${values.speed}"`);
  process.exit(1);
}

const log = (line: string) => console.log(`[simulator] ${line}`);
if (!values.broker && values.amqp) {
  // AMQP only: the devices that publish to RabbitMQ's amq.topic, nothing over MQTT
  const amqp = await startAmqpDevices(values.amqp, { everyMs: 5_000 / speed, prefix: values.prefix, log });
  log(`publishing over AMQP 0-9-1 to amq.topic: home.kitchen.temp, home.kitchen.humidity, home.garage.door (MQTT sees home/kitchen/temp...). Ctrl-C stops.`);
  const stopAmqp = async () => {
    await amqp.close();
    process.exit(0);
  };
  process.on('SIGINT', stopAmqp);
  process.on('SIGTERM', stopAmqp);
} else {
  log(`connecting 6 devices to ${values.broker}${values.prefix ? ` under ${values.prefix}/` : ''}...`);
  const simulator = await startSimulator({
    brokerUrl: values.broker as string,
    prefix: values.prefix,
    speed,
    log,
    ...(values.username ? { username: values.username } : {}),
    ...(values.password ? { password: values.password } : {}),
    ...(values['no-crash'] ? { crash: false as const } : {}),
    sparkplug: values.sparkplug,
    coap: values.coap,
    ...(values.amqp ? { amqpUrl: values.amqp } : {}),
    ...(values.registry ? { registryUrl: values.registry } : {}),
  });
  log(`running: ${simulator.devices.map((d) => d.name).join(', ')}. Ctrl-C stops.`);

  let stopping = false;
  const stop = async () => {
    if (stopping) process.exit(1);
    stopping = true;
    log('publishing offline states and disconnecting...');
    await simulator.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
