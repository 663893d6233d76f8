import { useEffect, useId, useState } from 'react';
import { ConnectionSidebar } from '../features/connections/ConnectionSidebar';
import { appSession } from '../stores/appSession';
import { selectSelectedProfile, useProfilesStore } from '../stores/profiles';
import { SessionProvider } from '../stores/sessionContext';
import { CLASS_MODE_SCALE, useViewsStore } from '../stores/views';
import { Button } from '../shared/ui/Button';
import { Drawer } from '../shared/ui/Drawer';
import { EmptyState } from '../shared/ui/EmptyState';
import { TabPanel } from '../shared/ui/Tabs';
import { useMediaQuery, WIDE_QUERY } from '../shared/ui/useMediaQuery';
import { Announcer } from './Announcer';
import { ConnectionView } from './ConnectionView';
import { Shortcuts } from './Shortcuts';
import { startup } from './startup';
import { StorageNotice } from './StorageNotice';
import { useHiddenTitle } from './useHiddenTitle';
import { usePresenceNotifications } from './usePresenceNotifications';
import { useHomeAlerts } from './useHomeAlerts';


export function App() {
  const [problems, setProblems] = useState<string[]>(() => startup());
  const profile = useProfilesStore(selectSelectedProfile);
  const idBase = useId();
  const wide = useMediaQuery(WIDE_QUERY);
  const sidebarChoice = useViewsStore((s) => s.sidebar);
  const setSidebar = useViewsStore((s) => s.setSidebar);
  const classMode = useViewsStore((s) => s.classMode);
  const setClassMode = useViewsStore((s) => s.setClassMode);
  useHiddenTitle();
  usePresenceNotifications();
  useHomeAlerts();
  useEffect(() => {
    // every size is in rem: the whole page grows for the back of a classroom
    document.documentElement.style.fontSize = classMode ? `${CLASS_MODE_SCALE * 100}%` : '';
  }, [classMode]);
  // The connection list: beside the views on wide windows (unless closed or in class mode), else a drawer.
  const sidebarInline = wide && (sidebarChoice ?? true) && !classMode;
  const drawerOpen = !sidebarInline && sidebarChoice === true;
  const sidebarShown = sidebarInline || drawerOpen;
  return (
    <SessionProvider value={appSession}>
      {/* Below md the page scrolls (the header scrolls away); from md on, everything fits the window. */}
      <div className="flex min-h-dvh flex-col bg-white text-slate-900 md:h-dvh dark:bg-slate-900 dark:text-slate-100">
        <header className="flex items-center gap-2 border-b border-slate-200 bg-slate-900 px-3 py-1.5 text-white dark:border-slate-800 dark:bg-slate-950">
          <img src={`${import.meta.env.BASE_URL}favicon.svg`} alt="" className="size-6" />
          <span className="text-base font-semibold tracking-tight">mqttscope</span>
          <span className="hidden text-xs text-slate-300 lg:inline">watch and poke your MQTT system, live</span>
          <span className="flex-1" />
          <HeaderButton pressed={sidebarShown} onClick={() => setSidebar(!sidebarShown)}>
            Connections
          </HeaderButton>
          <HeaderButton pressed={classMode} onClick={() => setClassMode(!classMode)}>
            Class mode
          </HeaderButton>
          <Shortcuts />
        </header>
        <Announcer />
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
        <div className="flex flex-1 md:min-h-0">
          {sidebarInline ? (
            <div className="flex w-64 shrink-0 flex-col border-r border-slate-200 dark:border-slate-800">
              <ConnectionSidebar idBase={idBase} />
            </div>
          ) : null}
          <main className="flex min-w-0 flex-1 flex-col md:min-h-0">
            {profile ? (
              <TabPanel idBase={idBase} active={profile.id} className="flex flex-1 flex-col md:min-h-0">
                <ConnectionView key={profile.id} profile={profile} />
              </TabPanel>
            ) : (
              <EmptyState title="No connection yet">Add one with “+ New connection” in the connection list.</EmptyState>
            )}
          </main>
        </div>
        <Drawer open={drawerOpen} side="left" label="Connections" onClose={() => setSidebar(null)}>
          <ConnectionSidebar idBase={idBase} onChosen={() => setSidebar(null)} />
        </Drawer>
      </div>
    </SessionProvider>
  );
}

function HeaderButton({ pressed, onClick, children }: { pressed: boolean; onClick(): void; children: string }) {
  return (
    <button
      type="button"
      aria-pressed={pressed}
      onClick={onClick}
      className={`rounded-md px-2 py-1 text-xs font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-400 ${pressed ? 'bg-sky-700 text-white' : 'text-slate-300 hover:bg-slate-800 hover:text-white'}`}
    >
      {children}
    </button>
  );
}
