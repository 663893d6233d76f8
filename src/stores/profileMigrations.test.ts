import { describe, expect, it } from 'vitest';
import { loadProfiles, PROFILES_STORAGE_VERSION } from './profileMigrations';

/** What each earlier version of the app stored under mqttscope.profiles (its `state`), as it stored it. */
const V1_STATE = {
  selectedId: 'p1',
  profiles: [
    {
      id: 'p1',
      name: 'Lab',
      url: 'wss://lab.example:8884/mqtt',
      clientId: 'mqttscope-1',
      username: 'alice',
      password: '',
      rememberPassword: false,
      protocolVersion: 5,
      clean: true,
      keepaliveSec: 30,
      connectTimeoutMs: 10000,
      reconnect: { enabled: true, initialDelayMs: 1000, maxDelayMs: 30000 },
      will: { topic: 'dash/status', payload: 'gone', qos: 1, retain: true, properties: { willDelayInterval: 5, userProperties: { who: ['a', 'b'] } } },
      subscriptions: [{ filter: 'lab/#', qos: 1, color: '#0ea5e9' }],
      messageCap: 50000,
    },
    { id: 'p2', name: 'No will', url: 'ws://127.0.0.1:9001', clientId: 'x', username: '', password: '', rememberPassword: false, protocolVersion: 4, clean: true, keepaliveSec: 60, connectTimeoutMs: 10000, reconnect: { enabled: true, initialDelayMs: 1000, maxDelayMs: 30000 }, subscriptions: [], messageCap: 50000 },
  ],
};

const V2_STATE = {
  selectedId: 'q1',
  profiles: [
    {
      id: 'q1',
      name: 'Home',
      url: 'ws://pi.local:9001',
      clientId: 'home-dash',
      username: '',
      password: '',
      rememberPassword: false,
      protocolVersion: 4,
      clean: false,
      keepaliveSec: 60,
      connectTimeoutMs: 10000,
      reconnect: { enabled: true, initialDelayMs: 1000, maxDelayMs: 30000 },
      willEnabled: false,
      will: { topic: '', payload: '', qos: 0, retain: false, delaySec: null, expirySec: null, contentType: '', userProperties: [] },
      sessionExpirySec: null,
      receiveMaximum: null,
      maximumPacketSize: null,
      connectUserProperties: [],
      subscriptions: [{ filter: 'tele/#', qos: 0, color: '#f97316', muted: true }],
      messageCap: 10000,
    },
  ],
};

describe('stored profiles from every earlier version load, migrated and checked', () => {
  it('version 1: the will message becomes the will settings, and every later field gets its default', () => {
    const loaded = loadProfiles(V1_STATE, 1);
    expect(loaded.setAside).toEqual([]);
    expect(loaded.selectedId).toBe('p1');
    const [lab, plain] = loaded.profiles;
    expect(lab).toMatchObject({
      name: 'Lab',
      willEnabled: true,
      will: { topic: 'dash/status', payload: 'gone', qos: 1, retain: true, delaySec: 5, expirySec: null, contentType: '', userProperties: [{ key: 'who', value: 'a' }, { key: 'who', value: 'b' }] },
      templates: [],
      charts: { panels: [] },
      reconnectOnLoad: true,
    });
    expect(plain).toMatchObject({ willEnabled: false, will: { topic: '' } });
  });

  it('version 2: fields added without a bump (templates, presence, charts) are filled in', () => {
    const loaded = loadProfiles(V2_STATE, 2);
    expect(loaded.setAside).toEqual([]);
    expect(loaded.profiles[0]).toMatchObject({ name: 'Home', clean: false, subscriptions: [{ filter: 'tele/#', muted: true }], presence: { staleFactor: 3, custom: [] }, reconnectOnLoad: true });
  });

  it(`version ${PROFILES_STORAGE_VERSION} (today): kept as it is`, () => {
    const today = loadProfiles(V2_STATE, 2);
    const again = loadProfiles({ profiles: today.profiles, selectedId: today.selectedId }, PROFILES_STORAGE_VERSION);
    expect(again).toEqual(today);
  });

  it('a profile of the wrong shape is set aside by field name with its raw data; the others load', () => {
    const good = loadProfiles(V2_STATE, 2).profiles[0];
    const broken = { ...good, id: 'bad', name: 'Broken', subscriptions: 's', messageCap: 'lots' };
    const loaded = loadProfiles({ profiles: [broken, good, null], selectedId: 'bad' }, PROFILES_STORAGE_VERSION);
    expect(loaded.profiles.map((p) => p.name)).toEqual(['Home']);
    expect(loaded.selectedId).toBe('q1');
    expect(loaded.setAside).toHaveLength(2);
    expect(loaded.setAside[0]).toMatchObject({ name: 'Broken', problems: ['subscriptions: must be a list of subscriptions', 'messageCap: must be a whole number'] });
    expect(JSON.parse(loaded.setAside[0]?.raw ?? '')).toMatchObject({ subscriptions: 's' });
    expect(loaded.setAside[1]?.problems).toEqual(['must be a profile (an object)']);
  });

  it('trust 3: the connections that were open are remembered, only for profiles that loaded', () => {
    const today = loadProfiles(V2_STATE, 2);
    const again = loadProfiles({ profiles: today.profiles, selectedId: null, openIds: ['q1', 'gone', 7] }, PROFILES_STORAGE_VERSION);
    expect(again.openIds).toEqual(['q1']);
  });

  it('junk instead of a state loads nothing and sets nothing aside wrongly', () => {
    expect(loadProfiles(undefined, 1)).toEqual({ profiles: [], selectedId: null, openIds: [], setAside: [] });
    expect(loadProfiles({ profiles: 'x' }, 3).setAside[0]?.problems).toEqual(['profiles: must be a list of profiles']);
  });
});
