import { lineCsv, lineLabel, type ChartPanelSpec, type SeriesSpec } from '../../data/charts';
import type { Profile } from '../../stores/profileModel';
import { useConnectionData } from '../../stores/sessionContext';
import { downloadText, fileStamp, safeFileName } from '../../shared/download';
import { plural } from '../../shared/format/format';
import { Button } from '../../shared/ui/Button';
import type { Line } from './line';

const fmt = (n: number) => String(Math.round(n * 1000) / 1000);

/** The panel's lines with min, max, mean and last over the window, their units, CSV and removal. */
export function SeriesTable({ profile, panel, lines, setPanel }: { profile: Profile; panel: ChartPanelSpec; lines: Line[]; setPanel(patch: Partial<ChartPanelSpec>): void }) {
  const charts = useConnectionData(profile.id).charts;
  const updateSeries = (id: string, patch: Partial<SeriesSpec>) => setPanel({ series: panel.series.map((s) => (s.id === id ? { ...s, ...patch } : s)) });
  const remove = (spec: SeriesSpec) => (
    <Button size="sm" variant="ghost" aria-label={`Remove series ${lineLabel(spec.filter, spec.path)}`} onClick={() => setPanel({ series: panel.series.filter((s) => s.id !== spec.id) })}>
      ×
    </Button>
  );
  if (panel.series.length === 0) return null;
  return (
    <div className="overflow-x-auto">
      <table aria-label={`Series of ${panel.title}`} className="w-full tabular-nums">
        <thead className="text-left text-slate-600 dark:text-slate-400">
          <tr>
            <th className="font-medium">Line</th>
            <th className="font-medium">Unit</th>
            <th className="px-1 text-right font-medium">min</th>
            <th className="px-1 text-right font-medium">max</th>
            <th className="px-1 text-right font-medium">mean</th>
            <th className="px-1 text-right font-medium">last</th>
            <th />
          </tr>
        </thead>
        <tbody className="font-mono">
          {panel.series.map((spec) => {
            const own = lines.filter((l) => l.spec.id === spec.id);
            const overflow = charts.overflow.get(spec.id);
            return [
              ...(own.length
                ? own.map((l, i) => (
                    <tr key={l.key} aria-label={lineLabel(l.topic, spec.path)}>
                      <td className="max-w-64 truncate" title={`${lineLabel(l.topic, spec.path)} · ${l.buffer.length} of ${l.buffer.capacity} points kept`}>
                        <span aria-hidden className="mr-1.5 inline-block size-2 rounded-full" style={{ backgroundColor: l.color }} />
                        {lineLabel(l.topic, spec.path)}
                      </td>
                      <td>{i === 0 ? <UnitInput value={spec.unit} onChange={(unit) => updateSeries(spec.id, { unit })} label={`Unit of ${lineLabel(spec.filter, spec.path)}`} /> : spec.unit}</td>
                      <td className="px-1 text-right">{l.stats ? fmt(l.stats.min) : '—'}</td>
                      <td className="px-1 text-right">{l.stats ? fmt(l.stats.max) : '—'}</td>
                      <td className="px-1 text-right">{l.stats ? fmt(l.stats.mean) : '—'}</td>
                      <td className="px-1 text-right">{l.stats ? fmt(l.stats.last) : '—'}</td>
                      <td className="text-right whitespace-nowrap">
                        <Button size="sm" variant="ghost" aria-label={`Export ${lineLabel(l.topic, spec.path)} as CSV`} onClick={() => exportCsv(l)}>
                          CSV
                        </Button>
                        {i === 0 ? remove(spec) : null}
                      </td>
                    </tr>
                  ))
                : [
                    <tr key={spec.id} aria-label={lineLabel(spec.filter, spec.path)}>
                      <td className="truncate text-slate-600 dark:text-slate-400" colSpan={6}>
                        <span aria-hidden className="mr-1.5 inline-block size-2 rounded-full" style={{ backgroundColor: spec.color }} />
                        {lineLabel(spec.filter, spec.path)}: waiting for a value
                      </td>
                      <td className="text-right">{remove(spec)}</td>
                    </tr>,
                  ]),
              ...(overflow
                ? [
                    <tr key={`${spec.id}-overflow`}>
                      <td colSpan={7} className="text-amber-700 dark:text-amber-400">
                        {plural(overflow, 'more matching topic')} not drawn (at most 50 lines per series)
                      </td>
                    </tr>,
                  ]
                : []),
            ];
          })}
        </tbody>
      </table>
    </div>
  );
}

function UnitInput({ value, onChange, label }: { value: string; onChange(unit: string): void; label: string }) {
  return (
    <input
      aria-label={label}
      value={value}
      placeholder="unit"
      onChange={(e) => onChange(e.target.value)}
      className="w-14 rounded border border-slate-300 bg-white px-1 py-0.5 dark:border-slate-600 dark:bg-slate-900"
    />
  );
}

function exportCsv(line: Line): void {
  const name = `${safeFileName(line.topic)}${line.spec.path ? `-${safeFileName(line.spec.path)}` : ''}-${fileStamp()}.csv`;
  downloadText(name, lineCsv(line.topic, line.spec.path, line.buffer), 'text/csv');
}
