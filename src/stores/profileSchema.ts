/**
 * The one schema every profile passes, whether it comes from this browser's storage, an imported file or
 * a change in the form: each field's type and range, checked with valibot. What fails is refused by the
 * field's name ("subscriptions[0].qos: ..."), never stored.
 */
import * as v from 'valibot';
import { validateTopicFilter } from '../mqtt/topic';
import { describeIssue } from '../data/schemaIssue';
import { registryUrlProblem } from '../data/registryClient';
import { MAX_MESSAGE_CAP, MIN_MESSAGE_CAP } from '../data/messageLog';
import type { Profile } from './profileModel';

const UINT32_MAX = 4_294_967_295;
/** MQTT strings are at most 65,535 bytes of UTF-8 (MQTT 5.0 §1.5.4). */
const MQTT_STRING_BYTES = 65_535;

const utf8Bytes = (s: string) => new TextEncoder().encode(s).byteLength;

const text = (max: number, what = 'text') => v.pipe(v.string(`must be ${what}`), v.maxLength(max, `must be at most ${max.toLocaleString('en')} characters`));
const int = (min: number, max: number, what = 'a whole number') =>
  v.pipe(
    v.number(`must be ${what}`),
    v.integer(`must be ${what}`),
    v.minValue(min, `must be ${min.toLocaleString('en')} or more`),
    v.maxValue(max, `must be ${max.toLocaleString('en')} or less`),
    v.transform((n) => n + 0), // -0 is stored as 0
  );
const flag = v.boolean('must be true or false');
const qos = v.pipe(
  v.picklist([0, 1, 2], 'must be 0, 1 or 2'),
  v.transform((n) => (n + 0) as 0 | 1 | 2), // -0 is stored as 0
);
const mqttString = (what: string) =>
  v.pipe(
    v.string(`must be text`),
    v.check((s) => !s.includes('\u0000'), `${what} must not contain U+0000`),
    v.check((s) => utf8Bytes(s) <= MQTT_STRING_BYTES, `${what} is longer than MQTT allows (65,535 bytes)`),
  );
const topicFilter = v.pipe(
  v.string('must be a topic filter'),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const fault = validateTopicFilter(dataset.value);
    if (fault) addIssue({ message: fault });
  }),
);
const color = v.pipe(v.string('must be a colour'), v.regex(/^#[0-9a-f]{6}$/i, 'must be a colour such as #0ea5e9'));
const keyValues = v.pipe(v.array(v.object({ key: text(1_000), value: text(10_000) }), 'must be a list of names and values'), v.maxLength(100, 'may hold at most 100 entries'));

const SubscriptionSchema = v.object({
  filter: topicFilter,
  qos,
  options: v.optional(
    v.object({
      noLocal: v.optional(flag),
      retainAsPublished: v.optional(flag),
      retainHandling: v.optional(qos),
      subscriptionIdentifier: v.optional(int(1, 268_435_455)),
    }),
  ),
  color: v.optional(color),
  muted: v.optional(flag),
});

const DraftSchema = v.object({
  topic: text(65_535),
  payload: text(1_000_000),
  format: v.picklist(['text', 'json', 'hex', 'base64'], 'must be text, json, hex or base64'),
  qos,
  retain: flag,
  properties: v.object({
    contentType: text(1_000),
    utf8: v.nullable(flag),
    expirySec: v.nullable(int(0, UINT32_MAX)),
    responseTopic: text(65_535),
    correlationData: text(65_535),
    userProperties: keyValues,
    topicAlias: v.nullable(int(1, 65_535)),
  }),
});

const DeckSchema = v.object({
  id: text(100),
  name: v.pipe(text(200), v.minLength(1, 'must not be empty')),
  variables: keyValues,
  messages: v.pipe(v.array(v.object({ name: text(200), draft: DraftSchema }), 'must be a list of messages'), v.maxLength(500, 'may hold at most 500 messages')),
});

/** A deck on its own, as a deck file or a link carries it. */
export const DeckFileSchema = v.object({
  kind: v.literal('mqttscope-deck', 'must be "mqttscope-deck" (this is not a deck file)'),
  version: v.literal(1, 'must be 1'),
  deck: DeckSchema,
});

const DecoderRuleSchema = v.object({
  filter: topicFilter,
  kind: v.picklist(['protobuf', 'cbor', 'msgpack', 'sparkplug', 'coap'], 'must be protobuf, cbor, msgpack, sparkplug or coap'),
  proto: v.optional(text(1_000_000)),
  messageType: v.optional(text(500)),
});

const PresenceState = v.picklist(['online', 'offline', 'init', 'sleeping', 'alert', 'unknown'], 'must be a presence state');
const RuleSchema = v.object({
  id: text(100),
  name: text(200),
  pattern: text(1_000),
  online: v.array(text(200)),
  offline: v.array(text(200)),
  other: v.optional(v.record(v.string(), PresenceState)),
  jsonPath: v.optional(text(200)),
  telemetry: v.array(text(1_000)),
  deviceIs: v.optional(text(200)),
  custom: v.optional(flag),
});

const SeriesSchema = v.object({ id: text(100), filter: topicFilter, path: text(1_000), color, unit: text(20), booleans: flag });
const PanelSchema = v.object({
  id: text(100),
  title: text(200),
  window: v.picklist(['30s', '1m', '5m', '15m', '1h', '6h', '24h', '7d', 'all'], 'must be a time window'),
  series: v.pipe(v.array(SeriesSchema), v.maxLength(50, 'may hold at most 50 series')),
});

export const ProfileSchema = v.object({
  id: text(100),
  name: text(200),
  url: v.pipe(text(2_048), v.check((u) => !/^wss?:\/\/[^/]*@/i.test(u), 'must not carry a user name or password: use the Username and Password fields')),
  clientId: mqttString('A client ID'),
  username: mqttString('A user name'),
  password: text(65_535),
  rememberPassword: flag,
  protocolVersion: v.picklist([4, 5], 'must be 4 (MQTT 3.1.1) or 5 (MQTT 5.0)'),
  clean: flag,
  keepaliveSec: int(0, 65_535),
  connectTimeoutMs: int(1_000, 600_000),
  reconnect: v.object({ enabled: flag, initialDelayMs: int(100, 60_000), maxDelayMs: int(1_000, 3_600_000) }),
  reconnectOnLoad: flag,
  willEnabled: flag,
  will: v.object({
    topic: text(65_535),
    payload: text(1_000_000),
    qos,
    retain: flag,
    delaySec: v.nullable(int(0, UINT32_MAX)),
    expirySec: v.nullable(int(0, UINT32_MAX)),
    contentType: text(1_000),
    userProperties: keyValues,
  }),
  sessionExpirySec: v.nullable(int(0, UINT32_MAX)),
  receiveMaximum: v.nullable(int(1, 65_535)),
  maximumPacketSize: v.nullable(int(1, 268_435_460)),
  connectUserProperties: keyValues,
  subscriptions: v.pipe(v.array(SubscriptionSchema, 'must be a list of subscriptions'), v.maxLength(500, 'may hold at most 500 subscriptions')),
  templates: v.pipe(v.array(v.object({ name: text(200), draft: DraftSchema }), 'must be a list of templates'), v.maxLength(500, 'may hold at most 500 templates')),
  decks: v.pipe(v.array(DeckSchema, 'must be a list of decks'), v.maxLength(100, 'may hold at most 100 decks')),
  decoders: v.object({ sparkplug: flag, rules: v.pipe(v.array(DecoderRuleSchema), v.maxLength(100, 'may hold at most 100 decoder rules')) }),
  presence: v.object({
    disabledPresets: v.array(text(100)),
    custom: v.pipe(v.array(RuleSchema), v.maxLength(200, 'may hold at most 200 rules')),
    notifications: flag,
    staleFactor: v.pipe(v.number('must be a number'), v.minValue(1, 'must be 1 or more'), v.maxValue(1_000, 'must be 1,000 or less')),
    registry: v.record(text(1_000), v.object({ name: text(200), type: text(200), gateway: text(200) })),
    registryUrl: v.pipe(text(2_000), v.check((url) => registryUrlProblem(url) === null, (issue) => registryUrlProblem(String(issue.input)) ?? 'must be a registry URL')),
  }),
  charts: v.object({
    panels: v.pipe(v.array(PanelSchema), v.maxLength(100, 'may hold at most 100 panels')),
    capacity: int(100, 2_000_000),
  }),
  messageCap: int(MIN_MESSAGE_CAP, MAX_MESSAGE_CAP),
  history: v.object({ mode: v.picklist(['ask', 'on', 'off'], 'must be ask, on or off'), budgetMB: int(1, 1_000_000) }),
  home: v.object({
    discoveryPrefix: v.pipe(text(200), v.minLength(1, 'must not be empty'), v.check((p) => !/[#+]/.test(p) && !p.endsWith('/'), 'must be a topic prefix: no wildcards, no "/" at the end')),
    groupBy: v.picklist(['device', 'room'], 'must be device or room'),
    order: v.pipe(v.array(text(1_000)), v.maxLength(10_000, 'may hold at most 10,000 tiles')),
    rooms: v.record(text(1_000), text(100)),
    pinned: v.pipe(v.array(v.object({ id: text(1_000), topic: text(65_535), path: text(1_000), name: text(200), unit: text(20) })), v.maxLength(500, 'may hold at most 500 pinned values')),
    alerts: v.pipe(
      v.array(
        v.object({
          id: text(100),
          tile: text(1_000),
          kind: v.picklist(['above', 'below', 'silent', 'offline'], 'must be above, below, silent or offline'),
          threshold: v.pipe(v.number('must be a number'), v.finite('must be a finite number')),
          forSec: int(0, 7 * 86_400),
          enabled: flag,
        }),
      ),
      v.maxLength(500, 'may hold at most 500 alerts'),
    ),
    confirmCommands: flag,
    notifications: flag,
  }),
  preset: v.optional(v.picklist(['demo', 'public'])),
});

export type CheckedProfile = { ok: true; profile: Profile } | { ok: false; problems: string[] };

/** Checks every field of `raw`; on success the profile holds only the fields the schema knows. */
export function checkProfile(raw: unknown): CheckedProfile {
  const result = v.safeParse(ProfileSchema, raw, { abortEarly: false });
  if (result.success) return { ok: true, profile: result.output as Profile };
  return { ok: false, problems: result.issues.slice(0, 20).map(describeIssue) };
}
