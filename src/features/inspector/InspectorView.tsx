import { EmptyState } from '../../shared/ui/EmptyState';

export function InspectorView() {
  return (
    <EmptyState title="Protocol inspector">
      Every MQTT packet of this connection, byte by byte: CONNECT, PUBLISH, the QoS handshakes and keep-alive pings.
    </EmptyState>
  );
}
