import { useId, useState } from 'react';
import { ChartsView } from '../features/charts/ChartsView';
import { ConnectionPanel } from '../features/connections/ConnectionPanel';
import { StatusBar } from '../features/connections/StatusBar';
import { DevicesView } from '../features/devices/DevicesView';
import { InspectorView } from '../features/inspector/InspectorView';
import { MessagesView } from '../features/messages/MessagesView';
import { PublishPanel } from '../features/publish/PublishPanel';
import { SubscriptionsPanel } from '../features/subscriptions/SubscriptionsPanel';
import { TopicsView } from '../features/topics/TopicsView';
import type { Profile } from '../stores/profiles';
import { TabList, TabPanel } from '../shared/ui/Tabs';

const VIEWS = [
  { id: 'messages', label: 'Messages' },
  { id: 'topics', label: 'Topics' },
  { id: 'charts', label: 'Charts' },
  { id: 'devices', label: 'Devices' },
  { id: 'inspector', label: 'Inspector' },
] as const;

type ViewId = (typeof VIEWS)[number]['id'];

/** Everything about one connection: settings and state, subscriptions, views, publish, status bar. */
export function ConnectionView({ profile }: { profile: Profile }) {
  const [view, setView] = useState<ViewId>('messages');
  const idBase = useId();
  return (
    <div className="flex h-full min-h-0 flex-col">
      <ConnectionPanel profile={profile} />
      <SubscriptionsPanel profile={profile} />
      <div className="flex min-h-0 flex-1 flex-col lg:flex-row">
        <div className="flex min-h-[24rem] min-w-0 flex-1 flex-col lg:min-h-0">
          <TabList<ViewId>
            idBase={idBase}
            label="Views"
            items={VIEWS}
            active={view}
            onChange={setView}
            className="flex gap-1 overflow-x-auto border-b border-slate-200 px-3 dark:border-slate-800"
            tabClassName={(on) =>
              `-mb-px border-b-2 px-3 py-2 text-sm font-medium ${
                on
                  ? 'border-sky-600 text-sky-700 dark:border-sky-400 dark:text-sky-300'
                  : 'border-transparent text-slate-500 hover:text-slate-800 dark:text-slate-400 dark:hover:text-slate-100'
              }`
            }
          />
          <TabPanel idBase={idBase} active={view} className="min-h-0 flex-1">
            {view === 'messages' ? <MessagesView profile={profile} /> : null}
            {view === 'topics' ? <TopicsView profile={profile} /> : null}
            {view === 'charts' ? <ChartsView /> : null}
            {view === 'devices' ? <DevicesView /> : null}
            {view === 'inspector' ? <InspectorView /> : null}
          </TabPanel>
        </div>
        <aside className="border-t border-slate-200 lg:w-80 lg:shrink-0 lg:overflow-y-auto lg:border-t-0 lg:border-l xl:w-96 dark:border-slate-800">
          <PublishPanel profile={profile} />
        </aside>
      </div>
      <StatusBar connectionId={profile.id} />
    </div>
  );
}
