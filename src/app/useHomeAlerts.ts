import { useEffect } from 'react';
import type * as TilesModule_ from '../data/home/tiles';

type TilesModule = typeof TilesModule_;
import { appSession } from '../stores/appSession';
import { useProfilesStore } from '../stores/profiles';

/** How often alert rules are checked. */
export const ALERT_CHECK_MS = 1_000;

/**
 * Checks the Home alerts of every open connection once a second, whichever view is shown (and while the
 * tab is hidden, at the pace the browser allows): new alerts go to the connection's alert list, and to a
 * browser notification where the profile asks for them.
 */
export function useHomeAlerts(): void {
  useEffect(() => {
    // the tiles load with the first check, not with the page
    let tiles: TilesModule | null = null;
    void import('../data/home/tiles').then((m) => (tiles = m));
    const timer = setInterval(() => {
      if (!tiles) return;
      const { buildTiles } = tiles;
      const { profiles, openIds } = useProfilesStore.getState();
      const now = Date.now();
      for (const id of openIds) {
        const profile = profiles.find((p) => p.id === id);
        if (!profile || profile.home.alerts.length === 0) continue;
        const data = appSession.session.data(id);
        const rev = data.alerts.rev;
        const raised = data.alerts.evaluate(buildTiles(data.home, data.devices, profile.home, now, profile.presence.staleFactor), profile.home.alerts, now);
        if (data.alerts.rev !== rev) appSession.session.touch(id);
        if (!profile.home.notifications || typeof Notification === 'undefined' || Notification.permission !== 'granted') continue;
        for (const alert of raised) new Notification(alert.text, { body: profile.name, tag: alert.key });
      }
    }, ALERT_CHECK_MS);
    return () => clearInterval(timer);
  }, []);
}
