/**
 * Publish decks: named sets of saved messages with variables, sent with one click. {{n}} counts the
 * sends of that message (from 1), {{now}} is the ISO time, {{ts}} milliseconds since the epoch, and a
 * deck's own variables ({{device}}) are replaced in topics and payloads. Presets for the firmware people
 * run, with the simulator's device names as their variables' defaults.
 */
import { EMPTY_DRAFT, type PublishDraft } from './publishDraft';

export interface DeckVariable {
  key: string;
  value: string;
}

export interface DeckMessageLike {
  name: string;
  draft: PublishDraft;
}

export interface DeckLike {
  id: string;
  name: string;
  variables: DeckVariable[];
  messages: DeckMessageLike[];
}

const BUILT_IN = new Set(['n', 'now', 'ts']);
const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w-]*)\s*\}\}/g;

/** A variable's name as it may be written: letters, digits, _ and -, not starting with a digit. */
export function variableNameProblem(name: string): string | null {
  if (!/^[A-Za-z_][\w-]*$/.test(name)) return `"${name}" cannot be a variable name: use letters, digits, _ and -, starting with a letter.`;
  if (BUILT_IN.has(name)) return `{{${name}}} is built in: pick another name.`;
  return null;
}

/** The text with every {{placeholder}} replaced, or which one this deck does not know. */
export function expandText(text: string, variables: readonly DeckVariable[], n: number, now: Date): { ok: true; text: string } | { ok: false; error: string } {
  if (!text.includes('{{')) return { ok: true, text };
  const values = new Map(variables.map((v) => [v.key, v.value]));
  let unknown: string | null = null;
  const out = text.replace(PLACEHOLDER, (whole, name: string) => {
    if (name === 'n') return String(n);
    if (name === 'now') return now.toISOString();
    if (name === 'ts') return String(now.getTime());
    const value = values.get(name);
    if (value === undefined) {
      unknown ??= name;
      return whole;
    }
    return value;
  });
  if (unknown !== null) {
    const known = [...values.keys(), 'n', 'now', 'ts'].map((k) => `{{${k}}}`).join(', ');
    return { ok: false, error: `{{${unknown as string}}} is not a variable of this deck (it has ${known}).` };
  }
  return { ok: true, text: out };
}

/** The message's draft with its topic and text payload expanded, or what is wrong. */
export function expandDraft(draft: PublishDraft, variables: readonly DeckVariable[], n: number, now: Date): { ok: true; draft: PublishDraft } | { ok: false; error: string } {
  const topic = expandText(draft.topic, variables, n, now);
  if (!topic.ok) return { ok: false, error: `Topic: ${topic.error}` };
  const textual = draft.format === 'text' || draft.format === 'json';
  const payload = textual ? expandText(draft.payload, variables, n, now) : ({ ok: true, text: draft.payload } as const);
  if (!payload.ok) return { ok: false, error: `Payload: ${payload.error}` };
  return { ok: true, draft: { ...draft, topic: topic.text, payload: payload.text } };
}

const message = (name: string, topic: string, payload: string, fields: Partial<PublishDraft> = {}): DeckMessageLike => ({
  name,
  draft: { ...EMPTY_DRAFT, topic, payload, format: payload.startsWith('{') ? 'json' : 'text', ...fields },
});

/** Decks for the firmware we know, their variables set to the simulator's devices. */
export const DECK_PRESETS: ReadonlyArray<Omit<DeckLike, 'id'>> = [
  {
    name: 'Tasmota',
    variables: [{ key: 'device', value: 'livingroom' }],
    messages: [
      message('Toggle power', 'cmnd/{{device}}/POWER', 'TOGGLE'),
      message('Power on', 'cmnd/{{device}}/POWER', 'ON'),
      message('Power off', 'cmnd/{{device}}/POWER', 'OFF'),
      message('Status', 'cmnd/{{device}}/STATUS', '0'),
      message('Telemetry every 10 s', 'cmnd/{{device}}/TelePeriod', '10'),
    ],
  },
  {
    name: 'Zigbee2MQTT',
    variables: [{ key: 'device', value: 'front_door' }],
    messages: [
      message('Toggle', 'zigbee2mqtt/{{device}}/set', '{"state": "TOGGLE"}'),
      message('Brightness 50%', 'zigbee2mqtt/{{device}}/set', '{"brightness": 128}'),
      message('Read state', 'zigbee2mqtt/{{device}}/get', '{"state": ""}'),
      message('Permit join for 254 s', 'zigbee2mqtt/bridge/request/permit_join', '{"time": 254}'),
      message('Stop permitting joins', 'zigbee2mqtt/bridge/request/permit_join', '{"time": 0}'),
    ],
  },
  {
    name: 'Shelly',
    variables: [{ key: 'device', value: 'shellyplug-s-C45BBE' }],
    messages: [
      message('Toggle relay (Gen1)', 'shellies/{{device}}/relay/0/command', 'toggle'),
      message('Relay on (Gen1)', 'shellies/{{device}}/relay/0/command', 'on'),
      message('Relay off (Gen1)', 'shellies/{{device}}/relay/0/command', 'off'),
      message('Toggle switch (Gen2 RPC)', '{{device}}/rpc', '{"id": {{n}}, "src": "mqttscope", "method": "Switch.Toggle", "params": {"id": 0}}'),
    ],
  },
  {
    name: 'ESPHome',
    variables: [{ key: 'device', value: 'powermeter' }, { key: 'switch', value: 'relay' }],
    messages: [
      message('Switch on', '{{device}}/switch/{{switch}}/command', 'ON'),
      message('Switch off', '{{device}}/switch/{{switch}}/command', 'OFF'),
      message('Toggle', '{{device}}/switch/{{switch}}/command', 'TOGGLE'),
    ],
  },
];
