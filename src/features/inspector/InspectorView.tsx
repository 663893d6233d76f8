import { memo, useState } from 'react';
import { decodedOf, type CapturedPacket, type PacketCapture } from '../../data/packetCapture';
import { weakCache } from '../../data/weakCache';
import { RingView } from '../../data/ringView';
import { packetSummary, PACKET_TYPE_NAMES } from '../../mqtt/inspect/decode';
import { headerOf } from '../../mqtt/inspect/header';
import { formatBytes } from '../../mqtt/payload';
import { useSessionActions, useSessionData } from '../../stores/sessionContext';
import { useLiveRev } from '../../stores/live';
import type { Profile } from '../../stores/profileModel';
import { formatClock, formatCount } from '../../shared/format/format';
import { Button } from '../../shared/ui/Button';
import { Checkbox, SelectField, TextField } from '../../shared/ui/Field';
import { FollowingList, ListHeaderRow, ListRow } from '../../shared/ui/FollowingList';
import { PacketDetail } from './PacketDetail';
import { TotalsTable } from './TotalsTable';

export const PACKET_ROW_HEIGHT_PX = 26;

const viewOf = weakCache((_capture: PacketCapture) => new RingView<CapturedPacket>());

/** Stepping through packets for class: the list holds still, and packets are revealed one at a time. */
interface Stepping {
  heldAt: number;
  revealed: number;
}

/** Every MQTT packet of the connection, byte by byte. */
export function InspectorView({ profile }: { profile: Profile }) {
  const actions = useSessionActions();
  const reader = useSessionData();
  const id = profile.id;
  const rev = useLiveRev(id);
  const capture = reader.data(id).packets;
  const version = profile.protocolVersion;
  const [typeFilter, setTypeFilter] = useState('');
  const [idFilter, setIdFilter] = useState('');
  const [selected, setSelected] = useState<number | null>(null);
  const [classMode, setClassMode] = useState(false);
  const [stepping, setStepping] = useState<Stepping | null>(null);

  const wantedId = idFilter.trim() === '' ? null : Number(idFilter);
  const idError = wantedId !== null && !(Number.isInteger(wantedId) && wantedId >= 1 && wantedId <= 65_535) ? 'A packet identifier is 1 to 65,535.' : null;
  const type = typeFilter === '' ? null : Number(typeFilter);
  const predicate =
    type === null && (wantedId === null || idError)
      ? null
      : (p: CapturedPacket) => {
          const header = headerOf(p.bytes);
          return (type === null || header.type === type) && (wantedId === null || idError !== null || header.packetId === wantedId);
        };
  const view = viewOf(capture);
  view.update(capture.ring, `${typeFilter}|${idError ? '' : idFilter}`, predicate, stepping ? stepping.heldAt + stepping.revealed : null);
  const rowCount = view.length;
  const rowHeight = classMode ? 34 : PACKET_ROW_HEIGHT_PX;
  const selectedPacket = selected !== null ? capture.ring.atAbsolute(selected) : undefined;


  const next = () => {
    if (!stepping || view.waiting === 0) return;
    // reveal up to the next packet that passes the filters
    let revealed = stepping.revealed;
    const target = view.length + 1;
    do {
      revealed++;
      view.update(capture.ring, `${typeFilter}|${idError ? '' : idFilter}`, predicate, stepping.heldAt + revealed);
    } while (view.length < target && stepping.heldAt + revealed < capture.ring.pushed);
    setStepping({ ...stepping, revealed });
    setSelected(view.seqAt(view.length - 1));
  };

  return (
    <section aria-label="Inspector" data-rev={rev} className={`@container flex h-full min-h-0 flex-col ${classMode ? 'text-base' : ''}`}>
      <div className="flex flex-wrap items-end gap-2 border-b border-slate-200 px-3 py-2 dark:border-slate-800">
        <SelectField
          label="Packet type"
          className="w-40"
          value={typeFilter}
          onChange={(e) => setTypeFilter(e.target.value)}
          options={[{ value: '', label: 'All types' }, ...PACKET_TYPE_NAMES.slice(1).map((name, i) => ({ value: String(i + 1), label: name }))]}
        />
        <TextField label="Packet id" className="w-28" inputClassName="py-1" inputMode="numeric" value={idFilter} error={idError} onChange={(e) => setIdFilter(e.target.value)} />
        <Button size="sm" className="mb-0.5" onClick={() => actions.setCapturing(id, !capture.capturing)}>
          {capture.capturing ? 'Pause capture' : 'Resume capture'}
        </Button>
        <Button
          size="sm"
          variant="ghost"
          className="mb-0.5"
          onClick={() => {
            actions.clearCapture(id);
            setSelected(null);
            setStepping(null);
          }}
        >
          Clear
        </Button>
        <Checkbox label="Class mode" className="mb-1.5" checked={classMode} onChange={(e) => setClassMode(e.target.checked)} />
        {stepping ? (
          <>
            <Button size="sm" variant="primary" className="mb-0.5" onClick={next} disabled={view.waiting === 0}>
              Next packet ({formatCount(view.waiting)} waiting)
            </Button>
            <Button size="sm" variant="ghost" className="mb-0.5" onClick={() => setStepping(null)}>
              Stop stepping
            </Button>
          </>
        ) : (
          <Button size="sm" variant="ghost" className="mb-0.5" onClick={() => setStepping({ heldAt: capture.ring.pushed, revealed: 0 })}>
            Step through new packets
          </Button>
        )}
        <span aria-label="Packets kept" className="mb-1.5 text-xs text-slate-600 dark:text-slate-300">
          {view.isFiltered ? `${formatCount(rowCount)} shown · ` : ''}
          {formatCount(capture.ring.length)} of {formatCount(capture.ring.capacity)} packets kept
          {capture.ring.dropped > 0 ? ` · ${formatCount(capture.ring.dropped)} older dropped` : ''}
          {capture.capturing ? '' : ' · capture paused'}
        </span>
      </div>
      <div className="flex min-h-0 flex-1 flex-col @6xl:flex-row">
        <div className="flex min-h-48 min-w-0 flex-1 flex-col overflow-hidden">
          <FollowingList
            label="Packets"
            rowCount={rowCount}
            rowHeight={rowHeight}
            rev={rev}
            emptyText={capture.capturing ? 'Packets appear here as they cross the wire: connect, subscribe or publish.' : 'Capture is paused.'}
            rows={view}
            selectedKey={selected}
            onSelect={setSelected}
            header={
              <ListHeaderRow grid={PACKET_GRID}>
                <span role="columnheader">Time</span>
                <span role="columnheader">Dir</span>
                <span role="columnheader">Type</span>
                <span role="columnheader">Id</span>
                <span role="columnheader">Details</span>
                <span role="columnheader" className="text-right">
                  Size
                </span>
              </ListHeaderRow>
            }
            renderRow={(i, slot) => {
              const seq = view.seqAt(i);
              const packet = capture.ring.atAbsolute(seq);
              if (!packet) return null;
              return (
                <PacketRow
                  key={slot}
                  index={i}
                  seq={seq}
                  packet={packet}
                  version={version}
                  height={rowHeight}
                  selected={seq === selected}
                  onSelect={setSelected}
                />
              );
            }}
          />
        </div>
        {selectedPacket && selected !== null ? (
          <div className="max-h-[60%] min-h-64 overflow-auto border-t border-slate-200 @6xl:max-h-none @6xl:w-[40rem] @6xl:border-t-0 @6xl:border-l dark:border-slate-800">
            <PacketDetail capture={capture} seq={selected} packet={selectedPacket} profile={profile} classMode={classMode} onSelect={setSelected} onClose={() => setSelected(null)} />
          </div>
        ) : (
          <div className="border-t border-slate-200 p-3 @6xl:w-96 @6xl:border-t-0 @6xl:border-l dark:border-slate-800">
            <TotalsTable capture={capture} />
          </div>
        )}
      </div>
    </section>
  );
}

const PACKET_GRID = 'grid grid-cols-[6.5rem_2rem_7rem_3.5rem_minmax(8rem,1fr)_4.5rem] items-center gap-2 px-3';

interface RowProps {
  index: number;
  seq: number;
  packet: CapturedPacket;
  version: 4 | 5;
  height: number;
  selected: boolean;
  onSelect(seq: number): void;
}

const PacketRow = memo(function PacketRow({ index, seq, packet, version, height, selected, onSelect }: RowProps) {
  const d = decodedOf(packet, version);
  const out = packet.direction === 'out';
  return (
    <ListRow grid={PACKET_GRID} index={index} height={height} rowKey={seq} selected={selected} onSelect={onSelect}>
      <span role="cell" className="text-slate-500 tabular-nums dark:text-slate-400">
        {formatClock(packet.at)}
      </span>
      <span role="cell" title={out ? 'sent by mqttscope' : 'received from the broker'} className={out ? 'text-sky-700 dark:text-sky-300' : 'text-emerald-700 dark:text-emerald-400'}>
        {out ? '→' : '←'}
        <span className="sr-only">{out ? ' sent' : ' received'}</span>
      </span>
      <span role="cell" className="font-semibold text-slate-900 dark:text-slate-100">
        {d.name}
        {d.problems.length ? <span className="ml-1 text-red-600">!</span> : null}
      </span>
      <span role="cell" className="tabular-nums">
        {d.packetId ?? ''}
      </span>
      <span role="cell" className="truncate text-slate-700 dark:text-slate-200">
        {packetSummary(d)}
      </span>
      <span role="cell" className="text-right text-slate-500 tabular-nums dark:text-slate-400">
        {formatBytes(packet.bytes.byteLength)}
      </span>
    </ListRow>
  );
});
