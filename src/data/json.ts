/**
 * JSON helpers: flatten a value to dotted paths (AM2301.Temperature, readings[0].value) and diff two values.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Parses JSON, or returns undefined. */
export function tryParseJson(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

/**
 * Where JSON text first goes wrong, as "Expected ... at line 3, column 8", or null when it is valid.
 * Browsers' JSON.parse no longer says where; this small scanner follows RFC 8259 to find out.
 */
export function jsonErrorPosition(text: string): string | null {
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

/** Every leaf (primitive, empty object or empty array) by path. */
export function flattenJson(value: JsonValue, path = '', out = new Map<string, JsonValue>()): Map<string, JsonValue> {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(path, value);
    value.forEach((item, i) => flattenJson(item, joinPath(path, i), out));
  } else if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0) out.set(path, value);
    for (const key of keys) flattenJson(value[key] as JsonValue, joinPath(path, key), out);
  } else {
    out.set(path, value);
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
