import { useEffect, useId, useRef, useState } from 'react';
import { selectSelectedProfile, useProfilesStore } from '../stores/profiles';
import { useViewsStore } from '../stores/views';
import { Button } from '../shared/ui/Button';
import { VIEWS } from './views';

/** Every keyboard shortcut, as the "?" map lists it. */
export const SHORTCUTS: ReadonlyArray<[keys: string, what: string]> = [
  ['?', 'show this list'],
  ...VIEWS.map((v, i): [string, string] => [String(i + 1), `go to ${v.label}`]),
  ['/', 'search or filter the view shown'],
  ['c', 'class mode on or off'],
  ['↑ ↓ Home End', 'move in a list (messages, packets, topics)'],
  ['→ ←', 'open and close a topic in the tree'],
  ['Enter', 'select a topic'],
  ['Escape', 'close a detail or a dialog'],
  ['Ctrl+Enter', 'publish (in the publish form)'],
];

const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/** The "?" button and dialog, and the page-wide shortcuts themselves. */
export function Shortcuts() {
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target) || document.querySelector('dialog[open]')) return;
      const profile = selectSelectedProfile(useProfilesStore.getState());
      const views = useViewsStore.getState();
      if (e.key === '?') setOpen(true);
      else if (e.key === 'c') views.setClassMode(!views.classMode);
      else if (profile && /^[1-9]$/.test(e.key) && VIEWS[Number(e.key) - 1]) views.setView(profile.id, (VIEWS[Number(e.key) - 1] as (typeof VIEWS)[number]).id);
      else if (e.key === '/') {
        const field = document.querySelector<HTMLInputElement>('[role=tabpanel] [data-shortcut-search]');
        if (!field) return;
        field.focus();
      } else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => {
    const d = dialog.current;
    if (open && d && !d.open) d.showModal();
  }, [open]);
  return (
    <>
      <button
        type="button"
        aria-label="Keyboard shortcuts"
        onClick={() => setOpen(true)}
        className="rounded-md px-2 py-1 text-xs font-medium text-slate-300 hover:bg-slate-800 hover:text-white focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-400"
      >
        ?
      </button>
      {open ? (
        <dialog
          ref={dialog}
          aria-labelledby={titleId}
          onCancel={(e) => {
            e.preventDefault();
            setOpen(false);
          }}
          className="m-auto max-w-md rounded-lg border border-slate-200 bg-white p-5 text-slate-900 shadow-xl backdrop:bg-slate-900/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
        >
          <h2 id={titleId} className="text-base font-semibold">
            Keyboard shortcuts
          </h2>
          <table className="mt-3 text-sm">
            <tbody>
              {SHORTCUTS.map(([keys, what]) => (
                <tr key={keys}>
                  <th scope="row" className="py-0.5 pr-4 text-left font-mono font-medium whitespace-nowrap">
                    {keys}
                  </th>
                  <td className="py-0.5 text-slate-600 dark:text-slate-300">{what}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="mt-4 flex justify-end">
            <Button variant="primary" onClick={() => setOpen(false)} autoFocus>
              Close
            </Button>
          </div>
        </dialog>
      ) : null}
    </>
  );
}
