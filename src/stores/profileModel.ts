/**
 * What a connection profile is: its fields, a new profile's defaults and the presets. No store here:
 * the schema, the migrations and the store all build on it.
 */
import { PUBLIC_BROKERS } from '../mqtt/brokerUrl';
import type { ProtocolVersion, QoS, ReconnectPolicy, SubscriptionOptions } from '../mqtt/types';
import { DEFAULT_CHARTS, type ChartSettings } from '../data/charts';
import { DEFAULT_STALE_FACTOR } from '../data/devices';
import { DEFAULT_MESSAGE_CAP } from '../data/messageLog';
import { DEFAULT_HOME, type HomeSettings } from '../data/home/settings';
import { SERIES_COLORS } from '../data/palette';
import type { PresenceRule } from '../data/presence';
import { DEFAULT_DECODERS, type DecoderSettings } from '../data/decoders/payloadDecoders';
import type { PublishDraft } from '../data/publishDraft';
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
  /** The REST device registry the Devices view reads and writes through ('' when not linked). */
  registryUrl: string;
}

export interface PublishTemplate {
  name: string;
  draft: PublishDraft;
}

/** One saved message of a deck: sent with one click, or its shortcut (Alt+1 to Alt+9). */
export interface DeckMessage {
  name: string;
  draft: PublishDraft;
}

/** A named set of saved messages with variables ({{device}}), shared as a file or a link. */
export interface Deck {
  id: string;
  name: string;
  /** User variables, replaced in topics and payloads: {{key}} -> value. */
  variables: KeyValue[];
  messages: DeckMessage[];
}

/**
 * Whether this connection's stream is kept in the browser (IndexedDB) across reloads: 'ask' until the user
 * answers once, 'on', or 'off' (private: nothing is stored).
 */
export type HistoryMode = 'ask' | 'on' | 'off';

export interface HistorySettings {
  mode: HistoryMode;
  /** Bytes of history kept, in MB; the oldest go first beyond it. */
  budgetMB: number;
}

export const DEFAULT_HISTORY_BUDGET_MB = 256;

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
  /** Publish decks: named sets of saved messages sent with one click. */
  decks: Deck[];
  /** Which decoder reads which topic (Sparkplug B, protobuf, CBOR, MessagePack). */
  decoders: DecoderSettings;
  presence: PresenceSettings;
  /** Chart panels and their series. */
  charts: ChartSettings;
  messageCap: number;
  history: HistorySettings;
  /** The Home view: discovery prefix, tile order and rooms, pinned values, alerts. */
  home: HomeSettings;
  /** Connect again by itself after a reload, if it was connected. */
  reconnectOnLoad: boolean;
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
    decks: [],
    decoders: { ...DEFAULT_DECODERS, rules: [] },
    presence: { disabledPresets: [], custom: [], notifications: false, staleFactor: DEFAULT_STALE_FACTOR, registry: {}, registryUrl: '' },
    charts: { ...DEFAULT_CHARTS, panels: [] },
    messageCap: DEFAULT_MESSAGE_CAP,
    history: { mode: fields.preset === 'demo' ? 'on' : 'ask', budgetMB: DEFAULT_HISTORY_BUDGET_MB },
    home: { ...DEFAULT_HOME, order: [], rooms: {}, pinned: [], alerts: DEFAULT_HOME.alerts.map((a) => ({ ...a })) },
    reconnectOnLoad: true,
    ...fields,
  };
}

export function presetProfiles(demoUrl: string | null): Profile[] {
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

