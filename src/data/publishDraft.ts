/**
 * What the publish form holds, and how it becomes a PUBLISH: topic checked like the spec says, payload
 * encoded from text, JSON, hex or base64, MQTT 5 properties checked and converted.
 */
import { fromBase64, fromHex } from '../mqtt/payload';
import type { PublishRequest } from '../mqtt/publishTracker';
import { topicNameWarning, validateTopicName } from '../mqtt/topic';
import type { ProtocolVersion, PublishProperties, QoS } from '../mqtt/types';
import { jsonErrorPosition } from './json';

export type PayloadFormat = 'text' | 'json' | 'hex' | 'base64';

export interface DraftProperties {
  contentType: string;
  /** Payload format indicator: true = UTF-8 text (1), false = bytes (0), null = not sent. */
  utf8: boolean | null;
  expirySec: number | null;
  responseTopic: string;
  /** Correlation data as typed; sent as its UTF-8 bytes. */
  correlationData: string;
  userProperties: Array<{ key: string; value: string }>;
  topicAlias: number | null;
}

export interface PublishDraft {
  topic: string;
  payload: string;
  format: PayloadFormat;
  qos: QoS;
  retain: boolean;
  properties: DraftProperties;
}

export const EMPTY_PROPERTIES: DraftProperties = {
  contentType: '',
  utf8: null,
  expirySec: null,
  responseTopic: '',
  correlationData: '',
  userProperties: [],
  topicAlias: null,
};

export const EMPTY_DRAFT: PublishDraft = { topic: '', payload: '', format: 'text', qos: 0, retain: false, properties: EMPTY_PROPERTIES };

export type DraftErrors = Partial<Record<'topic' | 'payload' | 'expiry' | 'responseTopic' | 'topicAlias' | 'userProperties', string>>;

/** {{n}}: the repeat counter (from 1); {{now}}: ISO time; {{ts}}: milliseconds since the epoch. */
export function applyPlaceholders(text: string, n: number, now: Date): string {
  if (!text.includes('{{')) return text;
  return text.replace(/\{\{\s*(n|now|ts)\s*\}\}/g, (_, name: string) => (name === 'n' ? String(n) : name === 'now' ? now.toISOString() : String(now.getTime())));
}

/** The payload as it goes on the wire, or where the input stops being valid. */
export function encodePayload(text: string, format: PayloadFormat): { ok: true; payload: Uint8Array | string } | { ok: false; error: string } {
  switch (format) {
    case 'text':
      return { ok: true, payload: text };
    case 'json': {
      const problem = jsonErrorPosition(text);
      return problem ? { ok: false, error: `Not valid JSON: ${problem}.` } : { ok: true, payload: text };
    }
    case 'hex': {
      const bytes = fromHex(text);
      return typeof bytes === 'string' ? { ok: false, error: bytes } : { ok: true, payload: bytes };
    }
    case 'base64': {
      const bytes = fromBase64(text);
      return bytes ? { ok: true, payload: bytes } : { ok: false, error: 'Not valid base64: use A-Z, a-z, 0-9, + and / (or - and _), with = padding at most at the end.' };
    }
  }
}

/**
 * Turns the form into a request, or says what is wrong field by field. `n` fills {{n}} for repeats
 * (placeholders apply to text and JSON payloads).
 */
export function draftToRequest(
  draft: PublishDraft,
  version: ProtocolVersion,
  n = 1,
  now = new Date(),
): { ok: true; request: PublishRequest; warning: string | null } | { ok: false; errors: DraftErrors } {
  const errors: DraftErrors = {};
  const topicProblem = validateTopicName(draft.topic);
  if (topicProblem) errors.topic = topicProblem;
  const text = draft.format === 'text' || draft.format === 'json' ? applyPlaceholders(draft.payload, n, now) : draft.payload;
  const encoded = encodePayload(text, draft.format);
  if (!encoded.ok) errors.payload = encoded.error;
  let properties: PublishProperties | undefined;
  if (version === 5) {
    const p = draft.properties;
    properties = {};
    if (p.contentType) properties.contentType = p.contentType;
    if (p.utf8 !== null) properties.payloadFormatIndicator = p.utf8;
    if (p.expirySec !== null) {
      if (!Number.isInteger(p.expirySec) || p.expirySec < 0 || p.expirySec > 4_294_967_295) errors.expiry = 'Message expiry must be a whole number of seconds from 0 to 4,294,967,295.';
      else properties.messageExpiryInterval = p.expirySec;
    }
    if (p.responseTopic) {
      const problem = validateTopicName(p.responseTopic);
      if (problem) errors.responseTopic = `Response topic: ${problem}`;
      else properties.responseTopic = p.responseTopic;
    }
    if (p.correlationData) properties.correlationData = new TextEncoder().encode(p.correlationData);
    if (p.topicAlias !== null) {
      if (!Number.isInteger(p.topicAlias) || p.topicAlias < 1 || p.topicAlias > 65_535) errors.topicAlias = 'A topic alias is a whole number from 1 to 65,535.';
      else properties.topicAlias = p.topicAlias;
    }
    const users: Record<string, string | string[]> = {};
    for (const { key, value } of p.userProperties) {
      if (!key) {
        if (value) errors.userProperties = 'Every user property needs a name.';
        continue;
      }
      const existing = users[key];
      users[key] = existing === undefined ? value : [...[existing].flat(), value];
    }
    if (Object.keys(users).length) properties.userProperties = users;
    if (Object.keys(properties).length === 0) properties = undefined;
  }
  if (Object.keys(errors).length > 0 || !encoded.ok) return { ok: false, errors };
  const request: PublishRequest = { topic: draft.topic, payload: encoded.payload, qos: draft.qos, retain: draft.retain };
  if (properties) request.properties = properties;
  return { ok: true, request, warning: topicNameWarning(draft.topic) };
}
