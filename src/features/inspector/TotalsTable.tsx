import type { PacketCapture } from '../../data/packetCapture';
import { PACKET_TYPE_NAMES } from '../../mqtt/inspect/decode';
import { formatBytes } from '../../mqtt/payload';
import { formatCount } from '../../shared/format/format';

/** Packets and bytes by type and direction since the capture started. */
export function TotalsTable({ capture }: { capture: PacketCapture }) {
  const rows = PACKET_TYPE_NAMES.map((name, type) => ({ name, out: capture.totals.out[type], in: capture.totals.in[type] })).filter(
    (r) => (r.out?.count ?? 0) + (r.in?.count ?? 0) > 0,
  );
  const sum = (d: 'out' | 'in', k: 'count' | 'bytes') => capture.totals[d].reduce((s, t) => s + t[k], 0);
  return (
    <section aria-label="Totals by packet type" className="text-xs">
      {rows.length === 0 ? (
        <p className="text-slate-600 dark:text-slate-400">Nothing captured yet.</p>
      ) : (
        <table className="w-full tabular-nums">
          <thead className="text-slate-600 dark:text-slate-400">
            <tr>
              <th className="text-left font-medium">Type</th>
              <th className="text-right font-medium">Sent</th>
              <th className="text-right font-medium">Received</th>
            </tr>
          </thead>
          <tbody className="font-mono">
            {rows.map((r) => (
              <tr key={r.name}>
                <td>{r.name}</td>
                <td className="text-right">{r.out?.count ? `${formatCount(r.out.count)} · ${formatBytes(r.out.bytes)}` : ''}</td>
                <td className="text-right">{r.in?.count ? `${formatCount(r.in.count)} · ${formatBytes(r.in.bytes)}` : ''}</td>
              </tr>
            ))}
            <tr className="border-t border-slate-200 font-semibold dark:border-slate-700">
              <td>All</td>
              <td className="text-right">
                {formatCount(sum('out', 'count'))} · {formatBytes(sum('out', 'bytes'))}
              </td>
              <td className="text-right">
                {formatCount(sum('in', 'count'))} · {formatBytes(sum('in', 'bytes'))}
              </td>
            </tr>
          </tbody>
        </table>
      )}
      <p className="mt-2 text-slate-600 dark:text-slate-400">Select a packet to see its bytes, field by field.</p>
    </section>
  );
}
