import { describe, expect, it } from 'vitest';
import { newProfile } from './profileModel';
import { checkProfile } from './profileSchema';

const problemsOf = (patch: Record<string, unknown>) => {
  const result = checkProfile({ ...newProfile(), ...patch });
  return result.ok ? [] : result.problems;
};

describe('the profile schema', () => {
  it('accepts a new profile, and drops fields it does not know', () => {
    const result = checkProfile({ ...newProfile({ name: 'x' }), unknownThing: 1 });
    expect(result.ok).toBe(true);
    if (result.ok) expect('unknownThing' in result.profile).toBe(false);
  });

  it('refuses wrong types by field name (the imports that blanked the app)', () => {
    expect(problemsOf({ subscriptions: 's' })).toEqual(['subscriptions: must be a list of subscriptions']);
    expect(problemsOf({ subscriptions: [null] })).toEqual(['subscriptions[0]: Invalid type: Expected Object but received null']);
    expect(problemsOf({ protocolVersion: 5, connectUserProperties: 'x' })).toEqual(['connectUserProperties: must be a list of names and values']);
    expect(problemsOf({ messageCap: 'lots' })).toEqual(['messageCap: must be a whole number']);
    expect(problemsOf({ keepaliveSec: 'abc' })).toEqual(['keepaliveSec: must be a whole number']);
  });

  it('refuses invalid subscriptions with the reason', () => {
    expect(problemsOf({ subscriptions: [{ filter: 'a/#/b', qos: 7 }] })).toEqual([
      'subscriptions[0].filter: "#" must be the last level of a filter: it already matches everything below "a".',
      'subscriptions[0].qos: must be 0, 1 or 2',
    ]);
  });

  it('checks ranges: keep-alive, timeouts that would overflow a timer, client IDs MQTT cannot carry', () => {
    expect(problemsOf({ keepaliveSec: 70_000 })).toEqual(['keepaliveSec: must be 65,535 or less']);
    expect(problemsOf({ connectTimeoutMs: 3_000_000_000 })).toEqual(['connectTimeoutMs: must be 600,000 or less']);
    expect(problemsOf({ clientId: 'a\u0000b' })).toEqual(['clientId: A client ID must not contain U+0000']);
    expect(problemsOf({ clientId: 'x'.repeat(65_536) })).toEqual(['clientId: A client ID is longer than MQTT allows (65,535 bytes)']);
  });

  it('refuses credentials in the broker URL', () => {
    expect(problemsOf({ url: 'ws://user:password@host:9001' })).toEqual(['url: must not carry a user name or password: use the Username and Password fields']);
  });
});
