import { describe, expect, it } from 'vitest';
import { explainFailedAttempt, type AttemptFacts } from './diagnose';

const facts = (f: Partial<AttemptFacts>): AttemptFacts => ({
  url: 'ws://broker.local:9001/mqtt',
  socketOpened: false,
  connackReceived: false,
  timedOut: false,
  connectTimeoutMs: 10_000,
  probe: 'no-answer',
  protocolVersion: 4,
  ...f,
});

describe('explainFailedAttempt', () => {
  it('says the broker closed before CONNACK, with the likely causes', () => {
    expect(explainFailedAttempt(facts({ socketOpened: true }))).toEqual({
      reason: 'The broker at broker.local:9001 closed the connection before answering CONNECT (no CONNACK).',
      hint: expect.stringMatching(/RabbitMQ .* wrong user name or password/),
    });
    expect(explainFailedAttempt(facts({ socketOpened: true, protocolVersion: 5 })).hint).toMatch(/try MQTT 3\.1\.1/);
  });
  it('says when the WebSocket opened but nobody answered CONNECT', () => {
    expect(explainFailedAttempt(facts({ socketOpened: true, timedOut: true })).reason).toMatch(/did not answer CONNECT within 10 s/);
  });
  it('tells a wrong path from a dead host by the HTTP probe', () => {
    expect(explainFailedAttempt(facts({ probe: 'answered' }))).toEqual({
      reason: 'A web server answers at broker.local:9001, but it refused the WebSocket upgrade at the path "/mqtt".',
      hint: expect.stringMatching(/HiveMQ and EMQX serve MQTT at the path \/mqtt/),
    });
    expect(explainFailedAttempt(facts({ url: 'ws://broker.hivemq.com:8000/', probe: 'answered' })).hint).toBe(
      'HiveMQ public broker listens at ws://broker.hivemq.com:8000/mqtt.',
    );
    expect(explainFailedAttempt(facts({})).reason).toMatch(/Could not reach broker\.local:9001/);
  });
  it('for wss://, names an unknown host before a certificate, and claims neither (a DNS failure is not a certificate problem)', () => {
    const { reason, hint } = explainFailedAttempt(facts({ url: 'wss://no-such-host.invalid:8884/mqtt' }));
    expect(reason).toMatch(/^Could not open a secure WebSocket to no-such-host\.invalid:8884: the host name may not exist/);
    expect(hint).toMatch(/^Check the spelling of "no-such-host\.invalid" and the port first\. If both are right .* open https:\/\/no-such-host\.invalid:8884\/ in a new tab once/);
  });
  it('reads Node socket error codes and timeouts', () => {
    expect(explainFailedAttempt(facts({ errorCode: 'ECONNREFUSED' })).reason).toMatch(/Connection refused at broker\.local:9001/);
    expect(explainFailedAttempt(facts({ errorCode: 'ENOTFOUND' })).reason).toMatch(/"broker\.local" could not be resolved/);
    expect(explainFailedAttempt(facts({ timedOut: true })).reason).toMatch(/No answer from broker\.local:9001 within 10 s/);
  });
});
