import { Button } from './Button';

export interface KeyValueRow {
  key: string;
  value: string;
}

/** A list of name/value pairs (MQTT 5 user properties), each row with labelled fields and a remove button. */
export function KeyValueEditor({
  label,
  itemLabel,
  rows,
  error,
  onChange,
}: {
  label: string;
  itemLabel: string;
  rows: readonly KeyValueRow[];
  /** What is wrong with the rows, shown as an alert under them. */
  error?: string | undefined;
  onChange(rows: KeyValueRow[]): void;
}) {
  const set = (i: number, patch: Partial<KeyValueRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset className="flex flex-col gap-1.5">
      <legend className="mb-1 text-xs font-medium text-slate-600 dark:text-slate-300">{label}</legend>
      {rows.map((row, i) => (
        <div key={i} className="flex items-center gap-1.5">
          <input
            aria-label={`${label} ${i + 1} name`}
            placeholder="name"
            value={row.key}
            onChange={(e) => set(i, { key: e.target.value })}
            className="w-32 rounded border border-slate-300 bg-white px-2 py-1 font-mono text-xs dark:border-slate-600 dark:bg-slate-900"
          />
          <input
            aria-label={`${label} ${i + 1} value`}
            placeholder="value"
            value={row.value}
            onChange={(e) => set(i, { value: e.target.value })}
            className="min-w-0 flex-1 rounded border border-slate-300 bg-white px-2 py-1 font-mono text-xs dark:border-slate-600 dark:bg-slate-900"
          />
          <Button size="sm" variant="ghost" aria-label={`Remove ${itemLabel} ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            ×
          </Button>
        </div>
      ))}
      <div>
        <Button size="sm" variant="ghost" onClick={() => onChange([...rows, { key: '', value: '' }])}>
          + Add {itemLabel}
        </Button>
      </div>
      {error ? (
        <p role="alert" className="text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
