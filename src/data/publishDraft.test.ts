import { describe, expect, it } from 'vitest';
import { applyPlaceholders, draftToRequest, EMPTY_DRAFT, encodePayload, type PublishDraft } from './publishDraft';

const draft = (d: Partial<PublishDraft>): PublishDraft => ({ ...EMPTY_DRAFT, ...d });

describe('publish drafts', () => {
  it('encodes each payload format, and says where input goes wrong', () => {
    expect(encodePayload('hi', 'text')).toEqual({ ok: true, payload: 'hi' });
    expect(encodePayload('{"a":1}', 'json')).toEqual({ ok: true, payload: '{"a":1}' });
    expect(encodePayload('{"a":}', 'json')).toEqual({ ok: false, error: 'Not valid JSON: Expected a value but found "}" at line 1, column 6.' });
    expect(encodePayload('de ad', 'hex')).toEqual({ ok: true, payload: new Uint8Array([0xde, 0xad]) });
    expect(encodePayload('xyz', 'hex')).toEqual({ ok: false, error: '"x" is not a hex digit (0-9, a-f).' });
    expect(encodePayload('aGk=', 'base64')).toEqual({ ok: true, payload: new Uint8Array([0x68, 0x69]) });
    expect(encodePayload('a*b', 'base64').ok).toBe(false);
  });

  it('fills placeholders', () => {
    const now = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6));
    expect(applyPlaceholders('{"n":{{n}},"at":"{{now}}","ts":{{ts}}}', 7, now)).toBe('{"n":7,"at":"2026-01-02T03:04:05.006Z","ts":1767323045006}');
    expect(applyPlaceholders('no placeholders', 1, now)).toBe('no placeholders');
  });

  it.each([
    ['', /must not be empty/],
    ['a/+/b', /wildcards/],
    ['a/#', /wildcards/],
    ['x\u0000y', /null character/],
    ['t'.repeat(65_536), /at most 65,535 bytes/],
  ])('refuses the topic %j', (topic, message) => {
    const result = draftToRequest(draft({ topic }), 4);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.topic).toMatch(message);
  });

  it('warns about $-topics but lets them through', () => {
    const result = draftToRequest(draft({ topic: '$SYS/x' }), 4);
    expect(result.ok && result.warning).toMatch(/reserved/);
  });

  it('builds MQTT 5 properties only for MQTT 5', () => {
    const d = draft({
      topic: 'a',
      payload: '{{n}}',
      qos: 1,
      properties: {
        contentType: 'text/plain',
        utf8: true,
        expirySec: 30,
        responseTopic: 'a/reply',
        correlationData: 'req-1',
        userProperties: [{ key: 'k', value: 'v' }],
        topicAlias: 3,
      },
    });
    const v4 = draftToRequest(d, 4, 5);
    expect(v4.ok && v4.request).toEqual({ topic: 'a', payload: '5', qos: 1, retain: false });
    const v5 = draftToRequest(d, 5, 5);
    expect(v5.ok && v5.request.properties).toEqual({
      contentType: 'text/plain',
      payloadFormatIndicator: true,
      messageExpiryInterval: 30,
      responseTopic: 'a/reply',
      correlationData: new TextEncoder().encode('req-1'),
      userProperties: { k: 'v' },
      topicAlias: 3,
    });
    const bad = draftToRequest(draft({ topic: 'a', properties: { ...d.properties, responseTopic: 'a/#', topicAlias: 0 } }), 5);
    expect(!bad.ok && bad.errors).toMatchObject({ responseTopic: expect.stringMatching(/wildcards/), topicAlias: expect.stringMatching(/1 to 65,535/) });
  });
});
