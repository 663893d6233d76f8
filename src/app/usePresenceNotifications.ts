import { useEffect } from 'react';
import { appSession } from '../stores/appSession';
import { useProfilesStore } from '../stores/profiles';

/**
 * Browser notifications when a device goes offline or comes back, for connections whose profile asks for
 * them (permission is asked only when the user turns them on, in the Devices view). A device discovered
 * from a retained message is not news.
 */
export function usePresenceNotifications(): void {
  useEffect(
    () =>
      appSession.session.onPresence((id, event) => {
        if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
        const profile = useProfilesStore.getState().profiles.find((p) => p.id === id);
        if (!profile?.presence.notifications || event.from === null || event.retained) return;
        const name = profile.presence.registry[event.key]?.name || event.name;
        if (event.to === 'offline') new Notification(`${name} is offline`, { body: `${profile.name}: its last will or status says offline.`, tag: event.key });
        else if (event.to === 'online' && event.from === 'offline') new Notification(`${name} is back online`, { body: profile.name, tag: event.key });
      }),
    [],
  );
}
