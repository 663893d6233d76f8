import { useId, useMemo, useState } from 'react';
import { parseNumber } from '../../data/extract';
import { MAX_PARSE_DEPTH, parseJsonForView } from '../../data/json';
import { decodeUtf8, detectPayloadKind, formatBytes } from '../../mqtt/payload';
import type { DecodedPayload } from '../../mqtt/types';
import { TabList, TabPanel } from '../ui/Tabs';
import { Button } from '../ui/Button';
import { IncrementalPre } from './IncrementalPre';
import { JsonTree } from './JsonTree';

/** Payloads of this size or more show a prefix until the user asks for all of it. */
export const LARGE_PAYLOAD_BYTES = 1_000_000;
/** The prefix shown of a large payload. */
export const PAYLOAD_PREFIX_BYTES = 65_536;
/** Above this, the JSON view does not parse the payload into a tree (Text shows it all). */
export const JSON_TREE_MAX_BYTES = 2_000_000;
/** A payload this short or shorter that is a number gets "Chart this value". */
const NUMBER_MAX_BYTES = 64;

type View = 'decoded' | 'text' | 'json' | 'hex' | 'base64';
const DECODED_VIEW = { id: 'decoded', label: 'Decoded' } as const;
const VIEWS: ReadonlyArray<{ id: View; label: string }> = [
  { id: 'text', label: 'Text' },
  { id: 'json', label: 'JSON' },
  { id: 'hex', label: 'Hex' },
  { id: 'base64', label: 'Base64' },
];

const PRE = 'font-mono text-xs leading-5 whitespace-pre-wrap break-all text-slate-800 dark:text-slate-100';
const NOTE = 'mb-1 text-xs text-slate-600 dark:text-slate-400';

/**
 * A payload in the view that suits it best (JSON, text or hex), with the others a click away. With
 * `onChart`, numbers get a "Chart" button (every JSON number by its path; a payload that is a number by "").
 * Bytes from strangers: a large payload shows its first 64 KB until asked, any view of any size is drawn
 * in steps (never one long task), and JSON too deep or too big for a tree is shown as text, saying why.
 */
export function PayloadViewer({ payload, decoded, onChart }: { payload: Uint8Array; decoded?: DecodedPayload | undefined; onChart?: (path: string) => void }) {
  const large = payload.byteLength >= LARGE_PAYLOAD_BYTES;
  const kind = useMemo(() => detectPayloadKind(large ? payload.subarray(0, PAYLOAD_PREFIX_BYTES) : payload), [payload, large]);
  // a payload its topic's decoder read shows decoded first; the raw bytes stay one click away
  const rawBest = kind === 'json' ? 'json' : kind === 'binary' ? 'hex' : 'text';
  const best: View = decoded ? 'decoded' : rawBest;
  const [chosen, setChosen] = useState<View | null>(null);
  const [showAll, setShowAll] = useState(false);
  const view = chosen ?? best;
  const idBase = useId();
  const shown = large && !showAll ? payload.subarray(0, PAYLOAD_PREFIX_BYTES) : payload;
  const cut = shown.byteLength < payload.byteLength;
  const isNumber = useMemo(() => payload.byteLength <= NUMBER_MAX_BYTES && parseNumber(decodeUtf8(payload) ?? '') !== null, [payload]);

  return (
    <div className="flex min-h-0 flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <TabList<View>
          idBase={idBase}
          label="Payload view"
          items={decoded ? [DECODED_VIEW, ...VIEWS] : VIEWS}
          active={view}
          onChange={setChosen}
          className="inline-flex rounded-md border border-slate-200 p-0.5 dark:border-slate-700"
          variant="pill"
        />
        <span className="text-xs text-slate-600 dark:text-slate-400">
          {formatBytes(payload.byteLength)}
          {kind === 'binary' ? ' · not text' : ''}
        </span>
        {onChart && kind === 'text' && isNumber ? (
          <Button size="sm" onClick={() => onChart('')}>
            Chart this value
          </Button>
        ) : null}
        {cut ? (
          <span className="flex flex-wrap items-center gap-2 text-xs text-amber-700 dark:text-amber-400">
            Large payload: showing the first {formatBytes(shown.byteLength)}.
            <Button size="sm" onClick={() => setShowAll(true)}>
              Show all ({formatBytes(payload.byteLength)})
            </Button>
          </span>
        ) : null}
      </div>
      <TabPanel idBase={idBase} active={view} className="min-h-0 overflow-auto rounded-md bg-slate-50 p-2 dark:bg-slate-950">
        {view === 'decoded' && decoded ? (
          <DecodedBody decoded={decoded} bytes={shown} {...(onChart ? { onChart } : {})} />
        ) : (
          <PayloadBody key={`${view}-${shown.byteLength}`} view={view === 'decoded' ? rawBest : view} bytes={shown} cut={cut} {...(onChart ? { onChart } : {})} />
        )}
      </TabPanel>
    </div>
  );
}

/** What a decoder made of the payload: its JSON (chartable), its warnings, or its error with the raw bytes. */
function DecodedBody({ decoded, bytes, onChart }: { decoded: DecodedPayload; bytes: Uint8Array; onChart?: (path: string) => void }) {
  return (
    <div className="flex flex-col gap-1">
      <p className={NOTE}>Decoded as {decoded.decoder}.</p>
      {decoded.warnings?.map((w) => (
        <p key={w} className="text-xs text-amber-800 dark:text-amber-300">
          {w}
        </p>
      ))}
      {decoded.error !== undefined ? (
        <>
          <p role="alert" className="text-xs text-red-700 dark:text-red-400">
            {decoded.error}
            {decoded.offset !== undefined ? ` (at byte ${decoded.offset} of ${bytes.byteLength})` : ''}
          </p>
          <p className={NOTE}>The raw bytes:</p>
          <IncrementalPre bytes={bytes} view="hex" className={`${PRE} whitespace-pre`} />
        </>
      ) : decoded.value !== undefined ? (
        <JsonTree value={decoded.value} {...(onChart ? { onChart } : {})} />
      ) : null}
    </div>
  );
}

function PayloadBody({ view, bytes, cut, onChart }: { view: Exclude<View, 'decoded'>; bytes: Uint8Array; cut: boolean; onChart?: (path: string) => void }) {
  if (bytes.byteLength === 0) return <p className="text-xs text-slate-600 italic dark:text-slate-400">Empty payload (0 bytes).</p>;
  if (view === 'hex') return <IncrementalPre bytes={bytes} view="hex" className={`${PRE} whitespace-pre`} />;
  if (view === 'base64') return <IncrementalPre bytes={bytes} view="base64" className={PRE} />;
  if (view === 'json') return <JsonBody bytes={bytes} cut={cut} {...(onChart ? { onChart } : {})} />;
  return <IncrementalPre bytes={bytes} view="text" className={PRE} />;
}

function JsonBody({ bytes, cut, onChart }: { bytes: Uint8Array; cut: boolean; onChart?: (path: string) => void }) {
  const parsed = useMemo(() => {
    if (cut || bytes.byteLength > JSON_TREE_MAX_BYTES) return null;
    const text = decodeUtf8(bytes);
    return text === null ? ({ kind: 'invalid' } as const) : parseJsonForView(text);
  }, [bytes, cut]);
  if (cut) return <p className={NOTE}>Show all to read this payload as JSON.</p>;
  if (parsed === null) return <p className={NOTE}>The JSON tree is for payloads up to {formatBytes(JSON_TREE_MAX_BYTES)}: the Text view shows all of this one.</p>;
  if (parsed.kind === 'json') return <JsonTree value={parsed.value} {...(onChart ? { onChart } : {})} />;
  return (
    <>
      <p className={NOTE}>{parsed.kind === 'too-deep' ? `Nested deeper than ${MAX_PARSE_DEPTH} levels: shown as text.` : 'This payload is not valid JSON.'}</p>
      {parsed.kind === 'too-deep' ? <IncrementalPre bytes={bytes} view="text" className={PRE} /> : null}
    </>
  );
}
