import { useEffect, useState } from 'react';
import type { ConnectionState } from '../mqtt/connectionStatus';
import { appSession } from '../stores/appSession';
import { useConnectionsStore } from '../stores/connections';
import { useProfilesStore } from '../stores/profiles';

/** How long an announcement stays (screen readers read it when it appears). */
const ANNOUNCEMENT_MS = 8_000;

/**
 * Says out loud (a polite live region) what a person watching the screen would notice: a connection lost
 * and restored, a device going offline. Visible too, briefly, at the top.
 */
export function Announcer() {
  const [text, setText] = useState('');
  useEffect(() => {
    const nameOf = (id: string) => useProfilesStore.getState().profiles.find((p) => p.id === id)?.name ?? 'A connection';
    const previous = new Map<string, ConnectionState>(Object.entries(useConnectionsStore.getState().byId).map(([id, r]) => [id, r.status.state]));
    let timer: ReturnType<typeof setTimeout> | null = null;
    const say = (line: string) => {
      setText(line);
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => setText(''), ANNOUNCEMENT_MS);
    };
    const wasLost = new Set<string>();
    const offConnections = useConnectionsStore.subscribe((s) => {
      for (const [id, runtime] of Object.entries(s.byId)) {
        const state = runtime.status.state;
        const was = previous.get(id);
        previous.set(id, state);
        if (was === state) continue;
        const lostNow = was === 'connected' && (state === 'reconnecting' || state === 'failed' || (runtime.status.state === 'disconnected' && runtime.status.by !== 'user'));
        if (lostNow) {
          wasLost.add(id);
          say(`Connection to ${nameOf(id)} lost.`);
        } else if (state === 'connected' && wasLost.has(id)) {
          wasLost.delete(id);
          say(`Connection to ${nameOf(id)} restored.`);
        } else if (state === 'idle' || (state === 'disconnected' && runtime.status.state === 'disconnected' && runtime.status.by === 'user')) {
          wasLost.delete(id);
        }
      }
    });
    const offPresence = appSession.session.onPresence((id, event) => {
      if (event.to !== 'offline' || event.from === null || event.retained) return;
      const registry = useProfilesStore.getState().profiles.find((p) => p.id === id)?.presence.registry;
      say(`${registry?.[event.key]?.name || event.name} is offline.`);
    });
    return () => {
      offConnections();
      offPresence();
      if (timer) clearTimeout(timer);
    };
  }, []);
  return (
    <div aria-live="polite" aria-atomic="true" className={text ? 'bg-sky-50 px-4 py-1 text-sm text-sky-900 dark:bg-sky-950 dark:text-sky-100' : 'sr-only'}>
      {text}
    </div>
  );
}
