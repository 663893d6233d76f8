import { useMemo, useState } from 'react';
import { joinPath, jsonPreview, MAX_JSON_DEPTH, type JsonValue } from '../../data/json';

/** Children shown per object or array before "… n more". */
const MAX_CHILDREN = 200;
/**
 * Rows the tree may open by itself (nodes above openDepth, in document order): an array of 200 arrays of
 * 200 items would otherwise open 40,000 rows at once. Nodes past the budget start closed, one click away.
 */
const AUTO_OPEN_ROWS = 1_000;

interface OpenBudget {
  left: number;
}

/**
 * A collapsible JSON tree, rendered as text nodes only (payloads are never HTML). With `onChart`, every
 * number gets a "Chart" button that passes its path (AM2301.Temperature, readings[0].value).
 * Bounded whatever the payload: a closed node renders none of its children, a node shows at most
 * MAX_CHILDREN of them, and a part nested deeper than MAX_JSON_DEPTH is shown as (cut) text.
 */
export function JsonTree({ value, openDepth = 2, onChart }: { value: JsonValue; openDepth?: number; onChart?: (path: string) => void }) {
  // a new document gets a budget of its own
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const budget = useMemo<OpenBudget>(() => ({ left: AUTO_OPEN_ROWS }), [value]);
  return (
    <div className="font-mono text-xs leading-5">
      <JsonNode name={null} path="" value={value} depth={0} openDepth={openDepth} budget={budget} onChart={onChart} />
    </div>
  );
}

interface NodeProps {
  name: string | null;
  path: string;
  value: JsonValue;
  depth: number;
  openDepth: number;
  budget: OpenBudget;
  onChart: ((path: string) => void) | undefined;
}

/** Whether a node opens by itself: above openDepth, and its children fit in what is left of the budget. */
function opensByItself(value: JsonValue, depth: number, openDepth: number, budget: OpenBudget): boolean {
  if (depth >= openDepth || value === null || typeof value !== 'object') return false;
  const rows = Math.min(Array.isArray(value) ? value.length : Object.keys(value).length, MAX_CHILDREN);
  if (depth > 0 && rows > budget.left) return false;
  budget.left -= rows;
  return true;
}

function JsonNode({ name, path, value, depth, openDepth, budget, onChart }: NodeProps) {
  const [open, setOpen] = useState(() => opensByItself(value, depth, openDepth, budget));
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
  if (depth >= MAX_JSON_DEPTH) {
    return (
      <div style={{ paddingLeft: 14 }}>
        {label}
        <span className="text-amber-800 dark:text-amber-300">nested deeper than {MAX_JSON_DEPTH} levels: shown as text </span>
        <span className="break-all text-slate-700 dark:text-slate-300">{jsonPreview(value, 500)}</span>
      </div>
    );
  }
  const array = Array.isArray(value);
  const count = array ? value.length : Object.keys(value).length;
  return (
    <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)} style={{ paddingLeft: depth ? 14 : 0 }}>
      <summary className="cursor-pointer select-none">
        {label}
        <span className="text-slate-600 dark:text-slate-400">{array ? `[${count}]` : `{${count}}`}</span>
      </summary>
      {open ? <Children value={value} path={path} depth={depth} openDepth={openDepth} budget={budget} onChart={onChart} count={count} /> : null}
    </details>
  );
}

function Children({ value, path, depth, openDepth, budget, onChart, count }: Omit<NodeProps, 'name' | 'value'> & { value: JsonValue[] | { [key: string]: JsonValue }; count: number }) {
  const entries: Array<[string, JsonValue]> = [];
  if (Array.isArray(value)) for (let i = 0; i < Math.min(value.length, MAX_CHILDREN); i++) entries.push([String(i), value[i] as JsonValue]);
  else {
    for (const key in value) {
      if (entries.length >= MAX_CHILDREN) break;
      entries.push([key, value[key] as JsonValue]);
    }
  }
  return (
    <>
      {entries.map(([k, v]) => (
        <JsonNode key={k} name={k} path={joinPath(path, Array.isArray(value) ? Number(k) : k)} value={v} depth={depth + 1} openDepth={openDepth} budget={budget} onChart={onChart} />
      ))}
      {count > MAX_CHILDREN ? (
        <div style={{ paddingLeft: 14 }} className="text-slate-600 dark:text-slate-400">
          … {(count - MAX_CHILDREN).toLocaleString('en')} more
        </div>
      ) : null}
    </>
  );
}

function Primitive({ value }: { value: null | boolean | number | string }) {
  if (typeof value === 'string') {
    const shown = value.length > 10_000 ? `${value.slice(0, 10_000)}…` : value;
    return <span className="break-all text-emerald-800 dark:text-emerald-300">{JSON.stringify(shown)}</span>;
  }
  if (typeof value === 'number') return <span className="text-violet-800 dark:text-violet-300">{String(value)}</span>;
  return <span className="text-amber-800 dark:text-amber-300">{String(value)}</span>;
}
