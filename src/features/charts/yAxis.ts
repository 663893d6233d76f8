/** A value axis: round ticks over the data's range, labels with just the decimals the step needs, and the width they take. */
export interface ValueAxis {
  domain: [number, number];
  ticks: number[];
  format(value: number): string;
  /** Pixels the tick labels need beside the plot. */
  width: number;
}

const STEPS = [1, 2, 2.5, 5, 10];
/** Roughly the width of one digit of the 11 px tick font. */
const CHAR_PX = 6.6;

/** About `count` round ticks covering [min, max]. */
export function valueAxis(min: number, max: number, count = 5): ValueAxis {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return valueAxis(0, 1, count);
  if (min === max) {
    const room = Math.abs(min) / 100 || 1;
    return valueAxis(min - room, max + room, count);
  }
  const rough = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = (STEPS.find((s) => s * magnitude >= rough) ?? 10) * magnitude;
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9) + (Number.isInteger(Math.round((step / magnitude) * 10) / 10) ? 0 : 1));
  const format = (value: number) => (Object.is(Number(value.toFixed(decimals)), -0) ? 0 : value).toFixed(decimals);
  const ticks: number[] = [];
  for (let i = 0; lo + i * step <= hi + step / 1e6; i++) ticks.push(Number((lo + i * step).toFixed(decimals + 2)));
  const width = Math.ceil(Math.max(...ticks.map((t) => format(t).length)) * CHAR_PX + 14);
  return { domain: [ticks[0] as number, ticks.at(-1) as number], ticks, format, width: Math.max(36, width) };
}
