import { describe, expect, it } from 'vitest';
import { tickLabel, timeTicks } from './timeTicks';

describe('timeTicks', () => {
  const base = Date.UTC(2026, 0, 1, 12, 0, 0);
  it('puts a few ticks on round wall-clock times', () => {
    // 5 minutes over 600 px: 5 ticks wanted, one a minute
    expect(timeTicks(base + 10_000, base + 310_000, 600, 0)).toEqual([1, 2, 3, 4, 5].map((m) => base + m * 60_000));
    // 30 s over 240 px: at least 2, here every 15 s
    expect(timeTicks(base, base + 30_000, 240, 0)).toEqual([base, base + 15_000, base + 30_000]);
  });
  it('rounds in the local zone', () => {
    const ticks = timeTicks(base, base + 7_200_000, 240, -90); // UTC+1:30
    expect(ticks.every((t) => (t + 90 * 60_000) % 3_600_000 === 0)).toBe(true);
  });
  it('gives nothing for an empty window, and labels by span', () => {
    expect(timeTicks(base, base, 600)).toEqual([]);
    expect(tickLabel(new Date(2026, 0, 1, 9, 5, 7).getTime(), 60_000)).toBe('09:05:07');
    expect(tickLabel(new Date(2026, 0, 1, 9, 5, 7).getTime(), 3_600_000)).toBe('09:05');
    expect(tickLabel(new Date(2026, 0, 3, 9, 5, 7).getTime(), 7 * 86_400_000)).toBe('1/3 09:05');
  });
});
