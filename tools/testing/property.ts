/**
 * Property-based checks over hostile input (fast-check): every generated case must run without a throw
 * and in under CASE_LIMIT_MS. Run by `npm run test:property`, 100,000 cases per property (PROPERTY_RUNS
 * sets another count, for a quick local run).
 */
import fc from 'fast-check';

export const PROPERTY_RUNS = Number(process.env.PROPERTY_RUNS ?? 100_000);
export const CASE_LIMIT_MS = 200;

export interface PropertyFigures {
  cases: number;
  slowestMs: number;
  totalMs: number;
}

/** Times one run of `check` on `value`, in ms. */
function timed<T>(check: (value: T) => void, value: T): number {
  const start = performance.now();
  check(value);
  return performance.now() - start;
}

/**
 * Runs `check` on `runs` generated values; fails on a throw, a failed expectation or a case of
 * CASE_LIMIT_MS or more. A case over the limit is run twice more and judged by its fastest run: a slow
 * path is slow every time, a garbage collection of the whole test process lands on one run only.
 */
export function checkEvery<T>(arbitrary: fc.Arbitrary<T>, check: (value: T) => void, runs = PROPERTY_RUNS): PropertyFigures {
  const figures: PropertyFigures = { cases: 0, slowestMs: 0, totalMs: 0 };
  fc.assert(
    fc.property(arbitrary, (value) => {
      let took = timed(check, value);
      for (let again = 0; again < 2 && took >= CASE_LIMIT_MS; again++) took = Math.min(took, timed(check, value));
      figures.cases++;
      figures.totalMs += took;
      if (took > figures.slowestMs) figures.slowestMs = took;
      if (took >= CASE_LIMIT_MS) throw new Error(`one case took ${took.toFixed(0)} ms at best of three runs (the limit is ${CASE_LIMIT_MS} ms)`);
    }),
    { numRuns: runs },
  );
  return figures;
}

/** One line for the test's output: cases run, slowest case, mean. */
export function describeFigures(name: string, f: PropertyFigures): string {
  return `${name}: ${f.cases.toLocaleString('en')} cases, slowest ${f.slowestMs.toFixed(1)} ms, mean ${((f.totalMs / Math.max(1, f.cases)) * 1000).toFixed(0)} µs`;
}

const oddUnicode = fc.constantFrom('\u0000', '\uD800', '\uDFFF', '\uFEFF', '\u202E', '\u2028', '\u{1F600}', 'é', 'e\u0301', '"', '\\', '__proto__', 'constructor', '<script>', '💥'.repeat(3));

/** Odd strings: binary code units (lone surrogates included), controls, right-to-left marks, prototype names. */
export const oddString = (maxLength = 40): fc.Arbitrary<string> =>
  fc.oneof(fc.string({ unit: 'binary', maxLength }), fc.string({ unit: oddUnicode, maxLength: 8 }), fc.string({ maxLength }));

/**
 * JSON text as a broker might send it: ordinary documents with odd strings, nested up to 12,000 deep
 * (arrays, objects, mixed), wide (up to 10,000 keys or items), huge strings (up to 100 k characters),
 * cut-off documents and text that is not JSON at all. (Megabytes are the e2e suite's: 1 MB and 10 MB.)
 */
export const hostileJsonText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.json({ maxDepth: 6, stringUnit: 'binary' }), weight: 6 },
  { arbitrary: fc.json({ maxDepth: 3, stringUnit: oddUnicode }), weight: 2 },
  {
    arbitrary: fc.tuple(fc.integer({ min: 1, max: 12_000 }), fc.constantFrom('array', 'object', 'mixed'), fc.boolean()).map(([depth, kind, closed]) => {
      const open = kind === 'array' ? '[' : kind === 'object' ? '{"a":' : '[{"b":';
      const close = kind === 'array' ? ']' : kind === 'object' ? '}' : '}]';
      const reps = kind === 'mixed' ? Math.ceil(depth / 2) : depth;
      return open.repeat(reps) + (kind === 'array' ? '' : '1') + (closed ? close.repeat(reps) : close.repeat(Math.floor(reps / 2)));
    }),
    weight: 1,
  },
  {
    arbitrary: fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.boolean()).map(([n, object]) =>
      object ? `{${Array.from({ length: n }, (_, i) => `"k${i}":${i}`).join(',')}}` : `[${Array.from({ length: n }, (_, i) => i).join(',')}]`,
    ),
    weight: 1,
  },
  { arbitrary: fc.integer({ min: 0, max: 100_000 }).map((n) => `{"data":"${'x'.repeat(n)}"}`), weight: 1 },
  { arbitrary: fc.json({ maxDepth: 4 }).chain((t) => fc.nat({ max: t.length }).map((cut) => t.slice(0, cut))), weight: 1 },
  { arbitrary: oddString(200), weight: 2 },
);

/** Bytes of hostile JSON text, or raw bytes that may not be UTF-8 at all. */
export const hostilePayload: fc.Arbitrary<Uint8Array> = fc.oneof(
  { arbitrary: hostileJsonText.map((t) => new TextEncoder().encode(t)), weight: 5 },
  { arbitrary: fc.uint8Array({ maxLength: 300 }), weight: 1 },
  { arbitrary: fc.constantFrom(new Uint8Array([0xff, 0xfe, 0x41]), new Uint8Array([0xc3, 0x28]), new Uint8Array([0xed, 0xa0, 0x80]), new Uint8Array(0)), weight: 1 },
);
