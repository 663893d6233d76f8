import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { JsonTree } from './JsonTree';

const rowsOf = (markup: string) => (markup.match(/aria-label="Chart /g) ?? []).length;

describe('JsonTree', () => {
  it('opens rows by itself only up to a budget: 200 arrays of 200 numbers open the first few, not 40,000 rows', () => {
    const wide = Array.from({ length: 200 }, () => Array.from({ length: 200 }, (_, i) => i));
    const markup = renderToStaticMarkup(<JsonTree value={wide} onChart={() => {}} />);
    expect(rowsOf(markup)).toBeGreaterThan(0);
    expect(rowsOf(markup)).toBeLessThanOrEqual(1_000);
    expect(markup).toContain('[200]');
  });

  it('opens a small document to the depth asked', () => {
    const markup = renderToStaticMarkup(<JsonTree value={{ a: { b: 1, c: [2, 3] } }} openDepth={3} onChart={() => {}} />);
    expect(rowsOf(markup)).toBe(3);
  });
});
