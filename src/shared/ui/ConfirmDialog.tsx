import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Button } from './Button';

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  /** A second choice beside the confirm button ("Add to this chart" beside "New chart"). */
  alternative?: { label: string; onChoose(): void };
  onConfirm(): void;
  onCancel(): void;
}

/** A modal question with Cancel, a confirm button and maybe an alternative; Escape cancels. Built on <dialog>; absent while closed. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  return props.open ? <OpenDialog {...props} /> : null;
}

function OpenDialog({ title, children, confirmLabel, danger, alternative, onConfirm, onCancel }: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      className="m-auto max-w-md rounded-lg border border-slate-200 bg-white p-5 text-slate-900 shadow-xl backdrop:bg-slate-900/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <h2 id={titleId} className="text-base font-semibold [overflow-wrap:anywhere]">
        {title}
      </h2>
      {children ? <div className="mt-2 text-sm text-slate-600 dark:text-slate-300">{children}</div> : null}
      {/* long labels ("Add to “bedroom/SENSOR …”") wrap inside their button, and buttons wrap below each other */}
      <div className="mt-4 flex flex-wrap justify-end gap-2">
        <Button onClick={onCancel}>Cancel</Button>
        {alternative ? (
          <Button className="max-w-full text-left whitespace-normal! [overflow-wrap:anywhere]" onClick={alternative.onChoose}>
            {alternative.label}
          </Button>
        ) : null}
        <Button variant={danger ? 'danger' : 'primary'} onClick={onConfirm}>
          {confirmLabel}
        </Button>
      </div>
    </dialog>
  );
}
