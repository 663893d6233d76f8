import type { ConnectionStatus } from '../../mqtt/connectionStatus';
import { formatClock } from '../../shared/format/format';

/** The one word for a state, as the status line and the sidebar say it. */
export function stateWord(state: ConnectionStatus['state']): string {
  switch (state) {
    case 'idle':
      return 'Not connected';
    case 'connecting':
      return 'Connecting';
    case 'connected':
      return 'Connected';
    case 'reconnecting':
      return 'Reconnecting';
    case 'disconnected':
      return 'Disconnected';
    case 'failed':
      return 'Failed';
  }
}

/** The full sentence for the status line. `now` drives the reconnect countdown. */
export function statusSentence(status: ConnectionStatus, now: number): string {
  switch (status.state) {
    case 'idle':
      return 'Not connected.';
    case 'connecting':
      return status.attempt > 1 ? `Connecting (attempt ${status.attempt})…` : 'Connecting…';
    case 'connected': {
      const parts = [`Connected since ${formatClock(status.since).slice(0, 8)}`];
      if (status.sessionPresent) parts.push('session resumed');
      if (status.assignedClientId) parts.push(`client ID assigned by the broker: ${status.assignedClientId}`);
      if (status.serverKeepAliveSec !== undefined) parts.push(`broker keep-alive ${status.serverKeepAliveSec} s`);
      return `${parts.join(' · ')}.`;
    }
    case 'reconnecting': {
      const wait = Math.max(0, Math.ceil((status.nextAttemptAt - now) / 1000));
      return `Reconnecting: attempt ${status.attempt}, next try in ${wait} s. ${status.reason}`;
    }
    case 'disconnected':
      return status.by === 'user' ? 'Disconnected by you.' : `Disconnected: ${status.reason}`;
    case 'failed':
      return `Failed: ${status.reason}`;
  }
}

export const stateTone: Record<ConnectionStatus['state'], string> = {
  idle: 'bg-slate-400',
  connecting: 'bg-amber-400 animate-pulse',
  connected: 'bg-emerald-500',
  reconnecting: 'bg-amber-500 animate-pulse',
  disconnected: 'bg-slate-400',
  failed: 'bg-red-500',
};
