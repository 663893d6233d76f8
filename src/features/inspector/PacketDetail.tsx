// (Over 300 lines: the packet's fields, its hex dump grown in steps and its flow, which share one selection.)
import { useId, useState } from 'react';
import { httpPostFor } from '../../data/httpCompare';
import { decodedOf } from '../../data/decodedPackets';
import type { PayloadDecoders } from '../../data/decoders/payloadDecoders';
import { decodeCoap } from '../../mqtt/inspect/coap';
import type { CapturedPacket, PacketCapture } from '../../data/packetCapture';
import { packetFlow, type FlowStep } from '../../data/packetFlow';
import { hexByte } from '../../mqtt/payload';
import { fieldPathAt, PACKET_TYPE_NAMES, type PacketField } from '../../mqtt/inspect/decode';
import type { Profile } from '../../stores/profileModel';
import { formatClock, formatCount } from '../../shared/format/format';
import { PayloadViewer } from '../../shared/payload/PayloadViewer';
import { Button } from '../../shared/ui/Button';
import { TabList, TabPanel } from '../../shared/ui/Tabs';

/** Bytes drawn in the hex dump at first, and added by each "Show more": a 1 MB payload is not a million spans. */
const HEX_BYTES_SHOWN = 2_048;
const HEX_BYTES_MORE = 8_192;

const SECTION_TONE: Record<PacketField['section'], string> = {
  'fixed header': 'bg-violet-100 dark:bg-violet-900/50',
  'variable header': 'bg-sky-100 dark:bg-sky-900/50',
  properties: 'bg-amber-100 dark:bg-amber-900/50',
  payload: 'bg-emerald-100 dark:bg-emerald-900/50',
};

type Tab = 'fields' | 'flow' | 'overhead';

interface Props {
  capture: PacketCapture;
  /** The connection's decoders: a PUBLISH whose topic they read as CoAP shows its CoAP fields. */
  decoders: PayloadDecoders;
  seq: number;
  packet: CapturedPacket;
  profile: Profile;
  classMode: boolean;
  onSelect(seq: number): void;
  onClose(): void;
}

/** One packet: its bytes with every field labelled, its exchange with the broker, and its overhead. */
export function PacketDetail({ capture, decoders, seq, packet, profile, classMode, onSelect, onClose }: Props) {
  const d = decodedOf(packet, profile.protocolVersion);
  const [hover, setHover] = useState<[number, number] | null>(null);
  const [tab, setTab] = useState<Tab>('fields');
  const idBase = useId();
  const out = packet.direction === 'out';
  return (
    <section aria-label="Packet detail" className={`flex flex-col gap-3 p-3 ${classMode ? 'text-base' : 'text-xs'}`}>
      <div className="flex items-start gap-2">
        <h3 className={`min-w-0 flex-1 font-semibold text-slate-900 dark:text-white ${classMode ? 'text-2xl' : 'text-sm'}`}>
          {d.name} {out ? 'sent →' : '← received'} · {packet.bytes.byteLength} bytes
          {d.packetId !== undefined ? ` · packet id ${d.packetId}` : ''}
        </h3>
        <Button size="sm" variant="ghost" aria-label="Close packet detail" onClick={onClose}>
          ✕
        </Button>
      </div>
      <Problems problems={d.problems} />
      <TabList<Tab>
        idBase={idBase}
        label="Packet views"
        items={[
          { id: 'fields', label: 'Fields' },
          { id: 'flow', label: 'Flow' },
          { id: 'overhead', label: 'Overhead' },
        ]}
        active={tab}
        onChange={setTab}
        className="flex gap-1 border-b border-slate-200 dark:border-slate-700"
        variant="small-underline"
      />
      <TabPanel idBase={idBase} active={tab}>
        {tab === 'fields' ? (
          <>
            <HexDump bytes={packet.bytes} fields={d.fields} secret={d.secretRange} hover={hover} onHover={setHover} classMode={classMode} />
            <FieldList fields={d.fields} onHover={setHover} />
            {d.payloadRange && d.payloadRange[1] > d.payloadRange[0] ? (
              <div className="mt-3">
                <h4 className="mb-1 font-semibold text-slate-600 dark:text-slate-300">Payload</h4>
                <PayloadViewer key={seq} payload={packet.bytes.subarray(d.payloadRange[0], d.payloadRange[1])} />
              </div>
            ) : null}
            {d.payloadRange && d.payloadRange[1] > d.payloadRange[0] && d.topic !== undefined && decoders.ruleFor(d.topic)?.kind === 'coap' ? (
              <CoapPayload key={`coap-${seq}`} bytes={packet.bytes.subarray(d.payloadRange[0], d.payloadRange[1])} classMode={classMode} />
            ) : null}
          </>
        ) : null}
        {tab === 'flow' ? <FlowDiagram steps={packetFlow(capture.ring, seq)} version={profile.protocolVersion} selected={seq} onSelect={onSelect} /> : null}
        {tab === 'overhead' ? <Overhead packet={packet} profile={profile} /> : null}
      </TabPanel>
    </section>
  );
}

/** What did not decode, in words; nothing when all did. */
function Problems({ problems }: { problems: readonly string[] }) {
  if (problems.length === 0) return null;
  return (
    <ul role="alert" className="text-red-700 dark:text-red-400">
      {problems.map((p) => (
        <li key={p}>{p}</li>
      ))}
    </ul>
  );
}

/** The payload read as a CoAP message (RFC 7252): its header, token and options, byte by byte. */
function CoapPayload({ bytes, classMode }: { bytes: Uint8Array; classMode: boolean }) {
  const coap = decodeCoap(bytes);
  const [hover, setHover] = useState<[number, number] | null>(null);
  return (
    <section aria-label="CoAP message" className="mt-3">
      <h4 className="mb-1 font-semibold text-slate-600 dark:text-slate-300">
        The payload is a CoAP message: {coap.type} {coap.code} {coap.codeName}, {bytes.byteLength} bytes ({bytes.byteLength - coap.payload.byteLength} of header, token and options)
      </h4>
      <Problems problems={coap.problems} />
      <HexDump label="CoAP bytes" bytes={bytes} fields={coap.fields} secret={undefined} hover={hover} onHover={setHover} classMode={classMode} />
      <FieldList label="CoAP fields" fields={coap.fields} onHover={setHover} />
    </section>
  );
}

interface HexDumpProps {
  /** The group's accessible name. */
  label?: string;
  bytes: Uint8Array;
  fields: PacketField[];
  /** Bytes never shown (a CONNECT's password): drawn as •• with the field's label. */
  secret: [number, number] | undefined;
  hover: [number, number] | null;
  onHover(range: [number, number] | null): void;
  classMode: boolean;
}

function HexDump({ label = 'Packet bytes', bytes, fields, secret, hover, onHover, classMode }: HexDumpProps) {
  const [limit, setLimit] = useState(HEX_BYTES_SHOWN);
  const shown = Math.min(bytes.byteLength, limit);
  const more = Math.min(HEX_BYTES_MORE, bytes.byteLength - shown);
  const rows = [];
  for (let offset = 0; offset < shown; offset += 16) {
    const cells = [];
    for (let i = offset; i < Math.min(offset + 16, shown); i++) {
      const top = fieldPathAt(fields, i)[0];
      const lit = hover !== null && i >= hover[0] && i < hover[1];
      cells.push(
        <span
          key={i}
          onMouseEnter={() => {
            const path = fieldPathAt(fields, i);
            const deepest = path[path.length - 1];
            onHover(deepest ? [deepest.start, deepest.end] : null);
          }}
          title={fieldPathAt(fields, i).map((f) => f.name).join(' › ')}
          className={`rounded-sm px-0.5 ${top ? SECTION_TONE[top.section] : ''} ${lit ? 'outline-2 outline-sky-600 dark:outline-sky-300' : ''}`}
        >
          {secret && i >= secret[0] && i < secret[1] ? '••' : hexByte(bytes[i] as number)}
        </span>,
      );
    }
    // Real spaces and a line break, so the dump reads (and copies) as text: "0000 10 1e 00 04 …".
    rows.push(
      <div key={offset} className="flex gap-1">
        <span className="w-12 shrink-0 text-slate-500 dark:text-slate-400">{offset.toString(16).padStart(4, '0')} </span>
        <span className="flex flex-wrap gap-x-0.5">
          {cells.flatMap((cell, i) => (i === 0 ? [cell] : [' ', cell]))}
        </span>
        {'\n'}
      </div>,
    );
  }
  return (
    <div>
      <div role="group" aria-label={label} onMouseLeave={() => onHover(null)} className={`rounded-md bg-slate-50 p-2 font-mono dark:bg-slate-950 ${classMode ? 'text-xl leading-9' : 'leading-5'}`}>
        {rows}
      </div>
      <p className="mt-1 flex flex-wrap gap-3 text-[11px] text-slate-600 dark:text-slate-400">
        {(Object.keys(SECTION_TONE) as Array<PacketField['section']>).map((s) => (
          <span key={s} className="flex items-center gap-1">
            <span className={`inline-block size-3 rounded-sm ${SECTION_TONE[s]}`} /> {s}
          </span>
        ))}
        {shown < bytes.byteLength ? (
          <span className="flex flex-wrap items-center gap-2">
            Showing {formatCount(shown)} of {formatCount(bytes.byteLength)} bytes.
            <Button size="sm" onClick={() => setLimit(shown + more)}>
              {`Show ${more === bytes.byteLength - shown ? 'the last' : 'the next'} ${formatCount(more)} bytes`}
            </Button>
            {bytes.byteLength - shown > HEX_BYTES_MORE ? 'The Payload tab shows all of a large payload.' : null}
          </span>
        ) : null}
      </p>
    </div>
  );
}

/** The fields as a tree; hovering one lights up its bytes. */
function FieldList({ label = 'Packet fields', fields, onHover, depth = 0 }: { label?: string; fields: PacketField[]; onHover(range: [number, number] | null): void; depth?: number }) {
  return (
    <ul aria-label={depth === 0 ? label : undefined} className={depth ? 'ml-4 border-l border-slate-200 pl-2 dark:border-slate-700' : 'flex flex-col gap-0.5'}>
      {fields.map((f, i) => (
        <li key={`${f.name}-${i}`} aria-label={f.name} onMouseEnter={(e) => (e.stopPropagation(), onHover([f.start, f.end]))} onMouseLeave={() => onHover(null)}>
          <div className="flex flex-wrap gap-x-2 rounded px-1 hover:bg-sky-50 dark:hover:bg-slate-800">
            <span className="font-medium text-slate-700 dark:text-slate-200">{f.name}</span>
            <span className="font-mono break-all text-slate-900 dark:text-slate-100">{f.value}</span>
            <span className="text-slate-500 dark:text-slate-400">
              bytes {f.start}
              {f.end - f.start > 1 ? `–${f.end - 1}` : ''}
            </span>
          </div>
          {f.note ? <p className="px-1 text-slate-600 dark:text-slate-400">{f.note}</p> : null}
          {f.bits ? (
            <table className="ml-3 font-mono">
              <tbody>
                {f.bits.map((b) => (
                  <tr key={b.bits}>
                    <td className="pr-2 text-slate-500 dark:text-slate-400">bit {b.bits}</td>
                    <td className="pr-2 text-slate-600 dark:text-slate-300">{b.name}</td>
                    <td>{b.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {f.children && f.children.length ? <FieldList fields={f.children} onHover={onHover} depth={depth + 1} /> : null}
        </li>
      ))}
    </ul>
  );
}

/** Client and broker as two lifelines, the exchange's packets as arrows with their times. */
function FlowDiagram({ steps, version, selected, onSelect }: { steps: FlowStep[]; version: 4 | 5; selected: number; onSelect(seq: number): void }) {
  if (steps.length === 0) return null;
  const t0 = steps[0]?.packet.at ?? 0;
  // Compact enough that a QoS 2 exchange (four arrows) fits a projector's pane whole.
  const rowHeight = 34;
  const height = 30 + steps.length * rowHeight;
  return (
    <div>
      <svg role="img" aria-label={`Exchange: ${steps.map((s) => PACKET_TYPE_NAMES[s.type]).join(', ')}`} viewBox={`0 0 400 ${height}`} className="w-full max-w-md">
        <text x="50" y="16" textAnchor="middle" className="fill-slate-600 text-[11px] dark:fill-slate-300">
          mqttscope
        </text>
        <text x="350" y="16" textAnchor="middle" className="fill-slate-600 text-[11px] dark:fill-slate-300">
          broker
        </text>
        <line x1="50" y1="24" x2="50" y2={height} className="stroke-slate-300 dark:stroke-slate-600" strokeDasharray="3 3" />
        <line x1="350" y1="24" x2="350" y2={height} className="stroke-slate-300 dark:stroke-slate-600" strokeDasharray="3 3" />
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" className="fill-slate-600 dark:fill-slate-300" />
          </marker>
        </defs>
        {steps.map((s, i) => {
          const y = 40 + i * rowHeight;
          const out = s.packet.direction === 'out';
          const d = decodedOf(s.packet, version);
          const label = `${PACKET_TYPE_NAMES[s.type]}${d.packetId !== undefined ? ` (id ${d.packetId})` : ''}`;
          return (
            <g key={s.seq} onClick={() => onSelect(s.seq)} className="cursor-pointer">
              <line x1={out ? 52 : 348} y1={y} x2={out ? 348 : 52} y2={y} markerEnd="url(#arrow)" className={s.seq === selected ? 'stroke-sky-600' : 'stroke-slate-600 dark:stroke-slate-300'} strokeWidth={s.seq === selected ? 2.5 : 1.5} />
              <text x="200" y={y - 5} textAnchor="middle" className="fill-slate-900 text-[11px] font-semibold dark:fill-slate-100">
                {label}
              </text>
              <text x="200" y={y + 12} textAnchor="middle" className="fill-slate-600 text-[9px] dark:fill-slate-400">
                +{(s.packet.at - t0).toFixed(1)} ms · {s.packet.bytes.byteLength} bytes
              </text>
            </g>
          );
        })}
      </svg>
      <ol aria-label="Exchange" className="mt-1 font-mono">
        {steps.map((s) => (
          <li key={s.seq}>
            {formatClock(s.packet.at)} {s.packet.direction === 'out' ? '→' : '←'} {PACKET_TYPE_NAMES[s.type]} +{(s.packet.at - t0).toFixed(1)} ms
          </li>
        ))}
      </ol>
      {steps.length === 1 ? <p className="text-slate-600 dark:text-slate-400">This packet starts no exchange that was captured (or its partner was not captured).</p> : null}
    </div>
  );
}

/** Header bytes against payload bytes, and the same message as a minimal HTTP POST. */
function Overhead({ packet, profile }: { packet: CapturedPacket; profile: Profile }) {
  const d = decodedOf(packet, profile.protocolVersion);
  const payload = d.payloadRange ? d.payloadRange[1] - d.payloadRange[0] : 0;
  const header = packet.bytes.byteLength - payload;
  const host = hostOf(profile.url);
  const http = d.name === 'PUBLISH' ? httpPostFor(d.topic ?? '', payload, host) : null;
  return (
    <div className="flex flex-col gap-2">
      <dl aria-label="Packet overhead" className="grid grid-cols-[auto_1fr] gap-x-3">
        <dt className="text-slate-600 dark:text-slate-400">Protocol bytes</dt>
        <dd>
          {header} (fixed header {d.fixedHeaderLength}, the rest variable header
          {d.name === 'PUBLISH' ? (profile.protocolVersion === 5 ? ' and properties' : '') : ' and payload fields'})
        </dd>
        <dt className="text-slate-600 dark:text-slate-400">Application payload</dt>
        <dd>{payload} bytes</dd>
        <dt className="text-slate-600 dark:text-slate-400">Overhead</dt>
        <dd>{packet.bytes.byteLength ? `${Math.round((header / packet.bytes.byteLength) * 100)}% of the packet` : '—'}</dd>
      </dl>
      {http ? (
        <div>
          <h4 className="font-semibold text-slate-600 dark:text-slate-300">The same message as a minimal HTTP/1.1 POST</h4>
          <table aria-label="HTTP request size" className="mt-1 font-mono">
            <tbody>
              {http.lines.map((l, i) => (
                <tr key={i}>
                  <td className="pr-4 break-all">{l.text}</td>
                  <td className="text-right tabular-nums">{l.bytes}</td>
                </tr>
              ))}
              <tr className="border-t border-slate-300 font-semibold dark:border-slate-600">
                <td>HTTP request, without the response</td>
                <td className="text-right tabular-nums">{http.total}</td>
              </tr>
              <tr className="font-semibold">
                <td>This MQTT PUBLISH</td>
                <td className="text-right tabular-nums">{packet.bytes.byteLength}</td>
              </tr>
            </tbody>
          </table>
          <p className="mt-1 text-slate-600 dark:text-slate-400">
            {(http.total / packet.bytes.byteLength).toFixed(1)} times the bytes, before the response (at least 25 more for “HTTP/1.1 204 No Content”, blank line
            included). The MQTT connection pays its CONNECT once.
          </p>
        </div>
      ) : (
        <p className="text-slate-600 dark:text-slate-400">The HTTP comparison is for PUBLISH packets.</p>
      )}
    </div>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'broker';
  }
}
