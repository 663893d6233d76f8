import { lazy, Suspense } from 'react';
import { useSessionActions } from '../../stores/sessionContext';
import { newId } from '../../stores/ids';
import type { Profile } from '../../stores/profileModel';
import { formatCount } from '../../shared/format/format';
import { Button } from '../../shared/ui/Button';
import { DraftField, firstProblem, wholeNumber, type Parse } from '../../shared/ui/DraftField';
import { Popover } from '../../shared/ui/Popover';

/** recharts is about 124 KB gzip: it loads when the first chart is shown, not with the app. */
const ChartPanel = lazy(() => import('./ChartPanel'));

/** Live telemetry charts: panels of series, saved with the profile. */
export function ChartsView({ profile }: { profile: Profile }) {
  const actions = useSessionActions();
  const charts = profile.charts;
  return (
    <section aria-label="Charts" className="@container flex h-full min-h-0 flex-col">
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-3 py-2 dark:border-slate-800">
        <Button
          size="sm"
          onClick={() =>
            actions.updateCharts(profile.id, {
              ...charts,
              panels: [...charts.panels, { id: newId('panel'), title: `Chart ${charts.panels.length + 1}`, window: '5m', series: [] }],
            })
          }
        >
          + Add chart
        </Button>
        <span className="flex-1" />
        <Popover label="Chart settings">
          <DraftField<number>
            label="Points kept per line"
            inputClassName="py-1"
            inputMode="numeric"
            value={charts.capacity}
            format={String}
            parse={capacityOf}
            onSave={(capacity) => firstProblem(actions.updateCharts(profile.id, { ...charts, capacity }))}
            hint={`${formatCount(charts.capacity * 16)} bytes per line at most. The oldest points go first.`}
          />
        </Popover>
      </div>
      <div className="min-h-0 flex-1 overflow-auto p-3">
        {charts.panels.length === 0 ? (
          <div className="mx-auto max-w-lg p-6 text-center text-sm text-slate-600 dark:text-slate-400">
            <p className="font-medium text-slate-700 dark:text-slate-200">No charts yet</p>
            <p className="mt-1">
              Click <strong>Chart</strong> beside a number: in a message's JSON view, in the topic tree, or on a device card. Or add a chart and give it a
              topic (wildcards work: tele/+/SENSOR makes one line per device) and a field such as AM2301.Temperature.
            </p>
          </div>
        ) : (
          <Suspense fallback={<p className="p-6 text-sm text-slate-600 dark:text-slate-400">Loading charts…</p>}>
            <div className="grid grid-cols-1 gap-3 @6xl:grid-cols-2">
              {charts.panels.map((panel) => (
                <ChartPanel key={panel.id} profile={profile} panel={panel} />
              ))}
            </div>
          </Suspense>
        )}
      </div>
    </section>
  );
}

const capacityOf = wholeNumber('Points kept per line', 100, 2_000_000) as Parse<number>;
