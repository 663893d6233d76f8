import { describe, expect, it } from 'vitest';
import { profileProblems, toConnectionOptions, toUserProperties } from './profileOptions';
import { newProfile } from './profileModel';

describe('profile options', () => {
  it('maps a 3.1.1 profile without MQTT 5 extras', () => {
    const p = newProfile({ url: ' ws://b:9001 ', clientId: 'c', username: 'u', password: 'p', sessionExpirySec: 60, connectUserProperties: [{ key: 'a', value: 'b' }] });
    expect(toConnectionOptions(p)).toEqual({
      url: 'ws://b:9001',
      clientId: 'c',
      username: 'u',
      password: 'p',
      protocolVersion: 4,
      clean: true,
      keepaliveSec: 60,
      connectTimeoutMs: 10_000,
      reconnect: { enabled: true, initialDelayMs: 1_000, maxDelayMs: 30_000 },
    });
  });

  it('maps MQTT 5 properties and a will with its properties', () => {
    const p = newProfile({
      protocolVersion: 5,
      sessionExpirySec: 3600,
      receiveMaximum: 20,
      maximumPacketSize: 65_536,
      connectUserProperties: [{ key: 'app', value: 'mqttscope' }, { key: '', value: '' }],
      willEnabled: true,
      will: { topic: 'dash/status', payload: 'gone', qos: 1, retain: true, delaySec: 5, expirySec: 60, contentType: 'text/plain', userProperties: [{ key: 'k', value: '1' }, { key: 'k', value: '2' }] },
    });
    const o = toConnectionOptions(p);
    expect(o.sessionExpiryIntervalSec).toBe(3600);
    expect(o.receiveMaximum).toBe(20);
    expect(o.maximumPacketSize).toBe(65_536);
    expect(o.userProperties).toEqual({ app: 'mqttscope' });
    expect(o.will).toEqual({
      topic: 'dash/status',
      payload: 'gone',
      qos: 1,
      retain: true,
      properties: { willDelayInterval: 5, messageExpiryInterval: 60, contentType: 'text/plain', userProperties: { k: ['1', '2'] } },
    });
  });

  it('finds problems where they are', () => {
    expect(profileProblems(newProfile())).toEqual({});
    const bad = newProfile({
      url: 'http://x',
      protocolVersion: 5,
      receiveMaximum: 0,
      willEnabled: true,
      will: { ...newProfile().will, topic: 'a/#', delaySec: -1 },
      connectUserProperties: [{ key: '', value: 'v' }],
    });
    const problems = profileProblems(bad);
    expect(problems.url).toMatch(/Use ws:\/\//);
    expect(problems.receiveMaximum).toMatch(/from 1 to 65,535/);
    expect(problems.willTopic).toMatch(/^Will topic: .*wildcards/);
    expect(problems.willDelay).toMatch(/Will delay/);
    expect(problems.userProperties).toMatch(/needs a name/);
    // a will property without a name is reported at the will's properties, not the connect ones
    const willOnly = profileProblems(newProfile({ protocolVersion: 5, willEnabled: true, will: { ...newProfile().will, topic: 'dash/status', userProperties: [{ key: '', value: 'v' }] } }));
    expect(willOnly.willUserProperties).toMatch(/will user property needs a name/);
    expect(willOnly.userProperties).toBeUndefined();
    expect(profileProblems(newProfile({ clientId: '', clean: false })).clientId).toMatch(/needs a client ID/);
  });

  it('collects repeated user property names into lists', () => {
    expect(toUserProperties([{ key: 'a', value: '1' }, { key: 'a', value: '2' }, { key: 'b', value: '' }])).toEqual({ a: ['1', '2'], b: '' });
    expect(toUserProperties([])).toBeUndefined();
  });
});
