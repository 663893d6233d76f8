/**
 * Profiles as a JSON file: exported without passwords (ever), imported with checks and new ids. Every
 * imported profile passes the schema field by field; one that fails is refused with its reasons and never
 * stored.
 */
import { checkBrokerUrl } from '../mqtt/brokerUrl';
import { newId } from './ids';
import { completeFields } from './profileMigrations';
import type { Profile } from './profileModel';
import { checkProfile } from './profileSchema';

/** Files larger than this are refused before they are read: no profile file is near it. */
export const MAX_IMPORT_BYTES = 5_000_000;

export const PROFILE_FILE_FORMAT = 'mqttscope.profiles';
export const PROFILE_FILE_VERSION = 1;

export interface ProfileFile {
  format: typeof PROFILE_FILE_FORMAT;
  version: number;
  exportedAt: string;
  profiles: Array<Omit<Profile, 'password' | 'id'>>;
}

/** The JSON a user downloads. Passwords are left out whatever "Remember password" says. */
export function exportProfiles(profiles: readonly Profile[], now = new Date()): string {
  const file: ProfileFile = {
    format: PROFILE_FILE_FORMAT,
    version: PROFILE_FILE_VERSION,
    exportedAt: now.toISOString(),
    profiles: profiles.map(({ password: _password, id: _id, ...rest }) => {
      const { preset: _preset, ...kept } = rest;
      return kept;
    }),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export type ImportResult = { ok: true; profiles: Profile[]; skipped: string[] } | { ok: false; error: string };

/** Why a file of this many bytes is not read at all, or null when it is small enough to be a profile export. */
export function importTooLarge(size: number): string | null {
  return size > MAX_IMPORT_BYTES
    ? `This file is ${(size / 1_000_000).toFixed(1)} MB: a profile export is far smaller (at most ${MAX_IMPORT_BYTES / 1_000_000} MB is read). Choose a file exported with "Export all".`
    : null;
}

/** Reads an exported file; profiles get new ids, and ones that fail a check are refused and named with why. */
export function importProfiles(text: string): ImportResult {
  const tooLarge = importTooLarge(text.length);
  if (tooLarge) return { ok: false, error: tooLarge };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, error: 'This file is not JSON. Choose a file exported from mqttscope with "Export all" or a connection\'s "Export".' };
  }
  const file = data as Partial<ProfileFile> | null;
  if (!file || typeof file !== 'object' || file.format !== PROFILE_FILE_FORMAT || !Array.isArray(file.profiles)) {
    return { ok: false, error: 'This JSON is not an mqttscope profile export (it has no "format": "mqttscope.profiles" with a list of profiles).' };
  }
  if (typeof file.version === 'number' && file.version > PROFILE_FILE_VERSION) {
    return { ok: false, error: `This file was exported by a newer mqttscope (format version ${file.version}).` };
  }
  const profiles: Profile[] = [];
  const skipped: string[] = [];
  (file.profiles as unknown[]).forEach((raw, i) => {
    const fields = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
    const name = typeof fields?.name === 'string' && fields.name ? fields.name : `profile ${i + 1}`;
    if (!fields) return void skipped.push(`${name}: not a profile (an object)`);
    if (typeof fields.url !== 'string' || !checkBrokerUrl(fields.url).ok) return void skipped.push(`${name}: its broker URL is not a ws:// or wss:// URL`);
    const { preset: _preset, id: _id, password: _password, ...rest } = fields;
    const checked = checkProfile(completeFields({ ...rest, name, id: newId('p'), password: '' }));
    if (checked.ok) profiles.push(checked.profile);
    else skipped.push(`${name}: ${checked.problems.join('; ')}`);
  });
  return { ok: true, profiles, skipped };
}
