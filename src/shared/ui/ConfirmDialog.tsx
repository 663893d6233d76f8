import type { ReactNode } from 'react';
import { Button } from './Button';
import { ModalDialog } from './ModalDialog';

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
  return (
    <ModalDialog
      title={title}
      onCancel={onCancel}
      footer={
        // long labels ("Add to “bedroom/SENSOR …”") wrap inside their button, and buttons wrap below each other
        <>
          <Button onClick={onCancel}>Cancel</Button>
          {alternative ? (
            <Button className="max-w-full text-left whitespace-normal! [overflow-wrap:anywhere]" onClick={alternative.onChoose}>
              {alternative.label}
            </Button>
          ) : null}
          <Button variant={danger ? 'danger' : 'primary'} onClick={onConfirm}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      {children ? <div className="mt-2 text-sm text-slate-600 dark:text-slate-300">{children}</div> : null}
    </ModalDialog>
  );
}
