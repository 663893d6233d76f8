import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { DiscoveryConfig } from '../../data/discovery/discovery';
import type { HomeData } from '../../data/home/homeData';
import { useConnectionStatus } from '../../stores/connections';
import { useSlowLiveRev } from '../../stores/live';
import type { RemoveResult } from '../../stores/homeActions';
import type { Profile } from '../../stores/profileModel';
import { useConnectionData, useSessionActions } from '../../stores/sessionContext';
import { useRowHeight } from '../../stores/views';
import { plural } from '../../shared/format/format';
import { Button } from '../../shared/ui/Button';
import { useNow } from '../../shared/ui/useNow';
import { ConfirmDialog } from '../../shared/ui/ConfirmDialog';
import { Checkbox } from '../../shared/ui/Field';

/** A config none of whose topics (state, availability) has been seen this long after it came is flagged. */
export const NEVER_SEEN_AFTER_MS = 10_000;
/** A config whose device is there (its availability seen) but whose state topic is not, after this long. */
export const STATE_UNSEEN_AFTER_MS = 600_000;

/** Every problem of a config: what its text says, and what the stream shows (topics never seen, devices offline). */
export function configProblems(home: HomeData, config: DiscoveryConfig, now: number): string[] {
  const problems = [...config.problems];
  for (const e of config.entities) {
    if (!e.stateTopic || home.seen(e.stateTopic)) {
      // seen: fine
    } else if (!e.availability.some((a) => home.seen(a.topic))) {
      if (now - config.receivedAt > NEVER_SEEN_AFTER_MS) problems.push(`state topic ${e.stateTopic} never seen, nor its availability: the device may be gone (a stale config)`);
    } else if (now - config.receivedAt > STATE_UNSEEN_AFTER_MS) {
      problems.push(`state topic ${e.stateTopic} not seen in ${STATE_UNSEEN_AFTER_MS / 60_000} min, though the device is there`);
    }
    if (home.presenceOf(e) === 'offline') problems.push(`${e.device?.name ?? e.name} is offline`);
  }
  return [...new Set(problems)];
}

/** Every Home Assistant discovery config seen, what it points to, and what is wrong with it; Remove clears it. */
export function DiscoveryView({ profile }: { profile: Profile }) {
  const data = useConnectionData(profile.id);
  const rev = useSlowLiveRev(profile.id);
  const now = useNow(2_000);
  const [problemsOnly, setProblemsOnly] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  // kept here: the removed config's row (and its detail) goes once the broker has taken the removal
  const [results, setResults] = useState<RemoveResult[] | null>(null);
  const home = data.home;
  home.settle();
  const rows = [...home.configs.values()]
    .map((config) => ({ config, problems: configProblems(home, config, now) }))
    .filter((r) => !problemsOnly || r.problems.length > 0)
    .sort((a, b) => b.problems.length - a.problems.length || a.config.topic.localeCompare(b.config.topic));
  const scroller = useRef<HTMLDivElement>(null);
  const rowHeight = useRowHeight(52);
  // The app does not use the React Compiler this rule guards; the virtualizer re-renders through its own state.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 8 });
  useEffect(() => virtualizer.measure(), [virtualizer, rowHeight]);
  const chosen = rows.find((r) => r.config.topic === selected) ?? null;
  const withProblems = rows.filter((r) => r.problems.length > 0).length;
  return (
    <section aria-label="Discovery" data-rev={rev} className="flex h-full min-h-0 flex-col">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-200 px-3 py-2 text-xs dark:border-slate-800">
        <p className="flex-1 text-slate-700 dark:text-slate-300">
          {`${plural(home.configs.size, 'config')} under ${profile.home.discoveryPrefix}/ (${plural(home.entities.size, 'entity', 'entities')}); ${withProblems} with problems.`}
        </p>
        <Checkbox label="Only configs with problems" checked={problemsOnly} onChange={(e) => setProblemsOnly(e.target.checked)} />
        {results ? (
          <p role="status" aria-label="Removal result" className="w-full">
            {results.every((r) => r.error === null)
              ? `Removed: ${plural(results.length, 'empty retained message')} published, and the broker took each.`
              : results
                  .filter((r) => r.error)
                  .map((r) => `${r.topic}: ${r.error}`)
                  .join('; ')}
          </p>
        ) : null}
      </div>
      <div className={`grid min-h-0 flex-1 ${chosen ? 'grid-rows-[minmax(0,1fr)_minmax(0,1fr)]' : 'grid-rows-[minmax(0,1fr)]'}`}>
        <div ref={scroller} className="min-h-0 overflow-y-auto">
          {rows.length === 0 ? (
            <p className="p-4 text-sm text-slate-600 dark:text-slate-400">
              No discovery config seen. Subscribe to <code>{profile.home.discoveryPrefix}/#</code> (or <code>#</code>); the prefix is in the Home view's settings.
            </p>
          ) : null}
          <div role="listbox" aria-label="Discovery configs" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const { config, problems } = rows[item.index] as (typeof rows)[number];
              const first = config.entities[0];
              const name = first ? `${first.device?.name ? `${first.device.name}: ` : ''}${config.entities.map((e) => e.name).join(', ')}` : config.topic.split('/').slice(-3, -1).join('/');
              return (
                <div
                  key={config.topic}
                  role="option"
                  aria-selected={selected === config.topic}
                  aria-label={`${name}${problems.length ? `: ${plural(problems.length, 'problem')}` : ''}`}
                  tabIndex={0}
                  onClick={() => setSelected(config.topic)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      setSelected(config.topic);
                    }
                  }}
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, height: item.size, transform: `translateY(${item.start}px)` }}
                  className={`flex cursor-pointer flex-col justify-center border-b border-slate-100 px-3 text-xs dark:border-slate-800 ${selected === config.topic ? 'bg-sky-50 dark:bg-sky-950' : ''}`}
                >
                  <span className="flex gap-2">
                    <span className="truncate font-medium text-slate-900 dark:text-slate-100">{name}</span>
                    <span className="shrink-0 text-slate-500 dark:text-slate-400">{config.component}</span>
                    {problems.length ? <span className="shrink-0 rounded bg-amber-100 px-1 text-amber-900 dark:bg-amber-900/60 dark:text-amber-200">{plural(problems.length, 'problem')}</span> : null}
                  </span>
                  <span className="truncate font-mono text-slate-600 dark:text-slate-400">{problems[0] ?? config.topic}</span>
                </div>
              );
            })}
          </div>
        </div>
        {chosen ? <ConfigDetail profile={profile} config={chosen.config} problems={chosen.problems} onRemoved={setResults} /> : null}
      </div>
    </section>
  );
}

function ConfigDetail({ profile, config, problems, onRemoved }: { profile: Profile; config: DiscoveryConfig; problems: string[]; onRemoved(results: RemoveResult[]): void }) {
  const actions = useSessionActions();
  const home = useConnectionData(profile.id).home;
  const status = useConnectionStatus(profile.id);
  const [asking, setAsking] = useState<string[] | null>(null);
  const device = config.entities[0]?.device ?? null;
  const deviceConfigs = device ? [...home.configs.values()].filter((c) => c.entities.some((e) => e.device?.id === device.id)).map((c) => c.topic) : [config.topic];
  return (
    <div aria-label="Config detail" role="region" className="min-h-0 overflow-y-auto border-t border-slate-200 p-3 text-xs dark:border-slate-700">
      <p className="font-mono break-all text-slate-900 dark:text-slate-100">{config.topic}</p>
      <p className="text-slate-600 dark:text-slate-400">{`${config.retained ? 'retained' : 'not retained'}${device ? ` · device ${device.name}${device.model ? ` (${device.model})` : ''}${device.area ? ` · ${device.area}` : ''}` : ''}`}</p>
      <ul className="mt-1 list-disc pl-5">
        {config.entities.map((e) => (
          <li key={e.id}>{`${e.name} (${e.component}${e.unit ? `, ${e.unit}` : ''}): state ${e.stateTopic ?? 'none'}${e.commandTopic ? `, command ${e.commandTopic}` : ''}${e.availability.length ? `, availability ${e.availability.map((a) => a.topic).join(' + ')} (${e.availabilityMode})` : ''}`}</li>
        ))}
      </ul>
      {problems.length ? (
        <ul aria-label="Problems" className="mt-1 list-disc pl-5 text-amber-900 dark:text-amber-200">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : (
        <p className="mt-1 text-emerald-800 dark:text-emerald-300">No problem found.</p>
      )}
      <div className="mt-2 flex flex-wrap gap-2">
        <Button size="sm" variant="danger" disabled={status.state !== 'connected'} onClick={() => setAsking([config.topic])}>
          Remove…
        </Button>
        {device && deviceConfigs.length > 1 ? (
          <Button size="sm" variant="danger" disabled={status.state !== 'connected'} onClick={() => setAsking(deviceConfigs)}>
            {`Remove all ${deviceConfigs.length} configs of ${device.name}…`}
          </Button>
        ) : null}
      </div>
      <ConfirmDialog
        open={asking !== null}
        title={asking && asking.length > 1 ? `Remove ${asking.length} discovery configs?` : 'Remove this discovery config?'}
        confirmLabel="Remove"
        danger
        onCancel={() => setAsking(null)}
        onConfirm={async () => {
          const topics = asking ?? [];
          setAsking(null);
          onRemoved(await actions.removeConfigs(profile.id, topics));
        }}
      >
        <p>An empty retained message goes to each config topic, which deletes the config the broker keeps: Home Assistant (and this page) forget the entity. A device that is still there publishes its config again when it restarts.</p>
      </ConfirmDialog>
    </div>
  );
}
