/**
 * The one-line preview of a message for lists: what its decoder read when one did ("Sparkplug B NDATA
 * seq 3 · Temperature=22.5, Offset=-8", "CBOR {"a":1}"), else its bytes as text or hex.
 */
import { PREVIEW_MAX_CHARS, previewPayload, type PayloadPreview } from '../../mqtt/payload';
import type { DecodedValue, ReceivedMessage } from '../../mqtt/types';

/** Decoded values larger than this are previewed by their decoder's name only. */
const PREVIEW_DECODED_MAX_BYTES = 65_536;

export function previewMessage(message: Pick<ReceivedMessage, 'payload' | 'decoded'>, maxChars = PREVIEW_MAX_CHARS): PayloadPreview {
  const decoded = message.decoded;
  if (!decoded || decoded.value === undefined) return previewPayload(message.payload, maxChars);
  let text: string;
  if (message.payload.byteLength > PREVIEW_DECODED_MAX_BYTES) text = `${decoded.decoder} (${message.payload.byteLength.toLocaleString('en')} bytes)`;
  else if (decoded.sparkplug && isObject(decoded.value) && isObject(decoded.value.metrics)) {
    const seq = decoded.value.seq === undefined ? '' : ` seq ${String(decoded.value.seq)}`;
    const metrics = Object.entries(decoded.value.metrics)
      .slice(0, 20)
      .map(([name, m]) => `${name}=${isObject(m) ? JSON.stringify(m.value) : JSON.stringify(m)}`);
    text = `Sparkplug B ${decoded.sparkplug.type}${seq} · ${metrics.join(', ')}`;
  } else text = `${decoded.decoder} ${JSON.stringify(decoded.value)}`;
  if (decoded.warnings?.length) text = `⚠ ${text}`;
  return { text: text.slice(0, maxChars), binary: false, truncated: text.length > maxChars };
}

function isObject(value: DecodedValue | undefined): value is { [key: string]: DecodedValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
