import { useState } from 'react';
import type { ChartPanelSpec, SeriesSpec } from '../../data/charts';
import { guessUnit } from '../../data/extract';
import { nextColor } from '../../data/palette';
import { validateTopicFilter } from '../../mqtt/topic';
import { newId } from '../../stores/ids';
import type { Profile } from '../../stores/profileModel';
import { Button } from '../../shared/ui/Button';
import { Checkbox, TextField } from '../../shared/ui/Field';

/** A form for a series by hand: a topic or wildcard filter, and a field path. */
export function AddSeries({ profile, panel, setPanel }: { profile: Profile; panel: ChartPanelSpec; setPanel(patch: Partial<ChartPanelSpec>): void }) {
  const [filter, setFilter] = useState('');
  const [path, setPath] = useState('');
  const [booleans, setBooleans] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <details className="text-xs">
      <summary className="cursor-pointer text-slate-600 dark:text-slate-400">Add a series</summary>
      <form
        aria-label={`Add a series to ${panel.title}`}
        className="mt-2 flex flex-wrap items-start gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          const fault = validateTopicFilter(filter.trim());
          if (fault) return setError(fault);
          setError(null);
          const series: SeriesSpec = {
            id: newId('s'),
            filter: filter.trim(),
            path: path.trim(),
            color: nextColor(profile.charts.panels.flatMap((p) => p.series.map((s) => s.color))),
            unit: guessUnit(path.trim(), filter.trim()),
            booleans,
          };
          setPanel({ series: [...panel.series, series] });
          setFilter('');
          setPath('');
        }}
      >
        <TextField label="Topic or filter" inputClassName="font-mono py-1" placeholder="tele/+/SENSOR" value={filter} error={error} onChange={(e) => setFilter(e.target.value)} />
        <TextField label="Field path" inputClassName="font-mono py-1" placeholder="AM2301.Temperature (empty: the payload is a number)" value={path} onChange={(e) => setPath(e.target.value)} />
        <Checkbox label="ON/OFF and true/false as 1/0" className="mt-5" checked={booleans} onChange={(e) => setBooleans(e.target.checked)} />
        <Button type="submit" size="sm" className="mt-5">
          Add series
        </Button>
      </form>
    </details>
  );
}
