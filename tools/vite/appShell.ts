/**
 * The build's installable shell: a Content-Security-Policy for the page, and a service worker that caches
 * the app shell (index.html and every file of the bundle) so the page opens with no network. Paths are
 * relative, so the same dist/ works from any sub-path of a static host.
 */
import type { Plugin } from 'vite';

/**
 * What the page may load: its own scripts and styles only, connections to brokers over ws: and wss: (and
 * http(s): for the probe that tells a wrong WebSocket path from a dead host), images it draws itself.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // React and recharts set style attributes; no stylesheet comes from elsewhere
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  'connect-src ws: wss: http: https:',
  // blob: for mqtt.js's keep-alive timers, which run in a worker made from a blob (background tabs
  // throttle the page's own timers): blocked, mqtt.js never pinged during a flood and brokers dropped us
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

/** The service worker, given the files to cache (relative to its own location). */
export function serviceWorkerSource(files: string[], version: string): string {
  return `// mqttscope's service worker: the app shell from the cache when the network is gone.
const CACHE = 'mqttscope-shell-${version}';
const FILES = ${JSON.stringify(['./', ...files])};

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('mqttscope-shell-') && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // the page itself: the network first (a new version, launch links), the cached shell without one
    event.respondWith(fetch(request).catch(() => caches.match('./', { ignoreSearch: true }).then((hit) => hit || Response.error())));
    return;
  }
  // the bundle's files never change under one name: the cache first
  event.respondWith(caches.match(request, { ignoreSearch: true }).then((hit) => hit || fetch(request)));
});
`;
}

export function appShell(): Plugin {
  return {
    name: 'mqttscope-app-shell',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }],
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((name) => !name.endsWith('.map'))
        .map((name) => `./${name}`);
      files.push('./favicon.svg', './manifest.webmanifest', './icon-192.png', './icon-512.png');
      const version = Date.now().toString(36);
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: serviceWorkerSource(files, version) });
    },
  };
}
