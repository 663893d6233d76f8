/**
 * Protobuf messages read by walking protobufjs's reflection (the fields of a parsed .proto), never by the
 * decoder protobufjs generates: that one is compiled with `new Function`, which the page's Content
 * Security Policy forbids (no 'unsafe-eval', rightly, on a page that reads strangers' bytes). Reads the
 * wire format of the spec: varints, 64-bit integers exactly (as BigInt), packed and unpacked repeated
 * fields, maps, enums by name, nested messages up to {@link MAX_MESSAGE_DEPTH}; unknown fields are
 * skipped. Returns plain objects with only the fields on the wire, or throws with the reader's position.
 */
import protobuf from 'protobufjs';

export const MAX_MESSAGE_DEPTH = 64;

type Value = unknown;

const WIRE: Record<string, number> = {
  double: 1, float: 5, int32: 0, uint32: 0, sint32: 0, int64: 0, uint64: 0, sint64: 0, fixed32: 5, sfixed32: 5, fixed64: 1, sfixed64: 1, bool: 0, string: 2, bytes: 2,
};

/** A varint of up to 64 bits, exactly. */
function varint64(r: protobuf.Reader): bigint {
  let result = 0n;
  let shift = 0n;
  for (let i = 0; i < 10; i++) {
    if (r.pos >= r.len) throw new RangeError(`index out of range: ${r.pos} + 1 > ${r.len}`);
    const b = r.buf[r.pos++] as number;
    result |= BigInt(b & 0x7f) << shift;
    if (b < 0x80) return result;
    shift += 7n;
  }
  throw new Error('invalid varint encoding');
}

function fixed64(r: protobuf.Reader): bigint {
  if (r.pos + 8 > r.len) throw new RangeError(`index out of range: ${r.pos} + 8 > ${r.len}`);
  const view = new DataView(r.buf.buffer, r.buf.byteOffset + r.pos, 8);
  r.pos += 8;
  return view.getBigUint64(0, true);
}

function scalar(type: string, r: protobuf.Reader): Value {
  switch (type) {
    case 'double':
      return r.double();
    case 'float':
      return r.float();
    case 'int32':
      return r.int32();
    case 'uint32':
      return r.uint32();
    case 'sint32':
      return r.sint32();
    case 'fixed32':
      return r.fixed32();
    case 'sfixed32':
      return r.sfixed32();
    case 'bool':
      return r.bool();
    case 'string':
      return r.string();
    case 'bytes':
      return r.bytes();
    case 'int64':
      return BigInt.asIntN(64, varint64(r));
    case 'uint64':
      return BigInt.asUintN(64, varint64(r));
    case 'sint64': {
      const v = varint64(r);
      return (v >> 1n) ^ -(v & 1n);
    }
    case 'fixed64':
      return fixed64(r);
    case 'sfixed64':
      return BigInt.asIntN(64, fixed64(r));
    default:
      throw new Error(`unknown field type ${type}`);
  }
}

function value(field: protobuf.Field, type: string, r: protobuf.Reader, depth: number): Value {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) {
    const length = r.uint32();
    if (r.pos + length > r.len) throw new RangeError(`index out of range: ${r.pos} + ${length} > ${r.len}`);
    return readMessage(resolved, r, r.pos + length, depth + 1);
  }
  if (resolved instanceof protobuf.Enum) {
    const n = r.int32();
    return resolved.valuesById[n] ?? n;
  }
  return scalar(type, r);
}

function expectWire(field: protobuf.Field, wire: number, type: string): void {
  const expected = field.resolvedType instanceof protobuf.Type ? 2 : field.resolvedType instanceof protobuf.Enum ? 0 : WIRE[type];
  if (expected !== undefined && expected !== wire) throw new Error(`field ${field.name} (${field.id}) came with wire type ${wire}, not ${expected}`);
}

/** Reads one message of `type` from `r` up to `end`. */
export function readMessage(type: protobuf.Type, r: protobuf.Reader, end = r.len, depth = 0): Record<string, Value> {
  if (depth > MAX_MESSAGE_DEPTH) throw new Error(`messages nested deeper than ${MAX_MESSAGE_DEPTH} levels`);
  const out: Record<string, Value> = {};
  while (r.pos < end) {
    const tag = r.uint32();
    const id = tag >>> 3;
    const wire = tag & 7;
    if (id === 0) throw new Error('field number 0 is not valid');
    const field = type.fieldsById[id];
    if (!field) {
      r.skipType(wire);
      continue;
    }
    field.resolve();
    if (field instanceof protobuf.MapField) {
      const length = r.uint32();
      const stop = r.pos + length;
      if (stop > r.len) throw new RangeError(`index out of range: ${r.pos} + ${length} > ${r.len}`);
      let key: Value = '';
      let item: Value = null;
      while (r.pos < stop) {
        const t = r.uint32();
        if (t >>> 3 === 1) key = scalar(field.keyType, r);
        else if (t >>> 3 === 2) item = value(field, field.type, r, depth);
        else r.skipType(t & 7);
      }
      const map = (out[field.name] ??= {}) as Record<string, Value>;
      map[String(key)] = item;
      continue;
    }
    if (field.repeated) {
      const list = (out[field.name] ??= []) as Value[];
      const packable = !(field.resolvedType instanceof protobuf.Type) && field.type !== 'string' && field.type !== 'bytes';
      if (wire === 2 && packable) {
        const length = r.uint32();
        const stop = r.pos + length;
        if (stop > r.len) throw new RangeError(`index out of range: ${r.pos} + ${length} > ${r.len}`);
        while (r.pos < stop) list.push(value(field, field.type, r, depth));
      } else {
        expectWire(field, wire, field.type);
        list.push(value(field, field.type, r, depth));
      }
      continue;
    }
    expectWire(field, wire, field.type);
    out[field.name] = value(field, field.type, r, depth);
  }
  if (r.pos > end) throw new RangeError(`a field runs past the end of its message (byte ${end})`);
  return out;
}
