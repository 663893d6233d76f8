/**
 * From a saved profile to what the protocol layer needs, and what is wrong with a profile before connecting.
 */
import { checkBrokerUrl } from '../mqtt/brokerUrl';
import { validateTopicName } from '../mqtt/topic';
import type { ConnectionOptions, UserProperties, WillMessage } from '../mqtt/types';
import type { KeyValue, Profile } from './profileModel';

/** Problems by field, in words, shown beside the field. Empty when the profile can connect. */
export type ProfileProblems = Partial<
  Record<'url' | 'clientId' | 'keepalive' | 'willTopic' | 'sessionExpiry' | 'receiveMaximum' | 'maximumPacketSize' | 'willDelay' | 'willExpiry' | 'userProperties' | 'willUserProperties', string>
>;

const UINT32_MAX = 4_294_967_295;

function checkUint(value: number | null, min: number, max: number, what: string): string | undefined {
  if (value === null) return undefined;
  if (!Number.isInteger(value) || value < min || value > max) return `${what} must be a whole number from ${min.toLocaleString('en')} to ${max.toLocaleString('en')}.`;
  return undefined;
}

export function profileProblems(p: Profile): ProfileProblems {
  const problems: ProfileProblems = {};
  const url = checkBrokerUrl(p.url);
  if (!url.ok) problems.url = url.error;
  if (p.protocolVersion === 4 && p.clientId === '' && !p.clean) {
    problems.clientId = 'MQTT 3.1.1 needs a client ID for a persistent session (clean session off).';
  }
  const keepalive = checkUint(p.keepaliveSec, 0, 65_535, 'Keep-alive');
  if (keepalive) problems.keepalive = keepalive;
  if (p.willEnabled) {
    const topic = validateTopicName(p.will.topic);
    if (topic) problems.willTopic = `Will topic: ${topic}`;
  }
  if (p.protocolVersion === 5) {
    const expiry = checkUint(p.sessionExpirySec, 0, UINT32_MAX, 'Session expiry');
    if (expiry) problems.sessionExpiry = expiry;
    const receive = checkUint(p.receiveMaximum, 1, 65_535, 'Receive maximum');
    if (receive) problems.receiveMaximum = receive;
    const packet = checkUint(p.maximumPacketSize, 1, 268_435_460, 'Maximum packet size');
    if (packet) problems.maximumPacketSize = packet;
    if (p.willEnabled) {
      const delay = checkUint(p.will.delaySec, 0, UINT32_MAX, 'Will delay');
      if (delay) problems.willDelay = delay;
      const willExpiry = checkUint(p.will.expirySec, 0, UINT32_MAX, 'Will message expiry');
      if (willExpiry) problems.willExpiry = willExpiry;
      if (unnamed(p.will.userProperties)) problems.willUserProperties = 'Every will user property needs a name.';
    }
    if (unnamed(p.connectUserProperties)) problems.userProperties = 'Every user property needs a name.';
  }
  return problems;
}

/** A row with a value but no name (rows left empty are dropped, not refused). */
function unnamed(rows: readonly KeyValue[]): boolean {
  return rows.some((kv) => kv.key === '' && kv.value !== '');
}

/** MQTT 5 user properties: repeated names become lists, empty rows are dropped. */
export function toUserProperties(rows: readonly KeyValue[]): UserProperties | undefined {
  const out: UserProperties = {};
  for (const { key, value } of rows) {
    if (key === '') continue;
    const existing = out[key];
    out[key] = existing === undefined ? value : [...[existing].flat(), value];
  }
  return Object.keys(out).length ? out : undefined;
}

/** The options the protocol layer needs, from a profile (assumed free of problems). */
export function toConnectionOptions(profile: Profile): ConnectionOptions {
  const options: ConnectionOptions = {
    url: profile.url.trim(),
    clientId: profile.clientId,
    protocolVersion: profile.protocolVersion,
    clean: profile.clean,
    keepaliveSec: profile.keepaliveSec,
    connectTimeoutMs: profile.connectTimeoutMs,
    reconnect: profile.reconnect,
  };
  if (profile.username) options.username = profile.username;
  if (profile.password) options.password = profile.password;
  if (profile.willEnabled) {
    const w = profile.will;
    const will: WillMessage = { topic: w.topic, payload: w.payload, qos: w.qos, retain: w.retain };
    if (profile.protocolVersion === 5) {
      const properties: NonNullable<WillMessage['properties']> = {};
      if (w.delaySec !== null) properties.willDelayInterval = w.delaySec;
      if (w.expirySec !== null) properties.messageExpiryInterval = w.expirySec;
      if (w.contentType) properties.contentType = w.contentType;
      const user = toUserProperties(w.userProperties);
      if (user) properties.userProperties = user;
      if (Object.keys(properties).length) will.properties = properties;
    }
    options.will = will;
  }
  if (profile.protocolVersion === 5) {
    if (profile.sessionExpirySec !== null) options.sessionExpiryIntervalSec = profile.sessionExpirySec;
    if (profile.receiveMaximum !== null) options.receiveMaximum = profile.receiveMaximum;
    if (profile.maximumPacketSize !== null) options.maximumPacketSize = profile.maximumPacketSize;
    const user = toUserProperties(profile.connectUserProperties);
    if (user) options.userProperties = user;
  }
  return options;
}

/** What a connection made from `profile` would send, as one string: equal strings, the same connection. */
export function connectionKey(profile: Profile): string {
  return JSON.stringify(toConnectionOptions(profile));
}
