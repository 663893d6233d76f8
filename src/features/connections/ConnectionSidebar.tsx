import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { exportProfiles, importProfiles, importTooLarge } from '../../stores/profileTransfer';
import { downloadText, fileStamp } from '../../shared/download';
import type { ConnectionState } from '../../mqtt/connectionStatus';
import { useConnectionsStore } from '../../stores/connections';
import { selectSelectedProfile, useProfilesStore } from '../../stores/profiles';
import { Button } from '../../shared/ui/Button';
import { FileImport } from '../../shared/ui/FileImport';
import { TabList } from '../../shared/ui/Tabs';
import { plural } from '../../shared/format/format';
import { stateTone, stateWord } from './statusText';

/**
 * Connection profiles as vertical tabs, each with its state; the selected one's view is the panel.
 * `onChosen`: a profile was chosen (the drawer it sits in on narrow windows closes).
 */
export function ConnectionSidebar({ idBase, onChosen }: { idBase: string; onChosen?: () => void }) {
  const profiles = useProfilesStore(useShallow((s) => s.profiles.map((p) => `${p.id}\u0000${p.name}\u0000${p.url}`)));
  const selected = useProfilesStore((s) => selectSelectedProfile(s)?.id ?? '');
  const select = useProfilesStore((s) => s.select);
  const add = useProfilesStore((s) => s.add);
  const addMany = useProfilesStore((s) => s.addMany);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const unsaved = useProfilesStore(useShallow((s) => s.unsavedIds));
  const states = useConnectionsStore(useShallow((s) => Object.fromEntries(Object.entries(s.byId).map(([id, r]) => [id, r.status.state]))));

  const items = profiles.map((row) => {
    const [id = '', name = '', url = ''] = row.split('\u0000');
    const state: ConnectionState = states[id] ?? 'idle';
    return {
      id,
      name: `${name} (${stateWord(state)}${unsaved.includes(id) ? ', not saved' : ''})`,
      label: (
        <span className="flex min-w-0 items-start gap-2">
          <span aria-hidden className={`mt-1.5 size-2 shrink-0 rounded-full ${stateTone[state]}`} />
          <span className="min-w-0">
            <span className="block truncate text-sm font-medium">{name}</span>
            <span className="block truncate font-mono text-[11px] text-slate-600 dark:text-slate-400">
              {unsaved.includes(id) ? <span className="font-sans text-amber-800 dark:text-amber-300">not saved · </span> : null}
              {url}
            </span>
          </span>
        </span>
      ),
    };
  });

  return (
    <nav aria-label="Connections" className="flex h-full min-h-0 flex-col bg-slate-50 dark:bg-slate-950">
      <div className="flex items-center justify-between px-3 pt-3 pb-2">
        <h2 className="text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">Connections</h2>
        <Button
          size="sm"
          variant="ghost"
          onClick={() => {
            add();
            onChosen?.();
          }}
        >
          + New connection
        </Button>
      </div>
      <TabList
        idBase={idBase}
        label="Connections"
        orientation="vertical"
        items={items}
        active={selected}
        onChange={(id) => {
          select(id);
          onChosen?.();
        }}
        className="flex min-h-0 flex-col gap-1 overflow-y-auto px-2 pb-2"
        tabClassName={(on) =>
          `rounded-md px-2.5 py-2 text-left text-slate-700 dark:text-slate-200 ${
            on ? 'bg-white shadow-sm ring-1 ring-slate-200 dark:bg-slate-800 dark:ring-slate-700' : 'hover:bg-slate-100 dark:hover:bg-slate-900'
          }`
        }
      />
      <div className="mt-auto flex flex-col gap-1 border-t border-slate-200 p-2 dark:border-slate-800">
        {notice ? (
          <p role={notice.kind === 'error' ? 'alert' : undefined} aria-live="polite" className={`text-xs ${notice.kind === 'error' ? 'text-red-700 dark:text-red-400' : 'text-slate-600 dark:text-slate-300'}`}>
            {notice.text}
          </p>
        ) : null}
        <div className="flex gap-1">
          <FileImport
            size="sm"
            variant="ghost"
            label="Import profiles"
            inputLabel="Profiles file to import"
            accept="application/json,.json"
            tooLarge={importTooLarge}
            onRefused={(text) => setNotice({ kind: 'error', text })}
            onText={(text) => {
              const result = importProfiles(text);
              if (!result.ok) return setNotice({ kind: 'error', text: result.error });
              addMany(result.profiles);
              const refused = result.skipped.length ? ` Refused: ${result.skipped.join(' · ')}` : '';
              setNotice({
                kind: result.skipped.length ? 'error' : 'ok',
                text: `Imported ${plural(result.profiles.length, 'connection')}.${refused}`,
              });
            }}
          />
          <Button
            size="sm"
            variant="ghost"
            onClick={() => downloadText(`mqttscope-profiles-${fileStamp()}.json`, exportProfiles(useProfilesStore.getState().profiles), 'application/json')}
          >
            Export all
          </Button>
        </div>
      </div>
    </nav>
  );
}
