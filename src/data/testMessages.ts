/** Test helper: a received message with defaults. */
import type { ReceivedMessage } from '../mqtt/types';

export function testMessage(topic: string, payload: string | Uint8Array = '', fields: Partial<ReceivedMessage> = {}): ReceivedMessage {
  return {
    connectionId: 'c',
    receivedAt: 1_000,
    topic,
    payload: typeof payload === 'string' ? new TextEncoder().encode(payload) : payload,
    qos: 0,
    retain: false,
    dup: false,
    ...fields,
  };
}
