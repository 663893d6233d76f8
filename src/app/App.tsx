import { useId, useState } from 'react';
import { ConnectionSidebar } from '../features/connections/ConnectionSidebar';
import { appSession } from '../stores/appSession';
import { SessionProvider } from '../stores/sessionContext';
import { selectSelectedProfile, useProfilesStore } from '../stores/profiles';
import { Button } from '../shared/ui/Button';
import { EmptyState } from '../shared/ui/EmptyState';
import { TabPanel } from '../shared/ui/Tabs';
import { ConnectionView } from './ConnectionView';
import { startup } from './startup';
import { StorageNotice } from './StorageNotice';
import { useHiddenTitle } from './useHiddenTitle';
import { usePresenceNotifications } from './usePresenceNotifications';

export function App() {
  const [problems, setProblems] = useState<string[]>(() => startup());
  const profile = useProfilesStore(selectSelectedProfile);
  const idBase = useId();
  useHiddenTitle();
  usePresenceNotifications();
  return (
    <SessionProvider value={appSession}>
    <div className="flex h-dvh flex-col bg-white text-slate-900 dark:bg-slate-900 dark:text-slate-100">
      <header className="flex items-center gap-3 border-b border-slate-200 bg-slate-900 px-4 py-2 text-white dark:border-slate-800 dark:bg-slate-950">
        <img src="/favicon.svg" alt="" className="size-6" />
        <span className="text-base font-semibold tracking-tight">mqttscope</span>
        <span className="hidden text-xs text-slate-400 sm:inline">watch and poke your MQTT system, live</span>
      </header>
      <StorageNotice />
      {problems.length > 0 ? (
        <div role="alert" className="flex items-start gap-3 border-b border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          <ul className="flex-1">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
          <Button size="sm" variant="ghost" onClick={() => setProblems([])}>
            Dismiss
          </Button>
        </div>
      ) : null}
      <div className="grid min-h-0 flex-1 grid-cols-1 grid-rows-[auto_1fr] md:grid-cols-[16rem_1fr] md:grid-rows-1">
        <ConnectionSidebar idBase={idBase} />
        <main className="min-h-0 min-w-0 overflow-y-auto lg:overflow-hidden">
          {profile ? (
            <TabPanel idBase={idBase} active={profile.id} className="h-full">
              <ConnectionView key={profile.id} profile={profile} />
            </TabPanel>
          ) : (
            <EmptyState title="No connection yet">Add one with “+ New connection”.</EmptyState>
          )}
        </main>
      </div>
    </div>
    </SessionProvider>
  );
}
