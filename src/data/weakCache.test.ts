import { describe, expect, it } from 'vitest';
import { weakCache } from './weakCache';

describe('weakCache', () => {
  it('makes a value once per key', () => {
    let made = 0;
    const lengthOf = weakCache((key: { s: string }) => (made++, key.s.length));
    const a = { s: 'abc' };
    expect(lengthOf(a)).toBe(3);
    expect(lengthOf(a)).toBe(3);
    expect(lengthOf({ s: 'x' })).toBe(1);
    expect(made).toBe(2);
  });
});
