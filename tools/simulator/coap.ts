/**
 * CoAP beside MQTT: a sensor that speaks CoAP over UDP (an observable /temperature, RFC 7252 and
 * RFC 7641, through the `coap` package), and a CoAP-to-MQTT gateway that observes it and republishes each
 * reading to MQTT. The gateway also publishes every CoAP message it received, byte for byte, on
 * coap/<sensor>/raw, where the dashboard reads it as CoAP (its Inspector shows the CoAP header beside
 * MQTT's).
 */
import { createSocket, type Socket } from 'node:dgram';
import coap from 'coap';
import mqtt, { type MqttClient } from 'mqtt';

export interface CoapSensor {
  port: number;
  /** The readings served so far. */
  readings(): number;
  close(): Promise<void>;
}

/** A CoAP temperature sensor on 127.0.0.1:`port` (0: any free port); notifies observers every `everyMs`. */
export async function startCoapSensor(options: { port?: number; everyMs?: number; start?: number; random?: () => number } = {}): Promise<CoapSensor> {
  const random = options.random ?? Math.random;
  let value = options.start ?? 20.5;
  let served = 0;
  const next = () => {
    value = Math.round((value + (random() - 0.5) * 0.4) * 10) / 10;
    served++;
    return JSON.stringify({ temperature: value, unit: '°C' });
  };
  const timers = new Set<ReturnType<typeof setInterval>>();
  const server = coap.createServer({ type: 'udp4' });
  server.on('request', (req, res) => {
    if (req.url.split('?')[0] !== '/temperature') {
      res.code = '4.04';
      res.end('Not found: this sensor serves /temperature');
      return;
    }
    if (req.method !== 'GET') {
      res.code = '4.05';
      res.end('Method not allowed: GET /temperature');
      return;
    }
    res.setOption('Content-Format', 'application/json');
    if (req.headers.Observe !== 0) {
      res.end(next());
      return;
    }
    // an observer: the first reading now, then one notification per interval, until it goes away
    res.write(next());
    const timer = setInterval(() => res.write(next()), options.everyMs ?? 5_000);
    timers.add(timer);
    const stop = () => {
      clearInterval(timer);
      timers.delete(timer);
    };
    res.on('finish', stop);
    res.on('error', stop);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve()));
  // the server's UDP socket, once listening
  const address = (server._sock as Socket).address();
  return {
    port: address.port,
    readings: () => served,
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface CoapGateway {
  /** Readings republished to MQTT so far. */
  forwarded(): number;
  close(): Promise<void>;
}

export interface CoapGatewayOptions {
  brokerUrl: string;
  sensorPort: number;
  /** Names the sensor in the MQTT topics: coap/<sensor>/temperature and coap/<sensor>/raw. */
  sensor?: string;
  prefix?: string;
  username?: string;
  password?: string;
  log?: (line: string) => void;
}

/** Observes the sensor's /temperature and republishes each notification to MQTT, with its raw bytes. */
export async function startCoapGateway(options: CoapGatewayOptions): Promise<CoapGateway> {
  const sensor = options.sensor ?? 'kitchen';
  const t = (topic: string) => (options.prefix ? `${options.prefix}/${topic}` : topic);
  const statusTopic = t(`coap/${sensor}/status`);
  const client: MqttClient = mqtt.connect(options.brokerUrl, {
    clientId: `coap-gateway-${sensor}-${Math.random().toString(16).slice(2, 6)}`,
    keepalive: 30,
    reconnectPeriod: 2_000,
    will: { topic: statusTopic, payload: Buffer.from('offline'), qos: 1, retain: true },
    ...(options.username ? { username: options.username } : {}),
    ...(options.password ? { password: options.password } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  client.publish(statusTopic, 'online', { qos: 1, retain: true });

  // the gateway's own UDP socket: the agent reads the messages, and so do we, byte for byte
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  socket.on('message', (bytes) => client.publish(t(`coap/${sensor}/raw`), bytes, { qos: 0 }));
  const agent = new coap.Agent({ socket });
  let forwarded = 0;
  const request = coap.request({ hostname: '127.0.0.1', port: options.sensorPort, pathname: '/temperature', observe: true, agent });
  request.on('response', (stream) => {
    stream.on('data', (chunk: Buffer) => {
      try {
        const reading = JSON.parse(chunk.toString('utf8')) as { temperature: number; unit: string };
        forwarded++;
        client.publish(t(`coap/${sensor}/temperature`), JSON.stringify({ temperature: reading.temperature, unit: reading.unit, via: 'coap' }), { qos: 0 });
      } catch {
        options.log?.(`coap gateway: a notification that is not JSON: ${chunk.toString('hex')}`);
      }
    });
  });
  request.on('error', (error: Error) => options.log?.(`coap gateway: ${error.message}`));
  request.end();
  return {
    forwarded: () => forwarded,
    close: async () => {
      request.removeAllListeners('response');
      agent.close();
      socket.close();
      await new Promise<void>((resolve) => client.publish(statusTopic, '', { qos: 1, retain: true }, () => resolve()));
      await client.endAsync();
    },
  };
}
