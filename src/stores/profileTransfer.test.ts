import { describe, expect, it } from 'vitest';
import { exportProfiles, importProfiles } from './profileTransfer';
import { newProfile } from './profileModel';

describe('profile import and export', () => {
  it('never exports a password, even a remembered one', () => {
    const profile = newProfile({ name: 'Lab', url: 'wss://lab:8884/mqtt', username: 'alice', password: 's3cret', rememberPassword: true });
    const text = exportProfiles([profile]);
    expect(text).not.toContain('s3cret');
    expect(JSON.parse(text)).toMatchObject({ format: 'mqttscope.profiles', version: 1, profiles: [{ name: 'Lab', username: 'alice' }] });
  });

  it('imports what it exported, with new ids and complete fields', () => {
    const a = newProfile({ name: 'A', url: 'ws://a:8080', protocolVersion: 5, willEnabled: true });
    const result = importProfiles(exportProfiles([a]));
    if (!result.ok) throw new Error(result.error);
    expect(result.profiles).toHaveLength(1);
    const [b] = result.profiles;
    expect(b?.id).not.toBe(a.id);
    expect(b).toMatchObject({ name: 'A', url: 'ws://a:8080', protocolVersion: 5, willEnabled: true, password: '' });
    expect(b?.will.qos).toBe(0);
  });

  it('fills fields an older file lacks, and skips profiles it cannot use', () => {
    const text = JSON.stringify({
      format: 'mqttscope.profiles',
      version: 1,
      profiles: [{ name: 'Old', url: 'ws://old:9001' }, { name: 'Bad', url: 'mqtt://tcp:1883' }],
    });
    const result = importProfiles(text);
    if (!result.ok) throw new Error(result.error);
    expect(result.profiles.map((p) => p.name)).toEqual(['Old']);
    expect(result.profiles[0]?.keepaliveSec).toBe(60);
    expect(result.skipped).toEqual(['Bad: its broker URL is not a ws:// or wss:// URL']);
  });

  it('refuses a profile with a wrong field by name, never half-imported, and keeps the good ones', () => {
    const good = JSON.parse(exportProfiles([newProfile({ name: 'Good', url: 'ws://good:9001' })])).profiles[0];
    const text = JSON.stringify({
      format: 'mqttscope.profiles',
      version: 1,
      profiles: [
        { ...good, name: 'Bad subs', subscriptions: [{ filter: 'a/#/b', qos: 7 }] },
        { ...good, name: 'Bad type', subscriptions: 's' },
        'not a profile',
        good,
      ],
    });
    const result = importProfiles(text);
    if (!result.ok) throw new Error(result.error);
    expect(result.profiles.map((p) => p.name)).toEqual(['Good']);
    expect(result.skipped).toEqual([
      'Bad subs: subscriptions[0].filter: "#" must be the last level of a filter: it already matches everything below "a".; subscriptions[0].qos: must be 0, 1 or 2',
      'Bad type: subscriptions: must be a list of subscriptions',
      'profile 3: not a profile (an object)',
    ]);
  });

  it('refuses a file far larger than any export before reading it', () => {
    const result = importProfiles(`{"format":"mqttscope.profiles","version":1,"profiles":[],"junk":"${'x'.repeat(6_000_000)}"}`);
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/^This file is 6\.0 MB/) });
  });

  it('explains files it cannot read', () => {
    expect(importProfiles('nope')).toEqual({ ok: false, error: expect.stringMatching(/not JSON/) });
    expect(importProfiles('{"a":1}')).toEqual({ ok: false, error: expect.stringMatching(/not an mqttscope profile export/) });
    expect(importProfiles('{"format":"mqttscope.profiles","version":9,"profiles":[]}')).toEqual({ ok: false, error: expect.stringMatching(/newer mqttscope/) });
  });
});
