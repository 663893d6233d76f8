/**
 * What happens once when the page loads: the demo broker's profile is brought up to date, a launch link
 * is applied, and the demo connection opens by itself so a newcomer sees live data at once.
 */
import { appSession } from '../stores/appSession';
import { useConnectionsStore } from '../stores/connections';
import { useProfilesStore } from '../stores/profiles';
import { DEMO_PROFILE_ID, type Profile } from '../stores/profileModel';
import { checkProfile } from '../stores/profileSchema';
import { checkBrokerUrl } from '../mqtt/brokerUrl';
import { DEMO_BROKER_URL, DEMO_REGISTRY_URL } from '../shared/env';
import { linkProfileFields, parseLaunchParams, type LaunchParams } from './launchParams';

let started = false;

/** Runs once; returns problems to show (a launch link with an invalid filter, say). */
export function startup(search = typeof location === 'undefined' ? '' : location.search): string[] {
  if (started) return [];
  started = true;
  const profiles = useProfilesStore.getState();
  profiles.syncDemo(DEMO_BROKER_URL, DEMO_REGISTRY_URL);
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

/**
 * Applies a launch link without ever changing a saved profile: a saved profile is used only when the link
 * asks for nothing it does not already have (same broker, version, user name, client ID, subscriptions);
 * otherwise the link gets a profile of its own, kept for this page only, with no password. So a link can
 * never borrow a remembered password under another client ID, nor rewrite what the user saved.
 */
function applyLaunch(launch: LaunchParams): string[] {
  const problems: string[] = [];
  const broker = checkBrokerUrl(launch.broker);
  if (!broker.ok) return [`The link's broker address was not opened: ${broker.error}`];
  const store = useProfilesStore.getState();
  const same = (p: Profile) =>
    p.preset !== 'demo' &&
    p.url === launch.broker &&
    (launch.version === undefined || p.protocolVersion === launch.version) &&
    (launch.username === undefined || p.username === launch.username) &&
    (launch.clientId === undefined || p.clientId === launch.clientId) &&
    launch.subscribe.every((filter) => p.subscriptions.some((sub) => sub.filter === filter && sub.qos === launch.qos));
  const existing = store.profiles.find(same);
  const profile =
    existing ??
    store.addUnsaved(linkProfileFields(launch));
  if (!existing) {
    const fields = checkProfile(profile);
    if (!fields.ok) {
      useProfilesStore.getState().remove(profile.id);
      return [`The link was not opened: ${fields.problems.join('; ')}`];
    }
  }
  store.select(profile.id);
  for (const filter of existing ? [] : launch.subscribe) {
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
