/**
 * Sparkplug B payloads (Eclipse Tahu's `sparkplug_b.proto`, read with protobufjs) and the edge-node
 * sessions they belong to: metric names resolved from the aliases a node announced in its NBIRTH and its
 * devices' DBIRTHs, `seq` checked across all of a node's messages (0-255, wrapping), and an NDEATH told
 * apart from the death of an older session by its `bdSeq`. Loaded with the other codecs, on first use.
 */
import protobuf from 'protobufjs';
import type { DecodedPayload, DecodedValue } from '../../mqtt/types';
import { readMessage } from './protoReader';
import { sparkplugTopic } from './sparkplugTopic';
import { bytesText, int64, toJson } from './toJson';

/** The payload schema by its field numbers (proto2; extensions are skipped as unknown fields). */
const f = (id: number, type: string, repeated = false) => (repeated ? { id, type, rule: 'repeated' } : { id, type });
const VALUE_FIELDS = {
  intValue: f(3, 'uint32'),
  longValue: f(4, 'uint64'),
  floatValue: f(5, 'float'),
  doubleValue: f(6, 'double'),
  booleanValue: f(7, 'bool'),
  stringValue: f(8, 'string'),
};
const SCHEMA = {
  nested: {
    Payload: {
      // proto2: a field on the wire is there even when it holds 0 or false (types read from JSON default to proto3)
      edition: 'proto2',
      fields: { timestamp: f(1, 'uint64'), metrics: f(2, 'Metric', true), seq: f(3, 'uint64'), uuid: f(4, 'string'), body: f(5, 'bytes') },
      nested: {
        Parameter: { fields: { name: f(1, 'string'), type: f(2, 'uint32'), ...VALUE_FIELDS } },
        Template: {
          fields: { version: f(1, 'string'), metrics: f(2, 'Metric', true), parameters: f(3, 'Parameter', true), templateRef: f(4, 'string'), isDefinition: f(5, 'bool') },
        },
        DataSetValue: {
          fields: { intValue: f(1, 'uint32'), longValue: f(2, 'uint64'), floatValue: f(3, 'float'), doubleValue: f(4, 'double'), booleanValue: f(5, 'bool'), stringValue: f(6, 'string') },
        },
        Row: { fields: { elements: f(1, 'DataSetValue', true) } },
        DataSet: { fields: { numOfColumns: f(1, 'uint64'), columns: f(2, 'string', true), types: f(3, 'uint32', true), rows: f(4, 'Row', true) } },
        PropertyValue: {
          fields: { type: f(1, 'uint32'), isNull: f(2, 'bool'), ...VALUE_FIELDS, propertysetValue: f(9, 'PropertySet'), propertysetsValue: f(10, 'PropertySetList') },
        },
        PropertySet: { fields: { keys: f(1, 'string', true), values: f(2, 'PropertyValue', true) } },
        PropertySetList: { fields: { propertyset: f(1, 'PropertySet', true) } },
        MetaData: {
          fields: {
            isMultiPart: f(1, 'bool'),
            contentType: f(2, 'string'),
            size: f(3, 'uint64'),
            seq: f(4, 'uint64'),
            fileName: f(5, 'string'),
            fileType: f(6, 'string'),
            md5: f(7, 'string'),
            description: f(8, 'string'),
          },
        },
        Metric: {
          fields: {
            name: f(1, 'string'),
            alias: f(2, 'uint64'),
            timestamp: f(3, 'uint64'),
            datatype: f(4, 'uint32'),
            isHistorical: f(5, 'bool'),
            isTransient: f(6, 'bool'),
            isNull: f(7, 'bool'),
            metadata: f(8, 'MetaData'),
            properties: f(9, 'PropertySet'),
            intValue: f(10, 'uint32'),
            longValue: f(11, 'uint64'),
            floatValue: f(12, 'float'),
            doubleValue: f(13, 'double'),
            booleanValue: f(14, 'bool'),
            stringValue: f(15, 'string'),
            bytesValue: f(16, 'bytes'),
            datasetValue: f(17, 'DataSet'),
            templateValue: f(18, 'Template'),
          },
        },
      },
    },
  },
};

/** Sparkplug data types by number (Tahu's DataType). */
export const DATA_TYPES = [
  'Unknown', 'Int8', 'Int16', 'Int32', 'Int64', 'UInt8', 'UInt16', 'UInt32', 'UInt64', 'Float', 'Double', 'Boolean', 'String', 'DateTime', 'Text',
  'UUID', 'DataSet', 'Bytes', 'File', 'Template', 'PropertySet', 'PropertySetList',
] as const;

let payloadType: protobuf.Type | null = null;
function schema(): protobuf.Type {
  if (!payloadType) {
    const root = protobuf.Root.fromJSON(SCHEMA as protobuf.INamespace);
    root.resolveAll();
    payloadType = root.lookupType('Payload');
  }
  return payloadType;
}

type Long = Parameters<typeof int64>[0];
interface RawValueFields {
  intValue?: number;
  longValue?: Long;
  floatValue?: number;
  doubleValue?: number;
  booleanValue?: boolean;
  stringValue?: string;
  bytesValue?: Uint8Array;
}
interface RawMetric extends RawValueFields {
  name?: string;
  alias?: Long;
  timestamp?: Long;
  datatype?: number;
  isHistorical?: boolean;
  isNull?: boolean;
  datasetValue?: { columns?: string[]; types?: number[]; rows?: Array<{ elements?: RawValueFields[] }> };
  templateValue?: { version?: string; templateRef?: string; isDefinition?: boolean; metrics?: RawMetric[] };
  properties?: { keys?: string[]; values?: Array<RawValueFields & { type?: number }> };
}
interface RawPayload {
  timestamp?: Long;
  metrics?: RawMetric[];
  seq?: Long;
  uuid?: string;
  body?: Uint8Array;
}

const has = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);

/** A value field read by its data type (Int8-32 travel as uint32 in two's complement; Int64 in a uint64). */
function valueOf(raw: RawValueFields, datatype: number | undefined): DecodedValue {
  if (has(raw, 'intValue') && raw.intValue !== undefined) {
    if (datatype !== undefined && datatype >= 1 && datatype <= 3) return raw.intValue | 0;
    return raw.intValue >>> 0;
  }
  if (has(raw, 'longValue') && raw.longValue !== undefined) {
    if (datatype === 4) {
      const unsigned = BigInt(raw.longValue.toString());
      return int64(BigInt.asIntN(64, unsigned));
    }
    return int64(raw.longValue);
  }
  if (has(raw, 'floatValue') && raw.floatValue !== undefined) return Math.fround(raw.floatValue) === raw.floatValue ? Number(raw.floatValue.toPrecision(7)) : raw.floatValue;
  if (has(raw, 'doubleValue') && raw.doubleValue !== undefined) return toJson(raw.doubleValue);
  if (has(raw, 'booleanValue') && raw.booleanValue !== undefined) return raw.booleanValue;
  if (has(raw, 'stringValue') && raw.stringValue !== undefined) return raw.stringValue;
  if (has(raw, 'bytesValue') && raw.bytesValue !== undefined) return bytesText(raw.bytesValue);
  return null;
}

interface NodeSession {
  /** Alias -> name and data type, from NBIRTH and DBIRTH (aliases are unique across a node and its devices). */
  aliases: Map<string, { name: string; datatype: number | undefined }>;
  lastSeq: number | null;
  bdSeq: number | string | null;
}

/** Edge nodes remembered per connection at most (the oldest goes first). */
const NODES_CAP = 10_000;

/** The edge-node sessions of one connection, and the payloads read in their light. */
export class SparkplugReader {
  private readonly nodes = new Map<string, NodeSession>();

  decode(topic: string, bytes: Uint8Array): DecodedPayload | undefined {
    const facts = sparkplugTopic(topic);
    if (!facts) return undefined;
    const reader = protobuf.Reader.create(bytes);
    let raw: RawPayload;
    try {
      raw = readMessage(schema(), reader) as RawPayload;
    } catch (error) {
      return { decoder: 'Sparkplug B', error: `Not a Sparkplug B payload: ${(error as Error).message}`, offset: reader.pos, sparkplug: facts };
    }
    const warnings: string[] = [];
    const key = `${facts.group}/${facts.node}`;
    let session = this.nodes.get(key);
    if (facts.type === 'NBIRTH' || !session) {
      session = { aliases: new Map(), lastSeq: null, bdSeq: null };
      this.nodes.delete(key);
      this.nodes.set(key, session);
      if (this.nodes.size > NODES_CAP) this.nodes.delete(this.nodes.keys().next().value as string);
    }
    const birth = facts.type === 'NBIRTH' || facts.type === 'DBIRTH';
    const metrics: { [name: string]: DecodedValue } = {};
    let unresolved = 0;
    let bdSeq: number | string | null = null;
    for (const m of raw.metrics ?? []) {
      const alias = m.alias === undefined ? null : String(int64(m.alias));
      const known = alias === null ? undefined : session.aliases.get(alias);
      const name = m.name ?? known?.name ?? `alias ${alias ?? '?'}`;
      if (m.name === undefined && alias !== null && !known) unresolved++;
      const datatype = m.datatype ?? known?.datatype;
      if (birth && alias !== null && m.name !== undefined) session.aliases.set(alias, { name: m.name, datatype });
      const entry: { [key: string]: DecodedValue } = { value: m.isNull ? null : metricValue(m, datatype) };
      if (datatype !== undefined) entry.type = DATA_TYPES[datatype] ?? datatype;
      if (alias !== null) entry.alias = int64(alias);
      if (m.timestamp !== undefined) entry.timestamp = int64(m.timestamp);
      if (m.isHistorical) entry.historical = true;
      if (m.properties?.keys?.length) entry.properties = propertiesOf(m.properties);
      metrics[name] = entry;
      if (name === 'bdSeq') bdSeq = typeof entry.value === 'number' || typeof entry.value === 'string' ? entry.value : null;
    }
    if (unresolved > 0) warnings.push(`${unresolved} metric${unresolved === 1 ? '' : 's'} sent by alias with no birth naming ${unresolved === 1 ? 'it' : 'them'}: ${session.lastSeq === null ? 'no NBIRTH of this node was seen' : 'the birth did not announce the alias'}.`);

    const seq = raw.seq === undefined ? null : Number(int64(raw.seq));
    if (facts.type === 'NBIRTH') {
      session.bdSeq = bdSeq;
      session.lastSeq = seq;
    } else if (facts.type === 'NDEATH') {
      if (bdSeq !== null && session.bdSeq !== null && bdSeq !== session.bdSeq) {
        facts.staleDeath = true;
        warnings.push(`NDEATH with bdSeq ${bdSeq}, but the node's last NBIRTH had bdSeq ${session.bdSeq}: it is the death of an older session, and the node is still online.`);
      }
    } else if (seq !== null && facts.type !== 'NCMD' && facts.type !== 'DCMD') {
      if (session.lastSeq !== null) {
        const expected = (session.lastSeq + 1) % 256;
        if (seq !== expected) {
          const missing = (seq - expected + 256) % 256;
          warnings.push(`Sequence gap: expected seq ${expected}, got ${seq} (${missing} message${missing === 1 ? '' : 's'} of this edge node missing or out of order).`);
        }
      }
      session.lastSeq = seq;
    }

    const value: { [key: string]: DecodedValue } = { type: facts.type };
    if (raw.timestamp !== undefined) value.timestamp = int64(raw.timestamp);
    if (seq !== null) value.seq = seq;
    value.metrics = metrics;
    if (raw.uuid !== undefined) value.uuid = raw.uuid;
    if (raw.body !== undefined) value.body = bytesText(raw.body);
    return { decoder: 'Sparkplug B', value, ...(warnings.length ? { warnings } : {}), sparkplug: facts };
  }

  clear(): void {
    this.nodes.clear();
  }
}

function metricValue(m: RawMetric, datatype: number | undefined, depth = 0): DecodedValue {
  if (m.datasetValue) {
    const types = m.datasetValue.types ?? [];
    return {
      columns: m.datasetValue.columns ?? [],
      rows: (m.datasetValue.rows ?? []).slice(0, 1_000).map((row) => (row.elements ?? []).map((cell, i) => valueOf(cell, types[i]))),
    };
  }
  if (m.templateValue) {
    if (depth >= 16) return '[templates nested deeper than 16 levels]';
    const t = m.templateValue;
    const inner: { [name: string]: DecodedValue } = {};
    for (const metric of (t.metrics ?? []).slice(0, 1_000)) inner[metric.name ?? '?'] = metric.isNull ? null : metricValue(metric, metric.datatype, depth + 1);
    return { ...(t.templateRef ? { templateRef: t.templateRef } : {}), ...(t.version ? { version: t.version } : {}), metrics: inner };
  }
  return valueOf(m, datatype);
}

function propertiesOf(set: NonNullable<RawMetric['properties']>): DecodedValue {
  const out: { [key: string]: DecodedValue } = {};
  (set.keys ?? []).forEach((key, i) => {
    const v = set.values?.[i];
    out[key] = v ? valueOf(v, v.type) : null;
  });
  return out;
}
