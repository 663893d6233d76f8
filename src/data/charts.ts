/**
 * What charts show: series (a topic or topic filter, and a field path), grouped in panels; and the data
 * each series collects as messages arrive. A series on a wildcard becomes one line per matching topic.
 */
import { compileTopicFilter, type TopicMatcher } from '../mqtt/topic';
import type { ReceivedMessage } from '../mqtt/types';
import { numberFrom, readPayload, valueIn, type PayloadData } from './extract';
import { csvText } from './csv';
import { DEFAULT_SERIES_CAPACITY, SeriesBuffer } from './series';
import { lineKeyOf } from './history/pointBlocks';

export type WindowId = '30s' | '1m' | '5m' | '15m' | '1h' | '6h' | '24h' | '7d' | 'all';

export const WINDOWS: ReadonlyArray<{ id: WindowId; label: string; ms: number | null }> = [
  { id: '30s', label: '30 s', ms: 30_000 },
  { id: '1m', label: '1 min', ms: 60_000 },
  { id: '5m', label: '5 min', ms: 300_000 },
  { id: '15m', label: '15 min', ms: 900_000 },
  { id: '1h', label: '1 h', ms: 3_600_000 },
  { id: '6h', label: '6 h', ms: 6 * 3_600_000 },
  { id: '24h', label: '24 h', ms: 24 * 3_600_000 },
  { id: '7d', label: '7 d', ms: 7 * 24 * 3_600_000 },
  { id: 'all', label: 'all', ms: null },
];

export interface SeriesSpec {
  id: string;
  /** A topic, or a topic filter (one line per matching topic). */
  filter: string;
  /** Field path in a JSON payload ("AM2301.Temperature"), or "" for a payload that is a number. */
  path: string;
  color: string;
  unit: string;
  /** ON/OFF, true/false, open/closed as 1/0. */
  booleans: boolean;
}

export interface ChartPanelSpec {
  id: string;
  title: string;
  window: WindowId;
  series: SeriesSpec[];
}

export interface ChartSettings {
  panels: ChartPanelSpec[];
  /** Points kept per line. */
  capacity: number;
}

export const DEFAULT_CHARTS: ChartSettings = { panels: [], capacity: DEFAULT_SERIES_CAPACITY };

/** Lines a wildcard series may grow to; more matching topics are counted, not drawn. */
export const MAX_LINES_PER_SERIES = 50;

/** Distinct overflowing topics remembered per series (the count stops there). */
export const MAX_OVERFLOW_TOPICS = 10_000;

/** A line's name: the topic, and the path when there is one. */
export function lineLabel(topic: string, path: string): string {
  return path ? `${topic} ${path}` : topic;
}

export class ChartData {
  private specs: Array<{ spec: SeriesSpec; match: TopicMatcher }> = [];
  /** By series id, then by topic. */
  readonly lines = new Map<string, Map<string, SeriesBuffer>>();
  /** How many topics a wildcard series matched beyond MAX_LINES_PER_SERIES, by series id. */
  readonly overflow = new Map<string, number>();
  /** Those topics (up to MAX_OVERFLOW_TOPICS per series), so each counts once. */
  private overflowTopics = new Map<string, Set<string>>();
  private capacity = DEFAULT_SERIES_CAPACITY;
  /** Changes when a line appears or the specs change. */
  version = 0;
  /** Each live point as it is added (history keeps them), by line key (see lineKeyOf). */
  onPoint: ((line: string, t: number, v: number) => void) | null = null;

  /** Replaces the series; lines of series kept stay, new ones are filled from `history` (oldest first). */
  setSpecs(specs: readonly SeriesSpec[], capacity: number, history: Iterable<ReceivedMessage> = []): void {
    const fresh = specs.filter((s) => !this.specs.some((old) => old.spec.id === s.id && old.spec.filter === s.filter && old.spec.path === s.path && old.spec.booleans === s.booleans));
    for (const id of new Set([...this.lines.keys(), ...this.overflow.keys()])) {
      if (!specs.some((s) => s.id === id) || fresh.some((s) => s.id === id)) {
        this.lines.delete(id);
        this.overflow.delete(id);
        this.overflowTopics.delete(id);
      }
    }
    if (capacity !== this.capacity) {
      this.capacity = capacity;
      for (const byTopic of this.lines.values()) for (const buffer of byTopic.values()) buffer.setCapacity(capacity);
    }
    this.specs = specs.map((spec) => ({ spec, match: compileTopicFilter(spec.filter) }));
    if (fresh.length) {
      const only = new Set(fresh.map((s) => s.id));
      for (const message of history) this.ingest(message, only);
    }
    this.version++;
  }

  /** Every line filled again from `history` (the messages were decoded anew). */
  rebuild(history: Iterable<ReceivedMessage>): void {
    const specs = this.specs.map((s) => s.spec);
    this.specs = [];
    this.setSpecs(specs, this.capacity, history);
  }

  ingest(message: ReceivedMessage, only?: ReadonlySet<string>): void {
    if (this.specs.length === 0) return;
    let parsed: PayloadData | null = null;
    for (const { spec, match } of this.specs) {
      if ((only && !only.has(spec.id)) || !match(message.topic)) continue;
      parsed ??= readPayload(message);
      const value = numberFrom(valueIn(parsed, spec.path), spec.booleans);
      if (value === null) continue;
      let byTopic = this.lines.get(spec.id);
      if (!byTopic) this.lines.set(spec.id, (byTopic = new Map()));
      let buffer = byTopic.get(message.topic);
      if (!buffer) {
        if (byTopic.size >= MAX_LINES_PER_SERIES) {
          this.countOverflow(spec.id, message.topic);
          continue;
        }
        byTopic.set(message.topic, (buffer = new SeriesBuffer(this.capacity)));
        this.version++;
      }
      buffer.push(message.receivedAt, value);
      if (this.onPoint && !only && !message.fromHistory) this.onPoint(lineKeyOf(spec.filter, spec.path, spec.booleans, message.topic), message.receivedAt, value);
    }
  }

  private countOverflow(specId: string, topic: string): void {
    let topics = this.overflowTopics.get(specId);
    if (!topics) this.overflowTopics.set(specId, (topics = new Set()));
    if (topics.has(topic) || topics.size >= MAX_OVERFLOW_TOPICS) return;
    topics.add(topic);
    this.overflow.set(specId, topics.size);
  }

  /** The lines of a series: [topic, buffer], by topic. */
  linesOf(specId: string): Array<[string, SeriesBuffer]> {
    return [...(this.lines.get(specId)?.entries() ?? [])].sort((a, b) => a[0].localeCompare(b[0]));
  }

  clear(): void {
    for (const byTopic of this.lines.values()) for (const buffer of byTopic.values()) buffer.clear();
  }
}

/** The device part of a topic, for telling series apart: its first two levels ("tele/bedroom"). */
export function deviceOfTopic(topic: string): string {
  return topic.split('/').slice(0, 2).join('/');
}

/** A new panel's title: the last two topic levels and the field. */
export function panelTitleFor(filter: string, path: string): string {
  return lineLabel(filter.split('/').slice(-2).join('/'), path);
}

/** Where "Chart" on a value puts its series. */
export type SeriesPlacement =
  /** Already charted, in this panel. */
  | { kind: 'exists'; panelId: string }
  /** No panel yet: start one. */
  | { kind: 'new' }
  /** A panel with the same unit and device: join it. */
  | { kind: 'join'; panelId: string }
  /** The newest panel shows another unit or device: the user chooses between it and a new panel. */
  | { kind: 'ask'; panelId: string; why: string };

/** Decides where a series for `filter` and `path` (of `unit`) goes among `panels`. */
export function placeSeries(panels: readonly ChartPanelSpec[], filter: string, path: string, unit: string): SeriesPlacement {
  for (const panel of panels) if (panel.series.some((s) => s.filter === filter && s.path === path)) return { kind: 'exists', panelId: panel.id };
  const device = deviceOfTopic(filter);
  const same = panels.find((p) => {
    const units = new Set(p.series.map((s) => s.unit));
    return p.series.length > 0 && units.size === 1 && units.has(unit) && p.series.every((s) => deviceOfTopic(s.filter) === device);
  });
  if (same) return { kind: 'join', panelId: same.id };
  const newest = panels.at(-1);
  if (!newest) return { kind: 'new' };
  if (newest.series.length === 0) return { kind: 'join', panelId: newest.id };
  const units = [...new Set(newest.series.map((s) => s.unit))];
  const devices = [...new Set(newest.series.map((s) => deviceOfTopic(s.filter)))];
  const why =
    !units.includes(unit) && unit !== ''
      ? `"${newest.title}" shows ${units.filter(Boolean).join(', ') || 'values without a unit'}, this value is in ${unit}.`
      : !devices.includes(device)
        ? `"${newest.title}" shows ${devices.join(', ')}, this value comes from ${device}.`
        : `"${newest.title}" shows other values.`;
  return { kind: 'ask', panelId: newest.id, why };
}

/**
 * The panels after adding `series` to panel `target` ('new' starts one). A panel that still has the
 * title made for its first series gets a title naming both, so it does not claim to show one value.
 */
export function addSeries(panels: readonly ChartPanelSpec[], series: SeriesSpec, target: string | 'new', newPanelId: string): ChartPanelSpec[] {
  if (target === 'new') return [...panels, { id: newPanelId, title: panelTitleFor(series.filter, series.path), window: '5m', series: [series] }];
  return panels.map((p) => {
    if (p.id !== target) return p;
    const first = p.series[0];
    const autoTitled = first !== undefined && p.title === panelTitleFor(first.filter, first.path);
    const title = autoTitled ? `${p.title} · ${panelTitleFor(series.filter, series.path)}` : p.title;
    return { ...p, title, series: [...p.series, series] };
  });
}

/** A chart line as CSV: time (ISO 8601), topic, path, value, oldest first. */
export function lineCsv(topic: string, path: string, buffer: SeriesBuffer): string {
  const rows: string[][] = [['time', 'topic', 'path', 'value']];
  for (let i = 0; i < buffer.length; i++) rows.push([new Date(buffer.timeAt(i)).toISOString(), topic, path, String(buffer.valueAt(i))]);
  return csvText(rows);
}
