import { useEffect, useMemo } from 'react';
import { CartesianGrid, LineChart, ReferenceDot, ResponsiveContainer, usePlotArea, XAxis, YAxis } from 'recharts';
import type { Line, Reading } from './line';
import { linearMap, pathOf } from './linePath';
import { tickLabel, timeTicks } from './timeTicks';
import { valueAxis, type ValueAxis } from './yAxis';

// Constant props and elements, so that React skips them on a redraw: recharts stores every axis's and the
// chart's settings and, when an element renders with new props, updates its store and renders again.
const CHART_MARGIN = { top: 8, right: 8, bottom: 0, left: 0 };
const TICK_STYLE = { fontSize: 11 };
const GRID = <CartesianGrid strokeDasharray="3 3" stroke="#94a3b833" />;

interface PlotProps {
  lines: Line[];
  units: string[];
  start: number;
  end: number;
  width: number;
  hover: Reading | null;
  /** Times the page was closed (lines break there), oldest first. */
  gaps: ReadonlyArray<readonly [number, number]>;
  onPlotArea(area: { x: number; width: number } | null): void;
}

/** The axes, the grid and the lines of one panel over [start, end]. */
export function Plot({ lines, units, start, end, width, hover, gaps, onPlotArea }: PlotProps) {
  const left = axisOf(lines, 'left');
  const right = axisOf(lines, 'right');
  const leftAxis = useValueAxis('left', left, units[0] ?? '', true);
  const rightAxis = useValueAxis('right', right, units[1] ?? '', units.length > 1);
  return (
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
          tickFormatter={(t: number) => tickLabel(t, end - start)}
          tick={TICK_STYLE}
          stroke="#94a3b8"
        />
        {leftAxis}
        {rightAxis}
        <FastLines lines={lines} start={start} end={end} left={left.domain} right={right.domain} gaps={gaps} />
        {hover ? <ReferenceDot x={hover.time} y={hover.value} yAxisId={hover.line.axis} r={4} fill={hover.line.color} stroke="white" /> : null}
        <PlotAreaProbe onArea={onPlotArea} />
      </LineChart>
    </ResponsiveContainer>
  );
}

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
function FastLines({
  lines,
  start,
  end,
  left,
  right,
  gaps,
}: {
  lines: Line[];
  start: number;
  end: number;
  left: [number, number];
  right: [number, number];
  gaps: ReadonlyArray<readonly [number, number]>;
}) {
  const area = usePlotArea();
  const paths = useMemo(() => {
    if (!area || area.width <= 0 || area.height <= 0) return [];
    const x = linearMap(start, end, area.x, area.x + area.width);
    const bottom = area.y + area.height;
    const yLeft = linearMap(left[0], left[1], bottom, area.y);
    const yRight = linearMap(right[0], right[1], bottom, area.y);
    return lines.map((l) => ({ line: l, d: l.length > 0 ? pathOf(l.t, l.v, l.length, x, l.axis === 'right' ? yRight : yLeft, gaps) : '' }));
    // the area's numbers, not its object, which recharts makes anew on each of its renders
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lines, start, end, gaps, left[0], left[1], right[0], right[1], area?.x, area?.y, area?.width, area?.height]);
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

/** Reports the plot area (where the lines are drawn) so mouse positions can be turned into times. */
function PlotAreaProbe({ onArea }: { onArea(area: { x: number; width: number } | null): void }) {
  const area = usePlotArea();
  useEffect(() => {
    onArea(area ? { x: area.x, width: area.width } : null);
  }, [area, onArea]);
  return null;
}
