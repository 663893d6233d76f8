import { describe, expect, it } from 'vitest';
import { addSeries, ChartData, lineCsv, MAX_LINES_PER_SERIES, placeSeries, type ChartPanelSpec, type SeriesSpec } from './charts';
import { SeriesBuffer } from './series';
import { testMessage as m } from './testMessages';

const spec = (s: Partial<SeriesSpec>): SeriesSpec => ({ id: 's1', filter: 'a', path: '', color: '#000', unit: '', booleans: false, ...s });

describe('ChartData', () => {
  it('a wildcard series becomes one line per matching topic', () => {
    const c = new ChartData();
    c.setSpecs([spec({ filter: 'tele/+/SENSOR', path: 'AM2301.Temperature' })], 1_000);
    c.ingest(m('tele/livingroom/SENSOR', '{"AM2301":{"Temperature":21.4}}', { receivedAt: 1 }));
    c.ingest(m('tele/bedroom/SENSOR', '{"AM2301":{"Temperature":19.2}}', { receivedAt: 2 }));
    c.ingest(m('tele/bedroom/SENSOR', '{"AM2301":{"Humidity":40}}', { receivedAt: 3 })); // no such path: skipped
    c.ingest(m('tele/bedroom/STATE', '{"AM2301":{"Temperature":99}}', { receivedAt: 4 }));
    const lines = c.linesOf('s1');
    expect(lines.map(([topic, b]) => [topic, b.length, b.valueAt(0)])).toEqual([
      ['tele/bedroom/SENSOR', 1, 19.2],
      ['tele/livingroom/SENSOR', 1, 21.4],
    ]);
  });

  it('fills a new series from history, and keeps the lines of series that stay', () => {
    const c = new ChartData();
    const history = [m('p', '1', { receivedAt: 1 }), m('p', '2', { receivedAt: 2 }), m('q', 'ON', { receivedAt: 3 })];
    c.setSpecs([spec({ id: 'p', filter: 'p' })], 100, history);
    expect(c.linesOf('p')[0]?.[1].length).toBe(2);
    c.ingest(m('p', '3', { receivedAt: 4 }));
    c.setSpecs([spec({ id: 'p', filter: 'p' }), spec({ id: 'q', filter: 'q', booleans: true })], 100, history);
    expect(c.linesOf('p')[0]?.[1].length).toBe(3); // not refilled
    expect(c.linesOf('q')[0]?.[1].valueAt(0)).toBe(1);
    c.setSpecs([spec({ id: 'q', filter: 'q', booleans: true })], 100, history);
    expect(c.linesOf('p')).toEqual([]);
  });

  it('caps the lines of a wildcard series and counts the rest', () => {
    const c = new ChartData();
    c.setSpecs([spec({ filter: 'n/+' })], 10);
    for (let i = 0; i < MAX_LINES_PER_SERIES + 5; i++) c.ingest(m(`n/${i}`, String(i)));
    expect(c.linesOf('s1')).toHaveLength(MAX_LINES_PER_SERIES);
    expect(c.overflow.get('s1')).toBe(5);
    // topics, not messages: more messages on the same topics leave the count as it is
    for (let i = MAX_LINES_PER_SERIES; i < MAX_LINES_PER_SERIES + 5; i++) c.ingest(m(`n/${i}`, '1'));
    expect(c.overflow.get('s1')).toBe(5);
  });
});

describe('placeSeries and addSeries (which panel a new series joins)', () => {
  const panel = (id: string, series: SeriesSpec[], title = 'T'): ChartPanelSpec => ({ id, title, window: '5m', series });
  const temp = spec({ id: 't', filter: 'tele/bedroom/SENSOR', path: 'AM2301.Temperature', unit: '°C' });

  it('starts a panel when there is none, finds a series already charted, and joins the same unit and device', () => {
    expect(placeSeries([], 'a', '', '')).toEqual({ kind: 'new' });
    const panels = [panel('p1', [temp])];
    expect(placeSeries(panels, 'tele/bedroom/SENSOR', 'AM2301.Temperature', '°C')).toEqual({ kind: 'exists', panelId: 'p1' });
    expect(placeSeries(panels, 'tele/bedroom/SENSOR', 'DS18B20.Temperature', '°C')).toEqual({ kind: 'join', panelId: 'p1' });
  });

  it('asks when the newest panel has another unit or another device (power must not join a temperature chart)', () => {
    const panels = [panel('p1', [temp], 'bedroom/SENSOR AM2301.Temperature')];
    const power = placeSeries(panels, 'tele/bedroom/SENSOR', 'ENERGY.Power', 'W');
    expect(power).toEqual({ kind: 'ask', panelId: 'p1', why: '"bedroom/SENSOR AM2301.Temperature" shows °C, this value is in W.' });
    const kitchen = placeSeries(panels, 'tele/kitchen/SENSOR', 'AM2301.Temperature', '°C');
    expect(kitchen).toMatchObject({ kind: 'ask', why: expect.stringMatching(/shows tele\/bedroom, this value comes from tele\/kitchen/) });
  });

  it('adds to a panel (renaming an auto-titled one) or to a new one', () => {
    const panels = [panel('p1', [temp], 'bedroom/SENSOR AM2301.Temperature')];
    const power = spec({ id: 'w', filter: 'tele/bedroom/SENSOR', path: 'ENERGY.Power', unit: 'W' });
    const joined = addSeries(panels, power, 'p1', 'unused');
    expect(joined[0]?.title).toBe('bedroom/SENSOR AM2301.Temperature · bedroom/SENSOR ENERGY.Power');
    expect(joined[0]?.series.map((s) => s.id)).toEqual(['t', 'w']);
    const apart = addSeries(panels, power, 'new', 'p2');
    expect(apart.map((p) => [p.id, p.title])).toEqual([
      ['p1', 'bedroom/SENSOR AM2301.Temperature'],
      ['p2', 'bedroom/SENSOR ENERGY.Power'],
    ]);
    const renamed = addSeries([panel('p1', [temp], 'My chart')], power, 'p1', 'x');
    expect(renamed[0]?.title).toBe('My chart');
  });
});

describe('lineCsv', () => {
  it('writes a line oldest first, neutralising a topic that looks like a formula', () => {
    const buffer = new SeriesBuffer(10);
    buffer.push(Date.UTC(2026, 0, 1, 12), 21.5);
    buffer.push(Date.UTC(2026, 0, 1, 12, 0, 1), -3);
    expect(lineCsv('=cmd|x', 'AM2301.Temperature', buffer)).toBe(
      "time,topic,path,value\r\n2026-01-01T12:00:00.000Z,'=cmd|x,AM2301.Temperature,21.5\r\n2026-01-01T12:00:01.000Z,'=cmd|x,AM2301.Temperature,-3\r\n",
    );
  });
});
