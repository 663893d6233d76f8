import { describe, expect, it } from 'vitest';
import { describeConnackCode, describeReasonCode, describeSubackCode, hexCode, isFailureCode } from './reasonCodes';

describe('reason codes in words', () => {
  it.each([
    [1, /Unacceptable protocol version/],
    [2, /Client identifier rejected/],
    [3, /Server unavailable/],
    [4, /Bad user name or password \(return code 4\)/],
    [5, /Not authorized/],
  ])('MQTT 3.1.1 CONNACK %i', (code, words) => {
    expect(describeConnackCode(code, 4)).toMatch(words);
  });

  it.each([
    [0x85, 'Client identifier not valid (0x85)'],
    [0x86, 'Bad user name or password (0x86)'],
    [0x87, 'Not authorized (0x87)'],
    [0x8a, 'Banned: the broker refuses this client (0x8A)'],
    [0x9c, 'Use another server (0x9C)'],
    [0x97, 'Quota exceeded (0x97)'],
  ])('MQTT 5 reason 0x%s', (code, words) => {
    expect(describeConnackCode(code, 5)).toBe(words);
  });

  it('covers every reason code from 0x80 to 0x9F with words', () => {
    for (let code = 0x80; code <= 0x9f; code++) {
      expect(describeReasonCode(code)).not.toMatch(/^Reason code/);
    }
    expect(describeReasonCode(0x7e)).toBe('Reason code 0x7E');
  });

  it('reads SUBACK entries in both versions', () => {
    expect(describeSubackCode(1, 4)).toBe('Granted QoS 1');
    expect(describeSubackCode(0x80, 4)).toMatch(/Refused by the broker/);
    expect(describeSubackCode(0x87, 5)).toBe('Refused: Not authorized (0x87)');
    expect(isFailureCode(0x80)).toBe(true);
    expect(isFailureCode(0x02)).toBe(false);
    expect(hexCode(4)).toBe('0x04');
  });
});
