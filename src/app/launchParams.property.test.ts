/**
 * The launch-link parser over 100,000 generated links: odd and repeated parameters, odd Unicode, huge
 * values, broken percent-escapes. Parsing, the broker check and the profile a link opens never throw,
 * never carry a password, and no case takes 200 ms.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkEvery, describeFigures, oddString } from '../../tools/testing/property';
import { checkBrokerUrl } from '../mqtt/brokerUrl';
import { validateTopicFilter } from '../mqtt/topic';
import { newProfile } from '../stores/profileModel';
import { checkProfile } from '../stores/profileSchema';
import { linkProfileFields, parseLaunchParams } from './launchParams';

const keys = fc.constantFrom('broker', 'subscribe', 'qos', 'connect', 'version', 'username', 'clientId', 'name', 'capture', 'password', 'view', 'layout', '__proto__', '');
const values = fc.oneof(
  oddString(40),
  fc.constantFrom('ws://127.0.0.1:9001/mqtt', 'wss://broker.hivemq.com:8884/mqtt', 'javascript:alert(1)', 'ws://user:pw@host', 'a/#/b', '#', '5', '3.1.1', '2', '1', 'off', 'x'.repeat(5_000)),
);
const link = fc.oneof(
  { arbitrary: fc.array(fc.tuple(keys, values), { maxLength: 12 }).map((pairs) => `?${new URLSearchParams(pairs).toString()}`), weight: 4 },
  { arbitrary: oddString(300), weight: 1 },
  { arbitrary: fc.array(fc.constantFrom('?', '&', '=', '%', '%E0%A4%A', '%ZZ', '+', 'broker', 'ws://h', '#'), { maxLength: 30 }).map((parts) => parts.join('')), weight: 1 },
);

describe('launch-link parser, property', () => {
  it('parses any link without a throw, and what it opens has no password and passes or fails the schema by name', () => {
    const figures = checkEvery(link, (search) => {
      const launch = parseLaunchParams(search);
      if (!launch) return;
      expect(launch.broker.length).toBeGreaterThan(0);
      checkBrokerUrl(launch.broker);
      for (const filter of launch.subscribe) validateTopicFilter(filter);
      const fields = linkProfileFields(launch);
      expect(fields).not.toHaveProperty('password');
      const checked = checkProfile(newProfile(fields));
      if (checked.ok) expect(checked.profile.password).toBe('');
      else expect(checked.problems.length).toBeGreaterThan(0);
    });
    console.info(describeFigures('launch-link parser', figures));
  });
});
