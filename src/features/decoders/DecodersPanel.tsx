import { useState } from 'react';
import { DECODER_KINDS, loadCodecs, type DecoderKind, type DecoderRule } from '../../data/decoders/payloadDecoders';
import { validateTopicFilter } from '../../mqtt/topic';
import type { Profile } from '../../stores/profileModel';
import { useSessionActions } from '../../stores/sessionContext';
import { Button } from '../../shared/ui/Button';
import { Checkbox, SelectField, TextAreaField, TextField } from '../../shared/ui/Field';

const KIND_OPTIONS = DECODER_KINDS.map((k) => ({ value: k.id, label: k.label }));
const kindLabel = (kind: DecoderKind) => DECODER_KINDS.find((k) => k.id === kind)?.label ?? kind;

/**
 * Which decoder reads which topics: Sparkplug B under its namespace (on unless switched off), and rules
 * by topic filter for protobuf (with the user's .proto), CBOR and MessagePack. Never guessed from bytes.
 * A .proto is compiled when the rule is added: one that does not compile is refused here, in the
 * compiler's words.
 */
export function DecodersPanel({ profile }: { profile: Profile }) {
  const actions = useSessionActions();
  const settings = profile.decoders;
  const [filter, setFilter] = useState('');
  const [kind, setKind] = useState<DecoderKind>('cbor');
  const [proto, setProto] = useState('');
  const [messageType, setMessageType] = useState('');
  const [errors, setErrors] = useState<{ filter?: string; proto?: string; saved?: string }>({});
  const [busy, setBusy] = useState(false);
  const summary = [settings.sparkplug ? 'Sparkplug B' : null, settings.rules.length ? `${settings.rules.length} rule${settings.rules.length === 1 ? '' : 's'}` : null].filter(Boolean).join(', ');

  const save = (next: Profile['decoders']) => {
    const problems = actions.updateDecoders(profile.id, next);
    setErrors(problems ? { saved: problems.join(' ') } : {});
    return !problems;
  };

  const add = async () => {
    const fault = filter.trim() ? validateTopicFilter(filter.trim()) : 'Type the topic filter whose payloads this decoder reads.';
    if (fault) {
      setErrors({ filter: fault });
      return;
    }
    const rule: DecoderRule = { filter: filter.trim(), kind };
    if (kind === 'protobuf') {
      if (!messageType.trim()) {
        setErrors({ proto: 'Name the message type a payload is (e.g. demo.Reading).' });
        return;
      }
      setBusy(true);
      try {
        const codecs = await loadCodecs();
        const compiled = codecs.compileProto(proto, messageType.trim());
        if (!compiled.ok) {
          setErrors({ proto: compiled.error });
          return;
        }
      } catch (error) {
        setErrors({ proto: `The protobuf compiler could not be loaded: ${(error as Error).message}` });
        return;
      } finally {
        setBusy(false);
      }
      rule.proto = proto;
      rule.messageType = messageType.trim();
    }
    if (save({ ...settings, rules: [...settings.rules, rule] })) {
      setFilter('');
      setProto('');
      setMessageType('');
    }
  };

  return (
    <details className="py-0.5 open:basis-full">
      <summary className="cursor-pointer text-xs font-medium text-slate-700 dark:text-slate-300">Decoders{summary ? `: ${summary}` : ''}</summary>
      <section aria-label="Decoders" className="mt-2 flex flex-col gap-2 pb-1">
        <p className="text-xs text-slate-600 dark:text-slate-400">
          Binary payloads are decoded by their topic, never guessed from their bytes. Decoded payloads show as JSON in the message detail, and feed charts, device cards and Home tiles.
        </p>
        <Checkbox label="Decode Sparkplug B under spBv1.0/ (metric names from births, seq checked, births and deaths as presence)" checked={settings.sparkplug} onChange={(e) => save({ ...settings, sparkplug: e.target.checked })} />
        {settings.rules.length > 0 ? (
          <ul aria-label="Decoder rules" className="flex flex-col gap-1 text-xs">
            {settings.rules.map((r, i) => (
              <li key={`${r.filter}-${i}`} className="flex flex-wrap items-center gap-2">
                <span className="font-mono">{r.filter}</span>
                <span className="text-slate-600 dark:text-slate-400">
                  {kindLabel(r.kind)}
                  {r.messageType ? ` · ${r.messageType}` : ''}
                </span>
                <Button size="sm" variant="ghost" aria-label={`Remove the decoder rule for ${r.filter}`} onClick={() => save({ ...settings, rules: settings.rules.filter((_, j) => j !== i) })}>
                  Remove
                </Button>
              </li>
            ))}
          </ul>
        ) : null}
        <form
          className="flex flex-wrap items-start gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <TextField
            label="Decode topics matching"
            className="min-w-48 flex-1"
            inputClassName="font-mono"
            placeholder="sensors/+/cbor"
            spellCheck={false}
            value={filter}
            error={errors.filter}
            onChange={(e) => setFilter(e.target.value)}
          />
          <SelectField label="as" className="w-44" value={kind} options={KIND_OPTIONS} onChange={(e) => setKind(e.target.value as DecoderKind)} />
          {kind === 'protobuf' ? (
            <TextField label="Message type" className="w-44" inputClassName="font-mono" placeholder="demo.Reading" value={messageType} onChange={(e) => setMessageType(e.target.value)} />
          ) : null}
          <Button type="submit" className="self-end" disabled={busy}>
            Add decoder
          </Button>
          {kind === 'protobuf' ? (
            <TextAreaField
              label=".proto"
              className="w-full"
              inputClassName="font-mono text-xs"
              rows={5}
              spellCheck={false}
              placeholder={'syntax = "proto3";\npackage demo;\nmessage Reading { string sensor = 1; double value = 2; }'}
              value={proto}
              error={errors.proto}
              onChange={(e) => setProto(e.target.value)}
            />
          ) : null}
        </form>
        {errors.saved ? (
          <p role="alert" className="text-xs text-red-700 dark:text-red-400">
            {errors.saved}
          </p>
        ) : null}
      </section>
    </details>
  );
}
