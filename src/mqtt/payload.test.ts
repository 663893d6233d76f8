import { describe, expect, it } from 'vitest';
import {
  decodeUtf8,
  detectPayloadKind,
  formatBytes,
  fromBase64,
  fromHex,
  previewPayload,
  toBase64,
  toHex,
} from './payload';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('payload decoding', () => {
  it('decodes UTF-8 and refuses what is not', () => {
    expect(decodeUtf8(bytes('21.5 °C'))).toBe('21.5 °C');
    expect(decodeUtf8(new Uint8Array([0xff, 0xfe, 0x00]))).toBeNull();
    expect(decodeUtf8(new Uint8Array([0xc3]))).toBeNull(); // a cut two-byte character
  });

  it.each([
    [new Uint8Array(), 'empty'],
    [bytes('{"a":1}'), 'json'],
    [bytes('  [1,2]'), 'json'],
    [bytes('{not json'), 'text'],
    [bytes('Online'), 'text'],
    [bytes('21.5'), 'text'],
    [new Uint8Array([0xde, 0xad, 0xbe, 0xef]), 'binary'],
    [new Uint8Array([0x00, 0x01, 0x41]), 'binary'],
  ] as const)('kind of %j is %s', (payload, kind) => {
    expect(detectPayloadKind(payload)).toBe(kind);
  });

  it('does not hand JSON nested 10,000 deep to JSON.parse: it opens in the JSON view, which says it is too deep', () => {
    expect(detectPayloadKind(bytes('['.repeat(10_000) + ']'.repeat(10_000)))).toBe('json');
    expect(detectPayloadKind(bytes('['.repeat(10_000)))).toBe('json'); // unparsed, so even unbalanced: the JSON view tells
    expect(detectPayloadKind(bytes('['.repeat(256) + ']'.repeat(256)))).toBe('json');
  });

  it('previews text on one line', () => {
    expect(previewPayload(bytes('a\nb'))).toEqual({ text: 'a ⏎ b', binary: false, truncated: false });
  });

  it('previews bytes that are not text as hex', () => {
    const preview = previewPayload(new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x00]));
    expect(preview).toEqual({ text: 'de ad be ef 00', binary: true, truncated: false });
  });

  it('keeps HTML as the characters it is made of', () => {
    expect(previewPayload(bytes('<img src=x onerror=alert(1)>')).text).toBe('<img src=x onerror=alert(1)>');
  });

  it('cuts big payloads without reading all of them, and says so', () => {
    const big = bytes('x'.repeat(5_000_000));
    const preview = previewPayload(big, 100);
    expect(preview.text).toHaveLength(100);
    expect(preview.truncated).toBe(true);
  });

  it('does not call text binary because a multi-byte character was cut at the preview limit', () => {
    const text = 'é'.repeat(1000); // 2,000 bytes; the preview reads 4 x 100 = 400, an even cut
    expect(previewPayload(bytes(`a${text}`), 100).binary).toBe(false);
  });

  it('formats hex, base64 and sizes', () => {
    expect(toHex(new Uint8Array([0, 15, 255]))).toBe('00 0f ff');
    expect(toHex(new Uint8Array([1, 2, 3]), 2)).toBe('01 02');
    expect(toBase64(bytes('hello'))).toBe('aGVsbG8=');
    expect(Array.from(fromBase64('aGVsbG8') ?? [])).toEqual(Array.from(bytes('hello')));
    expect(fromBase64('not base64!')).toBeNull();
    expect(Array.from(fromHex('de ad 0xBE,ef') as Uint8Array)).toEqual([0xde, 0xad, 0xbe, 0xef]);
    expect(fromHex('abc')).toMatch(/odd number/);
    expect(fromHex('zz')).toMatch(/"z" is not a hex digit/);
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1500)).toBe('1.5 kB');
    expect(formatBytes(2_000_000)).toBe('2.0 MB');
  });
});
