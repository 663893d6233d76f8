import { memo, useCallback } from 'react';
import { captureJsonLines } from '../../data/captureExport';
import { decodedOf } from '../../data/decodedPackets';
import type { CapturedPacket, PacketCapture } from '../../data/packetCapture';
import { weakCache } from '../../data/weakCache';
import { RingView } from '../../data/ringView';
import { packetSummary, PACKET_TYPE_NAMES } from '../../mqtt/inspect/decode';
import { headerOf } from '../../mqtt/inspect/header';
import { formatBytes } from '../../mqtt/payload';
import { useSessionActions, useSessionData } from '../../stores/sessionContext';
import { useLiveRev } from '../../stores/live';
import { useInspectorViewState, useRowHeight, useViewsStore, type InspectorViewState } from '../../stores/views';
import type { Profile } from '../../stores/profileModel';
import { formatClock, formatCount, plural } from '../../shared/format/format';
import { downloadText, fileStamp, safeFileName } from '../../shared/download';
import { Button } from '../../shared/ui/Button';
import { SelectField, TextField } from '../../shared/ui/Field';
import { useMediaQuery, WIDE_QUERY } from '../../shared/ui/useMediaQuery';
import { FollowingList, ListHeaderRow, ListRow } from '../../shared/ui/FollowingList';
import { ErrorBoundary } from '../../shared/ui/ErrorBoundary';
import { PacketDetail } from './PacketDetail';
import { TotalsTable } from './TotalsTable';

export const PACKET_ROW_HEIGHT_PX = 26;

const viewOf = weakCache((_capture: PacketCapture) => new RingView<CapturedPacket>());

/** Stepping through packets for class: the list holds still, and packets are revealed one at a time. */
type Stepping = NonNullable<InspectorViewState['stepping']>;

/** Every MQTT packet of the connection, byte by byte. */
export function InspectorView({ profile }: { profile: Profile }) {
  const actions = useSessionActions();
  const reader = useSessionData();
  const id = profile.id;
  const rev = useLiveRev(id);
  const capture = reader.data(id).packets;
  const version = profile.protocolVersion;
  // Filters, selection and stepping live in the views store: they are kept when the user looks away.
  const { typeFilter, idFilter, selected, stepping } = useInspectorViewState(id);
  const patch = useViewsStore((s) => s.patchInspector);
  const setTypeFilter = (typeFilter: string) => patch(id, { typeFilter });
  const setIdFilter = (idFilter: string) => patch(id, { idFilter });
  const setSelected = useCallback((selected: number | null) => patch(id, { selected }), [patch, id]);
  const setStepping = (stepping: Stepping | null) => patch(id, { stepping });
  const classMode = useViewsStore((s) => s.classMode);
  // side by side (wide): the totals are open beside the list; stacked, they are one click away
  const wideBox = useMediaQuery(WIDE_QUERY);

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
  const rowHeight = useRowHeight(PACKET_ROW_HEIGHT_PX);
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
    <section aria-label="Inspector" data-rev={rev} className="@container flex h-full min-h-0 flex-col">
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-3 py-2 dark:border-slate-800">
        <SelectField
          label="Packet type"
          inline
          className="w-48"
          value={typeFilter}
          onChange={(e) => setTypeFilter(e.target.value)}
          options={[{ value: '', label: 'All types' }, ...PACKET_TYPE_NAMES.slice(1).map((name, i) => ({ value: String(i + 1), label: name }))]}
        />
        <TextField label="Packet id" inline className="w-36" inputClassName="py-1" inputMode="numeric" value={idFilter} error={idError} onChange={(e) => setIdFilter(e.target.value)} />
        <Button size="sm" onClick={() => actions.setCapturing(id, !capture.capturing)}>
          {capture.capturing ? 'Pause capture' : 'Resume capture'}
        </Button>
        <Button
          size="sm"
          variant="ghost"
          disabled={rowCount === 0}
          title="The packets shown, as JSON Lines with their bytes in hex; password bytes are written as ••"
          onClick={() => {
            const packets: Array<{ seq: number; packet: CapturedPacket }> = [];
            for (let i = 0; i < rowCount; i++) {
              const seq = view.seqAt(i);
              const packet = capture.ring.atAbsolute(seq);
              if (packet) packets.push({ seq, packet });
            }
            const text = captureJsonLines(packets, { broker: profile.url, protocolVersion: version, exportedAt: Date.now() });
            downloadText(`mqttscope-capture-${safeFileName(profile.name)}-${fileStamp()}.jsonl`, text, 'application/jsonl');
          }}
        >
          Export capture
        </Button>
        <Button
          size="sm"
          variant="ghost"
          onClick={() => {
            actions.clearCapture(id);
            setSelected(null);
            setStepping(null);
          }}
        >
          Clear
        </Button>
        {stepping ? (
          <>
            <Button size="sm" variant="primary" onClick={next} disabled={view.waiting === 0}>
              Next packet ({formatCount(view.waiting)} waiting)
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setStepping(null)}>
              Stop stepping
            </Button>
          </>
        ) : (
          <Button size="sm" variant="ghost" onClick={() => setStepping({ heldAt: capture.ring.pushed, revealed: 0 })}>
            Step through new packets
          </Button>
        )}
        <span aria-label="Packets kept" className="text-xs text-slate-600 dark:text-slate-300">
          {view.isFiltered ? `${formatCount(rowCount)} shown · ` : ''}
          {formatCount(capture.ring.length)} of {plural(capture.ring.capacity, 'packet')} kept
          {capture.ring.dropped > 0 ? ` · ${formatCount(capture.ring.dropped)} older dropped` : ''}
          {capture.capturing ? '' : ' · capture paused'}
        </span>
      </div>
      {/* Stacked, the list and the detail share the height and each scrolls in its own box; side by side from 56rem. */}
      <div className="flex min-h-0 flex-1 flex-col @4xl:flex-row">
        <div className={`flex min-w-0 flex-col overflow-hidden ${selectedPacket ? 'min-h-24 basis-1/3 @4xl:min-h-0 @4xl:flex-1 @4xl:basis-auto' : 'min-h-0 flex-1'}`}>
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
                <span role="columnheader" className={WIDE_ONLY}>
                  Id
                </span>
                <span role="columnheader">Details</span>
                <span role="columnheader" className={`${WIDE_ONLY} text-right`}>
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
          <div className="min-h-0 flex-1 overflow-auto border-t border-slate-200 @4xl:w-[min(40rem,55%)] @4xl:flex-none @4xl:border-t-0 @4xl:border-l dark:border-slate-800">
            <ErrorBoundary what={`Packet ${selected}`} resetKey={selected}>
              <PacketDetail capture={capture} decoders={reader.data(id).decoders} seq={selected} packet={selectedPacket} profile={profile} classMode={classMode} onSelect={setSelected} onClose={() => setSelected(null)} />
            </ErrorBoundary>
          </div>
        ) : (
          <details className="max-h-48 shrink-0 overflow-auto border-t border-slate-200 px-3 py-2 @4xl:max-h-none @4xl:w-96 @4xl:border-t-0 @4xl:border-l dark:border-slate-800" open={wideBox}>
            <summary className="cursor-pointer text-xs font-semibold text-slate-600 dark:text-slate-300">Totals by packet type</summary>
            <TotalsTable capture={capture} />
          </details>
        )}
      </div>
    </section>
  );
}

/** All columns from 36rem of list width; below it the packet id joins the details and the size is left out. */
const PACKET_GRID = 'grid grid-cols-[5.75rem_1.25rem_6rem_minmax(0,1fr)] @xl:grid-cols-[6.5rem_2rem_7rem_3.5rem_minmax(8rem,1fr)_4.5rem] items-center gap-2 px-3';
const WIDE_ONLY = 'hidden @xl:block';

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
      <span role="cell" className="text-slate-600 tabular-nums dark:text-slate-400">
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
      <span role="cell" className={`${WIDE_ONLY} tabular-nums`}>
        {d.packetId ?? ''}
      </span>
      <span role="cell" className="truncate text-slate-700 dark:text-slate-200">
        {d.packetId !== undefined ? <span className="mr-1 tabular-nums @xl:hidden">#{d.packetId}</span> : null}
        {packetSummary(d)}
      </span>
      <span role="cell" className={`${WIDE_ONLY} text-right text-slate-600 tabular-nums dark:text-slate-400`}>
        {formatBytes(packet.bytes.byteLength)}
      </span>
    </ListRow>
  );
});
