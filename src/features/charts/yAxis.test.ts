import { describe, expect, it } from 'vitest';
import { valueAxis } from './yAxis';

describe('valueAxis', () => {
  it('puts round ticks over the range, the domain on the outer ticks', () => {
    const a = valueAxis(21.3, 21.7);
    expect(a.ticks.map(a.format)).toEqual(['21.3', '21.4', '21.5', '21.6', '21.7']);
    expect(a.domain).toEqual([21.3, 21.7]);
  });

  it('labels small steps of a big value with only the decimals they need', () => {
    const a = valueAxis(1234.501, 1234.505);
    expect(a.ticks.map(a.format)).toEqual(['1234.501', '1234.502', '1234.503', '1234.504', '1234.505']);
    expect(a.width).toBeGreaterThanOrEqual(8 * 6);
    const b = valueAxis(0, 1);
    expect(b.ticks.map(b.format)).toEqual(['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
    const c = valueAxis(0, 11);
    expect(c.ticks.map(c.format)).toEqual(['0.0', '2.5', '5.0', '7.5', '10.0', '12.5']);
    const d = valueAxis(-480, 1_900);
    expect(d.ticks.map(d.format)).toEqual(['-500', '0', '500', '1000', '1500', '2000']);
  });

  it('gives a flat line room around it, and copes with no data', () => {
    const a = valueAxis(451.5, 451.5);
    expect(a.domain[0]).toBeLessThan(451.5);
    expect(a.domain[1]).toBeGreaterThan(451.5);
    expect(valueAxis(0, 0).domain).toEqual([-1, 1]);
    expect(valueAxis(Infinity, -Infinity).domain).toEqual([0, 1]);
  });

  it('never makes a long run of ticks', () => {
    for (const [min, max] of [[0, 0.0003], [1e6, 1e6 + 7], [-3.3, 97.1], [0.001, 1e9]] as const) {
      const a = valueAxis(min, max);
      expect(a.ticks.length).toBeGreaterThanOrEqual(3);
      expect(a.ticks.length).toBeLessThanOrEqual(7);
      expect(a.domain[0]).toBeLessThanOrEqual(min);
      expect(a.domain[1]).toBeGreaterThanOrEqual(max);
      expect(new Set(a.ticks.map(a.format)).size).toBe(a.ticks.length);
    }
  });
});
