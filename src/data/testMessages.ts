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

/** Test helper: the i-th message of a burst on connection `connectionId`, over 100 topics. */
export function burstMessage(connectionId: string, i: number): ReceivedMessage {
  return { connectionId, receivedAt: i, topic: `sensors/${i % 100}`, payload: new Uint8Array([i & 0xff]), qos: 0, retain: false, dup: false };
}
