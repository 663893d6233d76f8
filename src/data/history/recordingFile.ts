/**
 * Recordings as JSON Lines files: an optional first line naming the recording, then one message per line
 * with its time, topic, base64 payload, QoS, retain and MQTT 5 properties. What is read back passes one
 * schema, line by line: a line that fails is refused with its number and the reason, the others are kept;
 * a file with no valid message is refused whole.
 */
import * as v from 'valibot';
import { fromBase64, jsonNestingExceeds, toBase64 } from '../../mqtt/payload';
import { validateTopicName } from '../../mqtt/topic';
import type { PublishProperties } from '../../mqtt/types';
import type { ChunkMessage } from './chunks';
import { describeIssue } from '../schemaIssue';

export const RECORDING_FORMAT = 'mqttscope-recording';
/** Lines read at most from one file. */
export const MAX_RECORDING_LINES = 2_000_000;
/** Lines read between two pauses of a slow read. */
export const PAUSE_EVERY_LINES = 2_000;
/** A message line is a few levels deep; a deeper one is refused before it is parsed. */
export const MAX_LINE_NESTING = 32;
/** Refused lines listed at most (the rest are counted). */
export const MAX_LISTED_PROBLEMS = 20;

/** One message of a recording file (stored messages have a dup flag too; files do not carry it). */
export type RecordingLine = Omit<ChunkMessage, 'dup'>;

export interface RecordingHeader {
  name: string;
  filter: string;
}

const userProperties = v.record(v.string(), v.union([v.string(), v.array(v.string())]), 'must map names to strings');
const base64 = v.pipe(
  v.string('must be base64 text'),
  v.check((s) => fromBase64(s) !== null, 'must be base64'),
);

const PropertiesSchema = v.strictObject(
  {
    payloadFormatIndicator: v.optional(v.boolean('must be true or false')),
    messageExpiryInterval: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(4_294_967_295))),
    responseTopic: v.optional(v.string()),
    correlationData: v.optional(base64),
    userProperties: v.optional(userProperties),
    contentType: v.optional(v.string()),
  },
  'must hold only payloadFormatIndicator, messageExpiryInterval, responseTopic, correlationData (base64), userProperties and contentType',
);

const LineSchema = v.strictObject(
  {
    time: v.pipe(
      v.string('must be a time (ISO 8601)'),
      v.check((s) => Number.isFinite(Date.parse(s)), 'must be a time (ISO 8601)'),
    ),
    topic: v.pipe(
      v.string('must be a topic'),
      v.check((s) => validateTopicName(s) === null, (issue) => validateTopicName(issue.input as string) ?? 'must be a topic'),
    ),
    payload: base64,
    qos: v.picklist([0, 1, 2], 'must be 0, 1 or 2'),
    retain: v.boolean('must be true or false'),
    properties: v.optional(PropertiesSchema),
  },
  (issue) =>
    issue.expected === 'never'
      ? `unknown field "${String((issue.path?.at(-1) as { key: unknown } | undefined)?.key)}"`
      : issue.path?.length && issue.received === 'undefined'
        ? 'missing'
        : 'must be a JSON object (one message)',
);

const HeaderSchema = v.object({ format: v.literal(RECORDING_FORMAT), name: v.pipe(v.string(), v.maxLength(200)), filter: v.pipe(v.string(), v.maxLength(65_535)) });

/** One recording as a JSON Lines file. */
export function recordingLines(header: RecordingHeader, messages: Iterable<RecordingLine>): string {
  let out = `${JSON.stringify({ format: RECORDING_FORMAT, name: header.name, filter: header.filter })}\n`;
  for (const m of messages) {
    const line: Record<string, unknown> = { time: new Date(m.at).toISOString(), topic: m.topic, payload: toBase64(m.payload), qos: m.qos, retain: m.retain };
    if (m.props) {
      const { correlationData, topicAlias: _alias, subscriptionIdentifier: _sid, ...rest } = m.props;
      const props: Record<string, unknown> = { ...rest };
      if (correlationData) props.correlationData = toBase64(correlationData);
      if (Object.keys(props).length) line.properties = props;
    }
    out += `${JSON.stringify(line)}\n`;
  }
  return out;
}

export interface ParsedRecording {
  header: RecordingHeader | null;
  messages: RecordingLine[];
  /** Refused lines: number (from 1) and why, up to MAX_LISTED_PROBLEMS. */
  problems: Array<{ line: number; reason: string }>;
  refused: number;
}

/**
 * Reads a recording file, line by line. `pause` is awaited every PAUSE_EVERY_LINES lines, so a page reading
 * a million lines keeps drawing between slices.
 */
export async function parseRecording(text: string, pause?: () => Promise<void>): Promise<ParsedRecording> {
  const result: ParsedRecording = { header: null, messages: [], problems: [], refused: 0 };
  const refuse = (line: number, reason: string) => {
    result.refused++;
    if (result.problems.length < MAX_LISTED_PROBLEMS) result.problems.push({ line, reason });
  };
  let start = 0;
  let lineNo = 0;
  while (start <= text.length && lineNo < MAX_RECORDING_LINES) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const raw = text.slice(start, end).trim();
    start = end + 1;
    lineNo++;
    if (pause && lineNo % PAUSE_EVERY_LINES === 0) await pause();
    if (raw === '') continue;
    if (jsonNestingExceeds(raw, MAX_LINE_NESTING)) {
      refuse(lineNo, `nested deeper than ${MAX_LINE_NESTING} levels: not a message`);
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      refuse(lineNo, 'not JSON');
      continue;
    }
    if (lineNo === 1 && typeof json === 'object' && json !== null && 'format' in json) {
      const header = v.safeParse(HeaderSchema, json);
      if (header.success) result.header = { name: header.output.name, filter: header.output.filter };
      else refuse(lineNo, `not a ${RECORDING_FORMAT} header: ${header.issues.map(describeIssue).join('; ')}`);
      continue;
    }
    const parsed = v.safeParse(LineSchema, json, { abortEarly: false });
    if (!parsed.success) {
      refuse(lineNo, parsed.issues.slice(0, 3).map(describeIssue).join('; '));
      continue;
    }
    const o = parsed.output;
    const message: RecordingLine = { at: Date.parse(o.time), topic: o.topic, payload: fromBase64(o.payload) as Uint8Array, qos: o.qos, retain: o.retain };
    if (o.properties) {
      const { correlationData, ...rest } = o.properties;
      const props: PublishProperties = {};
      for (const [key, value] of Object.entries(rest)) if (value !== undefined) (props as Record<string, unknown>)[key] = value;
      if (correlationData !== undefined) props.correlationData = fromBase64(correlationData) as Uint8Array;
      message.props = props;
    }
    result.messages.push(message);
  }
  if (start < text.length) refuse(lineNo + 1, `the file has more than ${MAX_RECORDING_LINES.toLocaleString('en')} lines; the rest was not read`);
  return result;
}
