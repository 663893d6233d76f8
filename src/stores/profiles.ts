/**
 * Connection profiles: what the user saved, persisted in localStorage.
 * Only configuration is persisted, never the stream. A password is persisted only when the user ticked
 * "Remember password"; otherwise it lives in memory for this page only.
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { newClientId, newId } from './ids';
import { DEMO_PROFILE_ID, newProfile, presetProfiles, type Profile, type PublishTemplate, type SavedSubscription } from './profileModel';
import { loadProfiles, PROFILES_STORAGE_VERSION, type LoadedProfiles } from './profileMigrations';
import { checkProfile } from './profileSchema';
import { guardedLocalStorage, useStorageHealth } from './storageHealth';

interface ProfilesState {
  profiles: Profile[];
  selectedId: string | null;
  /** Connections open now, remembered so that a reload opens them again (a profile setting). */
  openIds: string[];
  /**
   * Profiles made for this page only (a launch link that matches no saved profile): shown and usable,
   * never written to storage until the user saves them.
   */
  unsavedIds: string[];
  /** Adds a profile kept for this page only. */
  addUnsaved(fields?: Partial<Profile>): Profile;
  /** Keeps an unsaved profile from now on. */
  keep(id: string): void;
  markOpen(id: string, open: boolean): void;
  select(id: string): void;
  add(fields?: Partial<Profile>): Profile;
  /** Changes fields of a profile; returns why not (field by field) when the result fails the schema. */
  update(id: string, patch: Partial<Profile>): string[] | null;
  remove(id: string): void;
  duplicate(id: string): Profile | null;
  addSubscription(id: string, subscription: SavedSubscription): void;
  removeSubscription(id: string, filter: string): void;
  updateSubscription(id: string, filter: string, patch: Partial<Omit<SavedSubscription, 'filter'>>): void;
  /** Makes the demo profile match the broker this page was started with (or removes it). */
  syncDemo(demoUrl: string | null, registryUrl?: string | null): void;
  saveTemplate(id: string, template: PublishTemplate): void;
  removeTemplate(id: string, name: string): void;
  /** Adds imported profiles (already checked and given new ids). */
  addMany(profiles: Profile[]): void;
}

export const PROFILES_STORAGE_KEY = 'mqttscope.profiles';

export const useProfilesStore = create<ProfilesState>()(
  persist(
    (set, get) => ({
      profiles: presetProfiles(null),
      selectedId: null,
      openIds: [],
      unsavedIds: [],
      addUnsaved: (fields) => {
        const profile = get().add(fields);
        set((s) => ({ unsavedIds: [...s.unsavedIds, profile.id] }));
        return profile;
      },
      keep: (id) => set((s) => ({ unsavedIds: s.unsavedIds.filter((x) => x !== id) })),
      markOpen: (id, open) =>
        set((s) => {
          const has = s.openIds.includes(id);
          if (has === open) return s;
          return { openIds: open ? [...s.openIds, id] : s.openIds.filter((x) => x !== id) };
        }),
      select: (id) => set({ selectedId: id }),
      add: (fields) => {
        const profile = newProfile(fields);
        set((s) => ({ profiles: [...s.profiles, profile], selectedId: profile.id }));
        return profile;
      },
      update: (id, patch) => {
        const current = get().profiles.find((p) => p.id === id);
        if (!current) return ['This connection no longer exists.'];
        const checked = checkProfile({ ...current, ...patch });
        if (!checked.ok) return checked.problems;
        set((s) => ({ profiles: s.profiles.map((p) => (p.id === id ? { ...p, ...patch } : p)) }));
        return null;
      },
      remove: (id) =>
        set((s) => {
          const profiles = s.profiles.filter((p) => p.id !== id);
          return { profiles, openIds: s.openIds.filter((x) => x !== id), unsavedIds: s.unsavedIds.filter((x) => x !== id), selectedId: s.selectedId === id ? (profiles[0]?.id ?? null) : s.selectedId };
        }),
      duplicate: (id) => {
        const source = get().profiles.find((p) => p.id === id);
        if (!source) return null;
        const { preset: _preset, ...rest } = source;
        return get().add({ ...rest, id: newId('p'), name: `${source.name} (copy)`, clientId: newClientId() });
      },
      addSubscription: (id, subscription) =>
        set((s) => ({
          profiles: s.profiles.map((p) =>
            p.id === id
              ? { ...p, subscriptions: [...p.subscriptions.filter((x) => x.filter !== subscription.filter), subscription] }
              : p,
          ),
        })),
      removeSubscription: (id, filter) =>
        set((s) => ({
          profiles: s.profiles.map((p) => (p.id === id ? { ...p, subscriptions: p.subscriptions.filter((x) => x.filter !== filter) } : p)),
        })),
      updateSubscription: (id, filter, patch) =>
        set((s) => ({
          profiles: s.profiles.map((p) =>
            p.id === id ? { ...p, subscriptions: p.subscriptions.map((x) => (x.filter === filter ? { ...x, ...patch } : x)) } : p,
          ),
        })),
      saveTemplate: (id, template) =>
        set((s) => ({
          profiles: s.profiles.map((p) =>
            p.id === id ? { ...p, templates: [...p.templates.filter((t) => t.name !== template.name), template].sort((a, b) => a.name.localeCompare(b.name)) } : p,
          ),
        })),
      removeTemplate: (id, name) =>
        set((s) => ({ profiles: s.profiles.map((p) => (p.id === id ? { ...p, templates: p.templates.filter((t) => t.name !== name) } : p)) })),
      addMany: (profiles) => set((s) => ({ profiles: [...s.profiles, ...profiles], selectedId: profiles[0]?.id ?? s.selectedId })),
      syncDemo: (demoUrl, registryUrl = null) =>
        set((s) => {
          const existing = s.profiles.find((p) => p.id === DEMO_PROFILE_ID);
          if (!demoUrl) return existing ? { profiles: s.profiles.filter((p) => p.id !== DEMO_PROFILE_ID) } : s;
          // the registry npm start runs is linked (its port may change between runs) unless the user linked another
          const linked = (p: Profile): Profile =>
            registryUrl && (p.presence.registryUrl === '' || p.presence.registryUrl.startsWith('http://127.0.0.1:')) ? { ...p, presence: { ...p.presence, registryUrl } } : p;
          if (existing) {
            return { profiles: s.profiles.map((p) => (p.id === DEMO_PROFILE_ID ? linked({ ...p, url: demoUrl }) : p)) };
          }
          const demo = linked(presetProfiles(demoUrl)[0] as Profile);
          return { profiles: [demo, ...s.profiles], selectedId: s.selectedId ?? DEMO_PROFILE_ID };
        }),
    }),
    {
      name: PROFILES_STORAGE_KEY,
      version: PROFILES_STORAGE_VERSION,
      storage: createJSONStorage(() => guardedLocalStorage),
      // Older versions are brought forward step by step, and every profile is checked by the schema:
      // what fails is set aside with its reasons (see profileMigrations), never kept, never blanks the app.
      migrate: (persisted, version) => ({ ...loadProfiles(persisted, version), migrated: true }) as unknown as ProfilesState,
      merge: (persisted, current) => {
        const state = persisted as (LoadedProfiles & { migrated?: true }) | undefined;
        const loaded = state?.migrated ? state : loadProfiles(persisted, PROFILES_STORAGE_VERSION);
        if (loaded.setAside.length) useStorageHealth.setState({ setAside: loaded.setAside });
        if (persisted === undefined || persisted === null) return current;
        return { ...current, profiles: loaded.profiles, selectedId: loaded.selectedId, openIds: loaded.openIds };
      },
      // what is saved: never an unsaved (link) profile, never a password the user did not ask to remember
      partialize: (state) => {
        const saved = (id: string) => !state.unsavedIds.includes(id);
        return {
          selectedId: state.selectedId !== null && saved(state.selectedId) ? state.selectedId : null,
          openIds: state.openIds.filter(saved),
          profiles: state.profiles.filter((p) => saved(p.id)).map((p) => (p.rememberPassword ? p : { ...p, password: '' })),
        };
      },
    },
  ),
);

export const selectSelectedProfile = (s: ProfilesState): Profile | undefined =>
  s.profiles.find((p) => p.id === s.selectedId) ?? s.profiles[0];
