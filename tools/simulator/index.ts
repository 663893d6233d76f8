/**
 * The simulated home sensor network: one real MQTT client per device.
 */
import { seededRandom, type DeviceContext, type SimulatedDevice } from './device';
import { EsphomePowerMeter, HomieWeatherStation, ShellyPlug, SparkplugEdgeNode, TasmotaClimateSensor, Zigbee2MqttBridge } from './devices';
import { startAmqpDevices, type AmqpDevices } from './amqp';
import { startCoapGateway, startCoapSensor, type CoapGateway, type CoapSensor } from './coap';
import { staleDiscovery } from './discovery';
import { registerAll, registrationOf, type Registration } from './register';

export interface SimulatorOptions {
  brokerUrl: string;
  prefix?: string;
  /** Time scale; 1 is real time (a Tasmota SENSOR every 5 s). */
  speed?: number;
  username?: string;
  password?: string;
  /** The flaky device crashes every 60-120 s by default; [min, max] in ms of simulated time, or false. */
  crash?: { everyMs: [number, number]; downMs: [number, number] } | false;
  seed?: number;
  /** Also run a Sparkplug B edge node (group plant, node edge-1, device pump-1). */
  sparkplug?: boolean;
  /** Also run a CoAP sensor (UDP) and a CoAP-to-MQTT gateway that observes it. */
  coap?: boolean;
  /** Also publish some devices over AMQP 0-9-1 to this RabbitMQ's amq.topic (amqp://user:pass@host:port). */
  amqpUrl?: string;
  /** The course's REST device registry: every device registers itself there. */
  registryUrl?: string;
  log?: (line: string) => void;
}

export interface Simulator {
  devices: SimulatedDevice[];
  /** Every device by what it tells the registry, MQTT, CoAP and AMQP alike. */
  registrations: Registration[];
  coap: { sensor: CoapSensor; gateway: CoapGateway } | null;
  amqp: AmqpDevices | null;
  /** Publishes each device's offline state and disconnects cleanly. */
  stop(): Promise<void>;
}

export const DEFAULT_CRASH = { everyMs: [60_000, 120_000] as [number, number], downMs: [6_000, 15_000] as [number, number] };

/** Starts every device; resolves once all are connected. */
export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const ctx: DeviceContext = {
    brokerUrl: options.brokerUrl,
    prefix: (options.prefix ?? '').replace(/^\/+|\/+$/g, ''),
    speed: options.speed ?? 1,
    random: seededRandom(options.seed ?? Date.now()),
    log: options.log ?? (() => {}),
  };
  if (options.username) ctx.username = options.username;
  if (options.password) ctx.password = options.password;

  const flaky = new ShellyPlug(ctx);
  const devices: SimulatedDevice[] = [
    new TasmotaClimateSensor(ctx, 'livingroom', 21.4),
    new TasmotaClimateSensor(ctx, 'bedroom', 19.2),
    new EsphomePowerMeter(ctx),
    new Zigbee2MqttBridge(ctx),
    new HomieWeatherStation(ctx),
    flaky,
  ];
  // a Sparkplug B edge node with a device, for the plant floor beside the home (npm start runs it)
  if (options.sparkplug) devices.push(new SparkplugEdgeNode(ctx));
  await Promise.all(devices.map((device) => device.start()));
  // a config a removed device left behind, retained: what haunts real installations
  const [staleTopic, staleConfig] = staleDiscovery((topic) => (ctx.prefix ? `${ctx.prefix}/${topic}` : topic));
  devices[0]?.publishRetained(staleTopic, JSON.stringify(staleConfig));
  const crash = options.crash === undefined ? DEFAULT_CRASH : options.crash;
  if (crash) flaky.crashPeriodically(crash.everyMs, crash.downMs);
  const log = options.log ?? (() => {});
  let coap: Simulator['coap'] = null;
  if (options.coap) {
    const sensor = await startCoapSensor({ everyMs: 5_000 / ctx.speed, random: ctx.random });
    const gateway = await startCoapGateway({ brokerUrl: options.brokerUrl, sensorPort: sensor.port, prefix: ctx.prefix, log, ...(ctx.username ? { username: ctx.username } : {}), ...(ctx.password ? { password: ctx.password } : {}) });
    coap = { sensor, gateway };
    log(`CoAP sensor on udp://127.0.0.1:${sensor.port}/temperature, observed by a gateway that republishes to coap/kitchen/temperature (raw CoAP bytes on coap/kitchen/raw)`);
  }
  const amqp = options.amqpUrl ? await startAmqpDevices(options.amqpUrl, { everyMs: 5_000 / ctx.speed, prefix: ctx.prefix, random: ctx.random, log }) : null;
  if (amqp) log('AMQP devices publish to amq.topic as home.kitchen.temp, home.kitchen.humidity and home.garage.door (MQTT sees home/kitchen/temp...)');
  const registrations = [
    ...devices.map(registrationOf),
    ...(coap ? [{ identifier: 'coap-kitchen', name: 'Kitchen CoAP thermometer', device_type: 'temperature sensor', controller_gateway: 'coap-gateway' }] : []),
    ...(amqp ? [{ identifier: 'amqp-kitchen', name: 'Kitchen AMQP sensors', device_type: 'temperature and humidity sensor', controller_gateway: 'rabbitmq amq.topic' }] : []),
  ];
  if (options.registryUrl) {
    const failures = await registerAll(options.registryUrl, registrations);
    log(failures.length ? `registry ${options.registryUrl}: ${failures.join('; ')}` : `registered ${registrations.length} devices at ${options.registryUrl}/devices`);
  }
  return {
    devices,
    registrations,
    coap,
    amqp,
    async stop() {
      await Promise.all([...devices.map((device) => device.stop()), coap?.gateway.close(), coap?.sensor.close(), amqp?.close()]);
    },
  };
}
