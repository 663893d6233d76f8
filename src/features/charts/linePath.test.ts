import { describe, expect, it } from 'vitest';
import { linearMap, pathOf } from './linePath';

describe('linearMap', () => {
  it('takes the domain ends to the range ends, and is linear between', () => {
    const x = linearMap(1_000, 3_000, 56, 856);
    expect(x.a * 1_000 + x.b).toBeCloseTo(56, 9);
    expect(x.a * 3_000 + x.b).toBeCloseTo(856, 9);
    expect(x.a * 2_000 + x.b).toBeCloseTo(456, 9);
  });

  it('maps a value axis upside down (larger values higher up)', () => {
    const y = linearMap(20, 25, 268, 8);
    expect(y.a * 20 + y.b).toBeCloseTo(268, 9);
    expect(y.a * 25 + y.b).toBeCloseTo(8, 9);
    expect(y.a * 21 + y.b).toBeCloseTo(216, 9);
  });

  it('puts everything in the middle when the domain is a single value', () => {
    const y = linearMap(5, 5, 200, 0);
    expect(y.a * 5 + y.b).toBe(100);
    expect(y.a * 7 + y.b).toBe(100);
  });
});

describe('pathOf', () => {
  it('moves to the first point and draws lines to the rest, to a tenth of a pixel', () => {
    const x = linearMap(0, 10, 0, 100);
    const y = linearMap(0, 1, 100, 0);
    const t = Float64Array.from([0, 2.5, 10, 99]);
    const v = Float64Array.from([0, 0.123456, 1, 7]);
    // only the first `length` points
    expect(pathOf(t, v, 3, x, y)).toBe('M0 100L25 87.7L100 0');
  });

  it('is empty without points', () => {
    expect(pathOf(new Float64Array(4), new Float64Array(4), 0, linearMap(0, 1, 0, 1), linearMap(0, 1, 0, 1))).toBe('');
  });

  it('breaks the line across a time the page was closed, and only there', () => {
    const x = linearMap(0, 100, 0, 100);
    const y = linearMap(0, 100, 0, 100);
    const t = Float64Array.from([10, 20, 60, 70, 90]);
    const v = Float64Array.from([1, 2, 3, 4, 5]);
    expect(pathOf(t, v, 5, x, y, [[25, 55], [95, 99]])).toBe('M10 1L20 2M60 3L70 4L90 5');
    // a gap with a point inside it does not break the line where no point straddles it
    expect(pathOf(t, v, 5, x, y, [[15, 65]])).toBe('M10 1L20 2L60 3L70 4L90 5');
  });
});
