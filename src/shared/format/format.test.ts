import { describe, expect, it } from 'vitest';
import { formatClock, formatCount, formatDuration, formatRate, plural } from './format';

describe('format', () => {
  it('formats counts, rates, clocks and durations', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatRate(3.46)).toBe('3.5');
    expect(formatRate(1234.4)).toBe('1,234');
    expect(formatClock(new Date(2026, 0, 1, 9, 5, 7, 42).getTime())).toBe('09:05:07.042');
    expect(formatDuration(4_000)).toBe('4 s');
    expect(formatDuration(125_000)).toBe('2 min');
    expect(formatDuration(3_900_000)).toBe('1 h 5 min');
  });

  it('says one topic, two topics', () => {
    expect(plural(1, 'topic')).toBe('1 topic');
    expect(plural(0, 'topic')).toBe('0 topics');
    expect(plural(1_234, 'message')).toBe('1,234 messages');
    expect(plural(2, 'entry', 'entries')).toBe('2 entries');
  });
});
