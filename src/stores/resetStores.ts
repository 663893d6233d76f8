/**
 * Puts every store back as it was when the page loaded (tests call it between tests, so no test sees
 * another's profiles, counters or drafts). zustand's own advice: keep the initial state, set it back.
 */
import { useConnectionsStore } from './connections';
import { useLiveStore } from './live';
import { useProfilesStore } from './profiles';
import { usePublishStore } from './publish';
import { useViewsStore } from './views';

const stores = [useConnectionsStore, useLiveStore, useProfilesStore, usePublishStore, useViewsStore] as const;
const initial = stores.map((store) => store.getInitialState());

export function resetStores(): void {
  stores.forEach((store, i) => (store as { setState(state: unknown, replace: true): void }).setState(initial[i], true));
}
