import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedBroker, type EmbeddedBroker } from './broker';

let broker: EmbeddedBroker | null = null;
afterEach(async () => {
  await broker?.close();
  broker = null;
});

describe('embedded broker', () => {
  it('forwards a retained publish and the publish right behind it, in order (Aedes issues 955, 994)', async () => {
    broker = await startEmbeddedBroker({ tcpPorts: [], wsPorts: [] });
    const subscriber = await mqtt.connectAsync(broker.wsUrl);
    const got: string[] = [];
    subscriber.on('message', (topic, payload) => got.push(`${topic}=${payload}`));
    await subscriber.subscribeAsync('p/#');
    await subscriber.subscribeAsync('p/tele/#'); // overlapping: still one copy each
    const device = await mqtt.connectAsync(broker.tcpUrl);
    await device.publishAsync('p/tele/shed/LWT', 'Online', { retain: true });
    await device.publishAsync('p/tele/shed/SENSOR', '{"T":1}');
    await expect.poll(() => got.length).toBe(2);
    await new Promise((r) => setTimeout(r, 100));
    expect(got).toEqual(['p/tele/shed/LWT=Online', 'p/tele/shed/SENSOR={"T":1}']);

    const late = await mqtt.connectAsync(broker.tcpUrl);
    const retained: string[] = [];
    late.on('message', (topic, payload, packet) => retained.push(`${topic}=${payload} retain=${packet.retain}`));
    await late.subscribeAsync('p/#');
    await expect.poll(() => retained).toEqual(['p/tele/shed/LWT=Online retain=true']);
    await Promise.all([subscriber.endAsync(), device.endAsync(), late.endAsync()]);
  });

  it('falls back to a free port when the preferred one is taken, and says so', async () => {
    const first = await startEmbeddedBroker({ tcpPorts: [], wsPorts: [] });
    try {
      broker = await startEmbeddedBroker({ tcpPorts: [first.tcpPort], wsPorts: [first.wsPort] });
      expect(broker.tcpPort).not.toBe(first.tcpPort);
      expect(broker.fellBack).toEqual({ tcp: true, ws: true });
    } finally {
      await first.close();
    }
  });
});
