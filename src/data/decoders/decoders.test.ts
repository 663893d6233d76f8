import { encode as encodeMsgpack } from '@msgpack/msgpack';
import { encode as encodeCbor } from 'cborg';
import protobuf from 'protobufjs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { testMessage } from '../testMessages';
import { ConnectionData, MAX_WAITING } from '../connectionData';
import { deviceValues } from '../deviceValues';
import { compileProto, decodeCbor, decodeMsgpack } from './codecs';
import { loadCodecs, PayloadDecoders } from './payloadDecoders';
import { SparkplugReader } from './sparkplug';

// payloads made by Eclipse Tahu's own library, with its sparkplug_b.proto: not by the code under test
const require = createRequire(import.meta.url);
const tahu = (require('sparkplug-payload') as { get(ns: string): { encodePayload(p: unknown): Uint8Array } }).get('spBv1.0');
const Long = require('long') as { fromString(s: string, unsigned?: boolean): unknown };

const NODE = 'spBv1.0/plant/NBIRTH/edge1';
const topicOf = (type: string, device?: string) => `spBv1.0/plant/${type}/edge1${device ? `/${device}` : ''}`;

function nbirth(bdSeq: number, seq = 0): Uint8Array {
  return tahu.encodePayload({
    timestamp: 1_700_000_000_000,
    seq,
    metrics: [
      { name: 'bdSeq', type: 'UInt64', value: bdSeq },
      { name: 'Temperature', alias: 1, type: 'Float', value: 21.5 },
      { name: 'Offset', alias: 2, type: 'Int32', value: -7 },
      { name: 'Counter', alias: 3, type: 'Int64', value: Long.fromString('-9007199254740993') },
      { name: 'Node Control/Rebirth', alias: 4, type: 'Boolean', value: false },
      { name: 'Label', alias: 5, type: 'String', value: 'line A' },
    ],
  });
}

function ndata(seq: number, temperature: number): Uint8Array {
  // DATA by alias only, as edge nodes send it once they were born
  return tahu.encodePayload({ timestamp: 1_700_000_001_000, seq, metrics: [{ alias: 1, type: 'Float', value: temperature }, { alias: 2, type: 'Int32', value: -8 }] });
}

const ndeath = (bdSeq: number) => tahu.encodePayload({ timestamp: 1_700_000_002_000, metrics: [{ name: 'bdSeq', type: 'UInt64', value: bdSeq }] });

type Json = Record<string, unknown>;
const metrics = (value: unknown) => (value as Json).metrics as Record<string, Json>;

describe('Sparkplug B (payloads from the Tahu schema)', () => {
  it('reads an NBIRTH: types, signed integers, 64-bit values, names with slashes, bdSeq', () => {
    const decoded = new SparkplugReader().decode(NODE, nbirth(3));
    expect(decoded?.error).toBeUndefined();
    const m = metrics(decoded?.value);
    expect(m.Temperature).toMatchObject({ value: 21.5, type: 'Float', alias: 1 });
    expect(m.Offset?.value).toBe(-7);
    expect(m.Counter?.value).toBe('-9007199254740993');
    expect(m['Node Control/Rebirth']?.value).toBe(false);
    expect(m.Label?.value).toBe('line A');
    expect(m.bdSeq?.value).toBe(3);
    expect(decoded?.value).toMatchObject({ type: 'NBIRTH', seq: 0, timestamp: 1_700_000_000_000 });
    expect(decoded?.sparkplug).toMatchObject({ type: 'NBIRTH', group: 'plant', node: 'edge1' });
  });

  it('resolves NDATA aliases from the last NBIRTH and flags a seq gap', () => {
    const reader = new SparkplugReader();
    reader.decode(NODE, nbirth(0));
    const first = reader.decode(topicOf('NDATA'), ndata(1, 22.25));
    expect(metrics(first?.value).Temperature?.value).toBe(22.25);
    expect(metrics(first?.value).Offset?.value).toBe(-8);
    expect(first?.warnings).toBeUndefined();
    const gap = reader.decode(topicOf('NDATA'), ndata(4, 23));
    expect(gap?.warnings?.[0]).toMatch(/expected seq 2, got 4 \(2 messages/);
    // seq wraps at 255
    reader.decode(topicOf('NDATA'), ndata(255, 23));
    expect(reader.decode(topicOf('NDATA'), ndata(0, 23))?.warnings).toBeUndefined();
  });

  it('names aliases it cannot resolve, and says no birth was seen', () => {
    const decoded = new SparkplugReader().decode(topicOf('NDATA'), ndata(5, 20));
    expect(Object.keys(metrics(decoded?.value))).toEqual(['alias 1', 'alias 2']);
    expect(decoded?.warnings?.join(' ')).toMatch(/no NBIRTH of this node was seen/);
  });

  it('tells the NDEATH of an older session by its bdSeq', () => {
    const reader = new SparkplugReader();
    reader.decode(NODE, nbirth(7));
    const old = reader.decode(topicOf('NDEATH'), ndeath(6));
    expect(old?.sparkplug?.staleDeath).toBe(true);
    expect(old?.warnings?.[0]).toMatch(/bdSeq 6.*bdSeq 7.*older session/);
    expect(reader.decode(topicOf('NDEATH'), ndeath(7))?.sparkplug?.staleDeath).toBeUndefined();
  });

  it('reads DBIRTH and DDATA of a device through the node', () => {
    const reader = new SparkplugReader();
    reader.decode(NODE, nbirth(0));
    reader.decode(topicOf('DBIRTH', 'pump'), tahu.encodePayload({ seq: 1, metrics: [{ name: 'Flow', alias: 10, type: 'Double', value: 1.5 }] }));
    const d = reader.decode(topicOf('DDATA', 'pump'), tahu.encodePayload({ seq: 2, metrics: [{ alias: 10, type: 'Double', value: 2.75 }] }));
    expect(metrics(d?.value).Flow?.value).toBe(2.75);
    expect(d?.sparkplug).toMatchObject({ type: 'DDATA', device: 'pump' });
  });

  it('reports bytes that are not Sparkplug with the offset where reading stopped', () => {
    const decoded = new SparkplugReader().decode(NODE, new Uint8Array([0x12, 0x40, 0x01]));
    expect(decoded?.error).toMatch(/Not a Sparkplug B payload/);
    expect(decoded?.offset).toBeGreaterThan(0);
  });
});

describe('CBOR, MessagePack and protobuf', () => {
  const sample = { temperature: 21.5, ok: true, tags: ['a', 'b'], nested: { n: -3 }, big: 2n ** 60n };

  it('round-trips CBOR and MessagePack, bigints as numbers or exact text', () => {
    const expected = { temperature: 21.5, ok: true, tags: ['a', 'b'], nested: { n: -3 }, big: '1152921504606846976' };
    expect(decodeCbor(encodeCbor(sample)).value).toEqual(expected);
    expect(decodeMsgpack(encodeMsgpack(sample, { useBigInt64: true })).value).toEqual(expected);
    // a bare number stays a number, not {}
    expect(decodeCbor(encodeCbor(55.49)).value).toBe(55.49);
  });

  it('says where CBOR and MessagePack stop', () => {
    const cut = encodeCbor(sample).subarray(0, 10);
    expect(decodeCbor(cut)).toMatchObject({ error: expect.stringMatching(/^Not CBOR/), offset: 10 });
    const bad = decodeMsgpack(new Uint8Array([0x92, 0x01]));
    expect(bad.error).toMatch(/^Not MessagePack/);
    expect(typeof bad.offset).toBe('number');
  });

  const PROTO =
    'syntax = "proto3"; package demo; message Reading { string sensor = 1; double value = 2; int64 at = 3; enum Unit { C = 0; F = 1; } Unit unit = 4; ' +
    'repeated int32 samples = 5; map<string, int32> counts = 6; sint64 delta = 7; Inner inner = 8; fixed64 big = 9; } message Inner { bool ok = 1; bytes raw = 2; }';

  it('round-trips protobuf with a .proto and names the type', () => {
    const type = protobuf.parse(PROTO).root.lookupType('demo.Reading');
    const bytes = type
      .encode(
        type.fromObject({
          sensor: 'kitchen', value: 21.5, at: 1_700_000_000_000, unit: 1, samples: [1, -2, 300], counts: { a: 1, b: 2 }, delta: -5,
          inner: { ok: true, raw: new Uint8Array([0xde, 0xad]) }, big: '18446744073709551615',
        }),
      )
      .finish();
    const compiled = compileProto(PROTO, 'demo.Reading');
    if (!compiled.ok) throw new Error(compiled.error);
    // read by walking the reflection, not by the decoder protobufjs compiles with new Function (the page's CSP forbids it)
    expect(compiled.decode(bytes)).toEqual({
      decoder: 'Protobuf (demo.Reading)',
      value: {
        sensor: 'kitchen', value: 21.5, at: 1_700_000_000_000, unit: 'F', samples: [1, -2, 300], counts: { a: 1, b: 2 }, delta: -5,
        inner: { ok: true, raw: 'de ad' }, big: '18446744073709551615',
      },
    });
    const cut = compiled.decode(bytes.subarray(0, 5));
    expect(cut.error).toMatch(/^Not a Reading/);
    expect(cut.offset).toBeGreaterThan(0);
  });

  it("refuses a .proto that does not compile with the compiler's words, and a type it lacks", () => {
    const broken = compileProto('message Reading { string sensor = ; }', 'Reading');
    expect(broken).toMatchObject({ ok: false, error: expect.stringMatching(/^The \.proto does not compile: illegal/) });
    const missing = compileProto(PROTO, 'demo.Nope');
    expect(missing).toMatchObject({ ok: false, error: expect.stringMatching(/no such type.*demo\.Reading/) });
  });

  it('survives hostile payloads: 10,000-deep, 100,000 keys', () => {
    // 10,000 one-element arrays around a 1, written by hand (encoders refuse to go that deep)
    const deepBytes = new Uint8Array(10_001).fill(0x91);
    deepBytes[10_000] = 0x01;
    const d = decodeMsgpack(deepBytes);
    const c = decodeCbor(new Uint8Array(10_001).fill(0x81).fill(0x01, 10_000));
    expect(JSON.stringify(c.value ?? c.error)).toMatch(/nested deeper than 64|Not CBOR/);
    expect(JSON.stringify(d.value ?? d.error)).toMatch(/nested deeper than 64|Not MessagePack/);
    const wide = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]));
    const w = decodeCbor(encodeCbor(wide));
    expect(Object.keys(w.value as object).length).toBeLessThanOrEqual(100_000);
  });
});

describe('decoders chosen by topic', () => {
  it('decodes by rule and Sparkplug by namespace, never by guessing from bytes', async () => {
    await loadCodecs();
    const decoders = new PayloadDecoders();
    decoders.setSettings({ sparkplug: true, rules: [{ filter: 'cbor/#', kind: 'cbor' }] });
    await decoders.load();
    expect(decoders.decode(testMessage('plain/t', '55.49'))).toBeUndefined();
    expect(decoders.decode(testMessage('cbor/x', encodeCbor({ a: 1 })))?.value).toEqual({ a: 1 });
    expect(decoders.decode(testMessage('spBv1.0/STATE/host', '{"online":true}'))).toBeUndefined();
    expect(decoders.decode(testMessage(NODE, nbirth(1)))?.decoder).toBe('Sparkplug B');
    const big = decoders.decode(testMessage('cbor/big', new Uint8Array(10_000_001)));
    expect(big?.error).toMatch(/^Not decoded: 10,000,001 bytes/);
    decoders.setSettings({ sparkplug: false, rules: [] });
    expect(decoders.decode(testMessage(NODE, nbirth(1)))).toBeUndefined();
  });

  it('reads CoAP on a gateway\'s coap/+/raw at once, without the codecs, and a hostile payload there is bounded and named', () => {
    const decoders = new PayloadDecoders();
    decoders.setSettings({ sparkplug: true, rules: [] });
    // RFC 7252 Appendix A, Figure 16's answer: ACK 2.05 "22.3 C"
    const ack = Uint8Array.from([0x60, 0x45, 0x7d, 0x34, 0xff, ...new TextEncoder().encode('22.3 C')]);
    expect(decoders.mustWait('coap/kitchen/raw')).toBe(false);
    expect(decoders.decode(testMessage('coap/kitchen/raw', ack))?.value).toEqual({ type: 'ACK', code: '2.05 Content', messageId: 0x7d34, options: {}, payload: '22.3 C' });
    expect(decoders.decode(testMessage('coap/kitchen/temperature', '21.5'))).toBeUndefined();
    expect(decoders.decode(testMessage('coap/kitchen/raw', Uint8Array.from([0x40, 0x01])))?.error).toMatch(/4-byte header/);
    // 10 MB is not read as it arrives
    expect(decoders.decode(testMessage('coap/kitchen/raw', new Uint8Array(10_000_000)))?.error).toMatch(/^Not decoded: 10,000,000 bytes/);
    // a megabyte of one-byte options (delta 1, length 0) stops at the cap, named, and quickly
    const options = new Uint8Array(1_000_000).fill(0x10);
    options.set([0x40, 0x01, 0x00, 0x01]);
    const hostile = decoders.decode(testMessage('coap/kitchen/raw', options));
    expect(Object.keys((hostile?.value as { options: object }).options)).toHaveLength(256);
    expect(hostile?.warnings?.[0]).toMatch(/More than 256 options: the rest of the 1,000,000 bytes is not read/);
    // a payload that is not text is summarised, not dumped whole
    const binary = decoders.decode(testMessage('coap/kitchen/raw', Uint8Array.from([0x50, 0x45, 0x00, 0x01, 0xff, ...new Uint8Array(500_000).fill(0xfe)])));
    expect((binary?.value as { payload: string }).payload).toMatch(/^0xfefe.*… \(500,000 bytes\)$/);
    expect((binary?.value as { payload: string }).payload.length).toBeLessThan(600);
  });

  it('holds messages until the decoders load, then reads them in order into devices and values', async () => {
    const data = new ConnectionData();
    let late = 0;
    data.onLateIngest = () => late++;
    data.ingest(testMessage(NODE, nbirth(0), { receivedAt: 1_000 }));
    data.ingest(testMessage(topicOf('NDATA'), ndata(1, 24.5), { receivedAt: 2_000 }));
    data.ingest(testMessage('plain/t', '1', { receivedAt: 2_500 }));
    if (data.waitingCount > 0) await data.decoders.load();
    expect(late).toBeLessThanOrEqual(1);
    expect(data.log.ring.toArray().map((m) => m.topic)).toEqual([NODE, topicOf('NDATA'), 'plain/t']);
    const node = data.devices.devices.get('sparkplug:spBv1.0/plant/edge1');
    expect(node?.presence).toBe('online');
    const values = deviceValues(node!);
    expect(values.find((v) => v.label === 'Temperature')).toMatchObject({ number: 24.5, path: 'metrics.Temperature.value' });

    data.ingest(testMessage(topicOf('DBIRTH', 'pump'), tahu.encodePayload({ seq: 2, metrics: [{ name: 'Flow', alias: 10, type: 'Double', value: 1 }] }), { receivedAt: 3_000 }));
    expect(data.devices.devices.get('sparkplug:spBv1.0/plant/edge1/pump')?.presence).toBe('online');
    // an NDEATH of an older session changes nothing; the node's own takes it and its devices offline
    data.ingest(testMessage(topicOf('NDEATH'), ndeath(9), { receivedAt: 4_000 }));
    expect(node?.presence).toBe('online');
    data.ingest(testMessage(topicOf('NDEATH'), ndeath(0), { receivedAt: 5_000 }));
    expect(node?.presence).toBe('offline');
    expect(data.devices.devices.get('sparkplug:spBv1.0/plant/edge1/pump')?.presence).toBe('offline');
  });

  it('holds at most MAX_WAITING messages while the decoders load: the oldest go through, marked not decoded', async () => {
    const data = new ConnectionData();
    const bytes = ndata(1, 20);
    for (let i = 0; i <= MAX_WAITING; i++) data.ingest(testMessage(topicOf('NDATA'), bytes, { receivedAt: i }));
    expect(data.waitingCount).toBe(MAX_WAITING);
    expect(data.log.ring.toArray()[0]?.decoded?.error).toMatch(/not loaded yet/);
    await data.decoders.load();
    expect(data.waitingCount).toBe(0);
  });

  it('charts a Sparkplug metric by name, and decodes the kept messages again when the rules change', async () => {
    const data = new ConnectionData();
    await data.decoders.load();
    data.charts.setSpecs([{ id: 's', filter: 'spBv1.0/+/NDATA/+', path: 'metrics.Temperature.value', color: '#000000', unit: '', booleans: false }], 100);
    data.ingest(testMessage(NODE, nbirth(0), { receivedAt: 1_000 }));
    data.ingest(testMessage(topicOf('NDATA'), ndata(1, 24.5), { receivedAt: 2_000 }));
    expect(data.charts.linesOf('s')[0]?.[1].length).toBe(1);
    data.ingest(testMessage('bin/x', encodeCbor({ v: 5 }), { receivedAt: 3_000 }));
    expect(data.log.ring.toArray()[2]?.decoded).toBeUndefined();
    await data.setDecoders({ sparkplug: true, rules: [{ filter: 'bin/#', kind: 'cbor' }] });
    expect(data.log.ring.toArray()[2]?.decoded?.value).toEqual({ v: 5 });
    expect(data.charts.linesOf('s')[0]?.[1].length).toBe(1);
  });
});
