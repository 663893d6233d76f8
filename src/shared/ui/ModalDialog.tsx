import { useEffect, useId, useRef, type ReactNode } from 'react';

interface ModalDialogProps {
  title: string;
  children?: ReactNode;
  /** The buttons at the bottom, right-aligned, wrapping below each other when long. */
  footer: ReactNode;
  /** Escape (and any way the browser closes it). */
  onCancel(): void;
  /** Width classes ("max-w-md", "w-80 max-w-[92vw]"). */
  className?: string;
}

/** A modal <dialog>, open while it is rendered: titled, Escape cancels, focus stays inside. */
export function ModalDialog({ title, children, footer, onCancel, className = 'max-w-md' }: ModalDialogProps) {
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
      className={`m-auto rounded-lg border border-slate-200 bg-white p-5 text-slate-900 shadow-xl backdrop:bg-slate-900/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 ${className}`}
    >
      <h2 id={titleId} className="text-base font-semibold [overflow-wrap:anywhere]">
        {title}
      </h2>
      {children}
      <div className="mt-4 flex flex-wrap justify-end gap-2">{footer}</div>
    </dialog>
  );
}
