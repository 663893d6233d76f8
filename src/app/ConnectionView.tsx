import { useId, useState } from 'react';
import { useViewsStore, type ViewId as StoreViewId } from '../stores/views';
import { useChartValue } from '../shared/ui/useChartValue';
import { ChartsView } from '../features/charts/ChartsView';
import { ConnectionPanel } from '../features/connections/ConnectionPanel';
import { StatusBar } from '../features/connections/StatusBar';
import { lazy, Suspense } from 'react';
import { MessagesView } from '../features/messages/MessagesView';
import { PublishPanel } from '../features/publish/PublishPanel';
import { SubscriptionsPanel } from '../features/subscriptions/SubscriptionsPanel';
import { TopicsView } from '../features/topics/TopicsView';
import type { Profile } from '../stores/profileModel';
import { TabList, TabPanel } from '../shared/ui/Tabs';

const VIEWS = [
  { id: 'messages', label: 'Messages' },
  { id: 'topics', label: 'Topics' },
  { id: 'charts', label: 'Charts' },
  { id: 'devices', label: 'Devices' },
  { id: 'inspector', label: 'Inspector' },
] as const;

type ViewId = (typeof VIEWS)[number]['id'] & StoreViewId;

/** Views not on the first screen load when opened, so the first screen does not pay for them. */
const DevicesView = lazy(() => import('../features/devices/DevicesView').then((m) => ({ default: m.DevicesView })));
const InspectorView = lazy(() => import('../features/inspector/InspectorView').then((m) => ({ default: m.InspectorView })));

/** `?view=topics` (or charts, devices, inspector) opens that view first. */
function initialView(): ViewId {
  const wanted = typeof location === 'undefined' ? null : new URLSearchParams(location.search).get('view');
  return VIEWS.find((v) => v.id === wanted)?.id ?? 'messages';
}

/** Everything about one connection: settings and state, subscriptions, views, publish, status bar. */
export function ConnectionView({ profile }: { profile: Profile }) {
  const chartValue = useChartValue(profile.id);
  const [initial] = useState<ViewId>(() => initialView());
  const view = useViewsStore((s) => s.view[profile.id] ?? initial);
  const setViewFor = useViewsStore((s) => s.setView);
  const setView = (v: ViewId) => setViewFor(profile.id, v);
  const sideBySide = useViewsStore((s) => s.sideBySide);
  const setSideBySide = useViewsStore((s) => s.setSideBySide);
  const idBase = useId();
  return (
    // Below lg the page scrolls as a whole (main is the scroller), so the view grows with its content and
    // the status bar sticks to the bottom; from lg on, everything fits the window and the views scroll.
    <div className="flex min-h-full flex-col lg:h-full lg:min-h-0">
      <ConnectionPanel profile={profile} />
      <SubscriptionsPanel profile={profile} />
      <div className="flex min-h-0 flex-1 flex-col lg:flex-row">
        <div className="flex min-h-[24rem] min-w-0 flex-1 flex-col lg:min-h-0">
          <div className="flex items-center border-b border-slate-200 pr-3 dark:border-slate-800">
            <TabList<ViewId>
              idBase={idBase}
              label="Views"
              items={VIEWS}
              active={view}
              onChange={setView}
              className="flex min-w-0 flex-1 gap-1 overflow-x-auto px-3"
              tabClassName={(on) =>
                `-mb-px border-b-2 px-3 py-2 text-sm font-medium ${
                  on
                    ? 'border-sky-600 text-sky-700 dark:border-sky-400 dark:text-sky-300'
                    : 'border-transparent text-slate-500 hover:text-slate-800 dark:text-slate-400 dark:hover:text-slate-100'
                }`
              }
            />
            {view === 'messages' ? (
              <button
                type="button"
                aria-pressed={sideBySide}
                onClick={() => setSideBySide(!sideBySide)}
                className={`hidden shrink-0 rounded-md px-2 py-1 text-xs font-medium md:block ${sideBySide ? 'bg-sky-100 text-sky-800 dark:bg-sky-900/60 dark:text-sky-200' : 'text-slate-500 hover:bg-slate-100 dark:text-slate-400 dark:hover:bg-slate-800'}`}
              >
                Topics beside messages
              </button>
            ) : null}
          </div>
          <TabPanel idBase={idBase} active={view} className="min-h-0 flex-1">
            {view === 'messages' && sideBySide ? (
              <div className="grid h-full min-h-0 grid-cols-1 md:grid-cols-[3fr_2fr]">
                <MessagesView profile={profile} />
                <div className="min-h-0 border-l border-slate-200 dark:border-slate-800">
                  <TopicsView profile={profile} />
                </div>
              </div>
            ) : null}
            {view === 'messages' && !sideBySide ? <MessagesView profile={profile} /> : null}
            {view === 'topics' ? <TopicsView profile={profile} /> : null}
            {view === 'charts' ? <ChartsView profile={profile} /> : null}
            <Suspense fallback={<p className="p-6 text-sm text-slate-500">Loading…</p>}>
              {view === 'devices' ? <DevicesView profile={profile} onChart={(topic, path) => chartValue.chart(topic, path)} /> : null}
              {view === 'inspector' ? <InspectorView profile={profile} /> : null}
            </Suspense>
          </TabPanel>
        </div>
        <aside className="border-t border-slate-200 lg:w-80 lg:shrink-0 lg:overflow-y-auto lg:border-t-0 lg:border-l xl:w-96 dark:border-slate-800">
          <PublishPanel profile={profile} />
        </aside>
      </div>
      <StatusBar connectionId={profile.id} />
      {chartValue.dialog}
    </div>
  );
}
