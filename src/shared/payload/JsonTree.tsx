import { joinPath, type JsonValue } from '../../data/json';

/** Children shown per object or array before "… n more". */
const MAX_CHILDREN = 200;

/**
 * A collapsible JSON tree, rendered as text nodes only (payloads are never HTML). With `onChart`, every
 * number gets a "Chart" button that passes its path (AM2301.Temperature, readings[0].value).
 */
export function JsonTree({ value, openDepth = 2, onChart }: { value: JsonValue; openDepth?: number; onChart?: (path: string) => void }) {
  return (
    <div className="font-mono text-xs leading-5">
      <JsonNode name={null} path="" value={value} depth={0} openDepth={openDepth} onChart={onChart} />
    </div>
  );
}

interface NodeProps {
  name: string | null;
  path: string;
  value: JsonValue;
  depth: number;
  openDepth: number;
  onChart: ((path: string) => void) | undefined;
}

function JsonNode({ name, path, value, depth, openDepth, onChart }: NodeProps) {
  const label = name === null ? null : <span className="text-sky-800 dark:text-sky-300">{name}: </span>;
  if (value === null || typeof value !== 'object') {
    return (
      <div style={{ paddingLeft: depth ? 14 : 0 }}>
        {label}
        <Primitive value={value} />
        {onChart && typeof value === 'number' && Number.isFinite(value) ? (
          <button
            type="button"
            onClick={() => onChart(path)}
            aria-label={`Chart ${path || 'value'}`}
            className="ml-2 rounded px-1 font-sans text-[11px] text-sky-700 hover:bg-sky-100 dark:text-sky-300 dark:hover:bg-slate-800"
          >
            Chart
          </button>
        ) : null}
      </div>
    );
  }
  const entries: Array<[string, JsonValue]> = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  return (
    <details open={depth < openDepth} style={{ paddingLeft: depth ? 14 : 0 }}>
      <summary className="cursor-pointer select-none">
        {label}
        <span className="text-slate-600 dark:text-slate-400">{summary}</span>
      </summary>
      {entries.slice(0, MAX_CHILDREN).map(([k, v]) => (
        <JsonNode key={k} name={k} path={joinPath(path, Array.isArray(value) ? Number(k) : k)} value={v} depth={depth + 1} openDepth={openDepth} onChart={onChart} />
      ))}
      {entries.length > MAX_CHILDREN ? (
        <div style={{ paddingLeft: 14 }} className="text-slate-600 dark:text-slate-400">
          … {entries.length - MAX_CHILDREN} more
        </div>
      ) : null}
    </details>
  );
}

function Primitive({ value }: { value: null | boolean | number | string }) {
  if (typeof value === 'string') return <span className="break-all text-emerald-800 dark:text-emerald-300">{JSON.stringify(value)}</span>;
  if (typeof value === 'number') return <span className="text-violet-800 dark:text-violet-300">{String(value)}</span>;
  return <span className="text-amber-800 dark:text-amber-300">{String(value)}</span>;
}
