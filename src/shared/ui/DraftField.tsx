import { createContext, useContext, useEffect, useId, useRef, useState, type InputHTMLAttributes, type ReactNode } from 'react';
import { TextField } from './Field';

/** How long typing pauses before a field's error is shown (a valid value is saved at once). */
export const CHECK_DELAY_MS = 300;

/** Parses what was typed: the value to save, or why it cannot be saved. */
export type Parse<T> = (text: string) => { value: T } | { error: string };

/**
 * Fields of one form report here whether what they hold can be saved, so the form's action (Connect)
 * refuses while one cannot, instead of using the last value that could.
 */
export class DraftErrors {
  private readonly errors = new Map<string, string>();
  private readonly reveal = new Set<() => void>();

  set(id: string, error: string | null): void {
    if (error) this.errors.set(id, error);
    else this.errors.delete(id);
  }

  /** The errors now, and every field shows its own at once. */
  check(): string[] {
    for (const show of this.reveal) show();
    return [...this.errors.values()];
  }

  onReveal(show: () => void): () => void {
    this.reveal.add(show);
    return () => this.reveal.delete(show);
  }
}

export const DraftErrorsContext = createContext<DraftErrors | null>(null);

type DraftFieldProps<T> = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'id' | 'className'> & {
  label: string;
  /** The stored value. */
  value: T;
  format(value: T): string;
  parse: Parse<T>;
  /** Saves a parsed value; returns why it was refused, or null. */
  onSave(value: T): string | null;
  /** An error from elsewhere (the connect check) for this field. */
  error?: string | null | undefined;
  hint?: ReactNode;
  className?: string;
  inputClassName?: string;
};

/**
 * A field that holds what is typed: a valid value is saved at once; an invalid one stays in the field,
 * unsaved, with its error shown once typing pauses (or the field is left, or the form is submitted).
 */
export function DraftField<T>({ label, value, format, parse, onSave, error: outside, hint, ...input }: DraftFieldProps<T>) {
  const id = useId();
  const errors = useContext(DraftErrorsContext);
  const [text, setText] = useState(() => format(value));
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const field = useRef<HTMLDivElement>(null);
  const [saved, setSaved] = useState(value);
  // A change from elsewhere (a preset, a reset) replaces what the field holds, unless it holds an error.
  if (!Object.is(value, saved)) {
    setSaved(value);
    if (!error) setText(format(value));
  }
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  useEffect(() => {
    errors?.set(id, error);
    return () => errors?.set(id, null);
  }, [errors, id, error]);
  useEffect(
    () =>
      errors?.onReveal(() => {
        setShown(error);
        // an error inside a closed section must not stay hidden
        if (error) field.current?.closest('details')?.setAttribute('open', '');
      }),
    [errors, error],
  );

  const change = (next: string) => {
    setText(next);
    const parsed = parse(next);
    const problem = 'error' in parsed ? parsed.error : onSave(parsed.value);
    if ('value' in parsed && !problem) setSaved(parsed.value);
    setError(problem);
    if (timer.current) clearTimeout(timer.current);
    if (!problem) setShown(null);
    else timer.current = setTimeout(() => setShown(problem), CHECK_DELAY_MS);
  };
  return (
    <div ref={field} className="contents">
      <TextField
        label={label}
        {...input}
        value={text}
        error={shown ?? outside}
        hint={hint}
        onChange={(e) => change(e.target.value)}
        onBlur={() => setShown(error)}
      />
    </div>
  );
}

/** Parses a whole number in [min, max] ("" is null when `empty` allows it). */
export function wholeNumber(what: string, min: number, max: number, empty: 'null' | 'error' = 'error'): Parse<number | null> {
  return (text) => {
    const t = text.trim().replace(/[,_\s]/g, '');
    if (t === '') return empty === 'null' ? { value: null } : { error: `${what} is needed: a whole number from ${min.toLocaleString('en')} to ${max.toLocaleString('en')}.` };
    const n = Number(t);
    if (!/^-?\d+(\.\d+)?$/.test(t) || !Number.isInteger(n) || n < min || n > max) return { error: `${what} must be a whole number from ${min.toLocaleString('en')} to ${max.toLocaleString('en')}.` };
    return { value: n };
  };
}

/** The first problem the schema found, without the field's own name in front. */
export function firstProblem(problems: string[] | null): string | null {
  const first = problems?.[0];
  return first ? first.replace(/^[\w.[\]]+: /, '') : null;
}

/**
 * What is wrong with `value`, shown once typing pauses ({@link CHECK_DELAY_MS}), and at once after
 * `reveal()` (a submit). Null while the value is fine or empty.
 */
export function useCheckAsTyped(value: string, check: (value: string) => string | null): { error: string | null; reveal(): string | null } {
  const [shown, setShown] = useState<{ value: string; error: string | null } | null>(null);
  const error = value ? check(value) : null;
  useEffect(() => {
    const timer = setTimeout(() => setShown({ value, error }), CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [value, error]);
  // a fixed value clears the error at once; a new error waits for the pause (the last one stays till then)
  const visible = error === null ? null : shown && shown.value === value ? shown.error : (shown?.error ?? null);
  return {
    error: visible,
    reveal: () => {
      setShown({ value, error });
      return error;
    },
  };
}
