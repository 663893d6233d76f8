import { useMemo, useState } from 'react';
import { useNow } from '../../shared/ui/useNow';
import type { DeviceRecord, DisplayState } from '../../data/devices';
import { useSessionData } from '../../stores/sessionContext';
import { useSlowLiveRev } from '../../stores/live';
import { useProfilesStore } from '../../stores/profiles';
import type { Profile } from '../../stores/profileModel';
import { formatClock } from '../../shared/format/format';
import { DraftField, firstProblem, type Parse } from '../../shared/ui/DraftField';
import { Checkbox, SelectField, TextField } from '../../shared/ui/Field';
import { Popover } from '../../shared/ui/Popover';
import { plural } from '../../shared/format/format';
import { DeviceCard, STATE_WORDS } from './DeviceCard';
import { DemoDevicePanel } from './DemoDevicePanel';
import { PresenceRulesEditor } from './PresenceRulesEditor';
import { RegistryPanel } from './RegistryPanel';
import { useRegistry } from '../../stores/registry';

type Sort = 'offline-first' | 'name' | 'last-seen';

/** How urgent a state is, for "offline first". */
const URGENCY: Record<DisplayState, number> = { offline: 0, stale: 1, alert: 2, unknown: 3, init: 4, sleeping: 5, online: 6 };

/** Who is online and who is not, from last-will messages and the conventions firmware follows. */
export function DevicesView({ profile, onChart }: { profile: Profile; onChart?: (topic: string, path: string) => void }) {
  const reader = useSessionData();
  const rev = useSlowLiveRev(profile.id);
  const update = useProfilesStore((s) => s.update);
  const now = useNow(1_000);
  const [sort, setSort] = useState<Sort>('offline-first');
  const [filter, setFilter] = useState('');
  const [problemsOnly, setProblemsOnly] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const tracker = reader.data(profile.id).devices;
  const remote = useRegistry(profile.id);
  // a device the linked registry knows (by its key or its name) is named from it: one lookup per device
  const remoteNames = useMemo(() => new Map(remote.devices.map((d) => [d.identifier, d.name])), [remote.devices]);
  const remoteName = (device: DeviceRecord) => remoteNames.get(device.key) ?? remoteNames.get(device.name);
  const staleFactor = profile.presence.staleFactor;
  const renderNow = Math.max(now, ...[...tracker.devices.values()].map((d) => d.lastSeen));

  const rows = [...tracker.devices.values()]
    .map((device) => ({ device, state: tracker.displayState(device, renderNow, staleFactor), name: profile.presence.registry[device.key]?.name || remoteName(device) || device.name }))
    .filter((r) => !filter || `${r.name} ${r.device.key}`.toLowerCase().includes(filter.toLowerCase()))
    .filter((r) => !problemsOnly || r.state === 'offline' || r.state === 'stale' || r.state === 'alert')
    .sort((a, b) => {
      if (sort === 'name') return a.name.localeCompare(b.name);
      if (sort === 'last-seen') return b.device.lastSeen - a.device.lastSeen;
      return URGENCY[a.state] - URGENCY[b.state] || a.name.localeCompare(b.name);
    });
  const counts = countStates([...tracker.devices.values()].map((d) => tracker.displayState(d, renderNow, staleFactor)));

  const toggleNotifications = async (on: boolean) => {
    if (on && typeof Notification !== 'undefined' && Notification.permission !== 'granted') {
      const answer = await Notification.requestPermission();
      if (answer !== 'granted') {
        setNotice('The browser did not allow notifications: allow them for this site in its settings, then try again.');
        return;
      }
    }
    setNotice(null);
    update(profile.id, { presence: { ...profile.presence, notifications: on } });
  };

  return (
    <section aria-label="Devices" data-rev={rev} className="@container flex h-full min-h-0 flex-col">
      <div className="flex flex-wrap items-end gap-x-3 gap-y-2 border-b border-slate-200 px-3 py-2 dark:border-slate-800">
        <TextField label="Filter devices" className="min-w-36 flex-1 sm:max-w-56" inputClassName="py-1" value={filter} onChange={(e) => setFilter(e.target.value)} data-shortcut-search />
        <SelectField
          label="Sort by"
          className="w-36"
          value={sort}
          onChange={(e) => setSort(e.target.value as Sort)}
          options={[
            { value: 'offline-first', label: 'Offline first' },
            { value: 'name', label: 'Name' },
            { value: 'last-seen', label: 'Last seen' },
          ]}
        />
        <Checkbox label="Offline and stale only" className="pb-1.5" checked={problemsOnly} onChange={(e) => setProblemsOnly(e.target.checked)} />
        <div className="pb-0.5">
          <Popover label="Device settings">
            <Checkbox
              label="Notify when a device goes offline or comes back"
              checked={profile.presence.notifications}
              onChange={(e) => void toggleNotifications(e.target.checked)}
            />
            <DraftField<number>
              label="Stale after (× usual interval)"
              inputClassName="py-1"
              inputMode="decimal"
              value={staleFactor}
              format={String}
              parse={staleFactorOf}
              onSave={(n) => firstProblem(update(profile.id, { presence: { ...profile.presence, staleFactor: n } }))}
              hint="A device silent for longer than this many of its usual intervals is Stale."
            />
          </Popover>
        </div>
        <p aria-label="Device counts" className="pb-1.5 text-xs text-slate-600 dark:text-slate-300">
          {plural(tracker.devices.size, 'device')}
          {counts ? `: ${counts}` : ''}
        </p>
      </div>
      {notice ? (
        <p role="alert" className="px-3 py-1 text-xs text-amber-800 dark:text-amber-300">
          {notice}
        </p>
      ) : null}
      <div className="flex min-h-0 flex-1 flex-col overflow-auto @5xl:flex-row">
        <div className="min-w-0 flex-1 p-3">
          {rows.length === 0 ? (
            <p className="p-6 text-center text-sm text-slate-600 dark:text-slate-400">
              {tracker.devices.size === 0
                ? 'No device recognised yet. Devices appear when their presence topics arrive: subscribe to them (or to #).'
                : 'No device matches the filter.'}
            </p>
          ) : (
            <ul aria-label="Device list" className="grid grid-cols-[repeat(auto-fill,minmax(17rem,1fr))] gap-3">
              {rows.map((r) => (
                <DeviceCard
                  key={r.device.key}
                  profile={profile}
                  device={r.device}
                  state={r.state}
                  ghost={tracker.isGhost(r.device, renderNow)}
                  outages={tracker.outages(r.device, renderNow)}
                  now={renderNow}
                  registryName={remoteName(r.device)}
                  {...(onChart ? { onChart } : {})}
                />
              ))}
            </ul>
          )}
        </div>
        <aside className="grid grid-cols-1 content-start gap-3 border-t border-slate-200 p-3 @2xl:grid-cols-2 @5xl:flex @5xl:w-96 @5xl:flex-col @5xl:border-t-0 @5xl:border-l dark:border-slate-800">
          <DemoDevicePanel profile={profile} />
          <RegistryPanel profile={profile} />
          <PresenceRulesEditor profile={profile} />
          <PresenceLog events={tracker.events} />
        </aside>
      </div>
    </section>
  );
}

const staleFactorOf: Parse<number> = (text) => {
  const n = Number(text.trim());
  return Number.isFinite(n) && n >= 1 && n <= 1_000 && text.trim() !== '' ? { value: n } : { error: 'Stale after is a number from 1 to 1,000 usual intervals.' };
};

function countStates(states: DisplayState[]): string {
  const counts = new Map<DisplayState, number>();
  for (const s of states) counts.set(s, (counts.get(s) ?? 0) + 1);
  return (['online', 'offline', 'stale', 'alert', 'sleeping', 'init', 'unknown'] as const)
    .filter((s) => counts.get(s))
    .map((s) => `${counts.get(s)} ${STATE_WORDS[s].toLowerCase()}`)
    .join(', ');
}

function PresenceLog({ events }: { events: readonly { at: number; name: string; from: string | null; to: string; retained: boolean }[] }) {
  const recent = events.slice(-100).reverse();
  return (
    <section aria-label="Presence events" className="text-xs">
      <h3 className="mb-1 font-semibold text-slate-600 dark:text-slate-300">Presence events</h3>
      {recent.length === 0 ? (
        <p className="text-slate-600 dark:text-slate-400">None yet.</p>
      ) : (
        <ol className="max-h-64 overflow-auto font-mono">
          {recent.map((e, i) => (
            <li key={`${e.at}-${i}`} className={e.to === 'offline' ? 'text-red-700 dark:text-red-400' : 'text-slate-700 dark:text-slate-300'}>
              <span className="text-slate-500 dark:text-slate-400">{formatClock(e.at).slice(0, 8)}</span> {e.name}: {e.from ?? 'new'} → {e.to}
              {e.retained ? ' (retained)' : ''}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

export type { DeviceRecord };
