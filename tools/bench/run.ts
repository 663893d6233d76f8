/**
 * (Over 300 lines: one script that runs every case side by side, so the figures share one run.)
 * npm run bench [-- --quick] [--only flood,windows,steady,charts,history,stored,home,heap] [--rounds N (flood rounds)] [--sizes 800x600,390x844] [--no-build]
 *
 * Starts mosquitto (websockets listener, max_queued_messages 0) on loopback, serves the production build,
 * and launches headless Chromium itself (no DevTools attached during the load, so nothing instruments the
 * WebSocket frames). Two pages get the same loads, one after the other, in one run:
 *   bare: the same mqtt.js over WebSocket with a handler that only counts (the ceiling);
 *   app:  mqttscope with the message log, the topic tree and the status bar visible.
 * Each page measures itself (tools/bench/pages/probe.js) and reports back over HTTP.
 * Results are printed and written to bench-results/bench-<time>.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { CHROMIUM_ARGS, chromiumExecutable } from '../browser';
import { startMosquitto } from '../mosquitto';
import { freePort } from '../ports';
import { gzipSync } from 'node:zlib';
import { downsampleCaches, readWindow, SeriesBuffer } from '../../src/data/series';
import { connectPublisher, flood, steady, steadyNumbers } from './publisher';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string', default: 'flood,windows,steady,charts,history,stored,home,heap' },
    'no-build': { type: 'boolean', default: false },
    rounds: { type: 'string' },
    sizes: { type: 'string' },
  },
});
const QUICK = args.quick;
const CASES = new Set(args.only.split(','));
const FLOOD_COUNT = QUICK ? 30_000 : 100_000;
const FLOOD_TOPICS = 1_000;
const FLOOD_ROUNDS = args.rounds ? Math.max(1, Number(args.rounds)) : QUICK ? 1 : 3;
const STEADY_RATE = 2_000;
const STEADY_SECONDS = QUICK ? 12 : 30;
const STEADY_WARMUP_MS = 5_000;
const HEAP_TOPICS = 10_000;
const HEAP_EARLY_S = QUICK ? 20 : 60;
const HEAP_LATE_S = QUICK ? 60 : 300;
const CHART_SERIES = 20;
const CHART_RATE_PER_SERIES = 200;
const CHART_HISTORY_MS = 10 * 60_000;
const CHART_SECONDS = QUICK ? 20 : 60;
/** The flood again in the windows people open the app in: wide, a projector, a phone. */
const WINDOW_SIZES: Array<[number, number]> = args.sizes
  ? args.sizes.split(',').map((s) => s.split('x').map(Number) as [number, number])
  : [
      [1440, 900],
      [800, 600],
      [390, 844],
    ];
/** Tiles of the Home case, each with its discovery config and its own state topic. */
const HOME_TILES = 500;
/** Chart points stored for the 24 h panel of the history case. */
const STORED_POINTS = 1_000_000;
const WINDOW_ROUNDS = args.rounds ? Math.max(1, Number(args.rounds)) : QUICK ? 1 : 2;

type Report = Record<string, number | boolean | string | null>;

const log = (line: string) => console.log(`[bench] ${line}`);

// ---------------------------------------------------------------- server
const reports = new Map<string, Report>();
const pendingGc = new Map<string, { token: string; resolve: (r: Report) => void }>();

const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.map': 'application/json' };

function send(res: ServerResponse, status: number, body: string | Buffer, type = 'text/plain') {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => resolve(body));
  });
}

const here = new URL('.', import.meta.url).pathname;
const server = createServer((req, res) => {
  void (async () => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'POST' && url.pathname === '/bench/report') {
      const report = JSON.parse(await readBody(req)) as Report;
      const page = String(report.page);
      const waiting = pendingGc.get(page);
      if (report.gcDone && waiting && report.gcDone === waiting.token) {
        pendingGc.delete(page);
        waiting.resolve(report);
        return send(res, 200, '{}', 'application/json');
      }
      reports.set(page, report);
      return send(res, 200, JSON.stringify(waiting ? { command: 'gc', token: waiting.token } : {}), 'application/json');
    }
    if (url.pathname === '/bench/probe.js') return send(res, 200, readFileSync(join(here, 'pages/probe.js')), MIME['.js']);
    if (url.pathname === '/bench/bare.html') return send(res, 200, readFileSync(join(here, 'pages/bare.html')), MIME['.html']);
    if (url.pathname === '/bench/mqtt.esm.js') return send(res, 200, readFileSync('node_modules/mqtt/dist/mqtt.esm.js'), MIME['.js']);
    if (url.pathname === '/' || url.pathname === '/index.html') {
      // The app, with the probe loaded before React so it can count commits.
      const html = readFileSync('dist/index.html', 'utf8').replace('<head>', '<head>\n    <script src="/bench/probe.js"></script>');
      return send(res, 200, html, MIME['.html']);
    }
    const file = normalize(join('dist', url.pathname));
    if (!file.startsWith('dist') || !existsSync(file)) return send(res, 404, 'not found');
    return send(res, 200, readFileSync(file), MIME[extname(file)] ?? 'application/octet-stream');
  })();
});

// ---------------------------------------------------------------- browser
// Ctrl-C still runs the 'exit' handlers that close the browsers.
process.once('SIGINT', () => process.exit(130));
interface Browser {
  process: ChildProcess;
  dir: string;
  close(): Promise<void>;
}

function launch(url: string, size: [number, number] = [1440, 900]): Browser {
  const executable = chromiumExecutable() ?? '/usr/bin/chromium';
  const dir = mkdtempSync(join(tmpdir(), 'mqttscope-bench-chromium-'));
  const child = spawn(
    executable,
    [
      ...CHROMIUM_ARGS,
      '--headless=new',
      `--user-data-dir=${dir}`,
      '--js-flags=--expose-gc',
      '--enable-precise-memory-info',
      `--window-size=${size[0]},${size[1]}`,
      '--disable-renderer-backgrounding',
      '--disable-background-timer-throttling',
      url,
    ],
    // its own process group, so closing it takes its helper processes too
    { stdio: 'ignore', detached: true },
  );
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);
  return {
    process: child,
    dir,
    async close() {
      process.off('exit', onExit);
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        killGroup('SIGTERM');
        await exited;
      }
      killGroup('SIGKILL');
      // Chromium's helper processes may still be writing for a moment.
      try {
        rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      } catch {
        log(`could not remove ${dir}`);
      }
    },
  };
}

async function until<T>(what: string, check: () => T | undefined | null | false, timeoutMs = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function requestGc(page: string): Promise<Report> {
  return new Promise((resolve) => pendingGc.set(page, { token: `${Date.now()}`, resolve }));
}

// ---------------------------------------------------------------- cases
type PageName = 'bare' | 'app' | 'app-nocapture' | 'charts-visible' | 'charts-hidden' | 'app-history' | 'history-points' | 'home-tiles';

async function openPage(page: PageName, brokerUrl: string, port: number, warmupMs: number, size?: [number, number]): Promise<Browser> {
  reports.delete(page);
  const base = `http://127.0.0.1:${port}`;
  const q = `broker=${encodeURIComponent(brokerUrl)}&subscribe=${encodeURIComponent('bench/#')}&bench=${page}&warmup=${warmupMs}`;
  const extra: Partial<Record<PageName, string>> = {
    app: '&layout=side-by-side',
    'app-nocapture': '&layout=side-by-side&capture=off',
    'charts-visible': `&view=charts&charts=${CHART_SERIES}&history=${CHART_HISTORY_MS}&rate=${CHART_RATE_PER_SERIES}`,
    'charts-hidden': `&view=messages&charts=${CHART_SERIES}&history=${CHART_HISTORY_MS}&rate=${CHART_RATE_PER_SERIES}`,
    'app-history': '&layout=side-by-side&keep=1',
    'history-points': `&view=charts&keep=1&points=${STORED_POINTS}`,
    'home-tiles': `&view=home&homePrefix=bench/ha&homeTiles=${HOME_TILES}`,
  };
  const url = page === 'bare' ? `${base}/bench/bare.html?${q}` : `${base}/?${q}&connect=1${extra[page] ?? ''}`;
  const browser = launch(url, size);
  await until(`${page} page subscribed`, () => reports.get(page)?.subscribed === true, 60_000);
  await sleep(1_000);
  return browser;
}

async function runFlood(page: PageName, brokerUrl: string, publisherUrl: string, port: number, size?: [number, number]) {
  const browser = await openPage(page, brokerUrl, port, 0, size);
  try {
    const publisher = await connectPublisher(publisherUrl);
    const sent = await flood(publisher, FLOOD_COUNT, FLOOD_TOPICS);
    await publisher.endAsync();
    const report = await until(`${page} to count ${FLOOD_COUNT}`, () => {
      const r = reports.get(page);
      return r && Number(r.count) >= FLOOD_COUNT ? r : null;
    }, 120_000).catch(async () => {
      await sleep(3_000);
      return reports.get(page) as Report;
    });
    await sleep(1_200);
    let final = reports.get(page) ?? report;
    if (page === 'app-history') {
      // every message stored (or counted as dropped), the writer's batches done
      final = await until(`${page} to store ${FLOOD_COUNT}`, () => {
        const r = reports.get(page);
        return r && Number(r.historyStored) >= FLOOD_COUNT ? r : null;
      }, 120_000).catch(() => reports.get(page) as Report);
    }
    const count = Number(final.count);
    const seconds = (Number(final.lastAt) - Number(final.firstAt)) / 1000;
    return {
      page,
      sent: FLOOD_COUNT,
      counted: count,
      publishSeconds: sent.ms / 1000,
      receiveSeconds: seconds,
      msgPerSec: (count - 1) / seconds,
      longestTaskMs: Number(final.longestTask),
      rows: { messages: Number(final.rowsMessages), packets: Number(final.rowsPackets), topics: Number(final.rowsTopics) },
      historyStored: final.historyStored === null ? null : Number(final.historyStored),
    };
  } finally {
    await browser.close();
  }
}

async function runSteady(page: PageName, brokerUrl: string, publisherUrl: string, port: number, topics = FLOOD_TOPICS) {
  const browser = await openPage(page, brokerUrl, port, STEADY_WARMUP_MS);
  try {
    const publisher = await connectPublisher(publisherUrl);
    await steady(publisher, STEADY_RATE, STEADY_SECONDS, topics);
    await publisher.endAsync();
    await sleep(2_500);
    const r = reports.get(page) as Report;
    return {
      page,
      counted: r.count,
      lagP50Ms: r.lagP50,
      lagP95Ms: r.lagP95,
      lagSamples: r.lagSamples,
      framesPerSecond: r.framesPerSecond,
      framesOver50Ms: r.framesOver50,
      longestFrameMs: r.longestFrame,
      longestTaskMs: r.longestTask,
      longTasks: r.longTasks,
      reactCommitsPerSecond: r.commitsPerSecond,
      reactCommitsPerFrame: r.commitsPerFrame,
      tilesInPage: r.tilesInPage,
    };
  } finally {
    await browser.close();
  }
}

async function runHeap(page: PageName, brokerUrl: string, publisherUrl: string, port: number) {
  const browser = await openPage(page, brokerUrl, port, 0);
  try {
    const publisher = await connectPublisher(publisherUrl);
    const load = steady(publisher, STEADY_RATE, HEAP_LATE_S + 2, HEAP_TOPICS);
    await sleep(HEAP_EARLY_S * 1000);
    const early = await requestGc(page);
    log(`${page}: heap after ${HEAP_EARLY_S} s: ${mb(early.heapAfterGc)} MB (${early.count} messages)`);
    await sleep((HEAP_LATE_S - HEAP_EARLY_S) * 1000);
    const late = await requestGc(page);
    log(`${page}: heap after ${HEAP_LATE_S} s: ${mb(late.heapAfterGc)} MB (${late.count} messages)`);
    await load;
    await publisher.endAsync();
    return {
      page,
      earlySeconds: HEAP_EARLY_S,
      lateSeconds: HEAP_LATE_S,
      heapEarlyMB: mb(early.heapAfterGc),
      heapLateMB: mb(late.heapAfterGc),
      ratio: Number(late.heapAfterGc) / Number(early.heapAfterGc),
      countedLate: late.count,
    };
  } finally {
    await browser.close();
  }
}

async function runCharts(page: PageName, brokerUrl: string, publisherUrl: string, port: number) {
  const browser = await openPage(page, brokerUrl, port, 5_000);
  try {
    const publisher = await connectPublisher(publisherUrl);
    const topics = Array.from({ length: CHART_SERIES }, (_, i) => `bench/c/${i}`);
    await steadyNumbers(publisher, topics, CHART_RATE_PER_SERIES, CHART_SECONDS);
    await publisher.endAsync();
    await sleep(1_500);
    const r = reports.get(page) as Report;
    const gc = await requestGc(page);
    return {
      page,
      counted: r.count,
      framesPerSecond: r.framesPerSecond,
      frameP50: r.frameP50,
      frameP95: r.frameP95,
      framesOver50Ms: r.framesOver50,
      longestTaskMs: r.longestTask,
      reactCommitsPerSecond: r.commitsPerSecond,
      chartRedrawsPerSecond: Number(r.chartRedraws) / Number(r.measuringFor),
      chartRedrawP50Ms: r.chartRedrawP50,
      chartRedrawP95Ms: r.chartRedrawP95,
      heapMB: mb(gc.heapAfterGc),
    };
  } finally {
    await browser.close();
  }
}

function mb(bytes: unknown): number {
  return Math.round((Number(bytes) / 1_000_000) * 10) / 10;
}

// ---------------------------------------------------------------- main
if (!args['no-build']) {
  log('building the app (vite build)...');
  await build({ logLevel: 'warn' });
}
const mosquitto = await startMosquitto();
const port = await freePort();
await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
log(`mosquitto ws ${mosquitto.wsUrl}, tcp ${mosquitto.tcpUrl}; pages at http://127.0.0.1:${port}; ${QUICK ? 'quick run' : 'full run'}`);

const results: Record<string, unknown> = {
  at: new Date().toISOString(),
  machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
  quick: QUICK,
};
try {
  if (CASES.has('flood')) {
    log(`(a) flood: ${FLOOD_COUNT.toLocaleString('en')} QoS 0 messages over ${FLOOD_TOPICS} topics, as fast as possible, ${FLOOD_ROUNDS} rounds alternating which page goes first`);
    type FloodResult = Awaited<ReturnType<typeof runFlood>>;
    const rounds: Array<{ bare: FloodResult; app: FloodResult; appNoCapture: FloodResult; ratio: number; ratioNoCapture: number }> = [];
    const pages: PageName[] = ['bare', 'app', 'app-nocapture'];
    for (let round = 0; round < FLOOD_ROUNDS; round++) {
      const order = [...pages.slice(round % 3), ...pages.slice(0, round % 3)];
      const got: Partial<Record<PageName, FloodResult>> = {};
      for (const page of order) got[page] = await runFlood(page, mosquitto.wsUrl, mosquitto.tcpUrl, port);
      const bare = got.bare as FloodResult;
      const app = got.app as FloodResult;
      const appNoCapture = got['app-nocapture'] as FloodResult;
      rounds.push({ bare, app, appNoCapture, ratio: app.msgPerSec / bare.msgPerSec, ratioNoCapture: appNoCapture.msgPerSec / bare.msgPerSec });
      log(
        `    round ${round + 1} (${order.join(', ')}): bare ${bare.msgPerSec.toFixed(0)} msg/s (${bare.counted}/${bare.sent}), app ${app.msgPerSec.toFixed(0)} (${app.counted}), app without capture ${appNoCapture.msgPerSec.toFixed(0)} (${appNoCapture.counted}); ratios ${(app.msgPerSec / bare.msgPerSec).toFixed(2)} / ${(appNoCapture.msgPerSec / bare.msgPerSec).toFixed(2)}`,
      );
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const allCounted = rounds.every((r) => [r.app, r.bare, r.appNoCapture].every((x) => x.counted === x.sent));
    const medianAppToCeiling = median(rounds.map((r) => r.ratio));
    const medianNoCaptureToCeiling = median(rounds.map((r) => r.ratioNoCapture));
    results.flood = { rounds, medianAppToCeiling, medianNoCaptureToCeiling, captureCost: 1 - medianAppToCeiling / medianNoCaptureToCeiling, allCounted };
    log(`    median ratio to the ceiling: app ${medianAppToCeiling.toFixed(2)}, app without capture ${medianNoCaptureToCeiling.toFixed(2)}`);
  }
  if (CASES.has('windows')) {
    log(`(a') the flood in windows of ${WINDOW_SIZES.map(([w, h]) => `${w}x${h}`).join(', ')}: ratio to the bare page, longest task, rows in the page`);
    type FloodResult = Awaited<ReturnType<typeof runFlood>>;
    const sizes = [];
    for (const size of WINDOW_SIZES) {
      const rounds: Array<{ bare: FloodResult; app: FloodResult }> = [];
      for (let round = 0; round < WINDOW_ROUNDS; round++) {
        const order: PageName[] = round % 2 ? ['app', 'bare'] : ['bare', 'app'];
        const got: Partial<Record<PageName, FloodResult>> = {};
        for (const page of order) got[page] = await runFlood(page, mosquitto.wsUrl, mosquitto.tcpUrl, port, size);
        rounds.push({ bare: got.bare as FloodResult, app: got.app as FloodResult });
      }
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
      const ratio = median(rounds.map((r) => r.app.msgPerSec / r.bare.msgPerSec));
      const appLongest = Math.max(...rounds.map((r) => r.app.longestTaskMs));
      const bareLongest = Math.max(...rounds.map((r) => r.bare.longestTaskMs));
      const rows = rounds.map((r) => r.app.rows).reduce((a, b) => ({ messages: Math.max(a.messages, b.messages), packets: Math.max(a.packets, b.packets), topics: Math.max(a.topics, b.topics) }));
      const allCounted = rounds.every((r) => r.app.counted === r.app.sent && r.bare.counted === r.bare.sent);
      sizes.push({ size: `${size[0]}x${size[1]}`, rounds, ratio, appLongestTaskMs: appLongest, bareLongestTaskMs: bareLongest, rows, allCounted });
      log(`    ${size[0]}x${size[1]}: ratio ${ratio.toFixed(2)}, longest task app ${appLongest.toFixed(0)} ms / bare ${bareLongest.toFixed(0)} ms, rows in the page: messages ${rows.messages}, topics ${rows.topics}, packets ${rows.packets}${allCounted ? '' : ', NOT every message counted'}`);
    }
    results.windows = sizes;
  }
  if (CASES.has('steady')) {
    log(`(b) steady: ${STEADY_RATE} msg/s for ${STEADY_SECONDS} s over ${FLOOD_TOPICS} topics (first ${STEADY_WARMUP_MS / 1000} s are warm-up)`);
    const bare = await runSteady('bare', mosquitto.wsUrl, mosquitto.tcpUrl, port);
    const app = await runSteady('app', mosquitto.wsUrl, mosquitto.tcpUrl, port);
    results.steady = { bare, app, p95AboveBareMs: Number(app.lagP95Ms) - Number(bare.lagP95Ms) };
    log(`    lag p50/p95: bare ${bare.lagP50Ms}/${bare.lagP95Ms} ms, app ${app.lagP50Ms}/${app.lagP95Ms} ms`);
    log(`    frames >50 ms: bare ${bare.framesOver50Ms}, app ${app.framesOver50Ms}; longest task: bare ${bare.longestTaskMs} ms, app ${app.longestTaskMs} ms`);
    log(`    React commits: ${Number(app.reactCommitsPerSecond).toFixed(1)}/s, ${Number(app.reactCommitsPerFrame).toFixed(2)} per frame (${Number(app.framesPerSecond).toFixed(1)} frames/s)`);
  }
  if (CASES.has('charts')) {
    log(`(d) charts: ${CHART_SERIES} series with ${CHART_HISTORY_MS / 60_000} min of history, ${CHART_RATE_PER_SERIES} msg/s each for ${CHART_SECONDS} s; charts shown vs the same page on its message log`);
    const hidden = await runCharts('charts-hidden', mosquitto.wsUrl, mosquitto.tcpUrl, port);
    const visible = await runCharts('charts-visible', mosquitto.wsUrl, mosquitto.tcpUrl, port);
    // What a panel runs (DownsampleCache.read through readWindow): the first draw of a window of 100,000
    // points (a panel just opened), and a live redraw after 200 new points (every 200 ms at 1,000/s).
    const buffer = new SeriesBuffer(200_000);
    for (let i = 0; i < 100_000; i++) buffer.push(i, Math.sin(i / 100) + (i % 7));
    const firstDraws: number[] = [];
    for (let run = 0; run < 200; run++) {
      const caches = downsampleCaches();
      const t0 = performance.now();
      readWindow(caches, buffer, 0, 100_000, 500);
      firstDraws.push(performance.now() - t0);
    }
    const live = new SeriesBuffer(200_000);
    for (let i = 0; i < 100_000; i++) live.push(i, Math.sin(i / 100));
    const caches = downsampleCaches();
    readWindow(caches, live, 0, 100_000, 500);
    const redraws: number[] = [];
    for (let run = 0; run < 200; run++) {
      const from = live.timeAt(live.length - 1) + 1;
      for (let k = 0; k < 200; k++) live.push(from + k, Math.cos(k));
      const t0 = performance.now();
      readWindow(caches, live, from + 199 - 100_000, from + 199, 500);
      redraws.push(performance.now() - t0);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const downsampleMs = median(firstDraws);
    const redrawMs = median(redraws);
    results.charts = { hidden, visible, fpsRatio: Number(visible.framesPerSecond) / Number(hidden.framesPerSecond), downsample100kTo1kMs: downsampleMs, liveRedrawMs: redrawMs };
    const ms = (v: unknown) => `${Number(v).toFixed(1)} ms`;
    log(`    frames/s: hidden ${Number(hidden.framesPerSecond).toFixed(1)}, shown ${Number(visible.framesPerSecond).toFixed(1)}; frame time p95: hidden ${ms(hidden.frameP95)}, shown ${ms(visible.frameP95)}`);
    log(`    panel redraws: ${visible.chartRedrawsPerSecond.toFixed(1)}/s, each from tick to commit p50 ${ms(visible.chartRedrawP50Ms)}, p95 ${ms(visible.chartRedrawP95Ms)}`);
    log(`    heap after GC: hidden ${hidden.heapMB} MB, shown ${visible.heapMB} MB`);
    log(`    DownsampleCache.read, 100,000 points to about 1,000 (median, Node): first draw ${downsampleMs.toFixed(2)} ms, live redraw after 200 new points ${redrawMs.toFixed(3)} ms`);
  }
  if (CASES.has('history')) {
    log(`(e) history on: the flood beside the bare page in each window, steady ${STEADY_RATE} msg/s, and a 24 h panel over ${STORED_POINTS.toLocaleString('en')} stored points`);
    type FloodResult = Awaited<ReturnType<typeof runFlood>>;
    const sizes = [];
    for (const size of WINDOW_SIZES) {
      const bare = await runFlood('bare', mosquitto.wsUrl, mosquitto.tcpUrl, port, size);
      const app = await runFlood('app-history', mosquitto.wsUrl, mosquitto.tcpUrl, port, size);
      const ratio = app.msgPerSec / bare.msgPerSec;
      sizes.push({ size: `${size[0]}x${size[1]}`, bare, app, ratio, allCounted: app.counted === app.sent && bare.counted === bare.sent, allStored: app.historyStored === FLOOD_COUNT } as { size: string; bare: FloodResult; app: FloodResult; ratio: number; allCounted: boolean; allStored: boolean });
      log(`    ${size[0]}x${size[1]}: ratio ${ratio.toFixed(2)} (bare ${bare.msgPerSec.toFixed(0)}, app with history ${app.msgPerSec.toFixed(0)} msg/s), longest task app ${app.longestTaskMs.toFixed(0)} ms / bare ${bare.longestTaskMs.toFixed(0)} ms, stored ${app.historyStored}/${FLOOD_COUNT}`);
    }
    const steadyApp = await runSteady('app-history', mosquitto.wsUrl, mosquitto.tcpUrl, port);
    log(`    steady with history: longest task ${steadyApp.longestTaskMs} ms, lag p50/p95 ${steadyApp.lagP50Ms}/${steadyApp.lagP95Ms} ms, frames >50 ms ${steadyApp.framesOver50Ms}`);
    results.history = { sizes, steady: steadyApp };
  }
  if (CASES.has('stored')) {
    log(`(f) a 24 h panel over ${STORED_POINTS.toLocaleString('en')} points stored in the browser, from asking for it to its line drawn`);
    const browser = await openPage('history-points', mosquitto.wsUrl, port, 0, [1440, 900]);
    let points: Report;
    try {
      points = await until('the 24 h panel drawn', () => {
        const r = reports.get('history-points');
        return r && r.storedChartOpenMs !== null ? r : null;
      }, 180_000);
    } finally {
      await browser.close();
    }
    log(`    ${STORED_POINTS.toLocaleString('en')} points: stored in ${Number(points.pointsWriteMs).toFixed(0)} ms; a 24 h read ${Number(points.pointsReadMs).toFixed(0)} ms (${points.pointsReadCount} points folded); the panel drawn ${Number(points.storedChartOpenMs).toFixed(0)} ms after it was asked for`);
    results.stored = { storedPoints: STORED_POINTS, writeMs: points.pointsWriteMs, readMs: points.pointsReadMs, readCount: points.pointsReadCount, panelOpenMs: points.storedChartOpenMs };
  }
  if (CASES.has('home')) {
    log(`(g) Home: ${HOME_TILES} tiles from discovery configs, ${STEADY_RATE} msg/s over their state topics for ${STEADY_SECONDS} s, beside the bare page`);
    const publisher = await connectPublisher(mosquitto.tcpUrl);
    for (let i = 0; i < HOME_TILES; i++) {
      const config = { name: `Sensor ${i}`, stat_t: `bench/s/${i}`, val_tpl: '{{ value_json.v }}', unit_of_meas: '°C', dev_cla: 'temperature', uniq_id: `bench_${i}`, dev: { ids: [`bench_dev_${i % 50}`], name: `Device ${i % 50}` }, avty_t: `bench/status/${i % 50}` };
      await publisher.publishAsync(`bench/ha/sensor/bench_${i}/config`, JSON.stringify(config), { qos: 1, retain: true });
    }
    await publisher.endAsync();
    const bare = await runSteady('bare', mosquitto.wsUrl, mosquitto.tcpUrl, port, HOME_TILES);
    const app = await runSteady('home-tiles', mosquitto.wsUrl, mosquitto.tcpUrl, port, HOME_TILES);
    results.home = { tiles: HOME_TILES, bare, app };
    log(`    frames over 50 ms: bare ${bare.framesOver50Ms}, Home ${app.framesOver50Ms}; longest frame: bare ${Number(bare.longestFrameMs).toFixed(0)} ms, Home ${Number(app.longestFrameMs).toFixed(0)} ms; longest task: bare ${bare.longestTaskMs} ms, Home ${app.longestTaskMs} ms; tiles in the page ${app.tilesInPage}`);
  }
  {
    const html = readFileSync('dist/index.html', 'utf8');
    const files = [...html.matchAll(/(?:src|href)="(?:\.\/|\/)(assets\/[^"]+\.js)"/g)].map((m) => m[1] as string);
    const gzip = files.reduce((sum, f) => sum + gzipSync(readFileSync(join('dist', f))).byteLength, 0);
    results.initialJs = { files, gzipKB: Math.round(gzip / 100) / 10 };
    log(`initial JavaScript: ${files.join(', ')}: ${(gzip / 1000).toFixed(1)} KB gzip`);
  }
  if (CASES.has('heap')) {
    log(`(c) heap: ${STEADY_RATE} msg/s over ${HEAP_TOPICS} topics, heap after GC at ${HEAP_EARLY_S} s and ${HEAP_LATE_S} s`);
    const bare = await runHeap('bare', mosquitto.wsUrl, mosquitto.tcpUrl, port);
    const app = await runHeap('app', mosquitto.wsUrl, mosquitto.tcpUrl, port);
    results.heap = { bare, app };
  }
} finally {
  server.close();
  await mosquitto.stop();
}

// ---------------------------------------------------------------- verdict
const checks: Array<[string, boolean]> = [];
const flood_ = results.flood as { medianAppToCeiling: number; medianNoCaptureToCeiling: number; captureCost: number; allCounted: boolean } | undefined;
if (flood_) {
  checks.push([`(a) app rate >= 0.8 x ceiling (median of rounds ${flood_.medianAppToCeiling.toFixed(2)}; without packet capture ${flood_.medianNoCaptureToCeiling.toFixed(2)}, capture costs ${(flood_.captureCost * 100).toFixed(0)}%)`, flood_.medianAppToCeiling >= 0.8]);
  checks.push([`(a) every message counted by every page in every round`, flood_.allCounted]);
}
const windows_ = results.windows as Array<{ size: string; ratio: number; appLongestTaskMs: number; bareLongestTaskMs: number; rows: Record<string, number>; allCounted: boolean }> | undefined;
for (const w of windows_ ?? []) {
  const limit = Math.max(100, 1.5 * w.bareLongestTaskMs);
  const mostRows = Math.max(...Object.values(w.rows));
  checks.push([`(a') ${w.size}: app rate >= 0.8 x the bare page (${w.ratio.toFixed(2)})`, w.ratio >= 0.8]);
  checks.push([`(a') ${w.size}: every message counted by both pages`, w.allCounted]);
  checks.push([`(a') ${w.size}: longest task <= max(100 ms, 1.5 x bare ${w.bareLongestTaskMs.toFixed(0)} ms) (${w.appLongestTaskMs.toFixed(0)} ms)`, w.appLongestTaskMs <= limit]);
  checks.push([`(a') ${w.size}: at most 200 rows in the page per list (most: ${mostRows})`, mostRows <= 200]);
}
const charts_ = results.charts as { hidden: Record<string, number>; visible: Record<string, number>; fpsRatio: number; downsample100kTo1kMs: number; liveRedrawMs: number } | undefined;
if (charts_) {
  checks.push([`(d) frame time p95 under 20 ms with charts shown (${Number(charts_.visible.frameP95).toFixed(1)} ms)`, Number(charts_.visible.frameP95) < 20]);
  checks.push([`(d) frame rate within 10% of the page with charts hidden (${(charts_.fpsRatio * 100).toFixed(0)}%)`, charts_.fpsRatio >= 0.9]);
  checks.push([`(d) a panel's first draw of 100,000 points under 2 ms (DownsampleCache.read: ${charts_.downsample100kTo1kMs.toFixed(2)} ms)`, charts_.downsample100kTo1kMs < 2]);
  checks.push([`(d) a live redraw after 200 new points under 0.5 ms (${charts_.liveRedrawMs.toFixed(3)} ms)`, charts_.liveRedrawMs < 0.5]);
}
const js_ = results.initialJs as { gzipKB: number } | undefined;
if (js_) checks.push([`initial JavaScript under 250 KB gzip (${js_.gzipKB} KB)`, js_.gzipKB < 250]);
const steady_ = results.steady as { app: Record<string, number>; p95AboveBareMs: number } | undefined;
if (steady_) {
  const { lagP95Ms = NaN, longestTaskMs = NaN, reactCommitsPerFrame = NaN } = steady_.app;
  checks.push([`(b) p95 lag <= 250 ms (${lagP95Ms} ms)`, lagP95Ms <= 250]);
  checks.push([`(b) p95 lag <= bare + 150 ms (+${steady_.p95AboveBareMs} ms)`, steady_.p95AboveBareMs <= 150]);
  checks.push([`(b) no main-thread task over 100 ms after warm-up (longest ${longestTaskMs} ms)`, longestTaskMs <= 100]);
  checks.push([`(b) at most one React commit per frame (${reactCommitsPerFrame.toFixed(2)})`, reactCommitsPerFrame <= 1]);
}
const history_ = results.history as { sizes: Array<{ size: string; ratio: number; allCounted: boolean; allStored: boolean }>; steady: Record<string, number> } | undefined;
const stored_ = results.stored as { readCount: number; panelOpenMs: number } | undefined;
if (history_) {
  for (const w of history_.sizes) {
    checks.push([`(e) ${w.size}: with history on, app rate >= 0.7 x the bare page (${w.ratio.toFixed(2)})`, w.ratio >= 0.7]);
    checks.push([`(e) ${w.size}: every message counted and stored`, w.allCounted && w.allStored]);
  }
  checks.push([`(e) steady ${STEADY_RATE} msg/s with history on: no task over 100 ms after warm-up (longest ${history_.steady.longestTaskMs} ms)`, Number(history_.steady.longestTaskMs) <= 100]);
}
if (stored_) {
  checks.push([`(f) a 24 h panel over ${STORED_POINTS.toLocaleString('en')} stored points drawn in under 1 s (${Number(stored_.panelOpenMs).toFixed(0)} ms), every point folded (${stored_.readCount})`, Number(stored_.panelOpenMs) < 1_000 && Number(stored_.readCount) === STORED_POINTS]);
}
const home_ = results.home as { app: Record<string, number>; bare: Record<string, number> } | undefined;
if (home_) {
  checks.push([`(g) ${HOME_TILES} tiles at ${STEADY_RATE} msg/s: every frame under 50 ms after warm-up (longest ${Number(home_.app.longestFrameMs).toFixed(0)} ms; bare page ${Number(home_.bare.longestFrameMs).toFixed(0)} ms)`, Number(home_.app.longestFrameMs) < 50]);
  checks.push([`(g) the tiles are virtual: at most 200 in the page (${home_.app.tilesInPage})`, Number(home_.app.tilesInPage) <= 200 && Number(home_.app.tilesInPage) > 0]);
}
const heap_ = results.heap as { app: { heapEarlyMB: number; heapLateMB: number; ratio: number } } | undefined;
if (heap_) {
  checks.push([`(c) heap late <= 1.15 x early (${heap_.app.ratio.toFixed(2)})`, heap_.app.ratio <= 1.15]);
  checks.push([`(c) heap under 150 MB (${heap_.app.heapLateMB} MB)`, heap_.app.heapLateMB < 150]);
}
results.checks = Object.fromEntries(checks);
mkdirSync('bench-results', { recursive: true });
const file = `bench-results/bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log('');
for (const [name, ok] of checks) console.log(`${ok ? 'PASS' : 'MISS'}  ${name}`);
console.log(`\n${JSON.stringify(results, null, 2)}\nwritten to ${file}`);
const missed = checks.filter(([, ok]) => !ok).length;
if (missed) console.log(`\n${missed} check${missed === 1 ? '' : 's'} missed.`);
process.exit(missed ? 1 : 0);
