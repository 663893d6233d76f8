import { useStorageHealth } from '../stores/storageHealth';
import { downloadText, fileStamp } from '../shared/download';
import { Button } from '../shared/ui/Button';

/**
 * What this browser's storage could not do: profiles set aside at load (each named, with why, and its raw
 * data to download), and a save the browser refused. The rest of the app carries on.
 */
export function StorageNotice() {
  const setAside = useStorageHealth((s) => s.setAside);
  const writeError = useStorageHealth((s) => s.writeError);
  if (setAside.length === 0 && !writeError) return null;
  return (
    <div role="alert" className="flex flex-col gap-1 border-b border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
      {writeError ? <p>{writeError}</p> : null}
      {setAside.length > 0 ? (
        <>
          <p>
            {setAside.length === 1 ? 'One saved connection could not be loaded' : `${setAside.length} saved connections could not be loaded`} and {setAside.length === 1 ? 'was' : 'were'} set aside.
            Everything else loaded as usual.
          </p>
          <ul className="list-disc pl-5 text-xs">
            {setAside.map((p, i) => (
              <li key={i}>
                <span className="font-medium">{p.name}</span>: {p.problems.join('; ')}
              </li>
            ))}
          </ul>
          <div className="flex gap-2">
            <Button
              size="sm"
              onClick={() => downloadText(`mqttscope-set-aside-${fileStamp()}.json`, `[${setAside.map((p) => p.raw).join(',\n')}]\n`, 'application/json')}
            >
              Download what was set aside
            </Button>
            <Button size="sm" variant="ghost" onClick={() => useStorageHealth.setState({ setAside: [] })}>
              Dismiss
            </Button>
          </div>
        </>
      ) : null}
    </div>
  );
}
