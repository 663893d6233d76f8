import { lazy, Suspense, useEffect, useId, useState } from 'react';
import { ChartsView } from '../features/charts/ChartsView';
import { ConnectionPanel } from '../features/connections/ConnectionPanel';
import { DecodersPanel } from '../features/decoders/DecodersPanel';
import { DeckOffer } from '../features/decks/DeckOffer';
import { DecksPanel } from '../features/decks/DecksPanel';
import { HistoryQuestion, RecordingBar } from '../features/history/HistoryBars';
import { useHasDiscovery } from '../features/home/useHasDiscovery';
import { StatusBar } from '../features/connections/StatusBar';
import { MessagesView } from '../features/messages/MessagesView';
import { PublishPanel } from '../features/publish/PublishPanel';
import { SubscriptionsPanel } from '../features/subscriptions/SubscriptionsPanel';
import type { Profile } from '../stores/profileModel';
import { useOpenedRecording } from '../stores/history';
import { useSessionActions } from '../stores/sessionContext';
import { useViewsStore, type ViewId as StoreViewId } from '../stores/views';
import { Drawer } from '../shared/ui/Drawer';
import { TabList, TabPanel } from '../shared/ui/Tabs';
import { useChartValue } from '../shared/ui/useChartValue';
import { useMediaQuery, WIDE_QUERY } from '../shared/ui/useMediaQuery';
import { ErrorBoundary } from '../shared/ui/ErrorBoundary';
import { VIEWS } from './views';

type ViewId = (typeof VIEWS)[number]['id'] & StoreViewId;

/** Views not on the first screen load when opened, so the first screen does not pay for them. */
const DevicesView = lazy(() => import('../features/devices/DevicesView').then((m) => ({ default: m.DevicesView })));
const InspectorView = lazy(() => import('../features/inspector/InspectorView').then((m) => ({ default: m.InspectorView })));
const HomeView = lazy(() => import('../features/home/HomeView').then((m) => ({ default: m.HomeView })));
const DiscoveryView = lazy(() => import('../features/home/DiscoveryView').then((m) => ({ default: m.DiscoveryView })));
const HistoryView = lazy(() => import('../features/history/HistoryView').then((m) => ({ default: m.HistoryView })));
const RetainedView = lazy(() => import('../features/retained/RetainedView').then((m) => ({ default: m.RetainedView })));
const BrokerView = lazy(() => import('../features/broker/BrokerView').then((m) => ({ default: m.BrokerView })));
const LessonsView = lazy(() => import('../features/lessons/LessonsView').then((m) => ({ default: m.LessonsView })));
const TopicsView = lazy(() => import('../features/topics/TopicsView').then((m) => ({ default: m.TopicsView })));

/** `?view=topics` (or charts, devices, inspector...) opens that view first, `?lesson=qos2` the Lessons; null when the link names none. */
function initialView(): ViewId | null {
  const params = typeof location === 'undefined' ? null : new URLSearchParams(location.search);
  const wanted = params?.get('view') ?? (params?.get('lesson') ? 'lessons' : null);
  return VIEWS.find((v) => v.id === wanted)?.id ?? null;
}

const TOGGLE = 'shrink-0 rounded-md px-2 py-1 text-xs font-medium whitespace-nowrap';
const toggleTone = (on: boolean) =>
  on ? 'bg-sky-100 text-sky-800 dark:bg-sky-900/60 dark:text-sky-200' : 'text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800';

/**
 * Everything about one connection: settings and state, subscriptions, views, publish, status bar.
 * Layouts: from xl (1280 px) the publish panel sits beside the views; below it, a Publish button opens it
 * as a drawer. From md (768 px) everything fits the window and each view scrolls in its own box; below md
 * the page scrolls, the view tabs stick to the top and each view is one window tall, so every long list
 * still scrolls in a box of its own (and stays virtual).
 */
export function ConnectionView({ profile }: { profile: Profile }) {
  const [initial] = useState<ViewId | null>(() => initialView());
  // until the user picks a view: Home for a connection with discovered devices, else the message log
  const discovered = useHasDiscovery(profile.id);
  const recording = useOpenedRecording(profile.id) !== undefined;
  const view = useViewsStore((s) => s.view[profile.id] ?? initial ?? (discovered ? 'home' : 'messages'));
  const setViewFor = useViewsStore((s) => s.setView);
  const setView = (v: ViewId) => setViewFor(profile.id, v);
  const sideBySide = useViewsStore((s) => s.sideBySide);
  const setSideBySide = useViewsStore((s) => s.setSideBySide);
  const classMode = useViewsStore((s) => s.classMode);
  const publishChoice = useViewsStore((s) => s.publish);
  const setPublish = useViewsStore((s) => s.setPublish);
  const wide = useMediaQuery(WIDE_QUERY);
  const chartValue = useChartValue(profile.id);
  const actions = useSessionActions();
  // what was stored for this connection comes back before anything live
  useEffect(() => actions.openHistory(profile.id), [actions, profile.id]);
  const idBase = useId();
  const publishInline = wide && !classMode && (publishChoice ?? true);
  const publishDrawer = !publishInline && publishChoice === true;
  const publishShown = publishInline || publishDrawer;
  const bothLists = view === 'messages' && sideBySide && wide;
  return (
    <div className="flex flex-1 flex-col md:min-h-0">
      {/* a recording opened with no broker has no connection to set up: its bar says what it is */}
      {classMode || recording ? null : <ConnectionPanel profile={profile} />}
      {classMode || recording ? null : <SubscriptionsPanel profile={profile} aside={<DecodersPanel profile={profile} />} />}
      {recording ? null : <HistoryQuestion profile={profile} />}
      <RecordingBar profile={profile} />
      <DeckOffer profile={profile} />
      <div className="flex flex-1 md:min-h-0">
        <div className="flex min-w-0 flex-1 flex-col md:min-h-0">
          <div className="sticky top-0 z-20 flex items-center gap-1 border-b border-slate-200 bg-white pr-2 md:static dark:border-slate-800 dark:bg-slate-900">
            <TabList<ViewId> idBase={idBase} label="Views" items={VIEWS} active={view} onChange={setView} className="flex min-w-0 gap-1 px-2" overflow />
            {view === 'messages' && wide ? (
              <button type="button" aria-pressed={sideBySide} onClick={() => setSideBySide(!sideBySide)} className={`${TOGGLE} ${toggleTone(sideBySide)}`}>
                Topics beside messages
              </button>
            ) : null}
            <button type="button" aria-pressed={publishShown} onClick={() => setPublish(!publishShown)} className={`${TOGGLE} ${toggleTone(publishShown)}`}>
              Publish
            </button>
          </div>
          {/* Below md: one window tall, less the sticky tabs and the status bar. */}
          <TabPanel idBase={idBase} active={view} className="h-[calc(100dvh-6rem)] min-h-64 md:h-auto md:min-h-0 md:flex-1">
            {bothLists ? (
              <div className="grid h-full min-h-0 grid-cols-[3fr_2fr]">
                <ErrorBoundary what="The Messages view">
                  <MessagesView profile={profile} />
                </ErrorBoundary>
                <div className="min-h-0 min-w-0 border-l border-slate-200 dark:border-slate-800">
                  <ErrorBoundary what="The Topics view">
                    <TopicsView profile={profile} />
                  </ErrorBoundary>
                </div>
              </div>
            ) : null}
            {/* an error in one view stays in that view, named; keyed by view so switching away and back retries */}
            <ErrorBoundary key={view} what={`The ${VIEWS.find((v) => v.id === view)?.label ?? view} view`}>
              {view === 'messages' && !bothLists ? <MessagesView profile={profile} /> : null}
              {view === 'topics' ? <TopicsView profile={profile} /> : null}
              {view === 'charts' ? <ChartsView profile={profile} /> : null}
              <Suspense fallback={<p className="p-6 text-sm text-slate-600 dark:text-slate-400">Loading…</p>}>
                {view === 'devices' ? <DevicesView profile={profile} onChart={(topic, path) => chartValue.chart(topic, path)} /> : null}
                {view === 'inspector' ? <InspectorView profile={profile} /> : null}
                {view === 'history' ? <HistoryView profile={profile} /> : null}
                {view === 'home' ? <HomeView profile={profile} /> : null}
                {view === 'discovery' ? <DiscoveryView profile={profile} /> : null}
                {view === 'retained' ? <RetainedView profile={profile} /> : null}
                {view === 'broker' ? <BrokerView profile={profile} /> : null}
                {view === 'lessons' ? <LessonsView profile={profile} /> : null}
              </Suspense>
            </ErrorBoundary>
          </TabPanel>
        </div>
        {publishInline ? (
          <aside aria-label="Publish panel" className="w-80 shrink-0 overflow-y-auto border-l border-slate-200 2xl:w-96 dark:border-slate-800">
            <PublishPanel profile={profile} />
            <DecksPanel profile={profile} />
          </aside>
        ) : null}
      </div>
      <StatusBar connectionId={profile.id} />
      <Drawer open={publishDrawer} side="right" label="Publish panel" onClose={() => setPublish(null)}>
        <PublishPanel profile={profile} />
        <DecksPanel profile={profile} />
      </Drawer>
      {chartValue.dialog}
    </div>
  );
}
