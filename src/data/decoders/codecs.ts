/**
 * The binary decoders, loaded on first use (the page that never sees a binary payload never downloads
 * them): Sparkplug B, protobuf with the user's .proto (protobufjs), CBOR (cbor-x) and MessagePack
 * (@msgpack/msgpack). Each returns the payload as JSON, or the decoder's error with the byte offset where
 * it stopped when the decoder says.
 */
import { Decoder as MsgpackDecoder } from '@msgpack/msgpack';
import { Decoder as CborDecoder } from 'cbor-x';
import protobuf from 'protobufjs';
import type { DecodedPayload } from '../../mqtt/types';
import { readMessage } from './protoReader';
import { SparkplugReader } from './sparkplug';
import { toJson } from './toJson';

export { SparkplugReader };

const cbor = new CborDecoder({ useRecords: false, mapsAsObjects: true });

export function decodeCbor(bytes: Uint8Array): DecodedPayload {
  try {
    return { decoder: 'CBOR', value: toJson(cbor.decode(bytes)) };
  } catch (error) {
    const e = error as Error & { incomplete?: boolean };
    return { decoder: 'CBOR', error: `Not CBOR: ${e.message}`, ...(e.incomplete ? { offset: bytes.length } : {}) };
  }
}

export function decodeMsgpack(bytes: Uint8Array): DecodedPayload {
  const decoder = new MsgpackDecoder({ useBigInt64: true });
  try {
    return { decoder: 'MessagePack', value: toJson(decoder.decode(bytes)) };
  } catch (error) {
    const pos = (decoder as unknown as { pos?: number }).pos;
    return { decoder: 'MessagePack', error: `Not MessagePack: ${(error as Error).message}`, ...(typeof pos === 'number' ? { offset: pos } : {}) };
  }
}

/** A .proto compiled for one message type: its decoder, or the compiler's words. */
export type CompiledProto = { ok: true; decode(bytes: Uint8Array): DecodedPayload } | { ok: false; error: string };

export function compileProto(source: string, messageType: string): CompiledProto {
  let root: protobuf.Root;
  try {
    root = protobuf.parse(source, { keepCase: true }).root;
  } catch (error) {
    return { ok: false, error: `The .proto does not compile: ${(error as Error).message}` };
  }
  let type: protobuf.Type;
  try {
    type = root.lookupType(messageType);
    root.resolveAll();
  } catch (error) {
    const names = listTypes(root);
    return { ok: false, error: `${(error as Error).message}${names.length ? `. Message types in this .proto: ${names.slice(0, 20).join(', ')}` : ''}` };
  }
  const name = `Protobuf (${type.fullName.replace(/^\./, '')})`;
  return {
    ok: true,
    decode(bytes) {
      const reader = protobuf.Reader.create(bytes);
      try {
        return { decoder: name, value: toJson(readMessage(type, reader)) };
      } catch (error) {
        return { decoder: name, error: `Not a ${type.name}: ${(error as Error).message}`, offset: reader.pos };
      }
    },
  };
}

function listTypes(ns: protobuf.NamespaceBase): string[] {
  const out: string[] = [];
  for (const nested of ns.nestedArray) {
    if (nested instanceof protobuf.Type) out.push(nested.fullName.replace(/^\./, ''));
    if (nested instanceof protobuf.Namespace) out.push(...listTypes(nested));
  }
  return out;
}
