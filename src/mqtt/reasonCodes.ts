/**
 * MQTT return and reason codes in words a person understands (MQTT 3.1.1 §3.2.2.3, MQTT 5.0 §2.4).
 */
import { hexByte } from './payload';

/** MQTT 3.1.1 CONNACK return codes 1-5. */
const CONNACK_V4: Record<number, string> = {
  1: 'Unacceptable protocol version: the broker does not speak this MQTT version',
  2: 'Client identifier rejected: the broker does not accept this client ID',
  3: 'Server unavailable: the broker is up but its MQTT service is not',
  4: 'Bad user name or password',
  5: 'Not authorized: this client may not connect',
};

/** MQTT 5.0 reason codes (shared by CONNACK, PUBACK, SUBACK, DISCONNECT and others). */
const REASON_V5: Record<number, string> = {
  0x00: 'Success',
  0x01: 'Granted QoS 1',
  0x02: 'Granted QoS 2',
  0x04: 'Disconnect with will message',
  0x10: 'No matching subscribers',
  0x11: 'No subscription existed',
  0x18: 'Continue authentication',
  0x19: 'Re-authenticate',
  0x80: 'Unspecified error',
  0x81: 'Malformed packet',
  0x82: 'Protocol error',
  0x83: 'Implementation specific error',
  0x84: 'Unsupported protocol version: the broker does not speak this MQTT version',
  0x85: 'Client identifier not valid',
  0x86: 'Bad user name or password',
  0x87: 'Not authorized',
  0x88: 'Server unavailable',
  0x89: 'Server busy',
  0x8a: 'Banned: the broker refuses this client',
  0x8b: 'Server shutting down',
  0x8c: 'Bad authentication method',
  0x8d: 'Keep alive timeout: the broker heard nothing from this client for too long',
  0x8e: 'Session taken over: another client connected with the same client ID',
  0x8f: 'Topic filter invalid',
  0x90: 'Topic name invalid',
  0x91: 'Packet identifier in use',
  0x92: 'Packet identifier not found',
  0x93: 'Receive maximum exceeded',
  0x94: 'Topic alias invalid',
  0x95: 'Packet too large',
  0x96: 'Message rate too high',
  0x97: 'Quota exceeded',
  0x98: 'Administrative action',
  0x99: 'Payload format invalid',
  0x9a: 'Retain not supported',
  0x9b: 'QoS not supported',
  0x9c: 'Use another server',
  0x9d: 'Server moved',
  0x9e: 'Shared subscriptions not supported',
  0x9f: 'Connection rate exceeded',
  0xa0: 'Maximum connect time reached',
  0xa1: 'Subscription identifiers not supported',
  0xa2: 'Wildcard subscriptions not supported',
};

/** "0x86" */
export function hexCode(code: number): string {
  return `0x${hexByte(code).toUpperCase()}`;
}

/** Words for an MQTT 5 reason code, with the code itself: "Bad user name or password (0x86)". */
export function describeReasonCode(code: number): string {
  const words = REASON_V5[code];
  return words ? `${words} (${hexCode(code)})` : `Reason code ${hexCode(code)}`;
}

/** Words for a CONNACK refusal in either protocol version, with the code as sent. */
export function describeConnackCode(code: number, protocolVersion: 4 | 5): string {
  if (protocolVersion === 5) return describeReasonCode(code);
  const words = CONNACK_V4[code];
  return words ? `${words} (return code ${code})` : `CONNACK return code ${code}`;
}

/** Words for a SUBACK entry: granted QoS, or the refusal (0x80 in 3.1.1, 0x80-0xA2 in 5.0). */
export function describeSubackCode(code: number, protocolVersion: 4 | 5): string {
  if (code <= 2) return `Granted QoS ${code}`;
  if (code === 0x80 && protocolVersion === 4) return 'Refused by the broker (0x80 failure)';
  return `Refused: ${describeReasonCode(code)}`;
}

/** Whether a reason code is an error (MQTT 5.0 §2.4: 0x80 and above). */
export function isFailureCode(code: number): boolean {
  return code >= 0x80;
}
