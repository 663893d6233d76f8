import { describe, expect, it } from 'vitest';
import { downsample, SeriesBuffer } from './series';

function filled(n: number, value: (i: number) => number, capacity = n): SeriesBuffer {
  const s = new SeriesBuffer(capacity);
  for (let i = 0; i < n; i++) s.push(i, value(i));
  return s;
}

describe('SeriesBuffer', () => {
  it('grows up to its capacity, then drops the oldest and counts them', () => {
    const s = filled(5_000, (i) => i, 3_000);
    expect(s.length).toBe(3_000);
    expect(s.dropped).toBe(2_000);
    expect(s.timeAt(0)).toBe(2_000);
    expect(s.valueAt(2_999)).toBe(4_999);
  });

  it('finds the nearest point to a time', () => {
    const s = new SeriesBuffer(10);
    [10, 20, 40].forEach((t) => s.push(t, t / 10));
    expect(s.nearest(24)).toEqual({ time: 20, value: 2 });
    expect(s.nearest(31)).toEqual({ time: 40, value: 4 });
    expect(s.nearest(0)).toEqual({ time: 10, value: 1 });
    expect(new SeriesBuffer(1).nearest(5)).toBeNull();
  });

  it('changes capacity keeping the newest', () => {
    const s = filled(100, (i) => i);
    s.setCapacity(10);
    expect(s.length).toBe(10);
    expect(s.valueAt(0)).toBe(90);
    s.push(100, 100);
    expect(s.valueAt(9)).toBe(100);
    expect(s.length).toBe(10);
  });
});

describe('downsample', () => {
  it('keeps the first and last points and every extreme', () => {
    // a noisy signal with one spike up and one spike down in the middle
    const s = filled(100_000, (i) => (i === 33_333 ? 1_000 : i === 66_666 ? -1_000 : Math.sin(i / 500)));
    const { points, stats } = downsample(s, 0, 99_999, 500);
    expect(points.length).toBeLessThanOrEqual(500 * 2 + 2);
    expect(points[0]).toEqual({ t: 0, v: 0 });
    expect(points.at(-1)).toEqual({ t: 99_999, v: Math.sin(99_999 / 500) });
    expect(points).toContainEqual({ t: 33_333, v: 1_000 });
    expect(points).toContainEqual({ t: 66_666, v: -1_000 });
    expect(stats).toMatchObject({ count: 100_000, min: -1_000, max: 1_000 });
    for (let i = 1; i < points.length; i++) expect(points[i]!.t).toBeGreaterThan(points[i - 1]!.t);
  });

  it('returns a small window as it is, with min, max, mean and last', () => {
    const s = filled(10, (i) => i);
    expect(downsample(s, 2, 5, 100)).toEqual({
      points: [2, 3, 4, 5].map((i) => ({ t: i, v: i })),
      stats: { count: 4, min: 2, max: 5, mean: 3.5, last: 5 },
    });
    expect(downsample(s, 20, 30, 100)).toEqual({ points: [], stats: null });
  });

  it('100,000 points to 1,000 (the bench measures how fast)', () => {
    const s = filled(100_000, (i) => i % 97);
    expect(downsample(s, 0, 100_000, 500).points.length).toBeLessThanOrEqual(1_002);
  });
});
