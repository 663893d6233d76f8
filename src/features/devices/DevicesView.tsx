import { EmptyState } from '../../shared/ui/EmptyState';

export function DevicesView() {
  return (
    <EmptyState title="Devices">
      Which devices are online and which are not, from their last-will messages (Tasmota, ESPHome, Zigbee2MQTT, Homie, Shelly).
    </EmptyState>
  );
}
