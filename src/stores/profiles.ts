/**
 * Connection profiles: what the user saved, persisted in localStorage.
 * Only configuration is persisted, never the stream. A password is persisted only when the user ticked
 * "Remember password"; otherwise it lives in memory for this page only.
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { PUBLIC_BROKERS } from '../mqtt/brokerUrl';
import type { ProtocolVersion, QoS, ReconnectPolicy, SubscriptionOptions } from '../mqtt/types';
import { DEFAULT_MESSAGE_CAP } from '../data/messageLog';
import type { PublishDraft } from '../data/publishDraft';
import { DEFAULT_CHARTS, type ChartSettings } from '../data/charts';
import type { PresenceRule } from '../data/presence';
import { DEFAULT_STALE_FACTOR } from '../data/devices';
import { SERIES_COLORS } from '../data/palette';
import { newClientId, newId } from './ids';

export interface SavedSubscription {
  filter: string;
  qos: QoS;
  options?: SubscriptionOptions;
  /** Marks this subscription's messages in lists. */
  color?: string;
  /** Still subscribed, but its messages are hidden from the list. */
  muted?: boolean;
}

export interface KeyValue {
  key: string;
  value: string;
}

/** The last will as the form edits it; numbers left empty are not sent. */
export interface WillSettings {
  topic: string;
  payload: string;
  qos: QoS;
  retain: boolean;
  /** MQTT 5 */
  delaySec: number | null;
  expirySec: number | null;
  contentType: string;
  userProperties: KeyValue[];
}

/** What the user tells about a device: it is kept in the browser and travels with exported profiles. */
export interface RegistryEntry {
  name: string;
  type: string;
  gateway: string;
}

export interface PresenceSettings {
  /** Preset rule ids switched off. */
  disabledPresets: string[];
  /** Rules the user wrote. */
  custom: PresenceRule[];
  /** Browser notifications when a device goes offline or comes back. */
  notifications: boolean;
  /** Stale after this many usual intervals of silence. */
  staleFactor: number;
  /** By device key. */
  registry: Record<string, RegistryEntry>;
}

export interface PublishTemplate {
  name: string;
  draft: PublishDraft;
}

export interface Profile {
  id: string;
  name: string;
  url: string;
  clientId: string;
  username: string;
  password: string;
  rememberPassword: boolean;
  protocolVersion: ProtocolVersion;
  clean: boolean;
  keepaliveSec: number;
  connectTimeoutMs: number;
  reconnect: ReconnectPolicy;
  willEnabled: boolean;
  will: WillSettings;
  /** MQTT 5 CONNECT properties; null is "not sent". */
  sessionExpirySec: number | null;
  receiveMaximum: number | null;
  maximumPacketSize: number | null;
  connectUserProperties: KeyValue[];
  subscriptions: SavedSubscription[];
  /** Saved publishes, by name. */
  templates: PublishTemplate[];
  presence: PresenceSettings;
  /** Chart panels and their series. */
  charts: ChartSettings;
  messageCap: number;
  /** 'demo': the broker `npm start` runs (its URL comes from the environment on every load). */
  preset?: 'demo' | 'public';
}

export const DEMO_PROFILE_ID = 'demo';

export const DEFAULT_RECONNECT: ReconnectPolicy = { enabled: true, initialDelayMs: 1_000, maxDelayMs: 30_000 };

export function newProfile(fields: Partial<Profile> = {}): Profile {
  return {
    id: newId('p'),
    name: 'New connection',
    url: 'ws://127.0.0.1:9001',
    clientId: newClientId(),
    username: '',
    password: '',
    rememberPassword: false,
    protocolVersion: 4,
    clean: true,
    keepaliveSec: 60,
    connectTimeoutMs: 10_000,
    reconnect: { ...DEFAULT_RECONNECT },
    willEnabled: false,
    will: { topic: '', payload: '', qos: 0, retain: false, delaySec: null, expirySec: null, contentType: '', userProperties: [] },
    sessionExpirySec: null,
    receiveMaximum: null,
    maximumPacketSize: null,
    connectUserProperties: [],
    subscriptions: [],
    templates: [],
    presence: { disabledPresets: [], custom: [], notifications: false, staleFactor: DEFAULT_STALE_FACTOR, registry: {} },
    charts: { ...DEFAULT_CHARTS, panels: [] },
    messageCap: DEFAULT_MESSAGE_CAP,
    ...fields,
  };
}

function presetProfiles(demoUrl: string | null): Profile[] {
  const profiles: Profile[] = [];
  if (demoUrl) {
    profiles.push(
      newProfile({ id: DEMO_PROFILE_ID, name: 'Local demo broker', url: demoUrl, preset: 'demo', subscriptions: [{ filter: '#', qos: 0, color: SERIES_COLORS[0] }] }),
    );
  }
  for (const broker of PUBLIC_BROKERS) {
    profiles.push(
      newProfile({
        id: `public-${broker.host}`,
        name: broker.name,
        url: `wss://${broker.host}:${broker.wss.port}${broker.wss.path}`,
        preset: 'public',
        subscriptions: [{ filter: 'mqttscope/#', qos: 0, color: SERIES_COLORS[0] }],
      }),
    );
  }
  return profiles;
}

interface ProfilesState {
  profiles: Profile[];
  selectedId: string | null;
  select(id: string): void;
  add(fields?: Partial<Profile>): Profile;
  update(id: string, patch: Partial<Profile>): void;
  remove(id: string): void;
  duplicate(id: string): Profile | null;
  addSubscription(id: string, subscription: SavedSubscription): void;
  removeSubscription(id: string, filter: string): void;
  updateSubscription(id: string, filter: string, patch: Partial<Omit<SavedSubscription, 'filter'>>): void;
  /** Makes the demo profile match the broker this page was started with (or removes it). */
  syncDemo(demoUrl: string | null): void;
  saveTemplate(id: string, template: PublishTemplate): void;
  removeTemplate(id: string, name: string): void;
  /** Adds imported profiles (already checked and given new ids). */
  addMany(profiles: Profile[]): void;
}

export const PROFILES_STORAGE_KEY = 'mqttscope.profiles';
/** Bump when Profile changes shape; `migrate` brings older saved profiles forward. */
export const PROFILES_STORAGE_VERSION = 2;

/** A saved or imported profile with every field present (defaults for what it lacks). */
export function completeProfile(partial: Partial<Profile>): Profile {
  const base = newProfile();
  return {
    ...base,
    ...partial,
    reconnect: { ...base.reconnect, ...partial.reconnect },
    will: { ...base.will, ...partial.will },
    presence: { ...base.presence, ...partial.presence },
    charts: { ...base.charts, ...partial.charts },
    id: partial.id ?? base.id,
  };
}

export const useProfilesStore = create<ProfilesState>()(
  persist(
    (set, get) => ({
      profiles: presetProfiles(null),
      selectedId: null,
      select: (id) => set({ selectedId: id }),
      add: (fields) => {
        const profile = newProfile(fields);
        set((s) => ({ profiles: [...s.profiles, profile], selectedId: profile.id }));
        return profile;
      },
      update: (id, patch) =>
        set((s) => ({ profiles: s.profiles.map((p) => (p.id === id ? { ...p, ...patch } : p)) })),
      remove: (id) =>
        set((s) => {
          const profiles = s.profiles.filter((p) => p.id !== id);
          return { profiles, selectedId: s.selectedId === id ? (profiles[0]?.id ?? null) : s.selectedId };
        }),
      duplicate: (id) => {
        const source = get().profiles.find((p) => p.id === id);
        if (!source) return null;
        const { preset: _preset, ...rest } = source;
        return get().add({ ...rest, id: newId('p'), name: `${source.name} (copy)`, clientId: newClientId() });
      },
      addSubscription: (id, subscription) =>
        set((s) => ({
          profiles: s.profiles.map((p) =>
            p.id === id
              ? { ...p, subscriptions: [...p.subscriptions.filter((x) => x.filter !== subscription.filter), subscription] }
              : p,
          ),
        })),
      removeSubscription: (id, filter) =>
        set((s) => ({
          profiles: s.profiles.map((p) => (p.id === id ? { ...p, subscriptions: p.subscriptions.filter((x) => x.filter !== filter) } : p)),
        })),
      updateSubscription: (id, filter, patch) =>
        set((s) => ({
          profiles: s.profiles.map((p) =>
            p.id === id ? { ...p, subscriptions: p.subscriptions.map((x) => (x.filter === filter ? { ...x, ...patch } : x)) } : p,
          ),
        })),
      saveTemplate: (id, template) =>
        set((s) => ({
          profiles: s.profiles.map((p) =>
            p.id === id ? { ...p, templates: [...p.templates.filter((t) => t.name !== template.name), template].sort((a, b) => a.name.localeCompare(b.name)) } : p,
          ),
        })),
      removeTemplate: (id, name) =>
        set((s) => ({ profiles: s.profiles.map((p) => (p.id === id ? { ...p, templates: p.templates.filter((t) => t.name !== name) } : p)) })),
      addMany: (profiles) => set((s) => ({ profiles: [...s.profiles, ...profiles], selectedId: profiles[0]?.id ?? s.selectedId })),
      syncDemo: (demoUrl) =>
        set((s) => {
          const existing = s.profiles.find((p) => p.id === DEMO_PROFILE_ID);
          if (!demoUrl) return existing ? { profiles: s.profiles.filter((p) => p.id !== DEMO_PROFILE_ID) } : s;
          if (existing) {
            return { profiles: s.profiles.map((p) => (p.id === DEMO_PROFILE_ID ? { ...p, url: demoUrl } : p)) };
          }
          const demo = presetProfiles(demoUrl)[0] as Profile;
          return { profiles: [demo, ...s.profiles], selectedId: s.selectedId ?? DEMO_PROFILE_ID };
        }),
    }),
    {
      name: PROFILES_STORAGE_KEY,
      version: PROFILES_STORAGE_VERSION,
      storage: createJSONStorage(() => localStorage),
      // Older versions lack fields added since: fill them with today's defaults.
      migrate: (persisted) => {
        const state = (persisted ?? {}) as { profiles?: Array<Partial<Profile>>; selectedId?: string | null };
        return { selectedId: state.selectedId ?? null, profiles: (state.profiles ?? []).map((p) => completeProfile(p)) } as ProfilesState;
      },
      partialize: (state) => ({
        selectedId: state.selectedId,
        profiles: state.profiles.map((p) => (p.rememberPassword ? p : { ...p, password: '' })),
      }),
    },
  ),
);

export const selectSelectedProfile = (s: ProfilesState): Profile | undefined =>
  s.profiles.find((p) => p.id === s.selectedId) ?? s.profiles[0];
