import { useSlowLiveRev } from '../../stores/live';
import { useConnectionData } from '../../stores/sessionContext';

/** Whether connection `id` has seen Home Assistant discovery configs (re-read as the stream changes). */
export function useHasDiscovery(id: string): boolean {
  useSlowLiveRev(id);
  return useConnectionData(id).home.entities.size > 0;
}
