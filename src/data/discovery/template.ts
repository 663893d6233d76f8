/**
 * The part of Home Assistant's value templates (Jinja) that firmware actually sends, read safely: never
 * evaluated as code. `{{ value }}`, `{{ value_json.a.b[0] }}`, `{{ value_json['AM2301']['Temperature'] }}`,
 * filters `float`, `int`, `round(n)`, `lower`, `upper`, `string`, `abs`, `bool`, `default(x)`, arithmetic with
 * numbers (`value_json.energy / 1000`), comparisons, and `'ON' if value_json.state else 'OFF'`. Anything
 * else is refused with the reason, and the config that carries it is listed as such.
 */
import type { JsonValue } from '../json';

export type TemplateValue = string | number | boolean | null;

export type CompiledTemplate = { ok: true; read(value: string, json: JsonValue | undefined): TemplateValue | undefined } | { ok: false; reason: string };

/** A template that was read. */
export type TemplateReader = Extract<CompiledTemplate, { ok: true }>;

type Expr = (value: string, json: JsonValue | undefined) => TemplateValue | JsonValue | undefined;

const MAX_TEMPLATE = 1_000;

interface Token {
  kind: 'num' | 'str' | 'id' | 'op';
  text: string;
}

function tokenize(source: string): Token[] | string {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const m = /^[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?/.exec(source.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'num', text: m[0] });
      i += m[0].length;
      continue;
    }
    if (c === "'" || c === '"') {
      const end = source.indexOf(c, i + 1);
      if (end < 0) return 'a string is not closed';
      tokens.push({ kind: 'str', text: source.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i)) as RegExpExecArray;
      tokens.push({ kind: 'id', text: m[0] });
      i += m[0].length;
      continue;
    }
    const two = source.slice(i, i + 2);
    if (['==', '!=', '>=', '<='].includes(two)) {
      tokens.push({ kind: 'op', text: two });
      i += 2;
      continue;
    }
    if ('.[]()|*/+-<>,'.includes(c)) {
      tokens.push({ kind: 'op', text: c });
      i++;
      continue;
    }
    return `"${c}" is not in the template subset this app reads`;
  }
  return tokens;
}

const num = (x: unknown): number | undefined => {
  if (typeof x === 'number') return Number.isFinite(x) ? x : undefined;
  if (typeof x === 'boolean') return x ? 1 : 0;
  if (typeof x === 'string' && x.trim() !== '') {
    const n = Number(x.trim());
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
};

const truthy = (x: unknown): boolean => {
  if (typeof x === 'string') return x.length > 0;
  if (Array.isArray(x)) return x.length > 0;
  if (x && typeof x === 'object') return Object.keys(x).length > 0;
  return Boolean(x);
};

const FILTERS: Record<string, (x: unknown, args: unknown[]) => unknown> = {
  float: (x, [fallback]) => num(x) ?? fallback ?? 0,
  int: (x, [fallback]) => {
    const n = num(x);
    return n === undefined ? (fallback ?? 0) : Math.trunc(n);
  },
  round: (x, [digits]) => {
    const n = num(x);
    if (n === undefined) return undefined;
    const f = 10 ** Math.max(0, Math.min(10, Math.trunc(num(digits) ?? 0)));
    return Math.round(n * f) / f;
  },
  abs: (x) => {
    const n = num(x);
    return n === undefined ? undefined : Math.abs(n);
  },
  lower: (x) => (typeof x === 'string' ? x.toLowerCase() : x),
  upper: (x) => (typeof x === 'string' ? x.toUpperCase() : x),
  string: (x) => (x === undefined || x === null ? '' : typeof x === 'object' ? JSON.stringify(x) : String(x)),
  bool: (x) => truthy(x),
  default: (x, [fallback]) => (x === undefined ? fallback : x),
  d: (x, [fallback]) => (x === undefined ? fallback : x),
};

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Expr {
    const e = this.conditional();
    if (this.i < this.tokens.length) throw new Error(`"${this.tokens[this.i]?.text}" is not in the template subset this app reads`);
    return e;
  }

  private peek(text?: string): Token | undefined {
    const t = this.tokens[this.i];
    return t && (text === undefined || t.text === text) ? t : undefined;
  }

  private take(text: string): void {
    if (!this.peek(text)) throw new Error(`"${text}" was expected${this.tokens[this.i] ? ` before "${this.tokens[this.i]?.text}"` : ' at the end'}`);
    this.i++;
  }

  private conditional(): Expr {
    const then = this.comparison();
    if (this.peek('if')?.kind !== 'id') return then;
    this.i++;
    const test = this.comparison();
    this.take('else');
    const otherwise = this.conditional();
    return (v, j) => (truthy(test(v, j)) ? then(v, j) : otherwise(v, j));
  }

  private comparison(): Expr {
    const left = this.additive();
    const op = this.peek();
    if (!op || op.kind !== 'op' || !['==', '!=', '>', '<', '>=', '<='].includes(op.text)) return left;
    this.i++;
    const right = this.additive();
    return (v, j) => {
      const a = left(v, j);
      const b = right(v, j);
      if (op.text === '==') return a === b || (num(a) !== undefined && num(a) === num(b) && typeof a !== 'string' && typeof b !== 'string');
      if (op.text === '!=') return !(a === b);
      const x = num(a);
      const y = num(b);
      if (x === undefined || y === undefined) return false;
      return op.text === '>' ? x > y : op.text === '<' ? x < y : op.text === '>=' ? x >= y : x <= y;
    };
  }

  private additive(): Expr {
    let left = this.multiplicative();
    for (let op = this.peek(); op && (op.text === '+' || op.text === '-') && op.kind === 'op'; op = this.peek()) {
      this.i++;
      const right = this.multiplicative();
      const l = left;
      const minus = op.text === '-';
      left = (v, j) => {
        const a = l(v, j);
        const b = right(v, j);
        if (!minus && typeof a === 'string' && typeof b === 'string') return a + b;
        const x = num(a);
        const y = num(b);
        return x === undefined || y === undefined ? undefined : minus ? x - y : x + y;
      };
    }
    return left;
  }

  private multiplicative(): Expr {
    let left = this.piped();
    for (let op = this.peek(); op && (op.text === '*' || op.text === '/') && op.kind === 'op'; op = this.peek()) {
      this.i++;
      const right = this.piped();
      const l = left;
      const times = op.text === '*';
      left = (v, j) => {
        const x = num(l(v, j));
        const y = num(right(v, j));
        if (x === undefined || y === undefined) return undefined;
        if (!times && y === 0) return undefined;
        return times ? x * y : x / y;
      };
    }
    return left;
  }

  private piped(): Expr {
    let e = this.unary();
    while (this.peek('|')) {
      this.i++;
      const name = this.tokens[this.i];
      if (!name || name.kind !== 'id') throw new Error('a filter name was expected after "|"');
      const filter = FILTERS[name.text];
      if (!filter) throw new Error(`the filter "${name.text}" is not in the template subset this app reads`);
      this.i++;
      const args: Expr[] = [];
      if (this.peek('(')) {
        this.i++;
        while (!this.peek(')')) {
          args.push(this.conditional());
          if (this.peek(',')) this.i++;
          else break;
        }
        this.take(')');
      }
      const inner = e;
      e = (v, j) => filter(inner(v, j), args.map((a) => a(v, j))) as TemplateValue | undefined;
    }
    return e;
  }

  private unary(): Expr {
    if (this.peek('-')) {
      this.i++;
      const inner = this.unary();
      return (v, j) => {
        const x = num(inner(v, j));
        return x === undefined ? undefined : -x;
      };
    }
    if (this.peek('not')?.kind === 'id') {
      this.i++;
      const inner = this.unary();
      return (v, j) => !truthy(inner(v, j));
    }
    return this.primary();
  }

  private primary(): Expr {
    const t = this.tokens[this.i];
    if (!t) throw new Error('the template ends too early');
    this.i++;
    if (t.kind === 'num') {
      const n = Number(t.text);
      return () => n;
    }
    if (t.kind === 'str') return () => t.text;
    if (t.text === '(') {
      const e = this.conditional();
      this.take(')');
      return e;
    }
    if (t.kind === 'id') {
      if (t.text === 'true' || t.text === 'True') return () => true;
      if (t.text === 'false' || t.text === 'False') return () => false;
      if (t.text === 'none' || t.text === 'None') return () => null;
      if (t.text === 'value') return (v) => v;
      if (t.text === 'value_json') return this.path();
      throw new Error(`"${t.text}" is not in the template subset this app reads (only value and value_json)`);
    }
    throw new Error(`"${t.text}" is not in the template subset this app reads`);
  }

  /** value_json followed by .key, ['key'] or [0]. */
  private path(): Expr {
    const steps: Array<string | number> = [];
    for (;;) {
      if (this.peek('.')) {
        this.i++;
        const key = this.tokens[this.i];
        if (!key || key.kind !== 'id') throw new Error('a field name was expected after "."');
        steps.push(key.text);
        this.i++;
        continue;
      }
      if (this.peek('[')) {
        this.i++;
        const key = this.tokens[this.i];
        if (!key || (key.kind !== 'str' && key.kind !== 'num')) throw new Error('a quoted name or a number was expected in "[ ]"');
        steps.push(key.kind === 'num' ? Number(key.text) : key.text);
        this.i++;
        this.take(']');
        continue;
      }
      break;
    }
    return (_v, json) => {
      let node: JsonValue | undefined = json;
      for (const step of steps) {
        if (node === undefined || node === null || typeof node !== 'object') return undefined;
        node = Array.isArray(node) ? (typeof step === 'number' ? node[step] : undefined) : Object.prototype.hasOwnProperty.call(node, step) ? (node as Record<string, JsonValue>)[String(step)] : undefined;
      }
      return node;
    };
  }
}

/** Reads a value template; what it cannot read safely is refused with the reason. */
export function compileTemplate(template: string): CompiledTemplate {
  if (template.length > MAX_TEMPLATE) return { ok: false, reason: `the template is over ${MAX_TEMPLATE} characters` };
  const m = /^\s*\{\{(.*)\}\}\s*$/s.exec(template);
  if (!m) {
    if (template.includes('{%')) return { ok: false, reason: 'statements ({% ... %}) are not in the template subset this app reads' };
    if (template.includes('{{')) return { ok: false, reason: 'only one {{ ... }} expression is read' };
    // a constant
    return { ok: true, read: () => template };
  }
  const body = m[1] as string;
  if (body.includes('{{') || body.includes('}}')) return { ok: false, reason: 'only one {{ ... }} expression is read' };
  const tokens = tokenize(body);
  if (typeof tokens === 'string') return { ok: false, reason: tokens };
  try {
    const expr = new Parser(tokens).parse();
    return {
      ok: true,
      read: (value, json) => {
        const out = expr(value, json);
        if (out === undefined) return undefined;
        if (out !== null && typeof out === 'object') return JSON.stringify(out);
        return out;
      },
    };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}
