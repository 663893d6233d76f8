import { useId, useMemo, useState } from 'react';
import { parseNumber } from '../../data/extract';
import { tryParseJson } from '../../data/json';
import { decodeUtf8, detectPayloadKind, formatBytes, toBase64 } from '../../mqtt/payload';
import { TabList, TabPanel } from '../ui/Tabs';
import { Button } from '../ui/Button';
import { hexDump } from './hexDump';
import { JsonTree } from './JsonTree';

/** Payloads above this size show a prefix until the user asks for all of it. */
export const LARGE_PAYLOAD_BYTES = 1_000_000;
/** The prefix shown of a large payload. */
export const PAYLOAD_PREFIX_BYTES = 65_536;

type View = 'text' | 'json' | 'hex' | 'base64';
const VIEWS: ReadonlyArray<{ id: View; label: string }> = [
  { id: 'text', label: 'Text' },
  { id: 'json', label: 'JSON' },
  { id: 'hex', label: 'Hex' },
  { id: 'base64', label: 'Base64' },
];

const lenient = new TextDecoder('utf-8');

/**
 * A payload in the view that suits it best (JSON, text or hex), with the others a click away. With
 * `onChart`, numbers get a "Chart" button (every JSON number by its path; a payload that is a number by "").
 */
export function PayloadViewer({ payload, onChart }: { payload: Uint8Array; onChart?: (path: string) => void }) {
  const kind = useMemo(() => detectPayloadKind(payload.byteLength > LARGE_PAYLOAD_BYTES ? payload.subarray(0, PAYLOAD_PREFIX_BYTES) : payload), [payload]);
  const best: View = kind === 'json' ? 'json' : kind === 'binary' ? 'hex' : 'text';
  const [chosen, setChosen] = useState<View | null>(null);
  const [showAll, setShowAll] = useState(false);
  const view = chosen ?? best;
  const idBase = useId();
  const large = payload.byteLength > LARGE_PAYLOAD_BYTES;
  const shown = large && !showAll ? payload.subarray(0, PAYLOAD_PREFIX_BYTES) : payload;
  const cut = shown.byteLength < payload.byteLength;

  return (
    <div className="flex min-h-0 flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <TabList<View>
          idBase={idBase}
          label="Payload view"
          items={VIEWS}
          active={view}
          onChange={setChosen}
          className="inline-flex rounded-md border border-slate-200 p-0.5 dark:border-slate-700"
          variant="pill"
        />
        <span className="text-xs text-slate-600 dark:text-slate-400">
          {formatBytes(payload.byteLength)}
          {kind === 'binary' ? ' · not text' : ''}
        </span>
        {onChart && kind === 'text' && parseNumber(decodeUtf8(payload) ?? '') !== null ? (
          <Button size="sm" onClick={() => onChart('')}>
            Chart this value
          </Button>
        ) : null}
        {cut ? (
          <span className="flex items-center gap-2 text-xs text-amber-700 dark:text-amber-400">
            Showing the first {formatBytes(shown.byteLength)}.
            <Button size="sm" onClick={() => setShowAll(true)}>
              Show all ({formatBytes(payload.byteLength)})
            </Button>
          </span>
        ) : null}
      </div>
      <TabPanel idBase={idBase} active={view} className="min-h-0 overflow-auto rounded-md bg-slate-50 p-2 dark:bg-slate-950">
        <PayloadBody view={view} bytes={shown} cut={cut} {...(onChart ? { onChart } : {})} />
      </TabPanel>
    </div>
  );
}

function PayloadBody({ view, bytes, cut, onChart }: { view: View; bytes: Uint8Array; cut: boolean; onChart?: (path: string) => void }) {
  const pre = 'font-mono text-xs leading-5 whitespace-pre-wrap break-all text-slate-800 dark:text-slate-100';
  if (bytes.byteLength === 0) return <p className="text-xs text-slate-600 dark:text-slate-400 italic">Empty payload (0 bytes).</p>;
  if (view === 'hex') return <pre className={`${pre} whitespace-pre`}>{hexDump(bytes)}</pre>;
  if (view === 'base64') return <pre className={pre}>{toBase64(bytes)}</pre>;
  const strict = decodeUtf8(bytes);
  const text = strict ?? lenient.decode(bytes);
  if (view === 'json') {
    const value = cut ? undefined : tryParseJson(text);
    if (value === undefined) {
      return <p className="text-xs text-slate-600 dark:text-slate-400">{cut ? 'Show all to read this payload as JSON.' : 'This payload is not valid JSON.'}</p>;
    }
    return <JsonTree value={value} {...(onChart ? { onChart } : {})} />;
  }
  return (
    <>
      {strict === null ? (
        <p className="mb-1 text-xs text-amber-700 dark:text-amber-400">Not valid UTF-8: invalid bytes show as �. The Hex view shows them as they are.</p>
      ) : null}
      <pre className={pre}>{text}</pre>
    </>
  );
}
