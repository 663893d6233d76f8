import { useState } from 'react';
import type { QoS, SubscriptionState } from '../../mqtt/types';
import { validateTopicFilter } from '../../mqtt/topic';
import { sessionActions } from '../../stores/appSession';
import { useSubscriptionStates } from '../../stores/connections';
import type { Profile, SavedSubscription } from '../../stores/profiles';
import { Button } from '../../shared/ui/Button';
import { SelectField, TextField } from '../../shared/ui/Field';

const QOS_OPTIONS = [
  { value: '0', label: '0 · at most once' },
  { value: '1', label: '1 · at least once' },
  { value: '2', label: '2 · exactly once' },
];

/** Subscribe form and the list of subscriptions with what the broker answered. */
export function SubscriptionsPanel({ profile }: { profile: Profile }) {
  const [filter, setFilter] = useState('');
  const [qos, setQos] = useState<QoS>(0);
  const [error, setError] = useState<string | null>(null);
  const states = useSubscriptionStates(profile.id);

  const submit = () => {
    const fault = sessionActions.subscribe(profile.id, filter, qos);
    setError(fault);
    if (!fault) setFilter('');
  };

  return (
    <section aria-label="Subscriptions" className="border-b border-slate-200 px-4 py-3 dark:border-slate-800">
      <form
        className="flex flex-wrap items-start gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <TextField
          label="Topic filter"
          className="min-w-48 flex-1"
          inputClassName="font-mono"
          placeholder="home/+/temperature or #"
          spellCheck={false}
          autoComplete="off"
          value={filter}
          error={error}
          onChange={(e) => {
            setFilter(e.target.value);
            if (error) setError(e.target.value ? validateTopicFilter(e.target.value) : null);
          }}
        />
        <SelectField label="QoS" className="w-40" value={String(qos)} options={QOS_OPTIONS} onChange={(e) => setQos(Number(e.target.value) as QoS)} />
        <Button type="submit" variant="primary" className="mt-5">
          Subscribe
        </Button>
      </form>
      {profile.subscriptions.length > 0 ? (
        <ul aria-label="Subscriptions" className="mt-2 flex flex-wrap gap-1.5">
          {profile.subscriptions.map((saved) => (
            <SubscriptionChip
              key={saved.filter}
              saved={saved}
              state={states.find((s) => s.filter === saved.filter)}
              onRemove={() => sessionActions.unsubscribe(profile.id, saved.filter)}
            />
          ))}
        </ul>
      ) : (
        <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">No subscriptions yet. "#" receives everything (except $SYS topics).</p>
      )}
    </section>
  );
}

function describe(state: SubscriptionState | undefined, saved: SavedSubscription): { text: string; tone: string } {
  if (!state) return { text: `QoS ${saved.qos} · not sent (not connected)`, tone: 'text-slate-500 dark:text-slate-400' };
  if (state.status === 'granted') {
    const less = state.grantedQos !== undefined && state.grantedQos < state.qos ? ` (asked ${state.qos})` : '';
    return { text: `granted QoS ${state.grantedQos ?? '?'}${less}`, tone: 'text-emerald-700 dark:text-emerald-400' };
  }
  if (state.status === 'refused') return { text: state.refusal?.reason ?? 'refused', tone: 'text-red-700 dark:text-red-400' };
  return { text: `QoS ${state.qos} · waiting for SUBACK`, tone: 'text-amber-700 dark:text-amber-400' };
}

function SubscriptionChip({ saved, state, onRemove }: { saved: SavedSubscription; state: SubscriptionState | undefined; onRemove(): void }) {
  const { text, tone } = describe(state, saved);
  return (
    <li
      aria-label={`${saved.filter}: ${text}`}
      className="flex items-center gap-2 rounded-full border border-slate-200 bg-white py-0.5 pr-1 pl-2.5 text-xs dark:border-slate-700 dark:bg-slate-900"
    >
      <span aria-hidden className="size-2.5 rounded-full" style={{ backgroundColor: saved.color ?? '#94a3b8' }} />
      <span className="font-mono text-slate-800 dark:text-slate-100">{saved.filter}</span>
      <span className={tone}>{text}</span>
      <button
        type="button"
        onClick={onRemove}
        aria-label={`Unsubscribe from ${saved.filter}`}
        className="rounded-full px-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-900 dark:hover:bg-slate-800 dark:hover:text-white"
      >
        ×
      </button>
    </li>
  );
}
