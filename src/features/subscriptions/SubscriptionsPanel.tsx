import { useEffect, useState, type ReactNode } from 'react';
import type { QoS, SubscriptionOptions, SubscriptionState } from '../../mqtt/types';
import { validateTopicFilter } from '../../mqtt/topic';
import { useConnectionData, useSessionActions } from '../../stores/sessionContext';
import { useConnectionStatus, useSubscriptionStates } from '../../stores/connections';
import type { ConnectionState } from '../../mqtt/connectionStatus';
import { useCheckAsTyped } from '../../shared/ui/DraftField';
import { useProfilesStore } from '../../stores/profiles';
import type { Profile, SavedSubscription } from '../../stores/profileModel';
import { Button } from '../../shared/ui/Button';
import { Checkbox, SelectField, TextField } from '../../shared/ui/Field';

const QOS_OPTIONS = [
  { value: '0', label: '0 · at most once' },
  { value: '1', label: '1 · at least once' },
  { value: '2', label: '2 · exactly once' },
];

const RETAIN_HANDLING = [
  { value: '0', label: '0 · send retained on subscribe' },
  { value: '1', label: '1 · only for a new subscription' },
  { value: '2', label: '2 · never send retained' },
];

/** Subscribe form and the list of subscriptions with what the broker answered. */
export function SubscriptionsPanel({ profile, aside }: { profile: Profile; aside?: ReactNode }) {
  const actions = useSessionActions();
  const [filter, setFilter] = useState('');
  const [qos, setQos] = useState<QoS>(0);
  const filterCheck = useCheckAsTyped(filter, validateTopicFilter);
  const [options, setOptions] = useState<SubscriptionOptions>({});
  const [idText, setIdText] = useState('');
  const [idError, setIdError] = useState<string | null>(null);
  const states = useSubscriptionStates(profile.id);
  const connection = useConnectionStatus(profile.id).state;
  const v5 = profile.protocolVersion === 5;

  const submit = () => {
    let subOptions: SubscriptionOptions | undefined;
    if (v5) {
      subOptions = { ...options };
      if (idText.trim()) {
        const n = Number(idText);
        if (!Number.isInteger(n) || n < 1 || n > 268_435_455) {
          setIdError('A subscription identifier is a whole number from 1 to 268,435,455.');
          return;
        }
        subOptions.subscriptionIdentifier = n;
      }
    }
    setIdError(null);
    if (filterCheck.reveal() || !filter) return;
    const fault = actions.subscribe(profile.id, filter, qos, subOptions);
    if (!fault) setFilter('');
  };

  return (
    <section aria-label="Subscriptions" className="border-b border-slate-200 px-3 py-2 dark:border-slate-800">
      <form
        className="flex flex-wrap items-start gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <TextField
          label="Topic filter"
          inline
          className="min-w-56 flex-1"
          inputClassName="font-mono"
          placeholder="home/+/temperature, #, $SYS/# or $share/group/filter"
          spellCheck={false}
          autoComplete="off"
          value={filter}
          error={filterCheck.error}
          onChange={(e) => setFilter(e.target.value)}
        />
        <SelectField label="QoS" inline className="w-48" value={String(qos)} options={QOS_OPTIONS} onChange={(e) => setQos(Number(e.target.value) as QoS)} />
        <Button type="submit" variant="primary">
          Subscribe
        </Button>
        {v5 ? (
          <details className="w-full text-sm">
            <summary className="cursor-pointer text-xs font-medium text-slate-600 dark:text-slate-300">MQTT 5 subscription options</summary>
            <div className="mt-2 flex flex-wrap items-start gap-x-5 gap-y-2">
              <Checkbox label="No Local" checked={!!options.noLocal} onChange={(e) => setOptions((o) => ({ ...o, noLocal: e.target.checked }))} />
              <Checkbox
                label="Retain As Published"
                checked={!!options.retainAsPublished}
                onChange={(e) => setOptions((o) => ({ ...o, retainAsPublished: e.target.checked }))}
              />
              <SelectField
                label="Retain Handling"
                className="w-64"
                value={String(options.retainHandling ?? 0)}
                options={RETAIN_HANDLING}
                onChange={(e) => setOptions((o) => ({ ...o, retainHandling: Number(e.target.value) as 0 | 1 | 2 }))}
              />
              <TextField
                label="Subscription identifier"
                className="w-48"
                inputMode="numeric"
                placeholder="optional, e.g. 7"
                value={idText}
                error={idError}
                onChange={(e) => setIdText(e.target.value)}
              />
            </div>
          </details>
        ) : null}
      </form>
      {/* the chips share their row with what the app puts beside them (the decoders), saving a row on short windows */}
      <div className="mt-2 flex flex-wrap items-start gap-x-3 gap-y-1.5">
        {profile.subscriptions.length > 0 ? (
          <ul aria-label="Subscriptions" className="flex flex-wrap gap-1.5">
            {profile.subscriptions.map((saved) => (
              <SubscriptionChip key={saved.filter} profileId={profile.id} saved={saved} state={states.find((s) => s.filter === saved.filter)} connection={connection} />
            ))}
          </ul>
        ) : (
          <p className="text-xs text-slate-600 dark:text-slate-400">No subscriptions yet. "#" receives everything except $-topics such as $SYS.</p>
        )}
        {aside}
      </div>
      <BrokerDifferences profileId={profile.id} states={states} />
    </section>
  );
}

/** How long after a wildcard SUBACK no retained message counts as "none came". */
const RETAINED_WAIT_MS = 3_000;

/**
 * What this broker does differently, said where it shows: a QoS lowered in SUBACK, and wildcard
 * subscriptions that brought no retained message (RabbitMQ sends retained messages to exact topics only).
 */
function BrokerDifferences({ profileId, states }: { profileId: string; states: readonly SubscriptionState[] }) {
  const data = useConnectionData(profileId);
  const lowered = states.filter((s) => s.status === 'granted' && s.grantedQos !== undefined && s.grantedQos < s.qos);
  const wildcards = states.filter((s) => s.status === 'granted' && /[#+]/.test(s.filter)).map((s) => s.filter).join('\u0000');
  // which set of wildcard subscriptions was found to have brought no retained message
  const [noRetainedFor, setNoRetainedFor] = useState<string | null>(null);
  const noRetained = wildcards !== '' && noRetainedFor === wildcards;
  useEffect(() => {
    if (!wildcards) return;
    const check = () => setNoRetainedFor(data.retainedReceived === 0 ? wildcards : null);
    const first = setTimeout(check, RETAINED_WAIT_MS);
    const again = setInterval(check, RETAINED_WAIT_MS);
    return () => {
      clearTimeout(first);
      clearInterval(again);
    };
  }, [data, wildcards]);
  if (lowered.length === 0 && !noRetained) return null;
  return (
    <div role="note" aria-label="What this broker does differently" className="mt-2 flex flex-col gap-1 text-xs text-slate-600 dark:text-slate-400">
      {lowered.map((s) => (
        <p key={s.filter}>
          <span className="font-mono">{s.filter}</span>: asked QoS {s.qos}, the broker granted QoS {s.grantedQos}, so it delivers at most QoS {s.grantedQos} here
          {s.qos === 2 ? ' (RabbitMQ and NATS do not support QoS 2)' : ''}. Messages still arrive; ask for QoS {s.grantedQos} to match.
        </p>
      ))}
      {noRetained ? (
        <p>
          No retained message has arrived. If the broker holds some, it may not send them to wildcard subscriptions: RabbitMQ sends retained
          messages only to exact-topic subscriptions. Subscribe to one exact topic to check.
        </p>
      ) : null}
    </div>
  );
}

function describe(state: SubscriptionState | undefined, saved: SavedSubscription, connection: ConnectionState): { text: string; tone: string } {
  const idle = 'text-slate-600 dark:text-slate-400';
  // a subscription is only sent on a connection that is up: say so, not "waiting for SUBACK"
  if (!state || (state.status === 'pending' && connection !== 'connected')) {
    const why = connection === 'connecting' || connection === 'reconnecting' ? 'waiting for the connection' : 'not connected';
    return { text: `QoS ${saved.qos} · not sent: ${why}`, tone: idle };
  }
  if (state.status === 'granted') {
    const less = state.grantedQos !== undefined && state.grantedQos < state.qos ? ` (asked ${state.qos})` : '';
    return { text: `granted QoS ${state.grantedQos ?? '?'}${less}`, tone: 'text-emerald-700 dark:text-emerald-400' };
  }
  if (state.status === 'refused') return { text: state.refusal?.reason ?? 'refused', tone: 'text-red-700 dark:text-red-400' };
  return { text: `QoS ${state.qos} · waiting for SUBACK`, tone: 'text-amber-700 dark:text-amber-400' };
}

function SubscriptionChip({ profileId, saved, state, connection }: { profileId: string; saved: SavedSubscription; state: SubscriptionState | undefined; connection: ConnectionState }) {
  const actions = useSessionActions();
  const update = useProfilesStore((s) => s.updateSubscription);
  const { text, tone } = describe(state, saved, connection);
  const extras = [
    saved.muted ? 'muted' : '',
    saved.options?.noLocal ? 'no local' : '',
    saved.options?.retainAsPublished ? 'retain as published' : '',
    saved.options?.retainHandling ? `retain handling ${saved.options.retainHandling}` : '',
    saved.options?.subscriptionIdentifier ? `id ${saved.options.subscriptionIdentifier}` : '',
  ].filter(Boolean);
  const name = `${saved.filter}: ${text}${extras.length ? ` (${extras.join(', ')})` : ''}`;
  return (
    <li
      aria-label={name}
      className={`flex items-center gap-2 rounded-full border py-0.5 pr-1 pl-1.5 text-xs ${
        state?.status === 'refused' ? 'border-red-300 bg-red-50 dark:border-red-800 dark:bg-red-950' : 'border-slate-200 bg-white dark:border-slate-700 dark:bg-slate-900'
      } ${saved.muted ? 'opacity-60' : ''}`}
    >
      <input
        type="color"
        aria-label={`Colour of ${saved.filter}`}
        value={saved.color ?? '#94a3b8'}
        onChange={(e) => update(profileId, saved.filter, { color: e.target.value })}
        className="size-4 cursor-pointer rounded-full border-0 bg-transparent p-0 [&::-webkit-color-swatch]:rounded-full [&::-webkit-color-swatch]:border-0 [&::-webkit-color-swatch-wrapper]:p-0"
      />
      <span className="font-mono text-slate-800 dark:text-slate-100">{saved.filter}</span>
      <span className={tone}>{text}</span>
      {extras.length ? <span className="text-slate-600 dark:text-slate-400">{extras.join(' · ')}</span> : null}
      <button
        type="button"
        aria-pressed={!!saved.muted}
        aria-label={`Mute ${saved.filter}`}
        title={saved.muted ? 'Muted: still subscribed, its messages are hidden. Click to show them.' : 'Hide its messages, stay subscribed'}
        onClick={() => update(profileId, saved.filter, { muted: !saved.muted })}
        className="rounded-full px-1.5 text-slate-600 dark:text-slate-400 hover:bg-slate-100 hover:text-slate-900 dark:hover:bg-slate-800 dark:hover:text-white"
      >
        {saved.muted ? 'unmute' : 'mute'}
      </button>
      <button
        type="button"
        onClick={() => actions.unsubscribe(profileId, saved.filter)}
        aria-label={`Unsubscribe from ${saved.filter}`}
        className="rounded-full px-1.5 text-slate-600 dark:text-slate-400 hover:bg-slate-100 hover:text-slate-900 dark:hover:bg-slate-800 dark:hover:text-white"
      >
        ×
      </button>
    </li>
  );
}
