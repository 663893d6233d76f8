// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { svgDataUrl } from './chartImage';

describe('svgDataUrl', () => {
  it('serializes the chart with its namespace, escaped for a data URL', () => {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    const text = document.createElementNS('http://www.w3.org/2000/svg', 'text');
    text.textContent = '21 °C & <hot>';
    svg.append(text);
    const url = svgDataUrl(svg);
    expect(url.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true);
    const xml = decodeURIComponent(url.slice(url.indexOf(',') + 1));
    expect(xml).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(xml).toContain('21 °C &amp; &lt;hot&gt;');
    expect(svg.getAttribute('xmlns')).toBeNull(); // the page's own element is left alone
  });
});
