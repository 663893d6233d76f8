import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent, type ReactNode } from 'react';
import { SPARK_WINDOW_MS } from '../../data/home/homeData';
import { Sparkline } from '../../shared/ui/Sparkline';

const NO_POINTS = { t: [], v: [] };
import { buildTiles, groupTiles, moveTile, type AlertKind, type Tile } from '../../data/home/tiles';
import { useSlowLiveRev } from '../../stores/live';
import { newId } from '../../stores/ids';
import type { Profile } from '../../stores/profileModel';
import { useConnectionData, useSessionActions } from '../../stores/sessionContext';
import { useRowHeight } from '../../stores/views';
import { formatAgo } from '../../shared/format/ago';
import { formatClock, plural } from '../../shared/format/format';
import { Button } from '../../shared/ui/Button';
import { useElementWidth, useNow } from '../../shared/ui/useNow';
import { ConfirmDialog } from '../../shared/ui/ConfirmDialog';
import { ModalDialog } from '../../shared/ui/ModalDialog';
import { Checkbox, SelectField, TextField } from '../../shared/ui/Field';
import { Popover } from '../../shared/ui/Popover';
import { BADGE_TONE } from '../../shared/ui/palette';

/** A tile's width at least, and the height of a row of tiles (before class mode scales it). */
const TILE_MIN_PX = 176;
const TILE_ROW_PX = 188;
const GROUP_ROW_PX = 30;

const PRESENCE: Record<Tile['presence'], { word: string; tone: string }> = {
  online: { word: 'Online', tone: BADGE_TONE.green },
  offline: { word: 'Offline', tone: BADGE_TONE.red },
  stale: { word: 'Stale', tone: BADGE_TONE.amber },
  unknown: { word: 'Unknown', tone: BADGE_TONE.grey },
};

type Row = { kind: 'group'; name: string; count: number } | { kind: 'tiles'; tiles: Tile[] };

/** Home at a glance: a tile per sensor (from discovery, devices and pins), grouped, with alerts. */
export function HomeView({ profile }: { profile: Profile }) {
  const actions = useSessionActions();
  const data = useConnectionData(profile.id);
  const rev = useSlowLiveRev(profile.id);
  const now = useNow(1_000);
  const [filter, setFilter] = useState('');
  const allTiles = useMemo(
    () => buildTiles(data.home, data.devices, profile.home, now, profile.presence.staleFactor),
    // rev: the values changed; now: ages and staleness
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [data, profile.home, profile.presence.staleFactor, rev, now],
  );
  const wanted = filter.trim().toLowerCase();
  const tiles = wanted ? allTiles.filter((t) => `${t.name} ${t.deviceName} ${t.room}`.toLowerCase().includes(wanted)) : allTiles;
  // devices found by the presence rules (and pins) get their values watched, for sparklines
  const deviceCount = data.devices.devices.size;
  useEffect(() => actions.applyHome(profile.id), [actions, profile.id, deviceCount, data.home.version]);

  const scroller = useRef<HTMLDivElement>(null);
  const width = useElementWidth(scroller, 800);
  const tileRow = useRowHeight(TILE_ROW_PX);
  const groupRow = useRowHeight(GROUP_ROW_PX);
  const columns = Math.max(1, Math.floor((width - 16) / TILE_MIN_PX));
  const rows: Row[] = [];
  for (const group of groupTiles(tiles, profile.home.groupBy)) {
    rows.push({ kind: 'group', name: group.name, count: group.tiles.length });
    for (let i = 0; i < group.tiles.length; i += columns) rows.push({ kind: 'tiles', tiles: group.tiles.slice(i, i + columns) });
  }
  // The app does not use the React Compiler this rule guards; the virtualizer re-renders through its own state.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: (i) => (rows[i]?.kind === 'group' ? groupRow : tileRow), overscan: 3 });
  useEffect(() => virtualizer.measure(), [virtualizer, tileRow, groupRow, columns]);

  const move = (id: string, toIndex: number) => actions.updateHome(profile.id, { order: moveTile(allTiles, id, Math.max(0, allTiles.indexOf(tiles[toIndex] ?? (tiles[tiles.length - 1] as Tile)))) });
  const [dragged, setDragged] = useState<string | null>(null);

  return (
    <section aria-label="Home" data-rev={rev} className="flex h-full min-h-0 flex-col">
      <div className="flex flex-wrap items-end gap-x-3 gap-y-2 border-b border-slate-200 px-3 py-2 dark:border-slate-800">
        <TextField label="Find a tile" className="w-40" inputClassName="py-1" value={filter} placeholder="name, device, room" onChange={(e) => setFilter(e.target.value)} data-shortcut-search />
        <SelectField
          label="Group by"
          className="w-32"
          value={profile.home.groupBy}
          onChange={(e) => actions.updateHome(profile.id, { groupBy: e.target.value as 'device' | 'room' })}
          options={[
            { value: 'device', label: 'Device' },
            { value: 'room', label: 'Room' },
          ]}
        />
        <p className="flex-1 pb-1.5 text-xs text-slate-600 dark:text-slate-400">{`${wanted ? `${tiles.length} of ` : ''}${plural(allTiles.length, 'tile')}, ${allTiles.filter((t) => t.presence === 'offline').length} offline`}</p>
        <div className="pb-0.5">
          <HomeSettingsPopover profile={profile} />
        </div>
      </div>
      <Alerts profile={profile} />
      <div ref={scroller} className="min-h-0 flex-1 overflow-y-auto px-2 pb-2">
        {allTiles.length === 0 ? (
          <p className="p-4 text-sm text-slate-600 dark:text-slate-400">
            No tiles yet. They come from Home Assistant discovery configs (under <code>{profile.home.discoveryPrefix}/</code>), from devices the presence rules find, and from values you pin with
            “Pin to Home” in a message.
          </p>
        ) : null}
        <div role="group" aria-label="Tiles" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index] as Row;
            return (
              <div key={item.key} role="presentation" style={{ position: 'absolute', top: 0, left: 0, right: 0, height: item.size, transform: `translateY(${item.start}px)` }}>
                {row.kind === 'group' ? (
                  <h3 className="flex h-full items-end pb-1 text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-300">{`${row.name} · ${row.count}`}</h3>
                ) : (
                  <div className="grid h-full gap-2 pb-2" style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}>
                    {row.tiles.map((tile) => (
                      <TileCard
                        key={tile.id}
                        profile={profile}
                        tile={tile}
                        now={now}
                        index={tiles.indexOf(tile)}
                        onMove={move}
                        dragging={dragged === tile.id}
                        onDragStart={() => setDragged(tile.id)}
                        onDrop={() => {
                          if (dragged && dragged !== tile.id) move(dragged, tiles.indexOf(tile));
                          setDragged(null);
                        }}
                      />
                    ))}
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}

function HomeSettingsPopover({ profile }: { profile: Profile }) {
  const actions = useSessionActions();
  const [prefix, setPrefix] = useState(profile.home.discoveryPrefix);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const savePrefix = () => {
    const problems = actions.updateHome(profile.id, { discoveryPrefix: prefix.trim() });
    setError(problems ? problems.map((p) => p.replace(/^home\.discoveryPrefix: /, '')).join(' ') : null);
  };
  const toggleNotifications = async (on: boolean) => {
    if (on && typeof Notification !== 'undefined' && Notification.permission !== 'granted') {
      if ((await Notification.requestPermission()) !== 'granted') return setNotice('The browser did not allow notifications: allow them for this site in its settings.');
    }
    setNotice(null);
    actions.updateHome(profile.id, { notifications: on });
  };
  return (
    <Popover label="Home settings">
      <div className="flex w-72 flex-col gap-3">
        <TextField
          label="Discovery prefix"
          value={prefix}
          error={error}
          hint="Where Home Assistant discovery configs are (homeassistant by default)."
          onChange={(e) => setPrefix(e.target.value)}
          onBlur={savePrefix}
          onKeyDown={(e) => {
            if (e.key === 'Enter') savePrefix();
          }}
        />
        <Checkbox label="Ask before a switch tile sends its command" checked={profile.home.confirmCommands} onChange={(e) => actions.updateHome(profile.id, { confirmCommands: e.target.checked })} />
        <Checkbox label="Browser notifications for alerts" checked={profile.home.notifications} onChange={(e) => void toggleNotifications(e.target.checked)} />
        {notice ? <p role="alert" className="text-xs text-amber-800 dark:text-amber-300">{notice}</p> : null}
        <p className="text-xs text-slate-600 dark:text-slate-400">Alerts fire while this page is open: a closed page hears nothing.</p>
      </div>
    </Popover>
  );
}

/** Drawn again with the view (each second and as values change), so its list is current. */
function Alerts({ profile }: { profile: Profile }) {
  const actions = useSessionActions();
  const alerts = useConnectionData(profile.id).alerts;
  const [open, setOpen] = useState(false);
  const active = alerts.active();
  const shown = open ? alerts.events.slice(0, 50) : active.slice(0, 3);
  return (
    <section aria-label="Alerts" className="border-b border-slate-200 px-3 py-1.5 text-xs dark:border-slate-800">
      <div className="flex flex-wrap items-center gap-2">
        <span className={active.length ? 'font-semibold text-red-700 dark:text-red-300' : 'text-slate-600 dark:text-slate-400'}>
          {active.length ? plural(active.length, 'alert') + ' now' : 'No alert now'}
        </span>
        <span className="text-slate-500 dark:text-slate-400">(alerts fire while this page is open)</span>
        <span className="flex-1" />
        <Button size="sm" variant="ghost" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide past alerts' : `All alerts (${alerts.events.length})`}
        </Button>
        {alerts.events.length ? (
          <Button size="sm" variant="ghost" onClick={() => actions.clearAlerts(profile.id)}>
            Clear alerts
          </Button>
        ) : null}
      </div>
      {shown.length ? (
        <ul aria-label="Alert list" className="mt-1 flex flex-col gap-0.5">
          {shown.map((a) => (
            <li key={`${a.key}@${a.at}`} className={a.endedAt === null ? 'text-red-800 dark:text-red-200' : 'text-slate-600 dark:text-slate-400'}>
              {`${formatClock(a.at).slice(0, 8)} ${a.text}${a.endedAt === null ? '' : ` (ended ${formatClock(a.endedAt).slice(0, 8)})`}`}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

interface TileProps {
  profile: Profile;
  tile: Tile;
  now: number;
  index: number;
  onMove(id: string, toIndex: number): void;
  dragging: boolean;
  onDragStart(): void;
  onDrop(): void;
}

const TileCard = memo(function TileCard({ profile, tile, now, index, onMove, dragging, onDragStart, onDrop }: TileProps) {
  const actions = useSessionActions();
  const [confirm, setConfirm] = useState<boolean | null>(null);
  const [fault, setFault] = useState<string | null>(null);
  const presence = PRESENCE[tile.presence];
  const onKey = (e: KeyboardEvent<HTMLElement>) => {
    if (!e.altKey || e.target !== e.currentTarget) return;
    if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') onMove(tile.id, index - 1);
    else if (e.key === 'ArrowRight' || e.key === 'ArrowDown') onMove(tile.id, index + 1);
    else return;
    e.preventDefault();
  };
  const send = async (on: boolean) => setFault(await actions.switchTile(profile.id, tile, on));
  return (
    <article
      aria-label={`${tile.name} tile${tile.deviceName ? ` of ${tile.deviceName}` : ''}`}
      tabIndex={0}
      draggable
      onDragStart={(e: DragEvent) => {
        e.dataTransfer.effectAllowed = 'move';
        onDragStart();
      }}
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        e.preventDefault();
        onDrop();
      }}
      onKeyDown={onKey}
      aria-keyshortcuts="Alt+ArrowLeft Alt+ArrowRight"
      className={`flex min-w-0 flex-col gap-1 rounded-lg border bg-white p-2 text-xs shadow-xs focus-visible:outline-2 focus-visible:outline-sky-500 dark:bg-slate-900 ${
        tile.presence === 'offline' ? 'border-red-300 dark:border-red-800' : 'border-slate-200 dark:border-slate-700'
      } ${dragging ? 'opacity-50' : ''}`}
    >
      <h4 className="line-clamp-2 min-w-0 text-sm leading-tight font-semibold break-words text-slate-900 dark:text-white" title={tile.deviceName ? `${tile.deviceName}: ${tile.name}` : tile.name}>
        {tile.name}
      </h4>
      <p className="flex min-w-0 items-baseline gap-1 truncate" aria-label={`${tile.name} value`}>
        <span className={`text-2xl font-semibold tabular-nums ${tile.presence === 'offline' || tile.presence === 'stale' ? 'text-slate-500 dark:text-slate-400' : 'text-slate-900 dark:text-white'}`}>{tile.text}</span>
        {tile.unit && tile.kind === 'number' ? <span className="text-sm text-slate-600 dark:text-slate-300">{tile.unit}</span> : null}
      </p>
      <Sparkline points={tile.spark ? tile.spark.since(now - SPARK_WINDOW_MS) : NO_POINTS} now={now} windowMs={SPARK_WINDOW_MS} windowName="the last hour" name={tile.name} />
      <p className="flex min-w-0 items-center gap-1 text-slate-600 dark:text-slate-400">
        <span className={`shrink-0 rounded px-1.5 py-0.5 text-[11px] font-medium ${presence.tone}`}>{presence.word}</span>
        <span className="min-w-0 flex-1 truncate">{tile.at ? `${formatAgo(tile.at, now)}${tile.fromHistory ? ' · history' : ''}` : 'no value yet'}</span>
      </p>
      <div className="mt-auto flex items-center justify-end gap-1">
        {tile.command ? (
          <Button size="sm" aria-label={`Turn ${tile.name} ${tile.isOn ? 'off' : 'on'}`} onClick={() => (profile.home.confirmCommands ? setConfirm(!tile.isOn) : void send(!tile.isOn))}>
            {tile.isOn ? 'Turn off' : 'Turn on'}
          </Button>
        ) : null}
        <TileMenu profile={profile} tile={tile} index={index} onMove={onMove} />
      </div>
      {fault ? (
        <p role="alert" className="text-red-700 dark:text-red-300">
          {fault}
        </p>
      ) : null}
      <ConfirmDialog
        open={confirm !== null}
        title={`Turn ${tile.name} ${confirm ? 'on' : 'off'}?`}
        confirmLabel={`Send ${confirm ? tile.command?.on : tile.command?.off}`}
        onCancel={() => setConfirm(null)}
        onConfirm={() => {
          const on = confirm === true;
          setConfirm(null);
          void send(on);
        }}
      >
        <p>{`Publishes “${confirm ? tile.command?.on : tile.command?.off}” to ${tile.command?.topic}.`}</p>
      </ConfirmDialog>
    </article>
  );
});

const ALERT_KINDS: Array<{ value: AlertKind; label: string }> = [
  { value: 'above', label: 'Above' },
  { value: 'below', label: 'Below' },
  { value: 'silent', label: 'No message for' },
  { value: 'offline', label: 'Goes offline' },
];

function TileMenu({ profile, tile, index, onMove }: { profile: Profile; tile: Tile; index: number; onMove(id: string, toIndex: number): void }) {
  const actions = useSessionActions();
  const [room, setRoom] = useState(profile.home.rooms[tile.id] ?? tile.room);
  const [kind, setKind] = useState<AlertKind>('above');
  const [threshold, setThreshold] = useState('');
  const [forSec, setForSec] = useState('60');
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const rules = profile.home.alerts.filter((a) => a.tile === tile.id);
  const addAlert = () => {
    const limit = Number(threshold);
    const seconds = Number(forSec);
    if ((kind === 'above' || kind === 'below') && (threshold.trim() === '' || !Number.isFinite(limit))) return setError('Give the limit as a number.');
    if (!Number.isInteger(seconds) || seconds < 0) return setError('Give the time in whole seconds.');
    setError(null);
    actions.updateHome(profile.id, { alerts: [...profile.home.alerts, { id: newId('alert'), tile: tile.id, kind, threshold: Number.isFinite(limit) ? limit : 0, forSec: seconds, enabled: true }] });
  };
  return (
    <>
      <Button size="sm" variant="ghost" aria-haspopup="dialog" aria-label={`Options of ${tile.name}`} onClick={() => setOpen(true)}>
        Options
      </Button>
      {open ? (
      <OptionsDialog title={`Options of ${tile.name}`} onClose={() => setOpen(false)}>
        <div className="flex gap-2">
          <Button size="sm" aria-label={`Move ${tile.name} earlier`} onClick={() => onMove(tile.id, index - 1)}>
            ◀ Earlier
          </Button>
          <Button size="sm" aria-label={`Move ${tile.name} later`} onClick={() => onMove(tile.id, index + 1)}>
            Later ▶
          </Button>
        </div>
        <TextField
          label="Room"
          value={room}
          placeholder={tile.room || 'e.g. Kitchen'}
          onChange={(e) => setRoom(e.target.value)}
          onBlur={() => actions.updateHome(profile.id, { rooms: { ...profile.home.rooms, [tile.id]: room.trim() } })}
        />
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-xs font-semibold">Alerts on this tile</legend>
          {rules.map((r) => (
            <div key={r.id} className="flex items-center gap-2">
              <span className="flex-1">{`${ALERT_KINDS.find((k) => k.value === r.kind)?.label} ${r.kind === 'above' || r.kind === 'below' ? `${r.threshold} ${tile.unit} for ${r.forSec} s` : r.kind === 'silent' ? `${r.forSec} s` : ''}`}</span>
              <Button size="sm" variant="ghost" aria-label={`Remove this alert of ${tile.name}`} onClick={() => actions.updateHome(profile.id, { alerts: profile.home.alerts.filter((a) => a.id !== r.id) })}>
                ✕
              </Button>
            </div>
          ))}
          <div className="flex flex-wrap items-end gap-2">
            <SelectField label="When" className="w-36" value={kind} onChange={(e) => setKind(e.target.value as AlertKind)} options={ALERT_KINDS} />
            {kind === 'above' || kind === 'below' ? <TextField label="Limit" className="w-20" inputMode="decimal" value={threshold} onChange={(e) => setThreshold(e.target.value)} /> : null}
            {kind !== 'offline' ? <TextField label={kind === 'silent' ? 'Seconds' : 'For (s)'} className="w-20" inputMode="numeric" value={forSec} onChange={(e) => setForSec(e.target.value)} error={error} /> : null}
            <Button size="sm" onClick={addAlert}>
              Add alert
            </Button>
          </div>
        </fieldset>
        {tile.source === 'pinned' ? (
          <Button size="sm" variant="ghost" onClick={() => actions.unpin(profile.id, tile.id)}>
            Unpin from Home
          </Button>
        ) : null}
      </OptionsDialog>
      ) : null}
    </>
  );
}

/** The tile's options in a modal dialog (the tile's box would clip a popover). */
function OptionsDialog({ title, onClose, children }: { title: string; onClose(): void; children: ReactNode }) {
  return (
    <ModalDialog title={title} onCancel={onClose} className="w-80 max-w-[92vw] text-sm" footer={<Button onClick={onClose}>Close</Button>}>
      <div className="mt-3 flex flex-col gap-3">{children}</div>
    </ModalDialog>
  );
}
