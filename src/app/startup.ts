/**
 * What happens once when the page loads: the demo broker's profile is brought up to date, a launch link
 * is applied, and the demo connection opens by itself so a newcomer sees live data at once.
 */
import { appSession } from '../stores/appSession';
import { useConnectionsStore } from '../stores/connections';
import { useProfilesStore } from '../stores/profiles';
import { DEMO_PROFILE_ID } from '../stores/profileModel';
import { DEMO_BROKER_URL } from '../shared/env';
import { parseLaunchParams, type LaunchParams } from './launchParams';

let started = false;

/** Runs once; returns problems to show (a launch link with an invalid filter, say). */
export function startup(search = typeof location === 'undefined' ? '' : location.search): string[] {
  if (started) return [];
  started = true;
  const profiles = useProfilesStore.getState();
  profiles.syncDemo(DEMO_BROKER_URL);
  const launch = parseLaunchParams(search);
  const problems = launch ? applyLaunch(launch) : [];
  const state = useProfilesStore.getState();
  const selected = state.selectedId ?? (DEMO_BROKER_URL ? DEMO_PROFILE_ID : null);
  if (!launch && DEMO_BROKER_URL && selected === DEMO_PROFILE_ID) {
    profiles.select(DEMO_PROFILE_ID);
    appSession.actions.connect(DEMO_PROFILE_ID);
  }
  // the connections that were open when the page was left open again, whichever is selected
  for (const id of state.openIds) {
    const profile = state.profiles.find((p) => p.id === id);
    const already = useConnectionsStore.getState().byId[id]?.status.state;
    if (profile?.reconnectOnLoad && (already === undefined || already === 'idle')) appSession.actions.connect(id);
  }
  return problems;
}

function applyLaunch(launch: LaunchParams): string[] {
  const problems: string[] = [];
  const store = useProfilesStore.getState();
  const existing = store.profiles.find((p) => p.url === launch.broker && p.preset !== 'demo');
  const profile = existing ?? store.add({ name: launch.name ?? `Link: ${hostOf(launch.broker)}`, url: launch.broker });
  const patch: Parameters<typeof store.update>[1] = {};
  if (launch.version) patch.protocolVersion = launch.version;
  if (launch.username) patch.username = launch.username;
  if (launch.clientId) patch.clientId = launch.clientId;
  if (launch.name) patch.name = launch.name;
  store.update(profile.id, patch);
  store.select(profile.id);
  for (const filter of launch.subscribe) {
    const fault = appSession.actions.subscribe(profile.id, filter, launch.qos);
    if (fault) problems.push(`The link's subscription "${filter}" was not added: ${fault}`);
  }
  if (launch.capture === false) appSession.session.setCapturing(profile.id, false);
  if (launch.connect) {
    const faults = appSession.actions.connect(profile.id);
    if (faults) problems.push(`The link's connection could not be opened: ${Object.values(faults).join(' ')}`);
  }
  return problems;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
