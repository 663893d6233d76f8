/**
 * How features reach the session: its commands (`useSessionActions`) and read access to the buffers the
 * ingest path fills (`useSessionData`). The app provides the page's session; a test provides its own.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { PublishRecord } from '../mqtt/publishTracker';
import type { ConnectionData } from '../data/connectionData';
import type { AppSession, SessionActions } from './appSession';

export type { ChartValueOptions, SessionActions } from './appSession';

/** What views read of the session: the buffers of each connection, mutated by the ingest path. */
export interface SessionReader {
  data(id: string): ConnectionData;
  /** The Sent list, newest first. */
  sent(id: string): PublishRecord[];
}

const SessionContext = createContext<AppSession | null>(null);

export function SessionProvider({ value, children }: { value: AppSession; children: ReactNode }) {
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

function useAppSession(): AppSession {
  const value = useContext(SessionContext);
  if (!value) throw new Error('mqttscope: no SessionProvider above this component');
  return value;
}

export function useSessionActions(): SessionActions {
  return useAppSession().actions;
}

export function useSessionData(): SessionReader {
  return useAppSession().session;
}

/** The buffers of connection `id`. */
export function useConnectionData(id: string): ConnectionData {
  return useAppSession().session.data(id);
}
