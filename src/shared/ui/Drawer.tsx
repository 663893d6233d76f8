import { useEffect, useRef, type ReactNode } from 'react';
import { Button } from './Button';

/**
 * A side sheet over the page (the connection list, the publish panel, on narrow windows). A modal
 * <dialog>: focus stays inside, Escape and the close button close it, and a click outside does too.
 */
export function Drawer({ open, side, label, onClose, children }: { open: boolean; side: 'left' | 'right'; label: string; onClose(): void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-label={label}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        if (e.target === ref.current) onClose(); // the backdrop
      }}
      className={`fixed inset-y-0 m-0 h-dvh max-h-none w-[min(24rem,92vw)] max-w-none overflow-hidden border-slate-200 bg-white p-0 text-slate-900 shadow-2xl backdrop:bg-slate-900/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 ${
        side === 'left' ? 'right-auto left-0 border-r' : 'right-0 left-auto border-l'
      }`}
    >
      {open ? (
        <div className="flex h-full flex-col">
          <div className="flex items-center justify-end border-b border-slate-200 px-2 py-1 dark:border-slate-700">
            <Button size="sm" variant="ghost" onClick={onClose} aria-label={`Close ${label.toLowerCase()}`}>
              ✕ Close
            </Button>
          </div>
          <div className="min-h-0 flex-1 overflow-y-auto">{children}</div>
        </div>
      ) : null}
    </dialog>
  );
}
