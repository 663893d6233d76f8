import { useState } from 'react';
import { PRESET_RULES, validateRulePattern, type PresenceRule } from '../../data/presence';
import { useSessionActions } from '../../stores/sessionContext';
import { newId } from '../../stores/ids';
import type { Profile } from '../../stores/profileModel';
import { Button } from '../../shared/ui/Button';
import { Checkbox, TextField } from '../../shared/ui/Field';

/** The presence rules: presets that can be switched off, and rules the user writes. Saved with the profile. */
export function PresenceRulesEditor({ profile }: { profile: Profile }) {
  const actions = useSessionActions();
  const presence = profile.presence;
  const [draft, setDraft] = useState({ name: '', pattern: '', online: 'online', offline: 'offline', jsonPath: '' });
  const [error, setError] = useState<string | null>(null);

  const add = () => {
    const fault = validateRulePattern(draft.pattern.trim());
    if (fault) return setError(fault);
    if (!draft.online.trim() || !draft.offline.trim()) return setError('Say which payloads mean online and offline.');
    const pattern = draft.pattern.trim();
    const rule: PresenceRule = {
      id: newId('rule-'),
      name: draft.name.trim() || pattern,
      pattern,
      online: draft.online.split(',').map((s) => s.trim()).filter(Boolean),
      offline: draft.offline.split(',').map((s) => s.trim()).filter(Boolean),
      telemetry: [pattern.split('/').slice(0, pattern.split('/').indexOf('{device}') + 1).join('/') + '/#'],
      ...(draft.jsonPath.trim() ? { jsonPath: draft.jsonPath.trim() } : {}),
    };
    setError(null);
    actions.updatePresence(profile.id, { custom: [...presence.custom, rule] });
    setDraft({ name: '', pattern: '', online: 'online', offline: 'offline', jsonPath: '' });
  };

  return (
    <details className="rounded-md border border-slate-200 px-3 py-2 text-xs dark:border-slate-700">
      <summary className="cursor-pointer font-semibold text-slate-600 dark:text-slate-300">Presence rules</summary>
      <fieldset className="mt-2 flex flex-col gap-1">
        <legend className="mb-1 text-slate-600 dark:text-slate-400">Presets (on by default)</legend>
        {PRESET_RULES.map((rule) => (
          <Checkbox
            key={rule.id}
            label={`${rule.name}: ${rule.pattern} (${rule.online.join('/')} · ${rule.offline.join('/')})`}
            checked={!presence.disabledPresets.includes(rule.id)}
            onChange={(e) =>
              actions.updatePresence(profile.id, {
                disabledPresets: e.target.checked ? presence.disabledPresets.filter((id) => id !== rule.id) : [...presence.disabledPresets, rule.id],
              })
            }
          />
        ))}
      </fieldset>
      {presence.custom.length > 0 ? (
        <ul aria-label="Your rules" className="mt-2 flex flex-col gap-1">
          {presence.custom.map((rule) => (
            <li key={rule.id} className="flex items-center gap-2">
              <span className="min-w-0 flex-1 truncate font-mono">
                {rule.name}: {rule.pattern}
              </span>
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Delete rule ${rule.name}`}
                onClick={() => actions.updatePresence(profile.id, { custom: presence.custom.filter((r) => r.id !== rule.id) })}
              >
                ×
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      <form
        aria-label="New presence rule"
        className="mt-2 grid grid-cols-2 gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <TextField label="Rule name" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        <TextField
          label="Presence topic pattern"
          inputClassName="font-mono"
          placeholder="plants/{device}/alive"
          value={draft.pattern}
          error={error}
          onChange={(e) => setDraft({ ...draft, pattern: e.target.value })}
        />
        <TextField label="Online payloads" value={draft.online} hint="Comma-separated, any case." onChange={(e) => setDraft({ ...draft, online: e.target.value })} />
        <TextField label="Offline payloads" value={draft.offline} onChange={(e) => setDraft({ ...draft, offline: e.target.value })} />
        <TextField label="JSON path (optional)" inputClassName="font-mono" placeholder="state" value={draft.jsonPath} onChange={(e) => setDraft({ ...draft, jsonPath: e.target.value })} />
        <div className="flex items-end">
          <Button type="submit" size="sm">
            Add rule
          </Button>
        </div>
      </form>
    </details>
  );
}
