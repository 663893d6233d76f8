/**
 * The binary decoders, loaded on first use (the page that never sees a binary payload never downloads
 * them): Sparkplug B, protobuf with the user's .proto (protobufjs), CBOR (cborg) and MessagePack
 * (@msgpack/msgpack). Each returns the payload as JSON, or the decoder's error with the byte offset where
 * it stopped when the decoder says.
 */
import { Decoder as MsgpackDecoder } from '@msgpack/msgpack';
import { decode as cborDecode } from 'cborg';
import protobuf from 'protobufjs';
import type { DecodedPayload } from '../../mqtt/types';
import { readMessage } from './protoReader';
import { SparkplugReader } from './sparkplug';
import { toJson } from './toJson';

export { SparkplugReader };

/** Every tag number read as {tag, value} rather than refused (cborg knows none unless told). */
const CBOR_TAGS = new Proxy([] as Array<(inner: unknown) => unknown>, {
  get: (target, key) => (typeof key === 'string' && /^\d+$/.test(key) ? (inner: unknown) => ({ tag: Number(key), value: inner }) : Reflect.get(target, key)),
});

export function decodeCbor(bytes: Uint8Array): DecodedPayload {
  try {
    // maps with keys of any type; tags this app has no reader for are shown as {tag, value}
    return { decoder: 'CBOR', value: toJson(cborDecode(bytes, { useMaps: true, rejectDuplicateMapKeys: false, tags: CBOR_TAGS })) };
  } catch (error) {
    const message = (error as Error).message.replace(/^CBOR decode error: /, '');
    const position = /at position (\d+)/.exec(message);
    const offset = position ? Number(position[1]) : /unexpected end|not enough|past the end|too short/i.test(message) ? bytes.length : undefined;
    return { decoder: 'CBOR', error: `Not CBOR: ${message}`, ...(offset !== undefined ? { offset } : {}) };
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
