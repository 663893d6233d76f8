import { describe, expect, it } from 'vitest';
import { DECK_PRESETS, expandDraft, expandText, variableNameProblem } from '../data/decks';
import { EMPTY_DRAFT } from '../data/publishDraft';
import { deckFileText, deckFromLink, deckLink, readDeckFile } from './deckTransfer';
import type { Deck } from './profileModel';
import { checkProfile } from './profileSchema';
import { newProfile } from './profileModel';

const deck: Deck = {
  id: 'd1',
  name: 'Class 42',
  variables: [{ key: 'device', value: 'livingroom' }],
  messages: [{ name: 'Toggle', draft: { ...EMPTY_DRAFT, topic: 'cmnd/{{device}}/POWER', payload: 'TOGGLE', qos: 1, retain: true } }],
};

describe('deck variables', () => {
  const now = new Date('2026-12-05T10:00:00Z');
  it('replaces user variables, {{n}}, {{now}} and {{ts}}', () => {
    expect(expandText('{{device}} #{{n}} at {{now}} ({{ ts }})', deck.variables, 3, now)).toEqual({ ok: true, text: `livingroom #3 at 2026-12-05T10:00:00.000Z (${now.getTime()})` });
  });
  it('names a variable the deck lacks, and where', () => {
    const expanded = expandDraft({ ...EMPTY_DRAFT, topic: 'a/{{room}}' }, deck.variables, 1, now);
    expect(expanded).toEqual({ ok: false, error: 'Topic: {{room}} is not a variable of this deck (it has {{device}}, {{n}}, {{now}}, {{ts}}).' });
  });
  it('leaves hex and base64 payloads alone', () => {
    const expanded = expandDraft({ ...EMPTY_DRAFT, topic: 't', payload: '7b7b', format: 'hex' }, [], 1, now);
    expect(expanded.ok && expanded.draft.payload).toBe('7b7b');
  });
  it('refuses variable names that are not names, and the built-in ones', () => {
    expect(variableNameProblem('my room')).toMatch(/cannot be a variable name/);
    expect(variableNameProblem('n')).toMatch(/built in/);
    expect(variableNameProblem('room_1')).toBeNull();
  });
  it('has presets that pass the profile schema and send to the firmware topics', () => {
    const profile = newProfile({ decks: DECK_PRESETS.map((p, i) => ({ ...p, id: `p${i}` })) as Deck[] });
    expect(checkProfile(profile).ok).toBe(true);
    const tasmota = DECK_PRESETS[0]!;
    const first = expandDraft(tasmota.messages[0]!.draft, tasmota.variables, 1, now);
    expect(first.ok && [first.draft.topic, first.draft.payload]).toEqual(['cmnd/livingroom/POWER', 'TOGGLE']);
    const z2m = DECK_PRESETS.find((p) => p.name === 'Zigbee2MQTT')!;
    expect(z2m.messages.map((m) => m.draft.topic)).toContain('zigbee2mqtt/bridge/request/permit_join');
  });
});

describe('deck files and links', () => {
  it('round-trips a deck through a file, as a copy with a new id', () => {
    const read = readDeckFile(deckFileText(deck));
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.deck.id).not.toBe('d1');
    expect({ ...read.deck, id: 'd1' }).toEqual(deck);
  });
  it('refuses a bad deck field by field, and files that are not decks', () => {
    const bad = JSON.parse(deckFileText(deck)) as { deck: { messages: Array<{ draft: { qos: number } }> } };
    bad.deck.messages[0]!.draft.qos = 3;
    const read = readDeckFile(JSON.stringify(bad));
    expect(read).toEqual({ ok: false, problems: ['deck.messages[0].draft.qos: must be 0, 1 or 2'] });
    expect(readDeckFile('{"kind":"mqttscope.profiles"}').ok).toBe(false);
    expect(readDeckFile('not json')).toEqual({ ok: false, problems: [expect.stringMatching(/not JSON/)] });
    expect(readDeckFile('['.repeat(10_000)).ok).toBe(false);
  });
  it('round-trips through a link that keeps nothing else of the page address', () => {
    const link = deckLink(deck, 'http://127.0.0.1:5173/?broker=ws://x&connect=1');
    expect(new URL(link).searchParams.has('broker')).toBe(false);
    const read = deckFromLink(new URL(link).search);
    expect(read?.ok && read.deck.messages[0]?.draft.topic).toBe('cmnd/{{device}}/POWER');
    expect(deckFromLink('?broker=x')).toBeNull();
    expect(deckFromLink('?deck=%%%')?.ok).toBe(false);
  });
});
