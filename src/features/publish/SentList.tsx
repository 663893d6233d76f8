import { EMPTY_PROPERTIES } from '../../data/publishDraft';
import type { PublishRecord, PublishStep } from '../../mqtt/publishTracker';
import { decodeUtf8, formatBytes, toHex } from '../../mqtt/payload';
import { hexCode } from '../../mqtt/reasonCodes';
import { useSessionActions, useSessionData } from '../../stores/sessionContext';
import { useProfilesStore } from '../../stores/profiles';
import type { Profile } from '../../stores/profileModel';
import { useSentRev } from '../../stores/publish';
import { formatClock } from '../../shared/format/format';
import { Button } from '../../shared/ui/Button';
import { BADGE_TONE } from '../../shared/ui/palette';

const OUTCOME: Record<PublishRecord['outcome'], { text: string; tone: string }> = {
  sending: { text: 'in flight', tone: BADGE_TONE.amber },
  sent: { text: 'sent', tone: BADGE_TONE.grey },
  acknowledged: { text: 'delivered to the broker', tone: BADGE_TONE.green },
  refused: { text: 'refused', tone: BADGE_TONE.red },
  unanswered: { text: 'no answer', tone: BADGE_TONE.red },
  failed: { text: 'not sent', tone: BADGE_TONE.red },
};

/** Every publish with its packets and their times: the proof of delivery. */
export function SentList({ profile }: { profile: Profile }) {
  const reader = useSessionData();
  const rev = useSentRev(profile.id);
  const records = reader.sent(profile.id);
  return (
    <section aria-label="Sent" data-rev={rev} className="flex flex-col gap-1.5 border-t border-slate-200 pt-3 dark:border-slate-800">
      <h3 className="text-xs font-semibold text-slate-600 dark:text-slate-300">Sent {records.length ? `(${records.length})` : ''}</h3>
      {records.length === 0 ? (
        <p className="text-xs text-slate-600 dark:text-slate-400">Each publish shows here with its packets: PUBLISH, then PUBACK for QoS 1, PUBREC, PUBREL and PUBCOMP for QoS 2.</p>
      ) : (
        <ol className="flex flex-col gap-1.5">
          {records.map((r) => (
            <SentRow key={r.id} record={r} profile={profile} />
          ))}
        </ol>
      )}
    </section>
  );
}

function SentRow({ record: r, profile }: { record: PublishRecord; profile: Profile }) {
  const actions = useSessionActions();
  const saveTemplate = useProfilesStore((s) => s.saveTemplate);
  const outcome = OUTCOME[r.outcome];
  const label = `${r.request.topic}: QoS ${r.request.qos}${r.request.retain ? ', retained' : ''}, ${outcome.text}`;
  const text = typeof r.request.payload === 'string' ? r.request.payload : decodeUtf8(r.request.payload);
  return (
    <li aria-label={label} className="rounded-md border border-slate-200 p-2 text-xs dark:border-slate-700">
      <div className="flex items-center gap-2">
        <span className="text-slate-600 dark:text-slate-400 tabular-nums">{formatClock(r.startedAt)}</span>
        <span className="min-w-0 flex-1 truncate font-mono" title={r.request.topic}>
          {r.request.topic}
        </span>
        <span className={`rounded px-1.5 py-0.5 text-[10px] font-medium ${outcome.tone}`}>{outcome.text}</span>
      </div>
      <div className="mt-0.5 truncate font-mono text-slate-600 dark:text-slate-300">
        QoS {r.request.qos}
        {r.request.retain ? ' · retain' : ''} · {formatBytes(r.size)} · {text !== null ? text.slice(0, 60) : toHex(r.request.payload as Uint8Array, 16)}
      </div>
      <ol aria-label="Packets" className="mt-1 flex flex-wrap items-center gap-x-1 gap-y-0.5 font-mono">
        {r.steps.map((step, i) => (
          <li key={i} className="flex items-center gap-1">
            {i > 0 ? <span aria-hidden className="text-slate-500 dark:text-slate-400">→</span> : null}
            <span className={stepTone(step)}>{stepText(step, r.steps[0]?.at ?? r.startedAt)}</span>
          </li>
        ))}
      </ol>
      {r.detail ? <p className={r.outcome === 'acknowledged' ? 'mt-0.5 text-slate-600 dark:text-slate-300' : 'mt-0.5 text-red-700 dark:text-red-400'}>{r.detail}</p> : null}
      <div className="mt-1 flex gap-1">
        {r.fix?.kind === 'publish-qos' ? (
          <Button size="sm" onClick={() => actions.publish(profile.id, { ...r.request, qos: 1 })}>
            Re-send at QoS 1
          </Button>
        ) : null}
        <Button size="sm" variant="ghost" onClick={() => actions.publish(profile.id, r.request)}>
          Re-send
        </Button>
        <Button
          size="sm"
          variant="ghost"
          onClick={() => {
            const name = `${r.request.topic} (QoS ${r.request.qos})`;
            const payload = typeof r.request.payload === 'string' ? r.request.payload : toHex(r.request.payload);
            saveTemplate(profile.id, {
              name,
              draft: {
                topic: r.request.topic,
                payload,
                format: typeof r.request.payload === 'string' ? 'text' : 'hex',
                qos: r.request.qos,
                retain: r.request.retain,
                properties: EMPTY_PROPERTIES,
              },
            });
          }}
        >
          Save as template
        </Button>
      </div>
    </li>
  );
}

/** "PUBREC +3.7 ms": time since the PUBLISH, as the Inspector's flow shows the same packets. */
function stepText(step: PublishStep, publishedAt: number): string {
  const reason = step.reasonCode !== undefined && step.reasonCode !== 0 ? ` ${hexCode(step.reasonCode)}` : '';
  return `${step.kind}${step.dup ? ' (again)' : ''}${reason} +${(step.at - publishedAt).toFixed(1)} ms`;
}

function stepTone(step: PublishStep): string {
  if (step.reasonCode !== undefined && step.reasonCode >= 0x80) return 'text-red-700 dark:text-red-400';
  return step.kind === 'PUBLISH' || step.kind === 'PUBREL' ? 'text-sky-700 dark:text-sky-300' : 'text-emerald-700 dark:text-emerald-400';
}
