import { useId, useState } from 'react';
import { topicNameWarning, validateTopicName } from '../../mqtt/topic';
import type { QoS } from '../../mqtt/types';
import { session } from '../../stores/appSession';
import { useConnectionStatus } from '../../stores/connections';
import type { Profile } from '../../stores/profiles';
import { Button } from '../../shared/ui/Button';
import { Checkbox, TextField } from '../../shared/ui/Field';

type Outcome = { kind: 'ok' | 'error'; text: string } | null;

/** Publish a message: topic, payload, QoS, retain. Ctrl+Enter publishes. */
export function PublishPanel({ profile }: { profile: Profile }) {
  const status = useConnectionStatus(profile.id);
  const [topic, setTopic] = useState('');
  const [payload, setPayload] = useState('');
  const [qos, setQos] = useState<QoS>(0);
  const [retain, setRetain] = useState(false);
  const [topicError, setTopicError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const payloadId = useId();
  const connected = status.state === 'connected';

  const publish = async () => {
    const fault = validateTopicName(topic);
    setTopicError(fault);
    if (fault) return;
    if (!connected) {
      setOutcome({ kind: 'error', text: 'Not connected: connect first, then publish.' });
      return;
    }
    const started = performance.now();
    setOutcome({ kind: 'ok', text: qos === 0 ? 'Sending…' : 'Sent, waiting for the broker to acknowledge…' });
    try {
      await session.publish(profile.id, topic, payload, { qos, retain });
      const ms = Math.round(performance.now() - started);
      const ack = qos === 0 ? 'Sent (QoS 0: no acknowledgement).' : qos === 1 ? `PUBACK after ${ms} ms.` : `PUBCOMP after ${ms} ms.`;
      setOutcome({ kind: 'ok', text: ack });
    } catch (error) {
      setOutcome({ kind: 'error', text: `Not delivered: ${(error as Error).message}` });
    }
  };

  const warning = topic && !topicError ? topicNameWarning(topic) : null;

  return (
    <section
      aria-label="Publish"
      className="flex flex-col gap-3 p-4"
      onKeyDown={(event) => {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          void publish();
        }
      }}
    >
      <h2 className="text-sm font-semibold text-slate-800 dark:text-slate-100">Publish</h2>
      <TextField
        label="Topic"
        inputClassName="font-mono"
        spellCheck={false}
        autoComplete="off"
        placeholder="cmnd/livingroom/POWER"
        value={topic}
        error={topicError}
        hint={warning}
        onChange={(e) => {
          setTopic(e.target.value);
          if (topicError) setTopicError(validateTopicName(e.target.value));
        }}
      />
      <div className="flex flex-col gap-1">
        <label htmlFor={payloadId} className="text-xs font-medium text-slate-600 dark:text-slate-300">
          Payload
        </label>
        <textarea
          id={payloadId}
          rows={5}
          spellCheck={false}
          value={payload}
          onChange={(e) => setPayload(e.target.value)}
          placeholder="TOGGLE"
          className="w-full resize-y rounded-md border border-slate-300 bg-white px-2.5 py-1.5 font-mono text-sm text-slate-900 outline-none focus:border-sky-500 focus:ring-2 focus:ring-sky-500/30 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
        />
      </div>
      <div className="flex items-center gap-4">
        <div role="radiogroup" aria-label="QoS" className="flex items-center gap-3 text-sm text-slate-700 dark:text-slate-200">
          <span aria-hidden className="text-xs font-medium text-slate-600 dark:text-slate-300">
            QoS
          </span>
          {([0, 1, 2] as const).map((level) => (
            <label key={level} className="flex items-center gap-1">
              <input type="radio" name={`qos-${profile.id}`} value={level} checked={qos === level} onChange={() => setQos(level)} className="accent-sky-600" />
              {level}
            </label>
          ))}
        </div>
        <Checkbox label="Retain" checked={retain} onChange={(e) => setRetain(e.target.checked)} />
      </div>
      <div className="flex items-center gap-3">
        <Button variant="primary" onClick={() => void publish()}>
          Publish
        </Button>
        <span className="text-xs text-slate-500 dark:text-slate-400">Ctrl+Enter</span>
      </div>
      {outcome ? (
        <p className={`text-xs ${outcome.kind === 'error' ? 'text-red-700 dark:text-red-400' : 'text-slate-600 dark:text-slate-300'}`}>{outcome.text}</p>
      ) : null}
    </section>
  );
}
