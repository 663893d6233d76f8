/**
 * Messages as stored: packed in chunks of up to CHUNK_MESSAGES, their payloads in one buffer, times and
 * flags in typed arrays, topics in one array. One IndexedDB record per chunk instead of per message: the
 * browser clones one record where it would clone a thousand, so a flood is stored without long tasks.
 */
import type { PublishProperties, QoS, ReceivedMessage } from '../../mqtt/types';

export const CHUNK_MESSAGES = 1_000;
/** Payload bytes per chunk, at most (one bigger message makes a chunk of its own). */
export const CHUNK_BYTES = 512 * 1024;

export interface ChunkMessage {
  at: number;
  topic: string;
  payload: Uint8Array;
  qos: QoS;
  retain: boolean;
  dup: boolean;
  props?: PublishProperties;
}

export interface MessageChunk {
  /** Sequence number of its first message. */
  s: number;
  n: number;
  at: Float64Array;
  topics: string[];
  /** qos | retain << 2 | dup << 3 */
  flags: Uint8Array;
  /** Payload i is data[offsets[i], offsets[i + 1]). */
  offsets: Uint32Array;
  data: Uint8Array;
  /** MQTT 5 properties by index, for the messages that had any. */
  props?: Record<number, PublishProperties>;
  /** Bytes it counts against a budget. */
  b: number;
}

/** What a message counts against the budget: payload, topic, and its share of the record. */
export function storedSize(topic: string, payload: Uint8Array): number {
  return payload.byteLength + topic.length * 2 + 16;
}

/** Packs messages [from, to) of `messages` (oldest first) as one chunk whose first seq is `s`. */
export function packChunk(messages: readonly ChunkMessage[], from: number, to: number, s: number): MessageChunk {
  const n = to - from;
  let bytes = 0;
  for (let i = from; i < to; i++) bytes += (messages[i] as ChunkMessage).payload.byteLength;
  const data = new Uint8Array(bytes);
  const offsets = new Uint32Array(n + 1);
  const at = new Float64Array(n);
  const flags = new Uint8Array(n);
  const topics: string[] = new Array<string>(n);
  let props: Record<number, PublishProperties> | undefined;
  let offset = 0;
  let b = 0;
  for (let k = 0; k < n; k++) {
    const m = messages[from + k] as ChunkMessage;
    data.set(m.payload, offset);
    offsets[k] = offset;
    offset += m.payload.byteLength;
    at[k] = m.at;
    topics[k] = m.topic;
    flags[k] = m.qos | (m.retain ? 4 : 0) | (m.dup ? 8 : 0);
    if (m.props) (props ??= {})[k] = m.props;
    b += storedSize(m.topic, m.payload);
  }
  offsets[n] = offset;
  const chunk: MessageChunk = { s, n, at, topics, flags, offsets, data, b };
  if (props) chunk.props = props;
  return chunk;
}

/** Splits `messages` into chunks, numbering them from `s`. */
export function packChunks(messages: readonly ChunkMessage[], s: number): MessageChunk[] {
  const chunks: MessageChunk[] = [];
  let from = 0;
  while (from < messages.length) {
    let to = from;
    let bytes = 0;
    while (to < messages.length && to - from < CHUNK_MESSAGES && (to === from || bytes + (messages[to] as ChunkMessage).payload.byteLength <= CHUNK_BYTES)) {
      bytes += (messages[to] as ChunkMessage).payload.byteLength;
      to++;
    }
    chunks.push(packChunk(messages, from, to, s + from));
    from = to;
  }
  return chunks;
}

/** Message `k` of a chunk (its payload a view into the chunk's buffer). */
export function messageAt(chunk: MessageChunk, k: number): ChunkMessage {
  const f = chunk.flags[k] as number;
  const m: ChunkMessage = {
    at: chunk.at[k] as number,
    topic: chunk.topics[k] as string,
    payload: chunk.data.subarray(chunk.offsets[k] as number, chunk.offsets[k + 1] as number),
    qos: (f & 3) as QoS,
    retain: (f & 4) !== 0,
    dup: (f & 8) !== 0,
  };
  const props = chunk.props?.[k];
  if (props) m.props = props;
  return m;
}

/** Every message of a chunk, oldest first. */
export function unpackChunk(chunk: MessageChunk, from = 0): ChunkMessage[] {
  const out: ChunkMessage[] = [];
  for (let k = Math.max(0, from); k < chunk.n; k++) out.push(messageAt(chunk, k));
  return out;
}

/** A received message as stored. */
export function fromReceived(m: ReceivedMessage): ChunkMessage {
  const out: ChunkMessage = { at: m.receivedAt, topic: m.topic, payload: m.payload, qos: m.qos, retain: m.retain, dup: m.dup };
  if (m.properties) out.props = m.properties;
  return out;
}

/** A stored message as connection `connectionId` shows it again: marked as not received live. */
export function toReceived(connectionId: string, m: ChunkMessage): ReceivedMessage {
  const out: ReceivedMessage = { connectionId, receivedAt: m.at, topic: m.topic, payload: m.payload, qos: m.qos, retain: m.retain, dup: m.dup, fromHistory: true };
  if (m.props) out.properties = m.props;
  return out;
}
