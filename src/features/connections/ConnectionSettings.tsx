import { useState, type ReactNode } from 'react';
import { checkBrokerUrl, PUBLIC_BROKERS, suggestSecureUrl } from '../../mqtt/brokerUrl';
import type { QoS } from '../../mqtt/types';
import type { ProfileProblems } from '../../stores/profileOptions';
import { newClientId } from '../../stores/ids';
import { useProfilesStore } from '../../stores/profiles';
import type { Profile, WillSettings } from '../../stores/profileModel';
import { DEMO_BROKER_URL } from '../../shared/env';
import { Button } from '../../shared/ui/Button';
import { DraftField, firstProblem, wholeNumber, type Parse } from '../../shared/ui/DraftField';
import { Checkbox, SelectField, TextField } from '../../shared/ui/Field';
import { KeyValueEditor } from '../../shared/ui/KeyValueEditor';
import { RememberPassword } from './RememberPassword';

interface Preset {
  label: string;
  url: string;
  name: string;
}

const PRESETS: Preset[] = [
  ...(DEMO_BROKER_URL ? [{ label: 'Local demo broker (npm start)', url: DEMO_BROKER_URL, name: 'Local demo broker' }] : []),
  ...PUBLIC_BROKERS.flatMap((b) => [
    { label: `${b.host} · ws ${b.ws.port}`, url: `ws://${b.host}:${b.ws.port}${b.ws.path}`, name: b.name },
    { label: `${b.host} · wss ${b.wss.port}`, url: `wss://${b.host}:${b.wss.port}${b.wss.path}`, name: b.name },
  ]),
];

const QOS_OPTIONS = [
  { value: '0', label: 'QoS 0' },
  { value: '1', label: 'QoS 1' },
  { value: '2', label: 'QoS 2' },
];

/** Every option a broker cares about, saved with the profile as it is typed. */
export function ConnectionSettings({ profile, problems, onSubmit }: { profile: Profile; problems: ProfileProblems; onSubmit(): void }) {
  const update = useProfilesStore((s) => s.update);
  const set = (patch: Partial<Profile>) => update(profile.id, patch);
  const save = (patch: Partial<Profile>) => firstProblem(set(patch));
  const setWill = (patch: Partial<WillSettings>) => set({ will: { ...profile.will, ...patch } });
  const saveWill = (patch: Partial<WillSettings>) => save({ will: { ...profile.will, ...patch } });
  const v5 = profile.protocolVersion === 5;
  const secure = problems.url && problems.url.includes('mixed content') ? suggestSecureUrl(profile.url.trim()) : null;
  const [preset, setPreset] = useState('');

  return (
    <form
      aria-label="Connection settings"
      className="mt-3 flex max-h-[50dvh] flex-col gap-3 overflow-y-auto pr-1"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <DraftField label="Name" value={profile.name} format={String} parse={anyText} onSave={(name) => save({ name })} />
        <div className="flex flex-col gap-1 sm:col-span-2 lg:col-span-3">
          <div className="flex flex-wrap items-start gap-2">
            <DraftField
              label="Broker URL"
              className="min-w-64 flex-1"
              inputClassName="font-mono"
              value={profile.url}
              format={String}
              parse={brokerUrl}
              onSave={(url) => save({ url })}
              spellCheck={false}
              autoComplete="off"
              placeholder="ws://127.0.0.1:9001 or wss://broker.example.com:8884/mqtt"
              error={problems.url}
              hint="MQTT over WebSocket: ws:// or wss://, with the path the broker uses (HiveMQ and EMQX: /mqtt)."
            />
            <SelectField
              label="Preset"
              className="w-64"
              value={preset}
              onChange={(e) => {
                const chosen = PRESETS.find((p) => p.url === e.target.value);
                setPreset('');
                if (chosen) set({ url: chosen.url, ...(profile.name === 'New connection' ? { name: chosen.name } : {}) });
              }}
              options={[{ value: '', label: 'Fill in from a known broker…' }, ...PRESETS.map((p) => ({ value: p.url, label: p.label }))]}
            />
          </div>
          {secure ? (
            <div>
              <Button size="sm" onClick={() => set({ url: secure })}>
                Use {secure}
              </Button>
            </div>
          ) : null}
        </div>
        <div className="flex items-start gap-1">
          <DraftField
            label="Client ID"
            className="flex-1"
            inputClassName="font-mono"
            value={profile.clientId}
            format={String}
            parse={anyText}
            onSave={(clientId) => save({ clientId })}
            spellCheck={false}
            error={problems.clientId}
            hint={v5 ? 'Empty: the broker assigns one.' : undefined}
          />
          <Button variant="ghost" size="sm" className="mt-6" aria-label="Generate a new client ID" onClick={() => set({ clientId: newClientId() })}>
            ↻
          </Button>
        </div>
        <DraftField label="Username" value={profile.username} format={String} parse={anyText} onSave={(username) => save({ username })} autoComplete="username" />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          value={profile.password}
          hint={profile.rememberPassword ? 'Saved in this browser.' : 'Kept for this page only.'}
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
      </div>
      <div className="flex flex-wrap gap-x-5 gap-y-2">
        <RememberPassword checked={profile.rememberPassword} onChange={(rememberPassword) => set({ rememberPassword })} />
        <Checkbox label={v5 ? 'Clean start' : 'Clean session'} checked={profile.clean} onChange={(e) => set({ clean: e.target.checked })} />
        <Checkbox
          label="Reconnect automatically"
          checked={profile.reconnect.enabled}
          onChange={(e) => set({ reconnect: { ...profile.reconnect, enabled: e.target.checked } })}
        />
        <Checkbox label="Connect again after a reload" checked={profile.reconnectOnLoad} onChange={(e) => set({ reconnectOnLoad: e.target.checked })} />
        <Checkbox label="Send a last will" checked={profile.willEnabled} onChange={(e) => set({ willEnabled: e.target.checked })} />
      </div>

      <Section title="Session, keep-alive and reconnect" hasError={Boolean(problems.keepalive || problems.sessionExpiry)}>
        <NumberField label="Keep-alive (s)" value={profile.keepaliveSec} parse={wholeNumber('Keep-alive', 0, 65_535)} error={problems.keepalive} onSave={(v) => save({ keepaliveSec: v ?? 60 })} />
        <NumberField
          label="Connect timeout (s)"
          value={profile.connectTimeoutMs / 1000}
          parse={wholeNumber('The connect timeout', 1, 600)}
          onSave={(v) => save({ connectTimeoutMs: (v ?? 10) * 1000 })}
        />
        <NumberField
          label="Longest wait between reconnects (s)"
          value={profile.reconnect.maxDelayMs / 1000}
          parse={wholeNumber('The longest wait', 1, 3_600)}
          hint="For a minute after a lost connection it tries every 2 s (twice the initial delay); then the wait doubles, with some jitter, up to this."
          onSave={(v) => save({ reconnect: { ...profile.reconnect, maxDelayMs: (v ?? 30) * 1000 } })}
        />
        {v5 ? (
          <NumberField
            label="Session expiry (s)"
            value={profile.sessionExpirySec}
            parse={wholeNumber('Session expiry', 0, UINT32_MAX, 'null')}
            error={problems.sessionExpiry}
            hint="How long the broker keeps the session after a disconnect. Empty: 0, the session ends with the connection."
            onSave={(v) => save({ sessionExpirySec: v })}
          />
        ) : null}
      </Section>

      {profile.willEnabled ? (
        <Section title="Last will" open>
          <TextField
            label="Will topic"
            inputClassName="font-mono"
            value={profile.will.topic}
            error={problems.willTopic}
            placeholder="dashboard/status"
            onChange={(e) => setWill({ topic: e.target.value })}
          />
          <TextField label="Will payload" inputClassName="font-mono" value={profile.will.payload} placeholder="offline" onChange={(e) => setWill({ payload: e.target.value })} />
          <SelectField label="Will QoS" value={String(profile.will.qos)} options={QOS_OPTIONS} onChange={(e) => setWill({ qos: Number(e.target.value) as QoS })} />
          <Checkbox label="Retain the will" className="mt-5" checked={profile.will.retain} onChange={(e) => setWill({ retain: e.target.checked })} />
          {v5 ? (
            <>
              <NumberField label="Will delay (s)" value={profile.will.delaySec} parse={wholeNumber('Will delay', 0, UINT32_MAX, 'null')} error={problems.willDelay} onSave={(v) => saveWill({ delaySec: v })} />
              <NumberField
                label="Will message expiry (s)"
                value={profile.will.expirySec}
                parse={wholeNumber('Will message expiry', 0, UINT32_MAX, 'null')}
                error={problems.willExpiry}
                onSave={(v) => saveWill({ expirySec: v })}
              />
              <TextField label="Will content type" value={profile.will.contentType} placeholder="text/plain" onChange={(e) => setWill({ contentType: e.target.value })} />
              <div className="sm:col-span-2">
                <KeyValueEditor
                  label="Will user properties"
                  itemLabel="will user property"
                  rows={profile.will.userProperties}
                  error={problems.willUserProperties}
                  onChange={(rows) => setWill({ userProperties: rows })}
                />
              </div>
            </>
          ) : null}
        </Section>
      ) : null}

      {v5 ? (
        <Section title="MQTT 5 connect properties" hasError={Boolean(problems.receiveMaximum || problems.maximumPacketSize || problems.userProperties)}>
          <NumberField
            label="Receive maximum"
            value={profile.receiveMaximum}
            parse={wholeNumber('Receive maximum', 1, 65_535, 'null')}
            error={problems.receiveMaximum}
            hint="QoS 1 and 2 messages the broker may send before we acknowledge."
            onSave={(v) => save({ receiveMaximum: v })}
          />
          <NumberField
            label="Maximum packet size (bytes)"
            value={profile.maximumPacketSize}
            parse={wholeNumber('Maximum packet size', 1, 268_435_460, 'null')}
            error={problems.maximumPacketSize}
            onSave={(v) => save({ maximumPacketSize: v })}
          />
          <div className="sm:col-span-2">
            <KeyValueEditor
              label="Connect user properties"
              itemLabel="connect user property"
              rows={profile.connectUserProperties}
              error={problems.userProperties}
              onChange={(rows) => set({ connectUserProperties: rows })}
            />
          </div>
        </Section>
      ) : null}
      <button type="submit" hidden aria-hidden tabIndex={-1} />
    </form>
  );
}

/** A section of settings; it opens by itself when a field in it has an error (none stays hidden). */
function Section({ title, open, hasError, children }: { title: string; open?: boolean; hasError?: boolean; children: ReactNode }) {
  return (
    <details open={open || hasError || undefined} className="rounded-md border border-slate-200 px-3 py-2 dark:border-slate-700">
      <summary className="cursor-pointer text-xs font-semibold text-slate-600 dark:text-slate-300">{title}</summary>
      <div className="mt-2 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">{children}</div>
    </details>
  );
}

const UINT32_MAX = 4_294_967_295;

const anyText: Parse<string> = (text) => ({ value: text });
const brokerUrl: Parse<string> = (text) => {
  const check = checkBrokerUrl(text);
  return check.ok ? { value: text } : { error: check.error };
};

/** A number field checked as typed; an empty one is null ("not set") where `parse` allows it. */
function NumberField({
  label,
  value,
  parse,
  error,
  hint,
  onSave,
}: {
  label: string;
  value: number | null;
  parse: Parse<number | null>;
  error?: string | undefined;
  hint?: string;
  onSave(v: number | null): string | null;
}) {
  return (
    <DraftField<number | null>
      label={label}
      inputMode="numeric"
      value={value}
      format={(v) => (v === null ? '' : String(v))}
      parse={parse}
      onSave={onSave}
      error={error}
      hint={hint}
    />
  );
}
