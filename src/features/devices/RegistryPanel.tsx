import { useEffect, useState, type FormEvent } from 'react';
import { registryUrlProblem, type RegistryDevice } from '../../data/registryClient';
import { useProfilesStore } from '../../stores/profiles';
import type { Profile } from '../../stores/profileModel';
import { useRegistry, useRegistryStore } from '../../stores/registry';
import { plural } from '../../shared/format/format';
import { Button } from '../../shared/ui/Button';
import { TextField } from '../../shared/ui/Field';

/** How often a linked registry is read again while the Devices view is open. */
const REFRESH_MS = 15_000;
const EMPTY_DRAFT: RegistryDevice = { identifier: '', name: '', device_type: '', controller_gateway: '' };

/**
 * The course's REST device registry, linked by URL: its rows (GET /devices), a form that adds one
 * (POST /devices) and a delete per row (DELETE /devices/{identifier}). Devices the registry knows are named
 * from it on their cards.
 */
export function RegistryPanel({ profile }: { profile: Profile }) {
  const update = useProfilesStore((s) => s.update);
  const linked = profile.presence.registryUrl;
  const registry = useRegistry(profile.id);
  const { refresh, add, remove } = useRegistryStore.getState();
  const [url, setUrl] = useState(linked || 'http://127.0.0.1:8090');
  const [urlError, setUrlError] = useState<string | null>(null);
  const [draft, setDraft] = useState<RegistryDevice>(EMPTY_DRAFT);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!linked) return;
    void useRegistryStore.getState().refresh(profile.id, linked);
    const timer = setInterval(() => void useRegistryStore.getState().refresh(profile.id, linked), REFRESH_MS);
    return () => clearInterval(timer);
  }, [profile.id, linked]);

  const link = (e: FormEvent) => {
    e.preventDefault();
    const text = url.trim();
    const problem = text ? registryUrlProblem(text) : 'Enter the registry URL, such as http://127.0.0.1:8090';
    setUrlError(problem);
    if (!problem) update(profile.id, { presence: { ...profile.presence, registryUrl: text.replace(/\/+$/, '') } });
  };
  const unlink = () => {
    update(profile.id, { presence: { ...profile.presence, registryUrl: '' } });
    void refresh(profile.id, '');
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const missing = (Object.keys(EMPTY_DRAFT) as Array<keyof RegistryDevice>).filter((k) => !draft[k].trim());
    if (missing.length) return setFormError(`Fill in ${missing.map((k) => k.replace('_', ' ')).join(', ')}.`);
    setBusy(true);
    const error = await add(profile.id, linked, { identifier: draft.identifier.trim(), name: draft.name.trim(), device_type: draft.device_type.trim(), controller_gateway: draft.controller_gateway.trim() });
    setBusy(false);
    setFormError(error);
    if (!error) setDraft(EMPTY_DRAFT);
  };
  const set = (key: keyof RegistryDevice) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: e.target.value }));

  return (
    <section aria-label="Device registry" className="rounded-md border border-slate-200 px-3 py-2 text-xs dark:border-slate-700">
      <h3 className="font-semibold text-slate-600 dark:text-slate-300">Device registry (REST)</h3>
      {!linked ? (
        <form onSubmit={link} className="mt-1 flex flex-col gap-2">
          <p className="text-slate-600 dark:text-slate-400">Link a REST device registry (GET/POST /devices, GET/DELETE /devices/&#123;identifier&#125;) to name devices from it and add or remove them. npm start runs one.</p>
          <TextField label="Registry URL" inputClassName="font-mono" value={url} error={urlError} onChange={(e) => setUrl(e.target.value)} />
          <div>
            <Button size="sm" variant="primary" type="submit">
              Link registry
            </Button>
          </div>
        </form>
      ) : (
        <div className="mt-1 flex flex-col gap-2">
          <p className="flex flex-wrap items-center gap-2 text-slate-600 dark:text-slate-400">
            <span>
              Linked to <span className="font-mono">{linked}</span>
              {registry.readAt ? `: ${plural(registry.devices.length, 'device')}` : registry.loading ? ': reading…' : ''}
            </span>
            <Button size="sm" onClick={() => void refresh(profile.id, linked)} disabled={registry.loading}>
              Refresh
            </Button>
            <Button size="sm" variant="ghost" onClick={unlink}>
              Unlink
            </Button>
          </p>
          {registry.error ? (
            <p role="alert" className="text-red-700 dark:text-red-400">
              {registry.error}
            </p>
          ) : null}
          {registry.refused.length ? (
            <p role="alert" className="text-amber-800 dark:text-amber-300">
              Rows refused: {registry.refused.slice(0, 5).join('; ')}
              {registry.refused.length > 5 ? ` and ${registry.refused.length - 5} more` : ''}
            </p>
          ) : null}
          {registry.devices.length ? (
            <div className="max-h-72 overflow-auto">
              <table aria-label="Registry devices" className="w-full text-left">
                <thead className="text-slate-500 dark:text-slate-400">
                  <tr>
                    <th scope="col" className="pr-2 font-medium">Device</th>
                    <th scope="col" className="pr-2 font-medium">Type · gateway</th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {registry.devices.map((d) => (
                    <tr key={d.identifier} className="border-t border-slate-100 align-top dark:border-slate-800">
                      <td className="py-1 pr-2">
                        <span className="block font-mono break-all text-slate-600 dark:text-slate-400">{d.identifier}</span> <span className="block font-medium">{d.name}</span>
                      </td>
                      <td className="py-1 pr-2">
                        <span className="block">{d.device_type}</span> <span className="block text-slate-600 dark:text-slate-400">{d.controller_gateway}</span>
                      </td>
                      <td className="py-1 text-right">
                        <Button size="sm" variant="ghost" aria-label={`Delete ${d.identifier} from the registry`} onClick={() => void remove(profile.id, linked, d.identifier).then(setFormError)}>
                          Delete
                        </Button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <form aria-label="Add a device to the registry" onSubmit={(e) => void submit(e)} className="grid grid-cols-2 gap-2">
            <TextField label="Identifier" inputClassName="font-mono" value={draft.identifier} onChange={set('identifier')} />
            <TextField label="Name" value={draft.name} onChange={set('name')} />
            <TextField label="Device type" value={draft.device_type} onChange={set('device_type')} />
            <TextField label="Controller gateway" value={draft.controller_gateway} onChange={set('controller_gateway')} />
            <div className="col-span-2 flex flex-wrap items-center gap-2">
              <Button size="sm" variant="primary" type="submit" disabled={busy}>
                Add to registry
              </Button>
              {formError ? (
                <span role="alert" className="text-red-700 dark:text-red-400">
                  {formError}
                </span>
              ) : null}
            </div>
          </form>
        </div>
      )}
    </section>
  );
}
