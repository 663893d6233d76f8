import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

const inputClass =
  'w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-xs outline-none ' +
  'placeholder:text-slate-400 focus:border-sky-500 focus:ring-2 focus:ring-sky-500/30 disabled:opacity-60 ' +
  'aria-[invalid=true]:border-red-500 aria-[invalid=true]:ring-red-500/20 ' +
  'dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-500';

interface FieldShellProps {
  label: string;
  id: string;
  error?: string | null | undefined;
  hint?: ReactNode;
  className?: string;
  /** Beside the label, at the end of its line (a small control that belongs to this field). */
  labelAside?: ReactNode;
  /** The label left of the control, on one line (toolbars), instead of above it. */
  inline?: boolean | undefined;
  children: ReactNode;
}

/** A label above a control, and the control's error (role=alert) or hint below it. */
function FieldShell({ label, id, error, hint, className, labelAside, inline, children }: FieldShellProps) {
  const labelElement = (
    <label htmlFor={id} className={`text-xs font-medium text-slate-600 dark:text-slate-300 ${inline ? 'shrink-0 whitespace-nowrap' : ''}`}>
      {label}
    </label>
  );
  const below = error ? (
    <p id={`${id}-error`} role="alert" className="text-xs text-red-600 dark:text-red-400">
      {error}
    </p>
  ) : hint ? (
    <p id={`${id}-hint`} className="text-xs text-slate-600 dark:text-slate-400">
      {hint}
    </p>
  ) : null;
  if (inline) {
    return (
      <div className={`flex min-w-0 flex-col gap-1 ${className ?? ''}`}>
        <div className="flex min-w-0 items-center gap-2">
          {labelElement}
          {children}
        </div>
        {below}
      </div>
    );
  }
  return (
    <div className={`flex min-w-0 flex-col gap-1 ${className ?? ''}`}>
      {labelAside ? (
        <div className="flex items-end justify-between gap-2">
          {labelElement}
          {labelAside}
        </div>
      ) : (
        labelElement
      )}
      {children}
      {below}
    </div>
  );
}

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'className'> & {
  label: string;
  inline?: boolean;
  error?: string | null | undefined;
  hint?: ReactNode;
  className?: string;
  inputClassName?: string;
};

export function TextField({ label, error, hint, className, inputClassName, inline, ...input }: TextFieldProps) {
  const id = useId();
  return (
    <FieldShell label={label} id={id} error={error} hint={hint} inline={inline} {...(className ? { className } : {})}>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        className={`${inputClass} ${inputClassName ?? ''}`}
        {...input}
      />
    </FieldShell>
  );
}

type TextAreaFieldProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'className'> & {
  label: string;
  error?: string | null | undefined;
  hint?: ReactNode;
  className?: string;
  inputClassName?: string;
  labelAside?: ReactNode;
};

export function TextAreaField({ label, error, hint, className, inputClassName, labelAside, ...textarea }: TextAreaFieldProps) {
  const id = useId();
  return (
    <FieldShell label={label} id={id} error={error} hint={hint} labelAside={labelAside} {...(className ? { className } : {})}>
      <textarea
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        className={`${inputClass} resize-y ${inputClassName ?? ''}`}
        {...textarea}
      />
    </FieldShell>
  );
}

type SelectFieldProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'className'> & {
  label: string;
  inline?: boolean;
  error?: string | null | undefined;
  hint?: ReactNode;
  className?: string;
  options: ReadonlyArray<{ value: string; label: string }>;
};

export function SelectField({ label, error, hint, className, options, inline, ...select }: SelectFieldProps) {
  const id = useId();
  return (
    <FieldShell label={label} id={id} error={error} hint={hint} inline={inline} {...(className ? { className } : {})}>
      <select id={id} className={`${inputClass} ${inline ? 'py-1' : ''}`} aria-invalid={error ? true : undefined} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

type CheckboxProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'id' | 'className'> & { label: string; className?: string };

export function Checkbox({ label, className, ...input }: CheckboxProps) {
  const id = useId();
  return (
    <div className={`flex items-center gap-2 ${className ?? ''}`}>
      <input id={id} type="checkbox" className="size-4 accent-sky-600" {...input} />
      <label htmlFor={id} className="text-sm text-slate-700 dark:text-slate-200">
        {label}
      </label>
    </div>
  );
}
