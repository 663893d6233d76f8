/**
 * Saved profiles from every earlier version of the app, brought to today's shape, then checked by the
 * schema one by one. A profile that still fails is set aside with its reasons and its raw data (for the
 * user to download), never kept, and never stops the others from loading.
 *
 * Versions of the stored blob ({ state: { profiles, selectedId }, version }):
 *   1  the first: an optional `will` as an MQTT will message.
 *   2  the will as form settings (`willEnabled`, `will` with delay, expiry, content type and user
 *      properties) and the MQTT 5 connect properties. Templates, presence rules, charts and muted
 *      subscriptions were added later without a bump: a v2 blob may lack any of them.
 *   3  `reconnectOnLoad`; every field checked by the schema.
 *   4  `history` (kept in IndexedDB): on for the demo broker, asked once for the others; `home` (the Home
 *      view's discovery prefix, tiles, pinned values and alerts).
 *   5  `decks` (publish decks) and `decoders` (Sparkplug B on, no rules).
 *   6  `presence.registryUrl`: the REST device registry, not linked.
 */
import { checkProfile } from './profileSchema';
import { newProfile, type Profile } from './profileModel';

export const PROFILES_STORAGE_VERSION = 6;

type Json = Record<string, unknown>;

const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

/** v1 -> v2: the will message becomes the will settings the form edits. */
function v1to2(p: Json): Json {
  const { will, ...rest } = p;
  if (!isObject(will)) return { ...rest, willEnabled: false };
  const props = isObject(will.properties) ? will.properties : {};
  const user = isObject(props.userProperties) ? props.userProperties : {};
  return {
    ...rest,
    willEnabled: true,
    will: {
      topic: will.topic,
      payload: will.payload,
      qos: will.qos,
      retain: will.retain,
      delaySec: props.willDelayInterval ?? null,
      expirySec: props.messageExpiryInterval ?? null,
      contentType: props.contentType ?? '',
      userProperties: Object.entries(user).flatMap(([key, value]) => [value].flat().map((v) => ({ key, value: String(v) }))),
    },
  };
}

/** v2 -> v3: every field a v2 profile may lack, with today's defaults. */
function v2to3(p: Json): Json {
  return completeFields(p);
}

/**
 * Fills what `partial` lacks with a new profile's defaults, nested objects field by field. Values of the
 * wrong type are kept as they are, for the schema to refuse by name.
 */
export function completeFields(partial: Json): Json {
  const base = newProfile(partial.preset === 'demo' ? { preset: 'demo' } : {}) as unknown as Json;
  const out: Json = { ...base, ...partial };
  for (const key of ['reconnect', 'will', 'presence', 'charts', 'history', 'home', 'decoders'] as const) {
    const given = partial[key];
    if (given === undefined) continue;
    out[key] = isObject(given) ? { ...(base[key] as Json), ...given } : given;
  }
  return out;
}

/** v3 -> v4: history settings, on for the demo broker, asked once for the others. */
function v3to4(p: Json): Json {
  return completeFields(p);
}

/** v4 -> v5: no decks yet, and Sparkplug B decoded under its namespace. */
function v4to5(p: Json): Json {
  return completeFields(p);
}

/** v5 -> v6: the device registry not linked to a REST registry. */
function v5to6(p: Json): Json {
  return completeFields(p);
}

const STEPS: Record<number, (p: Json) => Json> = { 1: v1to2, 2: v2to3, 3: v3to4, 4: v4to5, 5: v5to6 };

export interface SetAside {
  /** The profile's name, or where it was. */
  name: string;
  problems: string[];
  /** What was stored, as JSON, for the user to download. */
  raw: string;
}

export interface LoadedProfiles {
  profiles: Profile[];
  selectedId: string | null;
  /** Connections that were open when the page was left (they reconnect by themselves). */
  openIds: string[];
  setAside: SetAside[];
}

/** Brings a stored state of `version` to today's, checking every profile. */
export function loadProfiles(state: unknown, version: number): LoadedProfiles {
  const s = isObject(state) ? state : {};
  const list = Array.isArray(s.profiles) ? s.profiles : [];
  const profiles: Profile[] = [];
  const setAside: SetAside[] = [];
  if (s.profiles !== undefined && !Array.isArray(s.profiles)) {
    setAside.push({ name: 'saved profiles', problems: ['profiles: must be a list of profiles'], raw: JSON.stringify(s.profiles) ?? '' });
  }
  list.forEach((raw: unknown, i) => {
    const name = isObject(raw) && typeof raw.name === 'string' && raw.name ? raw.name : `profile ${i + 1}`;
    if (!isObject(raw)) {
      setAside.push({ name, problems: ['must be a profile (an object)'], raw: JSON.stringify(raw) ?? '' });
      return;
    }
    let p: Json = raw;
    for (let from = Math.max(1, version); from < PROFILES_STORAGE_VERSION; from++) p = (STEPS[from] as (p: Json) => Json)(p);
    const checked = checkProfile(p);
    if (checked.ok) profiles.push(checked.profile);
    else setAside.push({ name, problems: checked.problems, raw: JSON.stringify(raw) });
  });
  const selectedId = typeof s.selectedId === 'string' && profiles.some((p) => p.id === s.selectedId) ? s.selectedId : (profiles[0]?.id ?? null);
  const openIds = Array.isArray(s.openIds) ? s.openIds.filter((id): id is string => typeof id === 'string' && profiles.some((p) => p.id === id)) : [];
  return { profiles, selectedId, openIds, setAside };
}
