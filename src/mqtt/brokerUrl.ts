/**
 * Broker URLs as a browser can use them: MQTT over WebSocket, ws:// or wss://.
 */

export interface KnownBroker {
  host: string;
  name: string;
  ws: { port: number; path: string };
  wss: { port: number; path: string };
  note?: string;
}

/** Public brokers people try first, with the ports and paths their WebSocket listeners use. */
export const PUBLIC_BROKERS: readonly KnownBroker[] = [
  {
    host: 'test.mosquitto.org',
    name: 'test.mosquitto.org',
    ws: { port: 8080, path: '' },
    wss: { port: 8081, path: '' },
    note: 'It refuses a "#" subscription unless the user name is "wildcard", and then serves it only briefly.',
  },
  { host: 'broker.hivemq.com', name: 'HiveMQ public broker', ws: { port: 8000, path: '/mqtt' }, wss: { port: 8884, path: '/mqtt' } },
  { host: 'broker.emqx.io', name: 'EMQX public broker', ws: { port: 8083, path: '/mqtt' }, wss: { port: 8084, path: '/mqtt' } },
];

export type BrokerUrlCheck = { ok: true; url: URL } | { ok: false; error: string };

/** Checks that a broker URL is something a browser can open. The error says how to fix it. */
export function checkBrokerUrl(input: string): BrokerUrlCheck {
  const text = input.trim();
  if (text.length === 0) return { ok: false, error: 'Enter the broker\'s WebSocket URL, such as ws://127.0.0.1:9001.' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    if (!/^[a-z]+:\/\//i.test(text)) {
      return { ok: false, error: `"${text}" has no scheme: write ws://${text} (or wss:// for TLS).` };
    }
    return { ok: false, error: `"${text}" is not a valid URL.` };
  }
  const scheme = url.protocol;
  if (scheme === 'mqtt:' || scheme === 'tcp:' || scheme === 'mqtts:' || scheme === 'ssl:' || scheme === 'tls:') {
    const known = PUBLIC_BROKERS.find((b) => b.host === url.hostname);
    const hint = known ? ` For ${known.host}: ws://${known.host}:${known.ws.port}${known.ws.path}.` : '';
    return {
      ok: false,
      error: `Browsers cannot open plain MQTT (${scheme}//) connections; use the broker's WebSocket listener, ws:// or wss://.${hint}`,
    };
  }
  if (scheme === 'http:' || scheme === 'https:') {
    const ws = scheme === 'https:' ? 'wss' : 'ws';
    return { ok: false, error: `Use ${ws}:// instead of ${scheme}// for an MQTT WebSocket listener: ${ws}://${url.host}${url.pathname === '/' ? '' : url.pathname}.` };
  }
  if (scheme !== 'ws:' && scheme !== 'wss:') {
    return { ok: false, error: `Unsupported scheme "${scheme}": use ws:// or wss://.` };
  }
  if (url.hostname.length === 0) return { ok: false, error: 'The URL needs a host name.' };
  if (url.username || url.password) {
    return {
      ok: false,
      error: 'This URL carries a user name or password: put them in the Username and Password fields instead (in a URL they end up in the connection log, the sidebar and exported files).',
    };
  }
  return { ok: true, url };
}

/**
 * The mixed-content problem: an https page may not open ws://. Returns the sentence to show, or null.
 * Browsers allow ws:// to localhost from https pages, so loopback hosts pass.
 */
export function mixedContentProblem(url: string, pageProtocol: string): string | null {
  if (pageProtocol !== 'https:' || !url.startsWith('ws://')) return null;
  const host = safeHostname(url);
  if (host === 'localhost' || host === '127.0.0.1' || host === '[::1]') return null;
  const wss = suggestSecureUrl(url);
  return `This page was loaded over https, and browsers block ws:// connections from https pages (mixed content). Use wss://${wss ? `, e.g. ${wss}` : ''}.`;
}

/** The wss:// equivalent of a ws:// URL, using the known port of a public broker when there is one. */
export function suggestSecureUrl(url: string): string | null {
  if (!url.startsWith('ws://')) return null;
  try {
    const parsed = new URL(url);
    const known = PUBLIC_BROKERS.find((b) => b.host === parsed.hostname);
    if (known) return `wss://${known.host}:${known.wss.port}${known.wss.path}`;
    return `wss://${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
  } catch {
    return null;
  }
}

function safeHostname(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
