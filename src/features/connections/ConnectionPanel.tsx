import { useEffect, useState } from 'react';
import { checkBrokerUrl } from '../../mqtt/brokerUrl';
import { sessionActions } from '../../stores/appSession';
import { useConnectionStatus } from '../../stores/connections';
import { newClientId } from '../../stores/ids';
import { useProfilesStore, type Profile } from '../../stores/profiles';
import { Button } from '../../shared/ui/Button';
import { Checkbox, SelectField, TextField } from '../../shared/ui/Field';
import { stateTone, statusSentence } from './statusText';

/** The connection's settings, its Connect/Disconnect button and its status line. */
export function ConnectionPanel({ profile }: { profile: Profile }) {
  const status = useConnectionStatus(profile.id);
  const update = useProfilesStore((s) => s.update);
  const [urlError, setUrlError] = useState<string | null>(null);
  const active = status.state === 'connected' || status.state === 'connecting' || status.state === 'reconnecting';
  const [expanded, setExpanded] = useState(!active);
  const [seenState, setSeenState] = useState(status.state);
  // Collapse the settings once connected; open them again when the connection fails.
  if (seenState !== status.state) {
    setSeenState(status.state);
    if (status.state === 'connected') setExpanded(false);
    if (status.state === 'failed') setExpanded(true);
  }

  const set = (patch: Partial<Profile>) => update(profile.id, patch);

  const connect = () => {
    const error = sessionActions.connect(profile.id);
    setUrlError(error);
  };

  return (
    <section aria-label="Connection" className="border-b border-slate-200 px-4 py-3 dark:border-slate-800">
      <div className="flex flex-wrap items-center gap-3">
        <div className="min-w-0 flex-1">
          <h1 className="truncate text-base font-semibold text-slate-900 dark:text-white">{profile.name}</h1>
          <StatusLine profile={profile} />
        </div>
        <Button variant="ghost" size="sm" aria-expanded={expanded} onClick={() => setExpanded((v) => !v)}>
          {expanded ? 'Hide settings' : 'Connection settings'}
        </Button>
        {active ? (
          <Button variant="secondary" onClick={() => void sessionActions.disconnect(profile.id)}>
            Disconnect
          </Button>
        ) : (
          <Button variant="primary" onClick={connect}>
            Connect
          </Button>
        )}
      </div>
      {expanded ? (
        <form
          className="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4"
          onSubmit={(event) => {
            event.preventDefault();
            if (!active) connect();
          }}
        >
          <TextField label="Name" value={profile.name} onChange={(e) => set({ name: e.target.value })} />
          <TextField
            label="Broker URL"
            className="sm:col-span-2 lg:col-span-3"
            inputClassName="font-mono"
            value={profile.url}
            spellCheck={false}
            autoComplete="off"
            placeholder="ws://127.0.0.1:9001 or wss://broker.example.com:8884/mqtt"
            error={urlError}
            onChange={(e) => {
              set({ url: e.target.value });
              if (urlError) {
                const check = checkBrokerUrl(e.target.value);
                setUrlError(check.ok ? null : check.error);
              }
            }}
          />
          <div className="flex items-end gap-1">
            <TextField
              label="Client ID"
              className="flex-1"
              inputClassName="font-mono"
              value={profile.clientId}
              spellCheck={false}
              onChange={(e) => set({ clientId: e.target.value })}
            />
            <Button variant="ghost" size="sm" className="mb-0.5" aria-label="Generate a new client ID" onClick={() => set({ clientId: newClientId() })}>
              ↻
            </Button>
          </div>
          <TextField label="Username" value={profile.username} autoComplete="username" onChange={(e) => set({ username: e.target.value })} />
          <TextField
            label="Password"
            type="password"
            autoComplete="current-password"
            value={profile.password}
            onChange={(e) => set({ password: e.target.value })}
          />
          <SelectField
            label="MQTT version"
            value={String(profile.protocolVersion)}
            onChange={(e) => set({ protocolVersion: e.target.value === '5' ? 5 : 4 })}
            options={[
              { value: '4', label: 'MQTT 3.1.1' },
              { value: '5', label: 'MQTT 5.0' },
            ]}
          />
          <div className="flex flex-wrap items-center gap-x-5 gap-y-2 sm:col-span-2 lg:col-span-4">
            <Checkbox label="Remember password" checked={profile.rememberPassword} onChange={(e) => set({ rememberPassword: e.target.checked })} />
            <Checkbox label="Clean session" checked={profile.clean} onChange={(e) => set({ clean: e.target.checked })} />
            <Checkbox
              label="Reconnect automatically"
              checked={profile.reconnect.enabled}
              onChange={(e) => set({ reconnect: { ...profile.reconnect, enabled: e.target.checked } })}
            />
            <TextField
              label="Keep-alive (s)"
              type="number"
              min={0}
              max={65535}
              className="w-28"
              value={profile.keepaliveSec}
              onChange={(e) => set({ keepaliveSec: clampInt(e.target.value, 0, 65_535, 60) })}
            />
          </div>
          <button type="submit" hidden aria-hidden tabIndex={-1} />
        </form>
      ) : null}
    </section>
  );
}

function clampInt(text: string, min: number, max: number, fallback: number): number {
  const n = Number.parseInt(text, 10);
  if (!Number.isFinite(n)) return fallback;
  return Math.min(max, Math.max(min, n));
}

/** role=status: the state in words and why. Ticks once a second only while a reconnect countdown runs. */
function StatusLine({ profile }: { profile: Profile }) {
  const status = useConnectionStatus(profile.id);
  const [tick, setTick] = useState(() => Date.now());
  useEffect(() => {
    if (status.state !== 'reconnecting') return;
    const timer = setInterval(() => setTick(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [status]);
  // The countdown starts from the status itself, so a stale tick never shows a longer wait.
  const now = Math.max(tick, 'since' in status ? status.since : 0);
  const hint = status.state === 'failed' || status.state === 'reconnecting' ? status.hint : undefined;
  return (
    <div className="mt-0.5 flex min-w-0 items-start gap-2">
      <span aria-hidden className={`mt-1.5 size-2 shrink-0 rounded-full ${stateTone[status.state]}`} />
      <div className="min-w-0 text-sm">
        <p role="status" className={status.state === 'failed' ? 'text-red-700 dark:text-red-400' : 'text-slate-600 dark:text-slate-300'}>
          {statusSentence(status, now)}
        </p>
        {hint ? <p className="text-xs text-slate-500 dark:text-slate-400">{hint}</p> : null}
      </div>
    </div>
  );
}
