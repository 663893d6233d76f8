import { startTransition, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import { CartesianGrid, LineChart, ReferenceDot, ResponsiveContainer, usePlotArea, XAxis, YAxis } from 'recharts';
import { lineLabel, WINDOWS, type ChartPanelSpec, type SeriesSpec, type WindowId } from '../../data/charts';
import { guessUnit } from '../../data/extract';
import { validateTopicFilter } from '../../mqtt/topic';
import { readWindow, type DownsampleCaches, type SeriesBuffer, type WindowStats } from '../../data/series';
import { session, sessionActions } from '../../stores/appSession';
import { newId } from '../../stores/ids';
import type { Profile } from '../../stores/profiles';
import { downloadText, fileStamp } from '../../shared/download';
import { formatClock } from '../../shared/format/format';
import { Button } from '../../shared/ui/Button';
import { Checkbox, SelectField, TextField } from '../../shared/ui/Field';
import { nextColor, SERIES_COLORS } from '../../data/palette';
import { registerPanel, setPanelVisible } from './redrawScheduler';
import { valueAxis, type ValueAxis } from './yAxis';
import { linearMap, pathOf } from './linePath';

const CHART_HEIGHT_PX = 260;
/**
 * The plot box is its own paint layer with strict containment: a redraw repaints and lays out the chart,
 * not the page around it.
 */
const CHART_BOX_STYLE = { height: CHART_HEIGHT_PX, contain: 'strict', willChange: 'transform' } as const;
/**
 * Time buckets asked per pixel of plot width. The cache rounds bucket width down to a power of two, so
 * there are between 0.75 and 1.5 buckets per pixel; each gives its minimum and maximum, so about two
 * points per pixel (1.5 to 3) and every spike survives.
 */
const BUCKETS_PER_PX = 0.75;

interface Line {
  key: string;
  spec: SeriesSpec;
  topic: string;
  buffer: SeriesBuffer;
  color: string;
  axis: 'left' | 'right';
  t: Float64Array;
  v: Float64Array;
  length: number;
  stats: WindowStats | null;
}

interface Paused {
  end: number;
  span: number;
}

/** One chart panel: its series as lines, a time window, live or paused, hover readout, stats and exports. */
export default function ChartPanel({ profile, panel }: { profile: Profile; panel: ChartPanelSpec }) {
  const charts = session.data(profile.id).charts;
  // The redraw clock: the chart shows "now" as of its last redraw.
  const [now, setNow] = useState(() => Date.now());
  const [paused, setPaused] = useState<Paused | null>(null);
  const [hover, setHover] = useState<{ line: Line; time: number; value: number } | null>(null);
  const [width, setWidth] = useState(600);
  // Per line, buckets kept between redraws: each redraw folds in only the points that arrived since.
  const [caches] = useState<DownsampleCaches>(() => new WeakMap());
  const root = useRef<HTMLElement>(null);
  const chartBox = useRef<HTMLDivElement>(null);
  const plot = useRef<{ x: number; width: number } | null>(null);
  const setPlotArea = useCallback((area: { x: number; width: number } | null) => {
    plot.current = area;
  }, []);

  // Redraw at the scheduler's pace, only while on screen and the page is visible.
  // When the scheduler asked for the redraw now being committed (for a user timing, see below).
  const redrawAskedAt = useRef(0);
  useEffect(() => {
    const unregister = registerPanel(panel.id, () => {
      redrawAskedAt.current = performance.now();
      // A transition: React may prepare it over idle moments, so one frame does not carry it all.
      startTransition(() => setNow(Date.now()));
    });
    const el = root.current;
    const observer = el
      ? new IntersectionObserver((entries) => {
          for (const entry of entries) setPanelVisible(panel.id, entry.isIntersecting);
        })
      : null;
    if (el) observer?.observe(el);
    return () => {
      observer?.disconnect();
      setPanelVisible(panel.id, false);
      unregister();
    };
  }, [panel.id]);
  // What a live redraw costs in script (React render and commit), as a user timing that a
  // PerformanceObserver (the bench's) can read.
  useLayoutEffect(() => {
    if (!redrawAskedAt.current) return;
    performance.measure('mqttscope chart redraw', { start: redrawAskedAt.current, end: performance.now() });
    // observers have it already; the timeline itself would keep every one
    performance.clearMeasures('mqttscope chart redraw');
    redrawAskedAt.current = 0;
  }, [now]);
  useEffect(() => {
    const el = chartBox.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const windowMs = WINDOWS.find((w) => w.id === panel.window)?.ms ?? null;
  const units = [...new Set(panel.series.map((s) => s.unit))];
  const allLines = panel.series.flatMap((spec, si) =>
    charts.linesOf(spec.id).map(([topic, buffer], li, all) => ({
      key: `${spec.id}|${topic}`,
      spec,
      topic,
      buffer,
      color: all.length === 1 ? spec.color : (SERIES_COLORS[(si * 3 + li) % SERIES_COLORS.length] as string),
      axis: (units.indexOf(spec.unit) === 1 ? 'right' : 'left') as 'left' | 'right',
    })),
  );
  let earliest = Infinity;
  for (const l of allLines) if (l.buffer.length) earliest = Math.min(earliest, l.buffer.timeAt(0));
  const end = paused ? paused.end : now;
  const start = paused ? paused.end - paused.span : windowMs !== null ? now - windowMs : Number.isFinite(earliest) ? earliest : now - 60_000;
  // The plot is the box less its axes.
  const buckets = Math.max(50, Math.round((width - (units.length > 1 ? 112 : 56)) * BUCKETS_PER_PX));
  const lines: Line[] = allLines.map((l) => ({ ...l, ...readWindow(caches, l.buffer, start, end, buckets) }));
  const left = axisOf(lines, 'left');
  const right = axisOf(lines, 'right');

  const setPanel = (patch: Partial<ChartPanelSpec>) =>
    sessionActions.updateCharts(profile.id, { ...profile.charts, panels: profile.charts.panels.map((p) => (p.id === panel.id ? { ...p, ...patch } : p)) });

  const onMove = (event: MouseEvent<HTMLDivElement>) => {
    const area = plot.current;
    const box = chartBox.current?.getBoundingClientRect();
    if (!area || !box || lines.length === 0) return;
    const x = event.clientX - box.left;
    const time = start + ((x - area.x) / area.width) * (end - start);
    let best: { line: Line; time: number; value: number } | null = null;
    for (const line of lines) {
      const p = line.buffer.nearest(time);
      if (p && p.time >= start - 1 && p.time <= end + 1 && (!best || Math.abs(p.time - time) < Math.abs(best.time - time))) best = { line, ...p };
    }
    setHover(best);
  };

  const exportPng = () => {
    const svg = chartBox.current?.querySelector('svg');
    if (!svg) return;
    const clone = svg.cloneNode(true) as SVGSVGElement;
    clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    const { width: w, height: h } = svg.getBoundingClientRect();
    const image = new Image();
    image.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = w * 2;
      canvas.height = h * 2;
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      ctx.fillStyle = getComputedStyle(root.current ?? document.body).backgroundColor || '#ffffff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.scale(2, 2);
      ctx.drawImage(image, 0, 0, w, h);
      canvas.toBlob((blob) => {
        if (!blob) return;
        const a = document.createElement('a');
        a.href = URL.createObjectURL(blob);
        a.download = `${panel.title.replace(/[^\w.-]+/g, '_')}-${fileStamp()}.png`;
        a.click();
        setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      }, 'image/png');
    };
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(clone))}`;
  };

  const leftAxis = useValueAxis('left', left, units[0] ?? '', true);
  const rightAxis = useValueAxis('right', right, units[1] ?? '', units.length > 1);
  return (
    <section ref={root} aria-label={`Chart ${panel.title}`} className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-3 text-xs dark:border-slate-700 dark:bg-slate-900">
      <div className="flex flex-wrap items-end gap-2">
        <TextField label="Chart title" className="min-w-32 flex-1" inputClassName="py-1 font-semibold" value={panel.title} onChange={(e) => setPanel({ title: e.target.value })} />
        <SelectField
          label="Time window"
          className="w-28"
          value={panel.window}
          onChange={(e) => {
            setPaused(null);
            setPanel({ window: e.target.value as WindowId });
          }}
          options={WINDOWS.map((w) => ({ value: w.id, label: w.label }))}
        />
        {paused ? (
          <>
            <Button size="sm" variant="primary" onClick={() => setPaused(null)}>
              Live
            </Button>
            <Button size="sm" aria-label="Earlier" onClick={() => setPaused({ ...paused, end: paused.end - paused.span / 2 })}>
              ◀
            </Button>
            <Button size="sm" aria-label="Later" onClick={() => setPaused({ ...paused, end: Math.min(Date.now(), paused.end + paused.span / 2) })}>
              ▶
            </Button>
            <Button size="sm" aria-label="Zoom in" onClick={() => setPaused({ end: paused.end - paused.span / 4, span: Math.max(1_000, paused.span / 2) })}>
              +
            </Button>
            <Button size="sm" aria-label="Zoom out" onClick={() => setPaused({ end: Math.min(Date.now(), paused.end + paused.span / 2), span: paused.span * 2 })}>
              −
            </Button>
          </>
        ) : (
          <Button size="sm" onClick={() => setPaused({ end: Date.now(), span: Math.max(1_000, end - start) })}>
            Pause
          </Button>
        )}
        <Button size="sm" variant="ghost" onClick={exportPng} disabled={lines.length === 0}>
          PNG
        </Button>
        <Button
          size="sm"
          variant="ghost"
          aria-label={`Remove chart ${panel.title}`}
          onClick={() => sessionActions.updateCharts(profile.id, { ...profile.charts, panels: profile.charts.panels.filter((p) => p.id !== panel.id) })}
        >
          ✕
        </Button>
      </div>
      <div ref={chartBox} onMouseMove={onMove} onMouseLeave={() => setHover(null)} style={CHART_BOX_STYLE} className="relative">
        {lines.some((l) => l.length > 0) ? (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart margin={CHART_MARGIN}>
              {GRID}
              <XAxis
                type="number"
                dataKey="t"
                domain={[start, end]}
                allowDataOverflow
                ticks={timeTicks(start, end, width)}
                interval={0}
                tickFormatter={(t: number) => formatClock(t).slice(0, end - start > 120_000 ? 5 : 8)}
                tick={TICK_STYLE}
                stroke="#94a3b8"
              />
              {leftAxis}
              {rightAxis}
              <FastLines lines={lines} start={start} end={end} left={left.domain} right={right.domain} />
              {hover ? <ReferenceDot x={hover.time} y={hover.value} yAxisId={hover.line.axis} r={4} fill={hover.line.color} stroke="white" /> : null}
              <PlotAreaProbe onArea={setPlotArea} />
            </LineChart>
          </ResponsiveContainer>
        ) : (
          <p className="flex h-full items-center justify-center text-slate-500 dark:text-slate-400">
            {panel.series.length === 0 ? 'Add a series below.' : 'No values in this time window yet.'}
          </p>
        )}
      </div>
      <p aria-label="Chart reading" aria-live="polite" className="min-h-4 font-mono text-slate-700 dark:text-slate-200">
        {hover ? `${hover.value}${hover.line.spec.unit ? ` ${hover.line.spec.unit}` : ''} · ${lineLabel(hover.line.topic, hover.line.spec.path)} · ${formatClock(hover.time)}` : 'Point at the chart to read a value.'}
      </p>
      <SeriesTable profile={profile} panel={panel} lines={lines} setPanel={setPanel} />
      <AddSeries profile={profile} panel={panel} setPanel={setPanel} />
    </section>
  );
}

// Constant props and elements, so that React skips them on a redraw: recharts stores every axis's and the
// chart's settings and, when an element renders with new props, updates its store and renders again.
const CHART_MARGIN = { top: 8, right: 8, bottom: 0, left: 0 };
const TICK_STYLE = { fontSize: 11 };
const GRID = <CartesianGrid strokeDasharray="3 3" stroke="#94a3b833" />;

/** A value axis element, the same object until its ticks, width or unit change (see above). */
function useValueAxis(id: 'left' | 'right', axis: ValueAxis, unit: string, shown: boolean) {
  const key = `${shown}|${axis.ticks.join(',')}|${axis.width}|${unit}`;
  return useMemo(
    () =>
      shown ? (
        <YAxis
          yAxisId={id}
          type="number"
          orientation={id}
          width={axis.width}
          tick={TICK_STYLE}
          stroke="#94a3b8"
          domain={axis.domain}
          ticks={axis.ticks}
          interval={0}
          tickFormatter={axis.format}
          allowDataOverflow
          {...(unit ? { label: { value: unit, angle: id === 'left' ? -90 : 90, position: id === 'left' ? 'insideLeft' : 'insideRight', fontSize: 11, fill: '#64748b' } } : {})}
        />
      ) : null,
    // `key` holds everything the element shows
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [id, key],
  );
}

/** The value axis of one side over the window (from the lines' stats). */
function axisOf(lines: Line[], axis: 'left' | 'right'): ValueAxis {
  let min = Infinity;
  let max = -Infinity;
  for (const l of lines) {
    if (l.axis !== axis || !l.stats) continue;
    min = Math.min(min, l.stats.min);
    max = Math.max(max, l.stats.max);
  }
  return valueAxis(min, max);
}

/**
 * The lines, one SVG path each, drawn in the chart's plot area. Recharts keeps the data of its Line
 * elements in a store that copies and freezes every point on each redraw; with thousands of points per
 * line that costs more than the frame. Axes, grid and layout stay recharts'.
 *
 * Positions come from the plot area and the domains this panel gives its axes (explicit, with
 * allowDataOverflow, so they are exactly recharts' scales), not from recharts' scale hooks: those still
 * hold the previous redraw's domain on the first render of a redraw. The paths are kept until the lines or
 * the plot area change (recharts renders its children again after each axis update).
 */
function FastLines({ lines, start, end, left, right }: { lines: Line[]; start: number; end: number; left: [number, number]; right: [number, number] }) {
  const area = usePlotArea();
  const paths = useMemo(() => {
    if (!area || area.width <= 0 || area.height <= 0) return [];
    const x = linearMap(start, end, area.x, area.x + area.width);
    const bottom = area.y + area.height;
    const yLeft = linearMap(left[0], left[1], bottom, area.y);
    const yRight = linearMap(right[0], right[1], bottom, area.y);
    return lines.map((l) => ({ line: l, d: l.length > 0 ? pathOf(l.t, l.v, l.length, x, l.axis === 'right' ? yRight : yLeft) : '' }));
    // the area's numbers, not its object, which recharts makes anew on each of its renders
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lines, start, end, left[0], left[1], right[0], right[1], area?.x, area?.y, area?.width, area?.height]);
  const plotWidth = area?.width ?? 1_000;
  return (
    <g>
      {paths.map(({ line: l, d }) => {
        if (!d) return null;
        // A line with more points than pixels is a band of vertical strokes: smoothing its edges cannot be
        // seen, and rasterizing it anti-aliased costs several times more.
        const dense = l.length > plotWidth;
        return <path key={l.key} d={d} fill="none" stroke={l.color} strokeWidth={dense ? 1 : 1.5} shapeRendering={dense ? 'optimizeSpeed' : 'auto'} />;
      })}
    </g>
  );
}

/** Steps for time ticks: round seconds, minutes and hours. */
const TICK_STEPS_MS = [1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000];

/**
 * A few round times across [start, end] (about one per 120 px). Given explicitly: left to itself the axis
 * would consider every data point a tick candidate, which costs more than drawing the lines.
 */
function timeTicks(start: number, end: number, width: number): number[] {
  const wanted = Math.max(2, Math.floor(width / 120));
  const step = TICK_STEPS_MS.find((s) => (end - start) / s <= wanted) ?? (TICK_STEPS_MS.at(-1) as number);
  const offset = new Date().getTimezoneOffset() * 60_000;
  const ticks: number[] = [];
  for (let t = Math.ceil((start - offset) / step) * step + offset; t <= end; t += step) ticks.push(t);
  return ticks;
}

/** Reports the plot area (where the lines are drawn) so mouse positions can be turned into times. */
function PlotAreaProbe({ onArea }: { onArea(area: { x: number; width: number } | null): void }) {
  const area = usePlotArea();
  useEffect(() => {
    onArea(area ? { x: area.x, width: area.width } : null);
  }, [area, onArea]);
  return null;
}

function SeriesTable({ profile, panel, lines, setPanel }: { profile: Profile; panel: ChartPanelSpec; lines: Line[]; setPanel(patch: Partial<ChartPanelSpec>): void }) {
  const charts = session.data(profile.id).charts;
  const fmt = (n: number) => String(Math.round(n * 1000) / 1000);
  const updateSeries = (id: string, patch: Partial<SeriesSpec>) => setPanel({ series: panel.series.map((s) => (s.id === id ? { ...s, ...patch } : s)) });
  if (panel.series.length === 0) return null;
  return (
    <div className="overflow-x-auto">
    <table aria-label={`Series of ${panel.title}`} className="w-full tabular-nums">
      <thead className="text-left text-slate-500">
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
                      {i === 0 ? (
                        <Button size="sm" variant="ghost" aria-label={`Remove series ${lineLabel(spec.filter, spec.path)}`} onClick={() => setPanel({ series: panel.series.filter((s) => s.id !== spec.id) })}>
                          ×
                        </Button>
                      ) : null}
                    </td>
                  </tr>
                ))
              : [
                  <tr key={spec.id} aria-label={lineLabel(spec.filter, spec.path)}>
                    <td className="truncate text-slate-500" colSpan={6}>
                      <span aria-hidden className="mr-1.5 inline-block size-2 rounded-full" style={{ backgroundColor: spec.color }} />
                      {lineLabel(spec.filter, spec.path)}: waiting for a value
                    </td>
                    <td className="text-right">
                      <Button size="sm" variant="ghost" aria-label={`Remove series ${lineLabel(spec.filter, spec.path)}`} onClick={() => setPanel({ series: panel.series.filter((s) => s.id !== spec.id) })}>
                        ×
                      </Button>
                    </td>
                  </tr>,
                ]),
            ...(overflow
              ? [
                  <tr key={`${spec.id}-overflow`}>
                    <td colSpan={7} className="text-amber-700 dark:text-amber-400">
                      {overflow} more matching topics are not drawn (at most 50 lines per series)
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
  const rows = ['time,topic,path,value'];
  for (let i = 0; i < line.buffer.length; i++) {
    rows.push(`${new Date(line.buffer.timeAt(i)).toISOString()},${csv(line.topic)},${csv(line.spec.path)},${line.buffer.valueAt(i)}`);
  }
  downloadText(`${line.topic.replace(/[^\w.-]+/g, '_')}${line.spec.path ? `-${line.spec.path.replace(/[^\w.-]+/g, '_')}` : ''}-${fileStamp()}.csv`, `${rows.join('\r\n')}\r\n`, 'text/csv');
}

function csv(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function AddSeries({ profile, panel, setPanel }: { profile: Profile; panel: ChartPanelSpec; setPanel(patch: Partial<ChartPanelSpec>): void }) {
  const [filter, setFilter] = useState('');
  const [path, setPath] = useState('');
  const [booleans, setBooleans] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <details className="text-xs">
      <summary className="cursor-pointer text-slate-500 dark:text-slate-400">Add a series</summary>
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
