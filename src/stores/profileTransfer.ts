/**
 * Profiles as a JSON file: exported without passwords (ever), imported with checks and new ids.
 */
import { checkBrokerUrl } from '../mqtt/brokerUrl';
import { completeProfile, type Profile } from './profiles';
import { newId } from './ids';

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

/** Reads an exported file; profiles get new ids, and ones with an unusable URL are skipped and named. */
export function importProfiles(text: string): ImportResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, error: 'This file is not JSON. Choose a file exported from mqttscope ("Export profiles").' };
  }
  const file = data as Partial<ProfileFile>;
  if (!file || typeof file !== 'object' || file.format !== PROFILE_FILE_FORMAT || !Array.isArray(file.profiles)) {
    return { ok: false, error: 'This JSON is not an mqttscope profile export (it has no "format": "mqttscope.profiles").' };
  }
  if (typeof file.version === 'number' && file.version > PROFILE_FILE_VERSION) {
    return { ok: false, error: `This file was exported by a newer mqttscope (format version ${file.version}).` };
  }
  const profiles: Profile[] = [];
  const skipped: string[] = [];
  for (const raw of file.profiles as Array<Partial<Profile>>) {
    const name = typeof raw?.name === 'string' && raw.name ? raw.name : 'Imported connection';
    if (typeof raw?.url !== 'string' || !checkBrokerUrl(raw.url).ok) {
      skipped.push(`${name}: its broker URL is not a ws:// or wss:// URL`);
      continue;
    }
    const { preset: _preset, ...fields } = raw;
    profiles.push(completeProfile({ ...fields, name, id: newId('p'), password: '' }));
  }
  return { ok: true, profiles, skipped };
}
