/**
 * A publish deck on its own, as a file or a link a teacher hands a class: `{"kind": "mqttscope-deck",
 * "version": 1, "deck": {...}}`, checked field by field by the profile schema's deck schema. What fails is
 * refused by name and never stored. A link carries the same JSON, base64url-encoded, in `?deck=`; it is
 * only ever offered ("Add this deck"), never written into a saved connection by itself.
 */
import * as v from 'valibot';
import { jsonNestingExceeds, fromBase64, toBase64 } from '../mqtt/payload';
import { describeIssue } from '../data/schemaIssue';
import { DeckFileSchema } from './profileSchema';
import type { Deck } from './profileModel';
import { newId } from './ids';

/** A deck file is small; a file larger than this is not read. */
export const MAX_DECK_FILE_BYTES = 2_000_000;
/** Longer links are refused (browsers and chat apps cut them anyway). */
export const MAX_DECK_LINK_CHARS = 60_000;

export type ReadDeck = { ok: true; deck: Deck } | { ok: false; problems: string[] };

export function deckFileText(deck: Deck): string {
  return JSON.stringify({ kind: 'mqttscope-deck', version: 1, deck }, null, 2);
}

export function deckFileTooLarge(bytes: number): string | null {
  return bytes > MAX_DECK_FILE_BYTES ? `This file is ${(bytes / 1_000_000).toFixed(1)} MB: a deck file is far smaller (at most ${MAX_DECK_FILE_BYTES / 1_000_000} MB is read).` : null;
}

/** A deck file's text checked; the deck gets a new id (it is a copy, not the one it was exported from). */
export function readDeckFile(text: string): ReadDeck {
  const tooLarge = deckFileTooLarge(text.length);
  if (tooLarge) return { ok: false, problems: [tooLarge] };
  if (jsonNestingExceeds(text, 32)) return { ok: false, problems: ['This is not a deck file: it is nested far deeper than a deck is.'] };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, problems: ['This file is not JSON: choose a deck exported from mqttscope ("Export deck").'] };
  }
  const result = v.safeParse(DeckFileSchema, data, { abortEarly: false });
  if (!result.success) return { ok: false, problems: result.issues.slice(0, 10).map(describeIssue) };
  return { ok: true, deck: { ...(result.output.deck as Deck), id: newId('d') } };
}

/** The page's address with the deck in `?deck=` (base64url of the deck file). */
export function deckLink(deck: Deck, base: string): string {
  const url = new URL(base);
  for (const key of [...url.searchParams.keys()]) url.searchParams.delete(key);
  const encoded = toBase64(new TextEncoder().encode(JSON.stringify({ kind: 'mqttscope-deck', version: 1, deck }))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  url.searchParams.set('deck', encoded);
  return url.toString();
}

/** The deck a link carries, checked; null when the link carries none. */
export function deckFromLink(search: string): ReadDeck | null {
  const raw = new URLSearchParams(search).get('deck');
  if (raw === null) return null;
  if (raw.length > MAX_DECK_LINK_CHARS) return { ok: false, problems: [`The deck in this link is too long (${raw.length.toLocaleString('en')} characters; at most ${MAX_DECK_LINK_CHARS.toLocaleString('en')}).`] };
  const bytes = fromBase64(raw);
  const text = bytes ? new TextDecoder('utf-8', { fatal: false }).decode(bytes) : null;
  if (text === null) return { ok: false, problems: ['The deck in this link is not readable: it was cut or changed on the way.'] };
  return readDeckFile(text);
}
