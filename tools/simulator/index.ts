/**
 * The simulated home sensor network: one real MQTT client per device.
 */
import { seededRandom, type DeviceContext, type SimulatedDevice } from './device';
import { EsphomePowerMeter, HomieWeatherStation, ShellyPlug, SparkplugEdgeNode, TasmotaClimateSensor, Zigbee2MqttBridge } from './devices';
import { staleDiscovery } from './discovery';

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
  log?: (line: string) => void;
}

export interface Simulator {
  devices: SimulatedDevice[];
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
  return {
    devices,
    async stop() {
      await Promise.all(devices.map((device) => device.stop()));
    },
  };
}
