import { describe, expect, it } from 'vitest';
import { DownsampleCache, downsample, pointsOf, SeriesBuffer } from './series';

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
    const d = downsample(s, 0, 99_999, 500);
    const points = pointsOf(d);
    const stats = d.stats;
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
    const d = downsample(s, 2, 5, 100);
    expect(pointsOf(d)).toEqual([2, 3, 4, 5].map((i) => ({ t: i, v: i })));
    expect(d.stats).toEqual({ count: 4, min: 2, max: 5, mean: 3.5, last: 5 });
    expect(downsample(s, 20, 30, 100)).toMatchObject({ length: 0, stats: null });
  });

  it('100,000 points to 1,000 (the bench measures how fast)', () => {
    const s = filled(100_000, (i) => i % 97);
    expect(downsample(s, 0, 100_000, 500).length).toBeLessThanOrEqual(1_002);
  });

  it('reads across the ring boundary, in time order', () => {
    const s = new SeriesBuffer(2_000);
    for (let i = 0; i < 3_500; i++) s.push(i, i % 2 ? 1 : -1); // wrapped: the oldest kept is 1,500
    const points = pointsOf(downsample(s, 0, 4_000, 100));
    expect(points[0]).toEqual({ t: 1_500, v: -1 });
    expect(points.at(-1)).toEqual({ t: 3_499, v: 1 });
    for (let i = 1; i < points.length; i++) expect(points[i]!.t).toBeGreaterThan(points[i - 1]!.t);
    expect(new Set(points.map((p) => p.v))).toEqual(new Set([-1, 1]));
  });
});

describe('DownsampleCache', () => {
  it('reads the same extremes as a full pass, and folds in only new points', () => {
    const s = new SeriesBuffer(100_000);
    for (let i = 0; i < 50_000; i++) s.push(i, i === 20_000 ? 500 : i === 30_000 ? -500 : Math.sin(i / 300));
    const cache = new DownsampleCache();
    const first = cache.read(s, 0, 50_000, 500);
    const points = pointsOf(first);
    expect(points).toContainEqual({ t: 20_000, v: 500 });
    expect(points).toContainEqual({ t: 30_000, v: -500 });
    expect(first.stats).toMatchObject({ count: 50_000, min: -500, max: 500, last: Math.sin(49_999 / 300) });
    expect(first.length).toBeLessThanOrEqual(4 * 500);
    for (let i = 50_000; i < 50_100; i++) s.push(i, i === 50_050 ? 900 : 0);
    const second = cache.read(s, 100, 50_100, 500);
    expect(second.stats?.max).toBe(900);
    expect(second.stats?.last).toBe(0);
    expect(pointsOf(second)).toContainEqual({ t: 50_050, v: 900 });
    for (let i = 1; i < second.length; i++) expect(second.t[i]!).toBeGreaterThanOrEqual(second.t[i - 1]!);
  });

  it('starts over when the window moves back or its scale changes', () => {
    const s = new SeriesBuffer(10_000);
    for (let i = 0; i < 10_000; i++) s.push(i * 10, i);
    const cache = new DownsampleCache();
    expect(cache.read(s, 90_000, 100_000, 100).stats).toMatchObject({ min: 9_000, max: 9_999, count: 1_000 });
    expect(cache.read(s, 0, 10_000, 100).stats).toMatchObject({ min: 0, max: 1_000, count: 1_001 });
    expect(cache.read(s, 0, 100_000, 100).stats).toMatchObject({ min: 0, max: 9_999, count: 10_000 });
  });

  it('matches a full pass exactly while a live window slides over a ring that drops old points', () => {
    const s = new SeriesBuffer(3_000);
    const cache = new DownsampleCache();
    let seed = 7;
    const random = () => ((seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647) * 100 - 50;
    let t = 0;
    for (let frame = 0; frame < 200; frame++) {
      const arriving = 1 + Math.floor(Math.abs(random()));
      for (let i = 0; i < arriving; i++) s.push((t += 1 + Math.floor(Math.abs(random()) / 10)), random());
      const [start, end] = [t - 20_000, t];
      const cached = cache.read(s, start, end, 200);
      const full = downsample(s, start, end, 200);
      expect(cached.stats?.count).toBe(full.stats?.count);
      expect(cached.stats?.min).toBe(full.stats?.min);
      expect(cached.stats?.max).toBe(full.stats?.max);
      expect(cached.stats?.last).toBe(full.stats?.last);
      expect(cached.stats?.mean).toBeCloseTo(full.stats?.mean ?? NaN, 6);
      expect(cached.t[0]).toBe(full.t[0]);
      expect(cached.length).toBeLessThanOrEqual(4 * 200 + 2);
    }
  });
});
