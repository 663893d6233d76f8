import { useEffect } from 'react';
import { appSession } from '../stores/appSession';
import { formatCount } from '../shared/format/format';

/** How often the title is updated while the page is hidden (browsers allow about once a second). */
const HIDDEN_TITLE_INTERVAL_MS = 1_000;

/**
 * While the page is hidden the UI is not rendered, but messages are still counted: the tab title says how
 * many arrived since the user looked away, "(+1,234) mqttscope".
 */
export function useHiddenTitle(): void {
  useEffect(() => {
    const base = document.title;
    let timer: ReturnType<typeof setInterval> | null = null;
    let since = 0;
    const update = () => {
      const unseen = appSession.session.totalReceived() - since;
      document.title = unseen > 0 ? `(+${formatCount(unseen)}) ${base}` : base;
    };
    const onVisibility = () => {
      if (document.hidden) {
        since = appSession.session.totalReceived();
        timer = setInterval(update, HIDDEN_TITLE_INTERVAL_MS);
      } else {
        if (timer) clearInterval(timer);
        timer = null;
        document.title = base;
      }
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      if (timer) clearInterval(timer);
      document.title = base;
    };
  }, []);
}
