/**
 * What went wrong with this browser's storage, for the app to say: profiles set aside at load (with
 * their raw data), and the last write the browser refused (its storage for the site is full).
 */
import { create } from 'zustand';
import type { SetAside } from './profileMigrations';

interface StorageHealth {
  setAside: SetAside[];
  /** Why the last save failed; null once a save succeeds again. */
  writeError: string | null;
}

export const useStorageHealth = create<StorageHealth>()(() => ({ setAside: [], writeError: null }));

/** localStorage that reports a refused write instead of throwing it into whatever changed a setting. */
export const guardedLocalStorage = {
  getItem: (name: string): string | null => {
    try {
      return localStorage.getItem(name);
    } catch {
      return null;
    }
  },
  setItem: (name: string, value: string): void => {
    try {
      localStorage.setItem(name, value);
      if (useStorageHealth.getState().writeError) useStorageHealth.setState({ writeError: null });
    } catch (error) {
      const full = error instanceof DOMException && (error.name === 'QuotaExceededError' || error.code === 22);
      useStorageHealth.setState({
        writeError: full
          ? `Settings were not saved: this browser's storage for the site is full (${Math.round(value.length / 1000).toLocaleString('en')} kB to write). Delete connections or templates you no longer need, then change a setting again.`
          : `Settings were not saved: the browser refused to store them (${error instanceof Error ? error.message : String(error)}).`,
      });
    }
  },
  removeItem: (name: string): void => {
    try {
      localStorage.removeItem(name);
    } catch {
      // nothing to do
    }
  },
};
