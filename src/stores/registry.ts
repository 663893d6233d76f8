/**
 * What each connection's linked REST device registry holds, as last read, keyed by connection id. The
 * Devices view names devices from it and writes through it; the lessons read the exchanges.
 */
import { create } from 'zustand';
import { addToRegistry, deleteFromRegistry, listRegistry, type RegistryDevice } from '../data/registryClient';

export interface RegistryState {
  url: string;
  devices: RegistryDevice[];
  refused: string[];
  error: string | null;
  loading: boolean;
  /** When the list was last read (ms), or 0. */
  readAt: number;
}

interface RegistryStore {
  byId: Record<string, RegistryState>;
  refresh(id: string, url: string): Promise<void>;
  add(id: string, url: string, device: RegistryDevice): Promise<string | null>;
  remove(id: string, url: string, identifier: string): Promise<string | null>;
}

const EMPTY: RegistryState = { url: '', devices: [], refused: [], error: null, loading: false, readAt: 0 };
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export const useRegistryStore = create<RegistryStore>()((set, get) => {
  const patch = (id: string, p: Partial<RegistryState>) => set((s) => ({ byId: { ...s.byId, [id]: { ...(s.byId[id] ?? EMPTY), ...p } } }));
  /** A change made through the registry, then the list read again; the registry's refusal in words, or null. */
  const writeThrough = async (id: string, url: string, change: () => Promise<unknown>): Promise<string | null> => {
    try {
      await change();
      await get().refresh(id, url);
      return null;
    } catch (error) {
      return message(error);
    }
  };
  return {
    byId: {},
    refresh: async (id, url) => {
      if (!url) return patch(id, { ...EMPTY });
      patch(id, { url, loading: true });
      try {
        const list = await listRegistry(url);
        // a reply for a URL no longer linked is dropped
        if (get().byId[id]?.url === url) patch(id, { ...list, error: null, loading: false, readAt: Date.now() });
      } catch (error) {
        if (get().byId[id]?.url === url) patch(id, { error: message(error), loading: false });
      }
    },
    add: (id, url, device) => writeThrough(id, url, () => addToRegistry(url, device)),
    remove: (id, url, identifier) => writeThrough(id, url, () => deleteFromRegistry(url, identifier)),
  };
});

export const useRegistry = (id: string): RegistryState => useRegistryStore((s) => s.byId[id] ?? EMPTY);
