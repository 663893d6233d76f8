/**
 * The simulated devices put themselves in the course's REST device registry (POST /devices), as a
 * commissioning step would: identifier, name, device_type and controller_gateway. One already there
 * (409) is left as it is.
 */
import type { RegistryDevice } from '../registry/server';
import type { SimulatedDevice } from './device';
import { EsphomePowerMeter, HomieWeatherStation, ShellyPlug, SparkplugEdgeNode, TasmotaClimateSensor, Zigbee2MqttBridge } from './devices';

/** What a device tells the registry: the registry's own device record. */
export type Registration = RegistryDevice;

/** What a simulated device says about itself to the registry. */
export function registrationOf(device: SimulatedDevice): Registration {
  const as = (name: string, device_type: string, controller_gateway: string): Registration => ({ identifier: device.name, name, device_type, controller_gateway });
  if (device instanceof TasmotaClimateSensor) return as(`Tasmota ${device.name}`, 'climate sensor', 'tasmota');
  if (device instanceof EsphomePowerMeter) return as('ESPHome power meter', 'power meter', 'esphome');
  if (device instanceof Zigbee2MqttBridge) return as('Zigbee2MQTT bridge', 'zigbee coordinator', 'zigbee2mqtt');
  if (device instanceof HomieWeatherStation) return as('Homie weather station', 'weather station', 'homie');
  if (device instanceof ShellyPlug) return as('Shelly plug S', 'smart plug', 'shelly');
  if (device instanceof SparkplugEdgeNode) return as('Sparkplug edge node', 'edge node', 'sparkplug b');
  return as(device.name, 'device', 'mqtt');
}

/** POSTs each registration; returns what failed, in words (the simulator goes on without a registry). */
export async function registerAll(registryUrl: string, registrations: Registration[]): Promise<string[]> {
  const failures: string[] = [];
  for (const registration of registrations) {
    try {
      const res = await fetch(`${registryUrl.replace(/\/+$/, '')}/devices`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(registration) });
      if (res.status !== 201 && res.status !== 409) failures.push(`${registration.identifier}: ${res.status} ${await res.text()}`);
    } catch (error) {
      failures.push(`${registration.identifier}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return failures;
}
