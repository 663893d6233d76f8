/**
 * JSON helpers: flatten a value to dotted paths (AM2301.Temperature, readings[0].value) and diff two values.
 * Payloads come from strangers: every walker here is iterative and bounded in depth and in leaves, and text
 * nested deeper than MAX_PARSE_DEPTH is not parsed for views at all (a 10,000-deep array froze the page
 * and overflowed the stack when it was walked by recursion).
 */

import { decodeUtf8, jsonNestingExceeds } from '../mqtt/payload';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Levels a walker follows; what lies deeper is one leaf marked {@link TOO_DEEP}. */
export const MAX_JSON_DEPTH = 64;
/** Leaves a flatten collects at most (a payload with 100,000 keys gives the first 10,000). */
export const MAX_JSON_LEAVES = 10_000;
/** JSON text nested deeper than this is read as text, not parsed into a value for the views. */
export const MAX_PARSE_DEPTH = 256;
/** The leaf standing for a part nested deeper than MAX_JSON_DEPTH. */
export const TOO_DEEP = `[nested deeper than ${MAX_JSON_DEPTH} levels]`;

/** Parses JSON for the views: undefined when it is not JSON, or nested deeper than MAX_PARSE_DEPTH. */
export function tryParseJson(text: string): JsonValue | undefined {
  if (jsonNestingExceeds(text, MAX_PARSE_DEPTH)) return undefined;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

export type ParsedJson = { kind: 'json'; value: JsonValue } | { kind: 'too-deep' } | { kind: 'invalid' };

/** Like tryParseJson, saying why there is no value. */
export function parseJsonForView(text: string): ParsedJson {
  if (jsonNestingExceeds(text, MAX_PARSE_DEPTH)) return { kind: 'too-deep' };
  try {
    return { kind: 'json', value: JSON.parse(text) as JsonValue };
  } catch {
    return { kind: 'invalid' };
  }
}

/**
 * Where JSON text first goes wrong, as "Expected ... at line 3, column 8", or null when it is valid.
 * Browsers' JSON.parse no longer says where; this small scanner follows RFC 8259 to find out.
 */
export function jsonErrorPosition(text: string): string | null {
  // the scanner below recurses per level: text nested this deep is refused before it starts
  if (jsonNestingExceeds(text, MAX_PARSE_DEPTH)) return `Nested deeper than ${MAX_PARSE_DEPTH} levels: too deep to check or to show as a tree.`;
  let i = 0;
  const fail = (what: string): never => {
    const before = text.slice(0, i);
    const line = before.split('\n').length;
    const column = i - before.lastIndexOf('\n');
    const found = i >= text.length ? 'the end of the text' : JSON.stringify(text[i]);
    throw new SyntaxError(`Expected ${what} but found ${found} at line ${line}, column ${column}`);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail('a value');
  };
  const string = () => {
    i++; // opening quote
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) fail('a closing quote (control characters must be escaped)');
      if (c === 0x5c) {
        i++;
        const e = text[i];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('four hex digits after \\u');
          i += 5;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) fail('an escape such as \\n or \\"');
      }
      i++;
    }
    fail('a closing quote');
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match || match[0] === '' || match[0] === '-') fail('a value');
    i += (match as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('a property name in double quotes');
        string();
        ws();
        if (text[i] !== ':') fail('":"');
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail('"," or "}"');
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail('"," or "]"');
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    return number();
  };
  try {
    value();
    ws();
    if (i < text.length) fail('the end of the text');
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Appends a key to a path: a.b, a["odd key"], a[0]. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

/**
 * Every leaf (primitive, empty object or empty array) by path, depth first in document order. Iterative;
 * a part deeper than MAX_JSON_DEPTH is one leaf, {@link TOO_DEEP}; at most MAX_JSON_LEAVES leaves.
 */
export function flattenJson(value: JsonValue, path = '', maxLeaves = MAX_JSON_LEAVES): Map<string, JsonValue> {
  const out = new Map<string, JsonValue>();
  const stack: Array<[JsonValue, string, number]> = [[value, path, 0]];
  while (stack.length > 0 && out.size < maxLeaves) {
    const [node, at, depth] = stack.pop() as [JsonValue, string, number];
    if (node === null || typeof node !== 'object') {
      out.set(at, node);
      continue;
    }
    if (depth >= MAX_JSON_DEPTH) {
      out.set(at, TOO_DEEP);
      continue;
    }
    if (Array.isArray(node)) {
      if (node.length === 0) out.set(at, node);
      for (let i = Math.min(node.length, maxLeaves) - 1; i >= 0; i--) stack.push([node[i] as JsonValue, joinPath(at, i), depth + 1]);
    } else {
      const keys = Object.keys(node);
      if (keys.length === 0) out.set(at, node);
      for (let i = Math.min(keys.length, maxLeaves) - 1; i >= 0; i--) stack.push([node[keys[i] as string] as JsonValue, joinPath(at, keys[i] as string), depth + 1]);
    }
  }
  return out;
}

export interface JsonChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: JsonValue;
  after?: JsonValue;
}

/** What changed from `before` to `after`, leaf by leaf, in the order of `after` then removals. */
export function diffJson(before: JsonValue, after: JsonValue): JsonChange[] {
  const a = flattenJson(before);
  const b = flattenJson(after);
  const changes: JsonChange[] = [];
  for (const [path, value] of b) {
    if (!a.has(path)) changes.push({ path, kind: 'added', after: value });
    else if (JSON.stringify(a.get(path)) !== JSON.stringify(value)) changes.push({ path, kind: 'changed', before: a.get(path) as JsonValue, after: value });
  }
  for (const [path, value] of a) if (!b.has(path)) changes.push({ path, kind: 'removed', before: value });
  return changes;
}

/**
 * JSON text of `value`, cut at `maxChars`, for showing a part too deep for the tree. Iterative (never
 * overflows the stack, as JSON.stringify does on a 10,000-deep array), stopping as soon as it has enough.
 */
export function jsonPreview(value: JsonValue, maxChars = 2_000): string {
  let out = '';
  type Item = { v: JsonValue } | { text: string };
  const stack: Item[] = [{ v: value }];
  while (stack.length > 0 && out.length < maxChars) {
    const item = stack.pop() as Item;
    if ('text' in item) {
      out += item.text;
      continue;
    }
    const v = item.v;
    if (v === null || typeof v !== 'object') {
      out += JSON.stringify(v);
      continue;
    }
    if (Array.isArray(v)) {
      stack.push({ text: ']' });
      for (let i = Math.min(v.length, maxChars) - 1; i >= 0; i--) {
        stack.push({ v: v[i] as JsonValue });
        if (i > 0) stack.push({ text: ',' });
      }
      out += '[';
    } else {
      const keys = Object.keys(v);
      stack.push({ text: '}' });
      for (let i = Math.min(keys.length, maxChars) - 1; i >= 0; i--) {
        const key = keys[i] as string;
        stack.push({ v: v[key] as JsonValue });
        stack.push({ text: `${i > 0 ? ',' : ''}${JSON.stringify(key)}:` });
      }
      out += '{';
    }
  }
  return out.length > maxChars || stack.length > 0 ? `${out.slice(0, maxChars)}…` : out;
}

/** Payloads larger than this are not compared with the previous one (a diff of two 2 MB objects is slow). */
export const DIFF_MAX_BYTES = 65_536;

/**
 * What changed between two JSON object payloads, or null when either is not a JSON object or array, not
 * UTF-8, or larger than DIFF_MAX_BYTES.
 */
export function payloadJsonChanges(before: Uint8Array, after: Uint8Array): JsonChange[] | null {
  if (before.byteLength > DIFF_MAX_BYTES || after.byteLength > DIFF_MAX_BYTES) return null;
  const a = decodeUtf8(before);
  const b = decodeUtf8(after);
  if (a === null || b === null) return null;
  const va = tryParseJson(a);
  const vb = tryParseJson(b);
  if (va === undefined || vb === undefined || typeof va !== 'object' || typeof vb !== 'object' || va === null || vb === null) return null;
  return diffJson(va, vb);
}
