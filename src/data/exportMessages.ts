/**
 * Exports messages as JSON Lines or CSV. Text payloads are written as text; payloads that are not UTF-8
 * are written as base64 (JSON Lines) or hex (CSV), with the encoding named.
 */
import { decodeUtf8, toBase64, toHex } from '../mqtt/payload';
import type { ReceivedMessage } from '../mqtt/types';
import { csvText } from './csv';

export type ExportFormat = 'jsonl' | 'csv';

function record(m: ReceivedMessage) {
  const text = decodeUtf8(m.payload);
  return { text, time: new Date(m.receivedAt).toISOString() };
}

export function toJsonLines(messages: Iterable<ReceivedMessage>): string {
  let out = '';
  for (const m of messages) {
    const { text, time } = record(m);
    const line: Record<string, unknown> = { time, topic: m.topic, qos: m.qos, retain: m.retain, dup: m.dup, size: m.payload.byteLength };
    if (m.packetId !== undefined) line.packetId = m.packetId;
    if (text !== null) line.payload = text;
    else line.payloadBase64 = toBase64(m.payload);
    if (m.properties?.contentType) line.contentType = m.properties.contentType;
    if (m.properties?.userProperties) line.userProperties = m.properties.userProperties;
    out += `${JSON.stringify(line)}\n`;
  }
  return out;
}

export function toCsv(messages: Iterable<ReceivedMessage>): string {
  const rows: string[][] = [['time', 'topic', 'qos', 'retain', 'dup', 'size', 'encoding', 'payload']];
  for (const m of messages) {
    const { text, time } = record(m);
    const payload = text ?? toHex(m.payload).replace(/ /g, '');
    rows.push([time, m.topic, String(m.qos), String(m.retain), String(m.dup), String(m.payload.byteLength), text === null ? 'hex' : 'utf-8', payload]);
  }
  return csvText(rows);
}
