import { startTransition, useCallback, useEffect, useLayoutEffect, useRef, useState, type MouseEvent } from 'react';
import { lineLabel, WINDOWS, type ChartPanelSpec, type SeriesSpec, type WindowId } from '../../data/charts';
import { SERIES_COLORS } from '../../data/palette';
import { downsampleCaches, readWindow, SeriesBuffer, type Downsampled, type DownsampleCaches } from '../../data/series';
import { useHistoryStatus } from '../../stores/history';
import type { Profile } from '../../stores/profileModel';
import { useConnectionData, useSessionActions } from '../../stores/sessionContext';
import { useViewsStore } from '../../stores/views';
import { formatClock } from '../../shared/format/format';
import { Button } from '../../shared/ui/Button';
import { useElementWidth } from '../../shared/ui/useNow';
import { SelectField, TextField } from '../../shared/ui/Field';
import { AddSeries } from './AddSeries';
import { downloadChartPng } from './chartImage';
import type { Line, Reading } from './line';
import { Plot } from './Plot';
import { registerPanel, setPanelVisible } from './redrawScheduler';
import { SeriesTable } from './SeriesTable';

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
/** Windows longer than this read the points stored in the browser (when history is on), not memory. */
const STORED_WINDOW_MS = 3_600_000;
/** How often a stored window is read again while live. */
const STORED_REFRESH_MS = 5_000;
const NO_GAPS: ReadonlyArray<readonly [number, number]> = [];
/** The memory of a line that is only in storage: nothing. */
const EMPTY_BUFFER = new SeriesBuffer(1);

interface Paused {
  end: number;
  span: number;
}

/** One chart panel: its series as lines, a time window, live or paused, hover readout, stats and exports. */
export default function ChartPanel({ profile, panel }: { profile: Profile; panel: ChartPanelSpec }) {
  const actions = useSessionActions();
  const data = useConnectionData(profile.id);
  const charts = data.charts;
  const historyOn = useHistoryStatus(profile.id)?.writer != null;
  // The redraw clock: the chart shows "now" as of its last redraw.
  const [now, setNow] = useState(() => Date.now());
  const [paused, setPaused] = useState<Paused | null>(null);
  const [hover, setHover] = useState<Reading | null>(null);
  // Per line, buckets kept between redraws: each redraw folds in only the points that arrived since.
  const [caches] = useState<DownsampleCaches>(downsampleCaches);
  const root = useRef<HTMLElement>(null);
  const chartBox = useRef<HTMLDivElement>(null);
  const width = useElementWidth(chartBox, 600);
  const plot = useRef<{ x: number; width: number } | null>(null);
  const setPlotArea = useCallback((area: { x: number; width: number } | null) => {
    plot.current = area;
  }, []);
  useRedraws(panel.id, root, setNow, now);
  // A series was just added here: bring the panel into view.
  const focused = useViewsStore((s) => s.focusPanel[profile.id] === panel.id);
  useEffect(() => {
    if (!focused) return;
    root.current?.scrollIntoView({ block: 'nearest' });
    useViewsStore.setState((s) => ({ focusPanel: { ...s.focusPanel, [profile.id]: null } }));
  }, [focused, profile.id]);

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
  const fromStorage = historyOn && windowMs !== null && windowMs > STORED_WINDOW_MS;
  // live, the stored window is read for a range that moves on in steps, not on every redraw
  const storedEnd = paused ? end : Math.ceil(now / STORED_REFRESH_MS) * STORED_REFRESH_MS;
  const stored = useStoredLines(
    fromStorage ? panel.series : null,
    profile.id,
    paused ? start : storedEnd - (windowMs ?? 0),
    storedEnd,
    buckets,
  );
  // lines stored but not in memory now (a topic silent since the reload) are drawn from storage too
  for (const key of stored?.keys() ?? []) {
    if (allLines.some((l) => l.key === key)) continue;
    const bar = key.indexOf('|');
    const spec = panel.series.find((s) => s.id === key.slice(0, bar));
    if (!spec) continue;
    allLines.push({ key, spec, topic: key.slice(bar + 1), buffer: EMPTY_BUFFER, color: spec.color, axis: units.indexOf(spec.unit) === 1 ? 'right' : 'left' });
  }
  const lines: Line[] = allLines.map((l) => ({ ...l, ...(stored?.get(l.key) ?? readWindow(caches, l.buffer, start, end, buckets)) }));
  const gaps = data.history?.gaps ?? NO_GAPS;
  const restoredUntil = data.history && data.history.count > 0 && data.history.until >= start ? data.history.until : null;

  const setPanel = (patch: Partial<ChartPanelSpec>) =>
    actions.updateCharts(profile.id, { ...profile.charts, panels: profile.charts.panels.map((p) => (p.id === panel.id ? { ...p, ...patch } : p)) });

  const onMove = (event: MouseEvent<HTMLDivElement>) => {
    const area = plot.current;
    const box = chartBox.current?.getBoundingClientRect();
    if (!area || !box || lines.length === 0) return;
    const time = start + ((event.clientX - box.left - area.x) / area.width) * (end - start);
    let best: Reading | null = null;
    for (const line of lines) {
      const p = line.buffer.nearest(time);
      if (p && p.time >= start - 1 && p.time <= end + 1 && (!best || Math.abs(p.time - time) < Math.abs(best.time - time))) best = { line, ...p };
    }
    setHover(best);
  };

  const exportPng = () => {
    const svg = chartBox.current?.querySelector('svg');
    if (svg) downloadChartPng(svg, panel.title, getComputedStyle(root.current ?? document.body).backgroundColor);
  };

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
        <TimeControls paused={paused} setPaused={setPaused} span={Math.max(1_000, end - start)} />
        <Button size="sm" variant="ghost" onClick={exportPng} disabled={lines.length === 0}>
          PNG
        </Button>
        <Button
          size="sm"
          variant="ghost"
          aria-label={`Remove chart ${panel.title}`}
          onClick={() => actions.updateCharts(profile.id, { ...profile.charts, panels: profile.charts.panels.filter((p) => p.id !== panel.id) })}
        >
          ✕
        </Button>
      </div>
      <div ref={chartBox} onMouseMove={onMove} onMouseLeave={() => setHover(null)} style={CHART_BOX_STYLE} className="relative">
        {lines.some((l) => l.length > 0) ? (
          <Plot lines={lines} units={units} start={start} end={end} width={width} hover={hover} gaps={gaps} onPlotArea={setPlotArea} />
        ) : (
          <p className="flex h-full items-center justify-center text-slate-600 dark:text-slate-400">
            {panel.series.length === 0 ? 'Add a series below.' : 'No values in this time window yet.'}
          </p>
        )}
      </div>
      {restoredUntil !== null || fromStorage ? (
        <p className="text-slate-600 dark:text-slate-400">
          {restoredUntil !== null ? `Points up to ${formatClock(restoredUntil).slice(0, 8)} are from history (stored before the reload); the time the page was closed is left blank. ` : ''}
          {fromStorage ? 'This window is read from the points stored in this browser.' : ''}
        </p>
      ) : null}
      <p aria-label="Chart reading" aria-live="polite" className="min-h-4 font-mono text-slate-700 dark:text-slate-200">
        {hover ? `${hover.value}${hover.line.spec.unit ? ` ${hover.line.spec.unit}` : ''} · ${lineLabel(hover.line.topic, hover.line.spec.path)} · ${formatClock(hover.time)}` : 'Point at the chart to read a value.'}
      </p>
      <SeriesTable profile={profile} panel={panel} lines={lines} setPanel={setPanel} />
      <AddSeries profile={profile} panel={panel} setPanel={setPanel} />
    </section>
  );
}

/**
 * The lines of a long window read from the browser's stored points (null: not asked), again when the
 * window moves on by a refresh step. Until the first read answers, memory's points are drawn.
 */
function useStoredLines(series: readonly SeriesSpec[] | null, profileId: string, start: number, end: number, buckets: number): Map<string, Downsampled> | null {
  const actions = useSessionActions();
  const [stored, setStored] = useState<Map<string, Downsampled> | null>(null);
  const wanted = series ? JSON.stringify(series.map((s) => [s.id, s.filter, s.path, s.booleans])) : null;
  useEffect(() => {
    if (wanted === null) return;
    let cancelled = false;
    const specs = (JSON.parse(wanted) as Array<[string, string, string, boolean]>).map(([id, filter, path, booleans]) => ({ id, filter, path, booleans, color: '', unit: '' }));
    void actions.readHistoryLines(profileId, specs, start, end, buckets).then((read) => {
      if (!cancelled) setStored(read);
    });
    return () => {
      cancelled = true;
    };
  }, [wanted, profileId, start, end, buckets, actions]);
  return wanted === null ? null : stored;
}

/** Live, or paused with earlier / later / zoom. */
function TimeControls({ paused, setPaused, span }: { paused: Paused | null; setPaused(p: Paused | null): void; span: number }) {
  if (!paused) {
    return (
      <Button size="sm" onClick={() => setPaused({ end: Date.now(), span })}>
        Pause
      </Button>
    );
  }
  return (
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
  );
}

/**
 * Redraws at the scheduler's pace, only while on screen and the page is visible, as React transitions;
 * each redraw's script time is a user timing ("mqttscope chart redraw") a PerformanceObserver can read.
 */
function useRedraws(panelId: string, root: { current: HTMLElement | null }, setNow: (t: number) => void, now: number): void {
  const redrawAskedAt = useRef(0);
  useEffect(() => {
    const unregister = registerPanel(panelId, () => {
      redrawAskedAt.current = performance.now();
      // A transition: React may prepare it over idle moments, so one frame does not carry it all.
      startTransition(() => setNow(Date.now()));
    });
    const el = root.current;
    const observer = el
      ? new IntersectionObserver((entries) => {
          for (const entry of entries) setPanelVisible(panelId, entry.isIntersecting);
        })
      : null;
    if (el) observer?.observe(el);
    return () => {
      observer?.disconnect();
      setPanelVisible(panelId, false);
      unregister();
    };
  }, [panelId, root, setNow]);
  useLayoutEffect(() => {
    if (!redrawAskedAt.current) return;
    performance.measure('mqttscope chart redraw', { start: redrawAskedAt.current, end: performance.now() });
    // observers have it already; the timeline itself would keep every one
    performance.clearMeasures('mqttscope chart redraw');
    redrawAskedAt.current = 0;
  }, [now]);
}
