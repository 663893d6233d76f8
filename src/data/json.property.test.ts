/**
 * The payload diff over 100,000 pairs of hostile payloads (deep, wide, huge, cut off, not UTF-8): never
 * a throw, no case over 200 ms, and a payload compared with itself has no changes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkEvery, describeFigures, hostilePayload } from '../../tools/testing/property';
import { diffJson, payloadJsonChanges, tryParseJson, type JsonValue } from './json';

describe('JSON diff, property', () => {
  it('compares any two payloads without a throw; a payload against itself has no changes', () => {
    const figures = checkEvery(fc.tuple(hostilePayload, hostilePayload), ([before, after]) => {
      const changes = payloadJsonChanges(before, after);
      // one expectation per case, not per change: the test's own cost stays out of the timing
      if (changes) expect(changes.every((c) => c.kind === 'added' || c.kind === 'removed' || c.kind === 'changed')).toBe(true);
      const same = payloadJsonChanges(after, after);
      if (same) expect(same).toEqual([]);
    });
    console.info(describeFigures('JSON diff', figures));
  });

  it('a value and a changed copy differ exactly at the changed leaf', () => {
    const figures = checkEvery(
      fc.tuple(fc.dictionary(fc.string({ unit: 'binary', maxLength: 12 }), fc.jsonValue({ maxDepth: 3 }), { minKeys: 1, maxKeys: 20 }), fc.nat(), fc.integer()),
      ([object, which, value]) => {
        const before = tryParseJson(JSON.stringify(object)) as Record<string, JsonValue>;
        const key = Object.keys(before)[which % Object.keys(before).length] as string;
        const after = { ...before, [key]: `changed ${value}` };
        const changes = diffJson(before, after);
        expect(changes.some((c) => c.kind === 'changed' || c.kind === 'added')).toBe(true);
        expect(diffJson(after, after)).toEqual([]);
      },
    );
    console.info(describeFigures('JSON diff of a changed copy', figures));
  });
});
