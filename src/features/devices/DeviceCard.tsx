import { useState } from 'react';
import { DEFAULT_STALE_FACTOR, TIMELINE_WINDOW_MS, type DeviceRecord, type DisplayState } from '../../data/devices';
import { extractValues, guessUnit } from '../../data/extract';
import type { PresenceState } from '../../data/presence';
import { useProfilesStore } from '../../stores/profiles';
import type { Profile } from '../../stores/profileModel';
import { formatAgo } from '../../shared/format/ago';
import { formatClock } from '../../shared/format/format';
import { Button } from '../../shared/ui/Button';
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

/** Values shown on a card. */
const CARD_VALUES = 6;

interface CardProps {
  profile: Profile;
  device: DeviceRecord;
  state: DisplayState;
  outages: number;
  now: number;
  onChart?: (topic: string, path: string) => void;
}

/** One device: state in words and colour, since when, last seen, the rule, latest values, 24-hour timeline. */
export function DeviceCard({ profile, device, state, outages, now, onChart }: CardProps) {
  const entry = profile.presence.registry[device.key];
  const displayName = entry?.name || device.name;
  const [editing, setEditing] = useState(false);
  const values = cardValues(device);
  const staleFactor = profile.presence.staleFactor || DEFAULT_STALE_FACTOR;
  return (
    <li
      aria-label={displayName}
      className="flex flex-col gap-2 rounded-lg border border-slate-200 bg-white p-3 text-xs shadow-xs dark:border-slate-700 dark:bg-slate-900"
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
      <dl className="grid grid-cols-[4.5rem_1fr] gap-x-3 gap-y-0.5">
        <dt className="text-slate-600 dark:text-slate-400">State</dt>
        <dd>
          “{device.presenceText}” since {formatClock(device.presenceSince).slice(0, 8)}, {formatAgo(device.presenceSince, now)}
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
          {state === 'stale' && device.intervalMs ? (
            <span className="text-amber-700 dark:text-amber-400">
              {' '}
              · silent for over {staleFactor} × its usual {Math.round(device.intervalMs / 1000)} s
            </span>
          ) : null}
        </dd>
        <dt className="text-slate-600 dark:text-slate-400">Topic</dt>
        <dd className="truncate font-mono">{device.presenceTopic}</dd>
      </dl>
      {values.length > 0 ? (
        <ul aria-label={`Latest values of ${displayName}`} className="grid grid-cols-2 gap-x-3 gap-y-0.5 font-mono">
          {values.map((v) => (
            <li key={`${v.topic}|${v.path}`} className="flex min-w-0 items-center gap-1">
              <span className="truncate text-slate-600 dark:text-slate-400" title={`${v.topic} ${v.path}`}>
                {v.label}
              </span>
              <span className="ml-auto shrink-0 text-slate-900 dark:text-slate-100">
                {v.value}
                {v.unit ? ` ${v.unit}` : ''}
              </span>
              {onChart ? (
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
      ) : null}
      <Timeline device={device} now={now} outages={outages} name={displayName} />
      <div>
        <Button size="sm" variant="ghost" aria-expanded={editing} onClick={() => setEditing((v) => !v)}>
          {editing ? 'Done' : 'Name, type, gateway…'}
        </Button>
      </div>
      {editing ? <RegistryForm profile={profile} deviceKey={device.key} /> : null}
    </li>
  );
}

function cardValues(device: DeviceRecord): Array<{ topic: string; path: string; label: string; value: string; unit: string }> {
  const out: Array<{ topic: string; path: string; label: string; value: string; unit: string }> = [];
  for (const [topic, message] of device.latest) {
    for (const { path, value } of extractValues(message.payload)) {
      if (out.length >= CARD_VALUES) return out;
      const levels = topic.split('/');
      // "AM2301.Temperature" -> "Temperature"; a plain ESPHome state -> its sensor name ("power")
      const label = path ? (path.split('.').pop() ?? path) : (levels[levels.length - 1] === 'state' ? levels[levels.length - 2] : levels[levels.length - 1]) ?? topic;
      out.push({ topic, path, label, value: String(Math.round(value * 100) / 100), unit: guessUnit(path, topic) });
    }
  }
  return out;
}

/** The last 24 hours as a bar coloured by state, and the number of outages. */
function Timeline({ device, now, outages, name }: { device: DeviceRecord; now: number; outages: number; name: string }) {
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
