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
    add: async (id, url, device) => {
      try {
        await addToRegistry(url, device);
        await get().refresh(id, url);
        return null;
      } catch (error) {
        return message(error);
      }
    },
    remove: async (id, url, identifier) => {
      try {
        await deleteFromRegistry(url, identifier);
        await get().refresh(id, url);
        return null;
      } catch (error) {
        return message(error);
      }
    },
  };
});

export const useRegistry = (id: string): RegistryState => useRegistryStore((s) => s.byId[id] ?? EMPTY);
