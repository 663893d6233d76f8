/**
 * The profile schema over 100,000 generated profiles: valid ones with a field (or a subscription's
 * field) replaced by anything, and values that are not profiles at all. Checking, importing and loading
 * never throw; what passes passes again unchanged; what fails names the field; no case takes 200 ms.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkEvery, describeFigures, oddString } from '../../tools/testing/property';
import { loadProfiles, PROFILES_STORAGE_VERSION } from './profileMigrations';
import { newProfile } from './profileModel';
import { checkProfile } from './profileSchema';
import { importProfiles, PROFILE_FILE_FORMAT } from './profileTransfer';

const base = { ...newProfile({ name: 'Lab', url: 'ws://127.0.0.1:9001', subscriptions: [{ filter: 'a/#', qos: 1 }] }) };
const fields = Object.keys(base);
const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  oddString(60),
  fc.constantFrom(null, -1, 1e308, Number.NaN, -0, 7, '', 'lots', [null], [{}], { filter: 'a/#/b', qos: 7 }, 'x'.repeat(70_000)),
);

const mutated = fc.oneof(
  { arbitrary: fc.tuple(fc.constantFrom(...fields), hostileValue).map(([field, value]) => ({ ...base, [field]: value })), weight: 4 },
  {
    arbitrary: fc.tuple(fc.constantFrom('filter', 'qos', 'options', 'color', 'muted'), hostileValue).map(([field, value]) => ({
      ...base,
      subscriptions: [{ filter: 'a/#', qos: 1, [field]: value }],
    })),
    weight: 2,
  },
  { arbitrary: fc.tuple(fc.constantFrom(...fields), fc.constantFrom(...fields)).map(([a, b]) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== a && k !== b))), weight: 1 },
  { arbitrary: fc.anything({ maxDepth: 3 }), weight: 1 },
);

describe('profile schema, property', () => {
  it('checks, imports and loads any profile without a throw; refusals name their field', () => {
    const figures = checkEvery(mutated, (raw) => {
      const checked = checkProfile(raw);
      if (checked.ok) {
        const again = checkProfile(JSON.parse(JSON.stringify(checked.profile)));
        expect(again.ok && again.profile).toEqual(checked.profile);
      } else {
        expect(checked.problems.length).toBeGreaterThan(0);
        for (const problem of checked.problems) expect(typeof problem).toBe('string');
      }
      let json: string | undefined;
      try {
        json = JSON.stringify(raw);
      } catch {
        json = undefined; // not JSON (a bigint, say): a file could not hold it
      }
      if (json === undefined) return;
      const imported = importProfiles(`{"format":"${PROFILE_FILE_FORMAT}","version":1,"profiles":[${json}]}`);
      if (imported.ok) expect(imported.profiles.length + imported.skipped.length).toBe(1);
      const loaded = loadProfiles(JSON.parse(`{"profiles":[${json}]}`), PROFILES_STORAGE_VERSION);
      expect(loaded.profiles.length + loaded.setAside.length).toBe(1);
    });
    console.info(describeFigures('profile schema', figures));
  });
});
