/**
 * Links that open the app ready to go, for slides and bookmarks:
 *   ?broker=ws://host:port/path&subscribe=a/%23&subscribe=b/+&connect=1
 * Optional: qos=0|1|2 (for the subscriptions), version=3.1.1|5, username=..., clientId=..., name=...,
 * capture=off (no packet capture for the inspector), view=topics|charts|devices|inspector, layout=side-by-side
 * Passwords are never taken from links.
 */
import type { ProtocolVersion, QoS } from '../mqtt/types';
import type { Profile } from '../stores/profileModel';

export interface LaunchParams {
  broker: string;
  subscribe: string[];
  qos: QoS;
  connect: boolean;
  version?: ProtocolVersion;
  username?: string;
  clientId?: string;
  name?: string;
  /** capture=off: the inspector does not capture packets for this connection. */
  capture?: boolean;
}

export function parseLaunchParams(search: string): LaunchParams | null {
  const params = new URLSearchParams(search);
  const broker = params.get('broker')?.trim();
  if (!broker) return null;
  const qosText = params.get('qos');
  const qos: QoS = qosText === '1' ? 1 : qosText === '2' ? 2 : 0;
  const result: LaunchParams = {
    broker,
    subscribe: params.getAll('subscribe').filter((s) => s.length > 0),
    qos,
    connect: ['1', 'true', 'yes'].includes((params.get('connect') ?? '').toLowerCase()),
  };
  const version = params.get('version');
  if (version === '5' || version === '5.0') result.version = 5;
  else if (version === '4' || version === '3.1.1') result.version = 4;
  const username = params.get('username');
  if (username) result.username = username;
  const clientId = params.get('clientId');
  if (clientId) result.clientId = clientId;
  const name = params.get('name');
  if (name) result.name = name;
  const capture = params.get('capture');
  if (capture === 'off' || capture === '0') result.capture = false;
  return result;
}

/** The fields of the unsaved profile a link opens: its broker, version, user name and client ID, never a password. */
export function linkProfileFields(launch: LaunchParams): Partial<Profile> {
  return {
    name: launch.name ?? `Link: ${hostOf(launch.broker)}`,
    url: launch.broker,
    ...(launch.version ? { protocolVersion: launch.version } : {}),
    ...(launch.username ? { username: launch.username } : {}),
    ...(launch.clientId ? { clientId: launch.clientId } : {}),
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
