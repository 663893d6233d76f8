/**
 * What each open connection is doing: status, subscriptions as the broker answered them, and a log of
 * state changes. Low-rate data (changes on events, not per message). Not persisted.
 */
import { create } from 'zustand';
import type { ConnectionStatus, LogEntry } from '../mqtt/connectionStatus';
import type { SubscriptionState } from '../mqtt/types';

/** Log entries kept per connection. */
export const CONNECTION_LOG_CAP = 500;

export interface ConnectionRuntime {
  status: ConnectionStatus;
  subscriptions: readonly SubscriptionState[];
  log: LogEntry[];
  /** What the connection was opened with (connectionKey of the profile then), to tell when settings changed. */
  openedWith?: string;
}

const IDLE: ConnectionRuntime = { status: { state: 'idle' }, subscriptions: [], log: [] };

interface ConnectionsState {
  byId: Record<string, ConnectionRuntime>;
  setStatus(id: string, status: ConnectionStatus): void;
  setSubscriptions(id: string, subscriptions: readonly SubscriptionState[]): void;
  appendLog(id: string, entry: LogEntry): void;
  setOpenedWith(id: string, key: string): void;
  forget(id: string): void;
}

export const useConnectionsStore = create<ConnectionsState>()((set) => {
  const patch = (id: string, change: (runtime: ConnectionRuntime) => Partial<ConnectionRuntime>) =>
    set((s) => {
      const runtime = s.byId[id] ?? IDLE;
      return { byId: { ...s.byId, [id]: { ...runtime, ...change(runtime) } } };
    });
  return {
    byId: {},
    setStatus: (id, status) => patch(id, () => ({ status })),
    setSubscriptions: (id, subscriptions) => patch(id, () => ({ subscriptions })),
    setOpenedWith: (id, key) => patch(id, () => ({ openedWith: key })),
    appendLog: (id, entry) =>
      patch(id, (r) => ({ log: r.log.length >= CONNECTION_LOG_CAP ? [...r.log.slice(1 - CONNECTION_LOG_CAP), entry] : [...r.log, entry] })),
    forget: (id) =>
      set((s) => {
        const { [id]: _gone, ...rest } = s.byId;
        return { byId: rest };
      }),
  };
});

const IDLE_STATUS: ConnectionStatus = { state: 'idle' };
const NO_SUBSCRIPTIONS: readonly SubscriptionState[] = [];
const NO_LOG: LogEntry[] = [];

export const useConnectionStatus = (id: string): ConnectionStatus =>
  useConnectionsStore((s) => s.byId[id]?.status ?? IDLE_STATUS);
export const useSubscriptionStates = (id: string): readonly SubscriptionState[] =>
  useConnectionsStore((s) => s.byId[id]?.subscriptions ?? NO_SUBSCRIPTIONS);
export const useConnectionLog = (id: string): LogEntry[] => useConnectionsStore((s) => s.byId[id]?.log ?? NO_LOG);
