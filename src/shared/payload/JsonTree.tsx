import type { JsonValue } from '../../data/json';

/** Children shown per object or array before "… n more". */
const MAX_CHILDREN = 200;

/** A collapsible JSON tree, rendered as text nodes only (payloads are never HTML). */
export function JsonTree({ value, openDepth = 2 }: { value: JsonValue; openDepth?: number }) {
  return (
    <div className="font-mono text-xs leading-5">
      <JsonNode name={null} value={value} depth={0} openDepth={openDepth} />
    </div>
  );
}

function JsonNode({ name, value, depth, openDepth }: { name: string | null; value: JsonValue; depth: number; openDepth: number }) {
  const label = name === null ? null : <span className="text-sky-800 dark:text-sky-300">{name}: </span>;
  if (value === null || typeof value !== 'object') {
    return (
      <div style={{ paddingLeft: depth ? 14 : 0 }}>
        {label}
        <Primitive value={value} />
      </div>
    );
  }
  const entries: Array<[string, JsonValue]> = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  return (
    <details open={depth < openDepth} style={{ paddingLeft: depth ? 14 : 0 }}>
      <summary className="cursor-pointer select-none">
        {label}
        <span className="text-slate-500 dark:text-slate-400">{summary}</span>
      </summary>
      {entries.slice(0, MAX_CHILDREN).map(([k, v]) => (
        <JsonNode key={k} name={k} value={v} depth={depth + 1} openDepth={openDepth} />
      ))}
      {entries.length > MAX_CHILDREN ? (
        <div style={{ paddingLeft: 14 }} className="text-slate-500">
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
