import { useState } from 'react';
import { DEFAULT_STALE_FACTOR, TIMELINE_WINDOW_MS, type DeviceRecord, type DisplayState } from '../../data/devices';
import { deviceValues } from '../../data/deviceValues';
import type { PresenceState } from '../../data/presence';
import { useProfilesStore } from '../../stores/profiles';
import type { Profile } from '../../stores/profileModel';
import { formatAgo } from '../../shared/format/ago';
import { formatClock } from '../../shared/format/format';
import { Button } from '../../shared/ui/Button';
import { ConfirmDialog } from '../../shared/ui/ConfirmDialog';
import { useConnectionData, useSessionActions } from '../../stores/sessionContext';
import { TextField } from '../../shared/ui/Field';
import { BADGE_TONE } from '../../shared/ui/palette';

export const STATE_WORDS: Record<DisplayState, string> = {
  online: 'Online',
  offline: 'Offline',
  stale: 'Stale',
  unknown: 'Unknown',
  init: 'Starting',
  sleeping: 'Sleeping',
  alert: 'Alert',
};

export const STATE_TONE: Record<DisplayState, { badge: string; bar: string }> = {
  online: { badge: BADGE_TONE.green, bar: '#10b981' },
  offline: { badge: BADGE_TONE.red, bar: '#ef4444' },
  stale: { badge: BADGE_TONE.amber, bar: '#f59e0b' },
  unknown: { badge: BADGE_TONE.grey, bar: '#94a3b8' },
  init: { badge: BADGE_TONE.blue, bar: '#0ea5e9' },
  sleeping: { badge: BADGE_TONE.indigo, bar: '#6366f1' },
  alert: { badge: BADGE_TONE.orange, bar: '#f97316' },
};


const NO_GAPS: ReadonlyArray<[number, number]> = [];

interface CardProps {
  profile: Profile;
  device: DeviceRecord;
  state: DisplayState;
  /** A retained "online" nothing live confirmed: maybe left over by a device that is gone. */
  ghost: boolean;
  outages: number;
  now: number;
  onChart?: (topic: string, path: string) => void;
  /** The name the linked REST registry gives it, if any. */
  registryName?: string | undefined;
}

/** The state as a sentence: the word for it, and the payload that said so when it is not the same word. */
function stateSentence(device: DeviceRecord): string {
  const word = STATE_WORDS[device.presence];
  const said = device.presenceText.trim();
  return said.toLowerCase() === word.toLowerCase() ? word : `${word} (“${said.length > 40 ? `${said.slice(0, 40)}…` : said}”)`;
}

/** One device: state in words and colour, since when, last seen, the rule, latest values, 24-hour timeline. */
export function DeviceCard({ profile, device, state, ghost, outages, now, onChart, registryName }: CardProps) {
  const entry = profile.presence.registry[device.key];
  const displayName = entry?.name || registryName || device.name;
  const [editing, setEditing] = useState(false);
  const values = deviceValues(device);
  const staleFactor = profile.presence.staleFactor || DEFAULT_STALE_FACTOR;
  const history = useConnectionData(profile.id).history;
  const historyUntil = history?.until ?? null;
  // Not live: what the card shows of its values is the last the device said.
  const lastKnown = state === 'offline' || state === 'stale' || ghost;
  return (
    <li
      aria-label={displayName}
      className="@container flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-3 text-xs shadow-xs dark:border-slate-700 dark:bg-slate-900"
    >
      <div className="flex items-start gap-2">
        <div className="min-w-0 flex-1">
          <h3 className="truncate text-sm font-semibold text-slate-900 dark:text-white" title={device.key}>
            {displayName}
          </h3>
          <p className="truncate text-slate-600 dark:text-slate-400">
            {entry?.name ? `${device.name} · ` : ''}
            {entry?.type ? `${entry.type} · ` : ''}
            {device.rule.name}
            {device.prefix ? ` · under ${device.prefix}/` : ''}
            {entry?.gateway ? ` · via ${entry.gateway}` : ''}
          </p>
        </div>
        <span title={`${displayName} is ${STATE_WORDS[state]}`} className={`shrink-0 rounded-full px-2 py-0.5 text-xs font-semibold ${STATE_TONE[state].badge}`}>
          {STATE_WORDS[state]}
        </span>
      </div>
      {ghost ? (
        <p role="note" className="rounded bg-amber-50 px-2 py-1 text-amber-900 dark:bg-amber-950 dark:text-amber-200">
          Only a retained “{device.presenceText}” says it is online, and nothing has been heard from it since: it may be left over by a device that
          disconnected without clearing it. “Forget device” clears it.
        </p>
      ) : null}
      <dl className="grid grid-cols-[4.5rem_1fr] gap-x-3 gap-y-0.5">
        <dt className="text-slate-600 dark:text-slate-400">State</dt>
        <dd>
          {stateSentence(device)} since {formatClock(device.presenceSince).slice(0, 8)}, {formatAgo(device.presenceSince, now)}
          {device.presenceRetained ? (
            <span className="text-slate-600 dark:text-slate-400" title="A retained message: the state the broker stored, which may be old.">
              {' '}
              · retained
            </span>
          ) : null}
        </dd>
        <dt className="text-slate-600 dark:text-slate-400">Last seen</dt>
        <dd>
          {device.lastSeen ? formatAgo(device.lastSeen, now) : 'not heard from since connecting'}
          {historyUntil !== null && device.lastSeen > 0 && device.lastSeen <= historyUntil ? ' · from history (before the reload)' : ''}
          {state === 'stale' && device.intervalMs ? (
            <span className="text-amber-700 dark:text-amber-400">
              {' '}
              · silent for over {staleFactor} × its usual {Math.round(device.intervalMs / 1000)} s
            </span>
          ) : null}
        </dd>
        <dt className="text-slate-600 dark:text-slate-400">Topic</dt>
        <dd className="truncate font-mono" title={device.presenceTopic}>
          {device.presenceTopic}
        </dd>
      </dl>
      {values.length > 0 ? (
        <div className={lastKnown ? 'border-l-2 border-dashed border-slate-400 pl-2 dark:border-slate-500' : undefined}>
          {lastKnown ? <p className="mb-0.5 font-medium text-slate-700 dark:text-slate-300">Last known values</p> : null}
          <ul aria-label={`${lastKnown ? 'Last known values' : 'Latest values'} of ${displayName}`} className="grid grid-cols-1 gap-x-3 gap-y-0.5 font-mono @xs:grid-cols-2">
            {values.map((v) => (
              <li key={`${v.topic}|${v.path}`} className="flex min-w-0 items-center gap-1">
                <span className="min-w-0 truncate text-slate-700 dark:text-slate-300" title={v.fullLabel}>
                  {v.label}
                </span>
                <span className={`ml-auto shrink-0 ${lastKnown ? 'text-slate-600 dark:text-slate-400' : 'text-slate-900 dark:text-slate-100'}`}>
                  {v.text}
                  {v.unit ? ` ${v.unit}` : ''}
                </span>
                {onChart && v.number !== null ? (
                  <button
                    type="button"
                    className="shrink-0 rounded px-1 font-sans text-sky-700 hover:bg-sky-50 dark:text-sky-300 dark:hover:bg-slate-800"
                    aria-label={`Chart ${v.label} of ${displayName}`}
                    onClick={() => onChart(v.topic, v.path)}
                  >
                    Chart
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <Timeline device={device} now={now} outages={outages} name={displayName} gaps={history?.gaps ?? NO_GAPS} />
      <div className="flex flex-wrap gap-1">
        <Button size="sm" variant="ghost" aria-expanded={editing} onClick={() => setEditing((v) => !v)}>
          {editing ? 'Done' : 'Name, type, gateway…'}
        </Button>
        <ForgetDevice profile={profile} device={device} name={displayName} />
      </div>
      {editing ? <RegistryForm profile={profile} deviceKey={device.key} /> : null}
    </li>
  );
}

/** Forgets a device, clearing the retained status the broker holds for it (after asking). */
function ForgetDevice({ profile, device, name }: { profile: Profile; device: DeviceRecord; name: string }) {
  const actions = useSessionActions();
  const [asking, setAsking] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  return (
    <>
      <Button size="sm" variant="ghost" onClick={() => setAsking(true)}>
        Forget device
      </Button>
      {result ? (
        <span role="alert" className="self-center text-red-700 dark:text-red-400">
          {result}
        </span>
      ) : null}
      <ConfirmDialog
        open={asking}
        title={`Forget ${name}?`}
        confirmLabel="Forget and clear"
        danger
        onCancel={() => setAsking(false)}
        onConfirm={() => {
          setAsking(false);
          actions.forgetDevice(profile.id, device.key).catch((error: Error) => setResult(`Not cleared: ${error.message}`));
        }}
      >
        This publishes an empty retained message to <span className="font-mono">{device.presenceTopic}</span>, so the broker forgets the retained
        state it holds for this device, and its card goes. If the device is still there, it comes back with its next status.
      </ConfirmDialog>
    </>
  );
}

/** The last 24 hours as a bar coloured by state, and the number of outages. */
function Timeline({ device, now, outages, name, gaps }: { device: DeviceRecord; now: number; outages: number; name: string; gaps: ReadonlyArray<[number, number]> }) {
  const start = now - TIMELINE_WINDOW_MS;
  const segments: Array<{ from: number; to: number; state: PresenceState }> = [];
  const points = device.timeline.filter((t) => t.at <= now);
  for (let i = 0; i < points.length; i++) {
    const point = points[i] as { at: number; state: PresenceState };
    const next = points[i + 1];
    const from = Math.max(start, point.at);
    const to = next ? next.at : now;
    if (to > start) segments.push({ from, to, state: point.state });
  }
  const x = (t: number) => ((t - start) / TIMELINE_WINDOW_MS) * 100;
  return (
    <div>
      <svg role="img" aria-label={`${name}: ${outages} outage${outages === 1 ? '' : 's'} in the last 24 hours`} viewBox="0 0 100 6" preserveAspectRatio="none" className="h-2 w-full rounded bg-slate-100 dark:bg-slate-800">
        {segments.map((s, i) => (
          <rect key={i} x={x(s.from)} y={0} width={Math.max(0.3, x(s.to) - x(s.from))} height={6} fill={STATE_TONE[s.state].bar} />
        ))}
        {/* while the page was closed nothing was seen: blank, not the state before */}
        {gaps
          .filter(([a, b]) => b > start && a < now)
          .map(([a, b]) => (
            <rect key={`gap${a}`} x={x(Math.max(start, a))} y={0} width={Math.max(0.3, x(Math.min(now, b)) - x(Math.max(start, a)))} height={6} className="fill-slate-100 dark:fill-slate-800">
              <title>page closed: nothing seen</title>
            </rect>
          ))}
      </svg>
      <p className="mt-0.5 flex justify-between text-[10px] text-slate-600 dark:text-slate-400">
        <span>24 h ago</span>
        <span>
          {outages} outage{outages === 1 ? '' : 's'} in 24 h
        </span>
        <span>now</span>
      </p>
    </div>
  );
}

function RegistryForm({ profile, deviceKey }: { profile: Profile; deviceKey: string }) {
  const update = useProfilesStore((s) => s.update);
  const entry = profile.presence.registry[deviceKey] ?? { name: '', type: '', gateway: '' };
  const set = (patch: Partial<typeof entry>) =>
    update(profile.id, { presence: { ...profile.presence, registry: { ...profile.presence.registry, [deviceKey]: { ...entry, ...patch } } } });
  return (
    <div className="grid grid-cols-1 gap-2 sm:grid-cols-3">
      <TextField label="Device name" value={entry.name} placeholder="Living room sensor" onChange={(e) => set({ name: e.target.value })} />
      <TextField label="Device type" value={entry.type} placeholder="climate sensor" onChange={(e) => set({ type: e.target.value })} />
      <TextField label="Controller / gateway" value={entry.gateway} placeholder="zigbee2mqtt" onChange={(e) => set({ gateway: e.target.value })} />
    </div>
  );
}
