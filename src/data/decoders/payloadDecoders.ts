/**
 * Which decoder reads which topic, chosen by the user per topic filter (and Sparkplug B for its
 * `spBv1.0/` namespace unless switched off), never guessed from the bytes: "55.49" stays the text 55.49.
 * One set per connection. The codecs load on the first message that needs one; until they are there,
 * the connection holds its messages (in order) rather than ingest some undecoded.
 */
import { coapSummary, decodeCoap } from '../../mqtt/inspect/coap';
import { compileTopicFilter } from '../../mqtt/topic';
import type { DecodedPayload, ReceivedMessage } from '../../mqtt/types';
import type * as Codecs from './codecs';
import type { CompiledProto } from './codecs';

export type DecoderKind = 'protobuf' | 'cbor' | 'msgpack' | 'sparkplug' | 'coap';

export const DECODER_KINDS: ReadonlyArray<{ id: DecoderKind; label: string }> = [
  { id: 'protobuf', label: 'Protobuf (.proto)' },
  { id: 'cbor', label: 'CBOR' },
  { id: 'msgpack', label: 'MessagePack' },
  { id: 'sparkplug', label: 'Sparkplug B' },
  { id: 'coap', label: 'CoAP message (RFC 7252)' },
];

/** Where the simulator's CoAP gateway publishes the CoAP messages it received, byte for byte. */
export const COAP_RAW_FILTER = 'coap/+/raw';
const isCoapRawTopic = compileTopicFilter(COAP_RAW_FILTER);


export interface DecoderRule {
  /** Topic filter, wildcards allowed. */
  filter: string;
  kind: DecoderKind;
  /** Protobuf: the .proto source and the message type a payload is. */
  proto?: string;
  messageType?: string;
}

export interface DecoderSettings {
  /** Sparkplug B for every topic under spBv1.0/ (its namespace). */
  sparkplug: boolean;
  /** The user's rules; the first matching one decodes. */
  rules: DecoderRule[];
}

export const DEFAULT_DECODERS: DecoderSettings = { sparkplug: true, rules: [] };

/** Payloads larger than this are not decoded as they arrive (the raw bytes are shown). */
export const DECODE_MAX_BYTES = 1_000_000;

let codecsPromise: Promise<typeof Codecs> | null = null;
/** The codecs module, loaded once per page. */
export function loadCodecs(): Promise<typeof Codecs> {
  codecsPromise ??= import('./codecs').catch((error: unknown) => {
    codecsPromise = null;
    throw error;
  });
  return codecsPromise;
}

interface CompiledRule {
  rule: DecoderRule;
  match: (topic: string) => boolean;
}

const isSparkplugTopic = (topic: string) => topic.startsWith('spBv1.0/') && !topic.startsWith('spBv1.0/STATE/');

export class PayloadDecoders {
  private settings: DecoderSettings = DEFAULT_DECODERS;
  private rules: CompiledRule[] = [];
  private codecs: typeof Codecs | null = null;
  private loadError: string | null = null;
  private loading = false;
  private sparkplug: Codecs.SparkplugReader | null = null;
  private readonly protos = new Map<DecoderRule, CompiledProto>();
  /** Called once the codecs are loaded (or failed to load): held messages can go on. */
  onReady: (() => void) | null = null;

  /** The rules; returns whether they changed. */
  setSettings(settings: DecoderSettings): boolean {
    if (JSON.stringify(settings) === JSON.stringify(this.settings)) return false;
    this.settings = settings;
    this.rules = settings.rules.map((rule) => ({ rule, match: compileTopicFilter(rule.filter) }));
    this.protos.clear();
    this.sparkplug?.clear();
    return true;
  }

  /** The rule that decodes `topic`, if any. */
  ruleFor(topic: string): DecoderRule | null {
    for (const compiled of this.rules) if (compiled.match(topic)) return compiled.rule;
    if (this.settings.sparkplug && isSparkplugTopic(topic)) return SPARKPLUG_RULE;
    return isCoapRawTopic(topic) ? COAP_RULE : null;
  }

  /** Whether a message on `topic` would wait for the codecs to load. */
  mustWait(topic: string): boolean {
    if (this.codecs || this.loadError !== null) return false;
    const rule = this.ruleFor(topic);
    if (rule === null || rule.kind === 'coap') return false;
    this.load();
    return true;
  }

  get ready(): boolean {
    return this.codecs !== null || this.loadError !== null;
  }

  load(): Promise<void> {
    if (this.ready || this.loading) return loadCodecs().then(() => undefined, () => undefined);
    this.loading = true;
    return loadCodecs().then(
      (codecs) => {
        this.codecs = codecs;
        this.loading = false;
        this.onReady?.();
      },
      (error: unknown) => {
        this.loadError = error instanceof Error ? error.message : String(error);
        this.loading = false;
        this.onReady?.();
      },
    );
  }

  /** What the rule for the message's topic makes of its payload; undefined when no rule applies. */
  decode(message: ReceivedMessage): DecodedPayload | undefined {
    const rule = this.ruleFor(message.topic);
    if (!rule) return undefined;
    const name = DECODER_KINDS.find((k) => k.id === rule.kind)?.label ?? rule.kind;
    if (message.payload.byteLength === 0) return undefined;
    if (message.payload.byteLength > DECODE_MAX_BYTES) {
      return { decoder: name, error: `Not decoded: ${message.payload.byteLength.toLocaleString('en')} bytes is over the ${DECODE_MAX_BYTES.toLocaleString('en')} decoded as messages arrive. The raw bytes are shown.` };
    }
    // CoAP needs no codec; the others wait for theirs
    if (rule.kind === 'coap') return decodeCoapPayload(message.payload);
    if (!this.codecs) return { decoder: name, error: `The decoders could not be loaded (${this.loadError ?? 'not loaded yet'}): the raw bytes are shown.` };
    try {
      switch (rule.kind) {
        case 'sparkplug':
          this.sparkplug ??= new this.codecs.SparkplugReader();
          return this.sparkplug.decode(message.topic, message.payload);
        case 'cbor':
          return this.codecs.decodeCbor(message.payload);
        case 'msgpack':
          return this.codecs.decodeMsgpack(message.payload);
        case 'protobuf': {
          let proto = this.protos.get(rule);
          if (!proto) this.protos.set(rule, (proto = this.codecs.compileProto(rule.proto ?? '', rule.messageType ?? '')));
          return proto.ok ? proto.decode(message.payload) : { decoder: name, error: proto.error };
        }
      }
    } catch (error) {
      // a decoder that throws past its own handling (a stack overflow on hostile nesting) is named, not fatal
      return { decoder: name, error: `The decoder failed: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  /** Forgets Sparkplug sessions (before the log is read again from its start). */
  restart(): void {
    this.sparkplug?.clear();
  }
}

const SPARKPLUG_RULE: DecoderRule = { filter: 'spBv1.0/#', kind: 'sparkplug' };
const COAP_RULE: DecoderRule = { filter: COAP_RAW_FILTER, kind: 'coap' };

/** A CoAP message needs no codec: read at once, in the main bundle (a few hundred lines). Never throws. */
function decodeCoapPayload(payload: Uint8Array): DecodedPayload {
  const coap = decodeCoap(payload);
  const decoder = 'CoAP message (RFC 7252)';
  // without its 4-byte header it is not a CoAP message at all
  if (coap.fields.length === 0) return { decoder, error: coap.problems.join(' ') };
  return { decoder, value: coapSummary(coap), ...(coap.problems.length ? { warnings: coap.problems } : {}) };
}
