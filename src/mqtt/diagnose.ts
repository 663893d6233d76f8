/**
 * Why a connection attempt failed, in words. Browsers hide the cause of a WebSocket failure (every one is
 * "close code 1006"), so the dashboard gathers what it can see: whether the WebSocket opened, whether a
 * CONNACK came, how long it took, and whether a plain HTTP request to the same place gets an answer.
 */
import { PUBLIC_BROKERS } from './brokerUrl';

/** What a plain HTTP request to the broker's host and port found. */
export type ProbeResult = 'answered' | 'no-answer' | 'not-run';

export interface AttemptFacts {
  url: string;
  /** The WebSocket handshake completed. */
  socketOpened: boolean;
  /** The broker answered CONNECT. */
  connackReceived: boolean;
  /** An error the client reported (Node socket errors carry codes such as ECONNREFUSED). */
  errorMessage?: string;
  errorCode?: string;
  /** The connect timeout ran out. */
  timedOut: boolean;
  connectTimeoutMs: number;
  probe: ProbeResult;
  protocolVersion: 4 | 5;
}

export interface Explanation {
  reason: string;
  hint?: string;
}

const PATH_HINT = 'HiveMQ and EMQX serve MQTT at the path /mqtt, RabbitMQ at /ws, NATS at /mqtt; mosquitto accepts any path.';

/** Explains a failed attempt (no CONNACK). */
export function explainFailedAttempt(facts: AttemptFacts): Explanation {
  const url = safeUrl(facts.url);
  const where = url ? url.host : facts.url;
  if (facts.socketOpened && !facts.connackReceived) {
    if (facts.timedOut) {
      return {
        reason: `The WebSocket to ${where} opened, but the broker did not answer CONNECT within ${seconds(facts.connectTimeoutMs)}.`,
        hint: 'Is this an MQTT WebSocket endpoint? Some servers accept any WebSocket.',
      };
    }
    return {
      reason: `The broker at ${where} closed the connection before answering CONNECT (no CONNACK).`,
      hint:
        facts.protocolVersion === 5
          ? 'Brokers do this for wrong credentials or an MQTT version they do not speak: try MQTT 3.1.1, and check the user name and password.'
          : 'Brokers such as RabbitMQ do this for a wrong user name or password, or a client ID they refuse.',
    };
  }
  if (facts.errorCode === 'ECONNREFUSED') {
    return { reason: `Connection refused at ${where}: nothing listens on that port.`, hint: 'Is the broker running, and is the port right?' };
  }
  if (facts.errorCode === 'ENOTFOUND' || facts.errorCode === 'EAI_AGAIN') {
    return { reason: `The host name "${url?.hostname ?? where}" could not be resolved.`, hint: 'Check the spelling of the host.' };
  }
  if (facts.timedOut) {
    return {
      reason: `No answer from ${where} within ${seconds(facts.connectTimeoutMs)}.`,
      hint: 'The host may be unreachable or a firewall may drop the connection.',
    };
  }
  if (facts.probe === 'answered') {
    const path = url?.pathname && url.pathname !== '/' ? url.pathname : '/';
    const known = url ? PUBLIC_BROKERS.find((b) => b.host === url.hostname) : undefined;
    const expected = known ? (url?.protocol === 'wss:' ? known.wss : known.ws) : undefined;
    return {
      reason: `A web server answers at ${where}, but it refused the WebSocket upgrade at the path "${path}".`,
      hint: expected
        ? `${known?.name} listens at ${url?.protocol}//${known?.host}:${expected.port}${expected.path}.`
        : `Check the path and the port. ${PATH_HINT}`,
    };
  }
  // The browser hides why a WebSocket failed: a name that does not resolve, a closed port and an untrusted
  // certificate all look alike. Say what can be checked, in that order, and claim none of them.
  if (url?.protocol === 'wss:') {
    return {
      reason: `Could not open a secure WebSocket to ${where}: the host name may not exist, nothing may listen on port ${url.port || '443'}, or the browser may not trust the broker's certificate.`,
      hint: `Check the spelling of "${url.hostname}" and the port first. If both are right and the broker uses a self-signed or private certificate, open https://${where}/ in a new tab once, accept the certificate, then connect again.`,
    };
  }
  return {
    reason: `Could not reach ${where}: the host name may not exist, or nothing accepts connections on that port.`,
    hint: `Check the spelling of "${url?.hostname ?? where}" and the port. Is the broker running with a WebSocket listener there?`,
  };
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

function safeUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/**
 * Opens a WebSocket to the broker's URL and closes it at once, sending nothing: whether something there
 * takes WebSocket connections right now (a broker that was killed or is restarting does not).
 */
export function probeWebSocket(wsUrl: string, timeoutMs = 1_000): Promise<ProbeResult> {
  if (typeof WebSocket !== 'function' || !/^wss?:/i.test(wsUrl)) return Promise.resolve('not-run');
  return new Promise((resolve) => {
    let socket: WebSocket;
    try {
      socket = new WebSocket(wsUrl, ['mqtt']);
    } catch {
      return resolve('not-run');
    }
    const settle = (result: ProbeResult) => {
      clearTimeout(timer);
      socket.onopen = socket.onerror = socket.onclose = null;
      if (socket.readyState <= 1) socket.close();
      resolve(result);
    };
    const timer = setTimeout(() => settle('no-answer'), timeoutMs);
    socket.onopen = () => settle('answered');
    socket.onerror = socket.onclose = () => settle('no-answer');
  });
}

/**
 * Asks the broker's host and port for anything over HTTP(S). An opaque answer means a web server is there
 * (so the WebSocket failed on its path or protocol); a network error means nothing answered.
 */
export async function probeHttp(wsUrl: string, timeoutMs = 3_000): Promise<ProbeResult> {
  if (typeof fetch !== 'function') return 'not-run';
  const url = safeUrl(wsUrl);
  if (!url) return 'not-run';
  const httpUrl = `${url.protocol === 'wss:' ? 'https:' : 'http:'}//${url.host}${url.pathname}`;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    await fetch(httpUrl, { mode: 'no-cors', cache: 'no-store', signal: controller.signal, credentials: 'omit' });
    return 'answered';
  } catch {
    return 'no-answer';
  } finally {
    clearTimeout(timer);
  }
}
