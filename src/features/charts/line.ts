import type { SeriesSpec } from '../../data/charts';
import type { SeriesBuffer, WindowStats } from '../../data/series';

/** One line of a panel as drawn: a series' points on one topic, downsampled to the window. */
export interface Line {
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

/** A point under the mouse. */
export interface Reading {
  line: Line;
  time: number;
  value: number;
}
