// (Over 300 lines: the publish form, its MQTT 5 properties, templates and repeat share one draft.)
import { useState } from 'react';
import { draftToRequest, EMPTY_PROPERTIES, type DraftErrors, type PayloadFormat, type PublishDraft } from '../../data/publishDraft';
import type { QoS } from '../../mqtt/types';
import { useSessionActions } from '../../stores/sessionContext';
import { useConnectionStatus } from '../../stores/connections';
import { useProfilesStore } from '../../stores/profiles';
import type { Profile } from '../../stores/profileModel';
import { useDraft, usePublishStore, useRepeat } from '../../stores/publish';
import { formatCount } from '../../shared/format/format';
import { Button } from '../../shared/ui/Button';
import { useCheckAsTyped } from '../../shared/ui/DraftField';
import { useMediaQuery } from '../../shared/ui/useMediaQuery';
import { validateTopicName } from '../../mqtt/topic';
import { Checkbox, SelectField, TextAreaField, TextField } from '../../shared/ui/Field';
import { ClearRetained } from '../../shared/ui/ClearRetained';
import { KeyValueEditor } from '../../shared/ui/KeyValueEditor';
import { SentList } from './SentList';

/** The QoS levels in the words the subscribe form uses too. */
const QOS_CHOICES: ReadonlyArray<{ level: QoS; words: string }> = [
  { level: 0, words: 'at most once' },
  { level: 1, words: 'at least once' },
  { level: 2, words: 'exactly once' },
];

const FORMATS: ReadonlyArray<{ value: PayloadFormat; label: string }> = [
  { value: 'text', label: 'Text' },
  { value: 'json', label: 'JSON' },
  { value: 'hex', label: 'Hex' },
  { value: 'base64', label: 'Base64' },
];

/** Publish: topic, payload in a chosen format, QoS, retain, MQTT 5 properties; templates and repeat. */
export function PublishPanel({ profile }: { profile: Profile }) {
  const actions = useSessionActions();
  const id = profile.id;
  const status = useConnectionStatus(id);
  const draft = useDraft(id);
  const patch = usePublishStore((s) => s.patchDraft);
  const repeat = useRepeat(id);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [repeatMs, setRepeatMs] = useState('1000');
  const connected = status.state === 'connected';
  const v5 = profile.protocolVersion === 5;

  const set = (change: Partial<PublishDraft>) => {
    patch(id, change);
    // A field that had an error is checked again as it is typed.
    if (Object.keys(errors).length > 0) {
      const result = draftToRequest({ ...draft, ...change }, profile.protocolVersion);
      setErrors(result.ok ? {} : result.errors);
    }
  };
  const setProps = (change: Partial<PublishDraft['properties']>) => set({ properties: { ...draft.properties, ...change } });

  const publish = () => {
    const result = draftToRequest(draft, profile.protocolVersion);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    if (!connected) return setNotice('Not connected: connect first, then publish.');
    setNotice(null);
    actions.publish(id, result.request);
  };

  const startRepeat = () => {
    const interval = Number(repeatMs);
    if (!Number.isFinite(interval) || interval < 10) return setNotice('Repeat every 10 ms or more.');
    const check = draftToRequest(draft, profile.protocolVersion);
    if (!check.ok) return setErrors(check.errors);
    if (!connected) return setNotice('Not connected: connect first, then publish.');
    setErrors({});
    setNotice(null);
    const frozen = draft;
    const version = profile.protocolVersion;
    actions.startRepeat(id, interval, (n) => {
      const built = draftToRequest(frozen, version, n);
      return built.ok ? built.request : null;
    });
  };

  // the topic is checked as it is typed (the payload when published: it may be half-written JSON)
  const topicCheck = useCheckAsTyped(draft.topic, validateTopicName);
  const touch = useMediaQuery('(pointer: coarse)');
  const warning = draft.topic && !errors.topic ? draftToRequest({ ...draft, payload: '', format: 'text' }, 4) : null;
  const topicWarning = warning && warning.ok ? warning.warning : null;

  return (
    <section
      aria-label="Publish"
      className="flex flex-col gap-3 p-4"
      onKeyDown={(event) => {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          publish();
        }
      }}
    >
      <div className="flex items-center justify-between">
        <h2 className="text-sm font-semibold text-slate-800 dark:text-slate-100">Publish</h2>
        <Templates profile={profile} draft={draft} onLoad={(d) => patch(id, d)} />
      </div>
      <TextField
        label="Topic"
        inputClassName="font-mono"
        spellCheck={false}
        autoComplete="off"
        placeholder="cmnd/livingroom/POWER"
        value={draft.topic}
        error={errors.topic ?? topicCheck.error}
        hint={topicWarning}
        onChange={(e) => set({ topic: e.target.value })}
      />
      <TextAreaField
        label="Payload"
        rows={5}
        spellCheck={false}
        inputClassName="font-mono"
        value={draft.payload}
        error={errors.payload}
        hint={draft.format === 'text' || draft.format === 'json' ? '{{n}} counts repeats, {{now}} is the time, {{ts}} milliseconds.' : 'Sent as the bytes written here.'}
        onChange={(e) => set({ payload: e.target.value })}
        placeholder={draft.format === 'hex' ? 'de ad be ef' : draft.format === 'json' ? '{"state": "ON"}' : 'TOGGLE'}
        labelAside={
          <select
            aria-label="Payload format"
            value={draft.format}
            onChange={(e) => set({ format: e.target.value as PayloadFormat })}
            className="rounded border border-slate-300 bg-white px-1.5 py-0.5 text-xs dark:border-slate-600 dark:bg-slate-900"
          >
            {FORMATS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        }
      />
      <div className="flex flex-wrap items-center gap-4">
        <div role="radiogroup" aria-label="QoS" className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-700 dark:text-slate-200">
          <span aria-hidden className="text-xs font-medium text-slate-600 dark:text-slate-300">
            QoS
          </span>
          {QOS_CHOICES.map(({ level, words }) => (
            <label key={level} className="flex items-center gap-1 whitespace-nowrap">
              <input type="radio" name={`qos-${id}`} value={level} checked={draft.qos === level} onChange={() => set({ qos: level })} className="accent-sky-600" />
              {level} <span className="text-xs text-slate-600 dark:text-slate-400">· {words}</span>
            </label>
          ))}
        </div>
        <Checkbox label="Retain" checked={draft.retain} onChange={(e) => set({ retain: e.target.checked })} />
      </div>
      {v5 ? <V5Properties draft={draft} errors={errors} setProps={setProps} /> : null}
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="primary" onClick={publish} disabled={repeat.running}>
          Publish
        </Button>
        {touch ? null : <span className="text-xs text-slate-600 dark:text-slate-400">Ctrl+Enter</span>}
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <TextField label="Repeat every (ms)" className="w-32" inputMode="numeric" value={repeatMs} onChange={(e) => setRepeatMs(e.target.value)} disabled={repeat.running} />
        {repeat.running ? (
          <Button onClick={() => actions.stopRepeat(id)}>Stop ({formatCount(repeat.sent)} sent)</Button>
        ) : (
          <Button onClick={startRepeat}>Repeat{repeat.sent > 0 ? ` (last run: ${formatCount(repeat.sent)} sent)` : ''}</Button>
        )}
      </div>
      {repeat.stopReason && !repeat.running ? <p className="text-xs text-amber-700 dark:text-amber-400">{repeat.stopReason}</p> : null}
      <ClearRetained
        key={draft.topic}
        connectionId={id}
        topic={draft.topic}
        disabled={!connected || !draft.topic || Boolean(errors.topic)}
        label="Clear retained on this topic"
        variant="ghost"
        clearedText={`Cleared the retained message on ${draft.topic}.`}
      />
      {notice ? <p className="text-xs text-slate-700 dark:text-slate-200">{notice}</p> : null}
      <SentList profile={profile} />
    </section>
  );
}

function V5Properties({ draft, errors, setProps }: { draft: PublishDraft; errors: DraftErrors; setProps(change: Partial<PublishDraft['properties']>): void }) {
  const p = draft.properties;
  const count = Object.entries(p).filter(([k, v]) => (k === 'userProperties' ? (v as unknown[]).length > 0 : v !== '' && v !== null)).length;
  return (
    <details className="rounded-md border border-slate-200 px-3 py-2 dark:border-slate-700">
      <summary className="cursor-pointer text-xs font-semibold text-slate-600 dark:text-slate-300">MQTT 5 properties{count ? ` (${count})` : ''}</summary>
      <div className="mt-2 grid grid-cols-1 gap-2">
        <TextField label="Content type" placeholder="application/json" value={p.contentType} onChange={(e) => setProps({ contentType: e.target.value })} />
        <SelectField
          label="Payload format indicator"
          value={p.utf8 === null ? '' : p.utf8 ? '1' : '0'}
          onChange={(e) => setProps({ utf8: e.target.value === '' ? null : e.target.value === '1' })}
          options={[
            { value: '', label: 'Not sent' },
            { value: '1', label: '1 · UTF-8 text' },
            { value: '0', label: '0 · bytes' },
          ]}
        />
        <TextField
          label="Message expiry (s)"
          inputMode="numeric"
          value={p.expirySec === null ? '' : String(p.expirySec)}
          error={errors.expiry}
          onChange={(e) => setProps({ expirySec: e.target.value.trim() === '' ? null : Number(e.target.value) })}
        />
        <TextField label="Response topic" inputClassName="font-mono" value={p.responseTopic} error={errors.responseTopic} onChange={(e) => setProps({ responseTopic: e.target.value })} />
        <TextField label="Correlation data" inputClassName="font-mono" value={p.correlationData} onChange={(e) => setProps({ correlationData: e.target.value })} />
        <TextField
          label="Topic alias"
          inputMode="numeric"
          value={p.topicAlias === null ? '' : String(p.topicAlias)}
          error={errors.topicAlias}
          onChange={(e) => setProps({ topicAlias: e.target.value.trim() === '' ? null : Number(e.target.value) })}
        />
        <KeyValueEditor label="User properties" itemLabel="user property" rows={p.userProperties} error={errors.userProperties} onChange={(rows) => setProps({ userProperties: rows })} />
        <div>
          <Button size="sm" variant="ghost" onClick={() => setProps(EMPTY_PROPERTIES)}>
            Clear properties
          </Button>
        </div>
      </div>
    </details>
  );
}

/** Named publishes saved with the profile. */
function Templates({ profile, draft, onLoad }: { profile: Profile; draft: PublishDraft; onLoad(draft: PublishDraft): void }) {
  const save = useProfilesStore((s) => s.saveTemplate);
  const remove = useProfilesStore((s) => s.removeTemplate);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  return (
    <div className="flex items-center gap-1">
      {profile.templates.length > 0 ? (
        <select
          aria-label="Templates"
          value=""
          onChange={(e) => {
            const template = profile.templates.find((t) => t.name === e.target.value);
            if (template) onLoad(template.draft);
          }}
          className="max-w-32 rounded border border-slate-300 bg-white px-1.5 py-0.5 text-xs dark:border-slate-600 dark:bg-slate-900"
        >
          <option value="">Templates…</option>
          {profile.templates.map((t) => (
            <option key={t.name} value={t.name}>
              {t.name}
            </option>
          ))}
        </select>
      ) : null}
      {naming ? (
        <form
          className="flex items-center gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            if (!name.trim()) return;
            save(profile.id, { name: name.trim(), draft });
            setNaming(false);
            setName('');
          }}
        >
          <input
            autoFocus
            aria-label="Template name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="name"
            className="w-28 rounded border border-slate-300 bg-white px-1.5 py-0.5 text-xs dark:border-slate-600 dark:bg-slate-900"
          />
          <Button size="sm" type="submit">
            Save
          </Button>
        </form>
      ) : (
        <Button size="sm" variant="ghost" onClick={() => setNaming(true)}>
          Save as template
        </Button>
      )}
      {profile.templates.length > 0 && !naming ? (
        <details className="relative">
          <summary className="cursor-pointer list-none rounded px-1 text-xs text-slate-600 dark:text-slate-400 hover:bg-slate-100 dark:hover:bg-slate-800" aria-label="Manage templates">
            ⋯
          </summary>
          <ul className="absolute right-0 z-10 mt-1 w-48 rounded border border-slate-200 bg-white p-1 shadow-lg dark:border-slate-700 dark:bg-slate-900">
            {profile.templates.map((t) => (
              <li key={t.name} className="flex items-center justify-between gap-1 text-xs">
                <span className="truncate">{t.name}</span>
                <Button size="sm" variant="ghost" aria-label={`Delete template ${t.name}`} onClick={() => remove(profile.id, t.name)}>
                  ×
                </Button>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
