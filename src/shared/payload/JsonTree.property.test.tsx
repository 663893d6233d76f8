/**
 * The JSON renderer over 100,000 hostile payloads: parsing for the view, the error position, the tree
 * (rendered to markup, opened 3 levels deep), the preview of a part too deep for it and the flattened
 * leaves never throw, stay within their bounds, and no case takes 200 ms.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { checkEvery, describeFigures, hostilePayload } from '../../../tools/testing/property';
import { flattenJson, jsonErrorPosition, jsonPreview, MAX_JSON_LEAVES, parseJsonForView } from '../../data/json';
import { decodeUtf8 } from '../../mqtt/payload';
import { JsonTree } from './JsonTree';

describe('JSON renderer, property', () => {
  it('renders any payload without a throw, bounded, each case under 200 ms', () => {
    const figures = checkEvery(hostilePayload, (bytes) => {
      const text = decodeUtf8(bytes);
      if (text === null) return; // not UTF-8: the viewer shows hex, never JSON
      const parsed = parseJsonForView(text);
      if (parsed.kind !== 'json') {
        expect(typeof (jsonErrorPosition(text) ?? '')).toBe('string');
        return;
      }
      const preview = jsonPreview(parsed.value, 500);
      expect(preview.length).toBeLessThanOrEqual(501);
      expect(flattenJson(parsed.value).size).toBeLessThanOrEqual(MAX_JSON_LEAVES);
      const markup = renderToStaticMarkup(<JsonTree value={parsed.value} openDepth={3} onChart={() => {}} />);
      expect(markup).not.toContain('<script');
    });
    console.info(describeFigures('JSON renderer', figures));
  });
});
