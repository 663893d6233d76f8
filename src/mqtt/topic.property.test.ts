/**
 * Topic names and filters over 100,000 generated cases each: the validators never throw and accept every
 * well-formed name and filter; the matcher agrees with the broker's own (qlobber, which Aedes matches
 * subscriptions with) on every generated pair; $-topics are never matched by a filter starting with a
 * wildcard (MQTT 4.7.2), which qlobber leaves to the broker.
 */
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkEvery, describeFigures, oddString } from '../../tools/testing/property';
import { compileTopicFilter, topicMatches, validateTopicFilter, validateTopicName } from './topic';

interface Qlobber {
  add(topic: string): void;
  test(topic: string, value: true): boolean;
}
const { QlobberTrue } = createRequire(import.meta.url)('qlobber') as { QlobberTrue: new (options: object) => Qlobber };

const level = fc.constantFrom('a', 'b', 'c', '', 'é', 'x y', '$s', '💥');
const topicName = fc
  .array(level, { minLength: 1, maxLength: 6 })
  .map((levels) => levels.join('/'))
  .filter((t) => t !== '');
const filter = fc
  .tuple(fc.array(fc.oneof(level, fc.constant('+')), { minLength: 1, maxLength: 6 }), fc.boolean())
  .map(([levels, hash]) => (hash ? [...levels.slice(0, -1), '#'] : levels).join('/'))
  .filter((f) => f !== '');

describe('topics, property', () => {
  it('the matcher agrees with the broker’s (qlobber) on generated filters and topics; $-topics stay out of wildcards', () => {
    const figures = checkEvery(fc.tuple(filter, topicName), ([f, t]) => {
      expect(validateTopicFilter(f)).toBeNull();
      expect(validateTopicName(t)).toBeNull();
      const ours = topicMatches(f, t);
      expect(compileTopicFilter(f)(t)).toBe(ours);
      if (t.startsWith('$')) {
        if (f.startsWith('+') || f.startsWith('#')) expect(ours).toBe(false);
        return;
      }
      const broker = new QlobberTrue({ wildcard_one: '+', wildcard_some: '#', separator: '/', match_empty_levels: true });
      broker.add(f);
      expect(ours).toBe(broker.test(t, true));
    });
    console.info(describeFigures('topic matcher against qlobber', figures));
  });

  it('validates any text without a throw, and what it accepts compiles and matches', () => {
    const figures = checkEvery(fc.tuple(oddString(60), oddString(60)), ([f, t]) => {
      const filterFault = validateTopicFilter(f);
      const nameFault = validateTopicName(t);
      expect(filterFault === null || typeof filterFault === 'string').toBe(true);
      expect(nameFault === null || typeof nameFault === 'string').toBe(true);
      if (filterFault === null && nameFault === null) expect(typeof topicMatches(f, t)).toBe('boolean');
    });
    console.info(describeFigures('topic validators', figures));
  });
});
