import { describe, expect, it } from 'vitest';
import { ChartData, MAX_LINES_PER_SERIES, type SeriesSpec } from './charts';
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
