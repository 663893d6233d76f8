/** Where a connection is, and why: the small typed union MqttConnection emits on each change (C1). */

export type DisconnectedBy = 'user' | 'broker' | 'network';

/** A change the user can make in one click to get past a refusal. */
export type SuggestedFix = { kind: 'use-version'; version: 4 } | { kind: 'publish-qos'; qos: 1 };

/** Where a connection is, and why. Emitted on every change. */
export type ConnectionStatus =
  | { state: 'idle' }
  | { state: 'connecting'; since: number; attempt: number }
  | {
      state: 'connected';
      since: number;
      sessionPresent: boolean;
      /** MQTT 5: the client ID the broker assigned when the client sent an empty one. */
      assignedClientId?: string;
      /** MQTT 5: the keep-alive the broker imposes instead of the one asked for. */
      serverKeepAliveSec?: number;
      /** Back after a loss: why it was lost, kept in view (with its fix) once the connection is up again. */
      backAfter?: { reason: string; hint?: string; fix?: SuggestedFix };
    }
  | { state: 'reconnecting'; since: number; attempt: number; nextAttemptAt: number; reason: string; hint?: string; fix?: SuggestedFix }
  | { state: 'disconnected'; since: number; by: DisconnectedBy; reason: string }
  | { state: 'failed'; since: number; reason: string; hint?: string; fix?: SuggestedFix };

export type ConnectionState = ConnectionStatus['state'];

export interface LogEntry {
  at: number;
  level: 'info' | 'warn' | 'error';
  text: string;
}

/** Two statuses say the same (so the second is not emitted again). */
export function sameStatus(a: ConnectionStatus, b: ConnectionStatus): boolean {
  if (a.state !== b.state) return false;
  if (a.state === 'idle') return true;
  return JSON.stringify(a) === JSON.stringify(b);
}
