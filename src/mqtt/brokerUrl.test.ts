import { describe, expect, it } from 'vitest';
import { checkBrokerUrl, mixedContentProblem, suggestSecureUrl } from './brokerUrl';

describe('checkBrokerUrl', () => {
  it.each(['ws://127.0.0.1:9001', 'wss://broker.hivemq.com:8884/mqtt', 'ws://[::1]:9001/ws', ' ws://host '])('accepts %j', (url) => {
    expect(checkBrokerUrl(url).ok).toBe(true);
  });
  it.each([
    ['', /Enter the broker's WebSocket URL/],
    ['127.0.0.1:9001', /has no scheme: write ws:\/\/127\.0\.0\.1:9001/],
    ['mqtt://test.mosquitto.org:1883', /Browsers cannot open plain MQTT.*ws:\/\/test\.mosquitto\.org:8080/],
    ['tcp://localhost:1883', /Browsers cannot open plain MQTT/],
    ['https://broker.emqx.io:8084/mqtt', /Use wss:\/\/ instead of https:.*wss:\/\/broker\.emqx\.io:8084\/mqtt/],
    ['ftp://x', /Unsupported scheme "ftp:"/],
    ['ws://', /not a valid URL/],
    ['ws://user:password@host:9001', /carries a user name or password: put them in the Username and Password fields/],
    ['wss://alice@host/mqtt', /carries a user name or password/],
    ['javascript:alert(1)', /Unsupported scheme "javascript:"/],
  ])('rejects %j', (url, message) => {
    const check = checkBrokerUrl(url);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.error).toMatch(message);
  });
});

describe('mixed content', () => {
  it('flags ws:// from an https page, except to loopback', () => {
    expect(mixedContentProblem('ws://test.mosquitto.org:8080', 'https:')).toMatch(/mixed content.*wss:\/\/test\.mosquitto\.org:8081/);
    expect(mixedContentProblem('ws://127.0.0.1:9001', 'https:')).toBeNull();
    expect(mixedContentProblem('wss://x', 'https:')).toBeNull();
    expect(mixedContentProblem('ws://x', 'http:')).toBeNull();
  });
  it('suggests the secure port of known brokers', () => {
    expect(suggestSecureUrl('ws://broker.hivemq.com:8000/mqtt')).toBe('wss://broker.hivemq.com:8884/mqtt');
    expect(suggestSecureUrl('ws://my.host:9001/mqtt')).toBe('wss://my.host:9001/mqtt');
  });
});
