import { useState, type ReactNode } from 'react';
import { EMPTY_PROPERTIES } from '../../data/publishDraft';
import { decodeUtf8, formatBytes, toHex } from '../../mqtt/payload';
import { topicMatches } from '../../mqtt/topic';
import type { PublishProperties, ReceivedMessage } from '../../mqtt/types';
import { useSessionActions } from '../../stores/sessionContext';
import { useChartValue } from '../../shared/ui/useChartValue';
import { useConnectionStatus } from '../../stores/connections';
import type { Profile } from '../../stores/profileModel';
import { usePublishStore } from '../../stores/publish';
import { formatClock } from '../../shared/format/format';
import { PayloadViewer } from '../../shared/payload/PayloadViewer';
import { Button } from '../../shared/ui/Button';
import { SelectField } from '../../shared/ui/Field';
import { guessUnit, parseNumber, readPayload } from '../../data/extract';
import { flattenJson } from '../../data/json';

/** Everything the protocol says about one message, and its payload in every view. */
export function MessageDetail({ message, profile, onClose }: { message: ReceivedMessage; profile: Profile; onClose(): void }) {
  const actions = useSessionActions();
  const chartValue = useChartValue(profile.id);
  const matched = profile.subscriptions.filter((s) => topicMatches(s.filter, message.topic));
  const connected = useConnectionStatus(profile.id).state === 'connected';
  const patchDraft = usePublishStore((s) => s.patchDraft);
  const [notice, setNotice] = useState<string | null>(null);
  const responseTopic = message.properties?.responseTopic;

  const publishAgain = () => {
    const { subscriptionIdentifier: _sid, topicAlias: _alias, ...properties } = message.properties ?? {};
    const request = { topic: message.topic, payload: message.payload, qos: message.qos, retain: message.retain, ...(message.properties ? { properties } : {}) };
    actions.publish(profile.id, request);
    setNotice('Published again: its packets show in the Sent list.');
  };
  const reply = () => {
    if (!responseTopic) return;
    const correlation = message.properties?.correlationData;
    const correlationText = correlation ? decodeUtf8(correlation) : '';
    patchDraft(profile.id, {
      topic: responseTopic,
      payload: '',
      format: 'text',
      properties: { ...EMPTY_PROPERTIES, correlationData: correlationText ?? '' },
    });
    setNotice(
      correlationText === null
        ? `The publish form now replies to ${responseTopic}; the correlation data is not text and was left out.`
        : `The publish form now replies to ${responseTopic}${correlationText ? ' with its correlation data' : ''}: write the payload and publish.`,
    );
  };

  return (
    <section aria-label="Message detail" className="flex min-h-0 flex-col gap-3 overflow-auto p-3">
      {chartValue.dialog}
      <div className="flex flex-wrap items-start gap-2">
        <h3 className="min-w-0 flex-1 font-mono text-sm break-all text-slate-900 select-text dark:text-white">{message.topic}</h3>
        <Button size="sm" disabled={!connected} onClick={publishAgain}>
          Publish again
        </Button>
        {responseTopic ? (
          <Button size="sm" onClick={reply}>
            Reply
          </Button>
        ) : null}
        <Button size="sm" variant="ghost" onClick={() => void navigator.clipboard?.writeText(message.topic)} aria-label="Copy topic">
          Copy topic
        </Button>
        <Button size="sm" variant="ghost" onClick={onClose} aria-label="Close message detail">
          ✕
        </Button>
      </div>
      {notice ? <p className="text-xs text-slate-600 dark:text-slate-300">{notice}</p> : null}
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-0.5 text-xs sm:grid-cols-[auto_1fr_auto_1fr]">
        <Item term="Received">
          {new Date(message.receivedAt).toLocaleDateString()} {formatClock(message.receivedAt)}
        </Item>
        <Item term="Size">{formatBytes(message.payload.byteLength)}</Item>
        <Item term="QoS">{message.qos}</Item>
        <Item term="Packet id">{message.packetId ?? '— (QoS 0 has none)'}</Item>
        <Item term="Retain">{message.retain ? 'yes: a retained message the broker held' : 'no'}</Item>
        <Item term="Duplicate">{message.dup ? 'yes: a re-delivery' : 'no'}</Item>
        <Item term="Matched">
          {matched.length === 0 ? (
            <span className="text-slate-600 dark:text-slate-400">no current subscription</span>
          ) : (
            <span className="flex flex-wrap gap-1.5">
              {matched.map((s) => (
                <span key={s.filter} className="inline-flex items-center gap-1 font-mono">
                  <span aria-hidden className="size-2 rounded-full" style={{ backgroundColor: s.color }} />
                  {s.filter}
                  {s.muted ? ' (muted)' : ''}
                </span>
              ))}
            </span>
          )}
        </Item>
      </dl>
      {message.properties ? <Properties properties={message.properties} /> : null}
      <PinToHome key={`pin:${message.topic}${message.receivedAt}`} message={message} profile={profile} />
      <PayloadViewer key={`${message.topic}${message.receivedAt}`} payload={message.payload} decoded={message.decoded} onChart={(path) => chartValue.chart(message.topic, path)} />
    </section>
  );
}

/** The numbers of a payload by path ("" for a payload that is a number), at most 50. */
function numbersOf(message: ReceivedMessage): string[] {
  const { text, json } = readPayload(message);
  if (text !== null && parseNumber(text) !== null) return [''];
  if (typeof json === 'number') return [''];
  if (json === undefined || typeof json !== 'object' || json === null) return [];
  return [...flattenJson(json)].filter(([, v]) => typeof v === 'number' && Number.isFinite(v)).map(([path]) => path).slice(0, 50);
}

/** "Pin to Home": a number of this message becomes a tile of the Home view. */
function PinToHome({ message, profile }: { message: ReceivedMessage; profile: Profile }) {
  const actions = useSessionActions();
  const paths = numbersOf(message);
  const [path, setPath] = useState(paths[0] ?? '');
  const [done, setDone] = useState<string | null>(null);
  if (paths.length === 0) return null;
  const pin = () => {
    const name = `${message.topic.split('/').slice(-2).join('/')}${path ? ` ${path}` : ''}`;
    const problems = actions.pinValue(profile.id, message.topic, path, name, guessUnit(path, message.topic));
    setDone(problems ? problems.join(' ') : `Pinned “${name}”: it is a tile of the Home view now.`);
  };
  return (
    <div className="flex flex-wrap items-end gap-2">
      {paths.length > 1 || paths[0] !== '' ? (
        <SelectField label="Value to pin" className="w-56" value={path} onChange={(e) => setPath(e.target.value)} options={paths.map((p) => ({ value: p, label: p || 'the payload' }))} />
      ) : null}
      <Button size="sm" onClick={pin}>
        Pin to Home
      </Button>
      {done ? (
        <p role="status" aria-label="Pin result" className="w-full text-xs text-slate-700 dark:text-slate-300">
          {done}
        </p>
      ) : null}
    </div>
  );
}

function Item({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-slate-600 dark:text-slate-400">{term}</dt>
      <dd className="min-w-0 break-words text-slate-800 dark:text-slate-100">{children}</dd>
    </>
  );
}

/** MQTT 5 PUBLISH properties, one by one. */
function Properties({ properties: p }: { properties: PublishProperties }) {
  const rows: Array<[string, ReactNode]> = [];
  if (p.contentType !== undefined) rows.push(['Content type', p.contentType]);
  if (p.payloadFormatIndicator !== undefined) rows.push(['Payload format', p.payloadFormatIndicator ? '1: UTF-8 text' : '0: bytes']);
  if (p.messageExpiryInterval !== undefined) rows.push(['Message expiry', `${p.messageExpiryInterval} s`]);
  if (p.responseTopic !== undefined) rows.push(['Response topic', <span className="font-mono">{p.responseTopic}</span>]);
  if (p.correlationData !== undefined) rows.push(['Correlation data', <span className="font-mono">{toHex(p.correlationData, 64)}</span>]);
  if (p.topicAlias !== undefined) rows.push(['Topic alias', p.topicAlias]);
  if (p.subscriptionIdentifier !== undefined) rows.push(['Subscription identifiers', [p.subscriptionIdentifier].flat().join(', ')]);
  for (const [key, value] of Object.entries(p.userProperties ?? {})) {
    rows.push([`User property "${key}"`, [value].flat().join(', ')]);
  }
  if (rows.length === 0) return null;
  return (
    <div>
      <h4 className="mb-1 text-xs font-semibold text-slate-600 dark:text-slate-300">MQTT 5 properties</h4>
      <dl aria-label="MQTT 5 properties" className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-0.5 text-xs">
        {rows.map(([term, value]) => (
          <Item key={term} term={term}>
            {value}
          </Item>
        ))}
      </dl>
    </div>
  );
}
