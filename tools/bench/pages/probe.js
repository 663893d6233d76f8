// Loaded first by both bench pages (the bare mqtt.js page and the app). It measures, in the page, with no
// DevTools attached: messages counted, publish-to-screen lag, frame intervals, long tasks, React commits and
// JS heap, and POSTs a report to the bench server once a second.
(() => {
  const params = new URLSearchParams(location.search);
  const pageName = params.get('bench') || 'unknown';
  const WARMUP_MS = Number(params.get('warmup') || 3000);
  const MAX_SAMPLES = 20000;
  const state = {
    page: pageName,
    count: 0,
    firstAt: 0,
    lastAt: 0,
    lags: [],
    lagsSeen: 0,
    frames: 0,
    framesOver50: 0,
    longestFrame: 0,
    longestTask: 0,
    longTasks: 0,
    commits: 0,
    commitsAfterWarmup: 0,
    framesAfterWarmup: 0,
    measuringSince: 0,
    loadStartedAt: 0,
    heap: 0,
    // the most rows each long list had in the page at once (virtual lists hold only those in view)
    rows: { messages: 0, packets: 0, topics: 0 },
  };
  const countRows = () => {
    const n = (selector) => document.querySelectorAll(selector).length;
    const rows = state.rows;
    rows.messages = Math.max(rows.messages, n('[role=table][aria-label="Message list"] [role=row]'));
    rows.packets = Math.max(rows.packets, n('[role=table][aria-label="Packets"] [role=row]'));
    rows.topics = Math.max(rows.topics, n('[role=tree][aria-label="Topics"] [role=treeitem]'));
  };
  window.__bench = state;

  // React calls this hook on every commit, production builds included (it is how DevTools attaches).
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    renderers: new Map(),
    inject(renderer) {
      const id = this.renderers.size + 1;
      this.renderers.set(id, renderer);
      return id;
    },
    onScheduleFiberRoot() {},
    onCommitFiberRoot() {
      state.commits++;
      if (state.measuringSince) state.commitsAfterWarmup++;
      if (window.__benchOnCommit) window.__benchOnCommit();
    },
    onCommitFiberUnmount() {},
    onPostCommitFiberRoot() {},
    checkDCE() {},
  };

  // Measurement starts WARMUP_MS after the load's first message.
  const measuring = () => {
    if (state.measuringSince) return true;
    if (state.count > 0 && !state.loadStartedAt) state.loadStartedAt = performance.now();
    if (state.loadStartedAt && performance.now() - state.loadStartedAt > WARMUP_MS) state.measuringSince = performance.now();
    return state.measuringSince > 0;
  };
  // The publisher puts its send time (ms since the epoch) in every payload: {"t":1700000000000,...}
  const sentAt = (text) => {
    const i = text.indexOf('"t":');
    return i < 0 ? NaN : Number(text.slice(i + 4, text.indexOf(',', i)));
  };
  window.__benchLag = (text, now) => {
    if (!measuring()) return;
    const t = sentAt(text);
    if (!(t > 0)) return;
    // A uniform sample of at most MAX_SAMPLES lags (reservoir sampling), so the probe's own memory stays
    // bounded under a long load: the heap case counts the page's heap, not the probe's.
    state.lagsSeen++;
    if (state.lags.length < MAX_SAMPLES) state.lags.push(now - t);
    else {
      const i = Math.floor(Math.random() * state.lagsSeen);
      if (i < MAX_SAMPLES) state.lags[i] = now - t;
    }
  };

  let last = performance.now();
  const gaps = [];
  const frame = (now) => {
    const gap = now - last;
    last = now;
    if (measuring()) {
      state.frames++;
      state.framesAfterWarmup++;
      if (gaps.length < MAX_SAMPLES) gaps.push(gap);
      if (gap > 50) state.framesOver50++;
      if (gap > state.longestFrame) state.longestFrame = gap;
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);

  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (!measuring()) continue;
        state.longTasks++;
        if (entry.duration > state.longestTask) state.longestTask = entry.duration;
      }
    }).observe({ type: 'longtask', buffered: false });
  } catch {
    // no long task API
  }

  // The app's user timings: a chart panel's redraw, from the redraw scheduler's tick to its commit.
  const redraws = [];
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (entry.name === 'mqttscope chart redraw' && measuring() && redraws.length < MAX_SAMPLES) redraws.push(entry.duration);
      }
    }).observe({ type: 'measure' });
  } catch {
    // no user timing
  }

  const decoder = new TextDecoder();
  // In the app, read the messages each commit shows and measure their lag at that commit.
  let seen = -1;
  window.__benchOnCommit = () => {
    if (typeof mqttscope === 'undefined') return;
    const id = mqttscope.profiles.getState().selectedId;
    const log = mqttscope.session.log(id);
    const now = Date.now();
    if (seen < 0) seen = log.nextSeq;
    state.count = log.received;
    const newest = log.ring.last();
    if (newest) {
      if (!state.firstAt) state.firstAt = log.get(log.firstSeq).receivedAt;
      state.lastAt = newest.receivedAt;
    }
    for (let seq = Math.max(seen, log.firstSeq); seq < log.nextSeq; seq++) {
      const m = log.get(seq);
      if (m) window.__benchLag(decoder.decode(m.payload.subarray(0, 24)), now);
    }
    seen = log.nextSeq;
  };

  // The charts case: N series (one per topic bench/c/<i>), in panels of five, with `history` ms of points
  // already collected (as if the page had been open that long), before the live load starts.
  const chartsWanted = Number(params.get('charts') || 0);
  if (chartsWanted > 0) {
    const setUp = setInterval(() => {
      if (typeof mqttscope === 'undefined') return;
      const id = mqttscope.profiles.getState().selectedId;
      const connection = mqttscope.session.manager.get(id);
      if (!connection || connection.status.state !== 'connected') return;
      clearInterval(setUp);
      const panels = [];
      for (let p = 0; p < chartsWanted / 5; p++) {
        const series = [];
        for (let i = p * 5; i < Math.min(chartsWanted, p * 5 + 5); i++) {
          series.push({ id: `bench-${i}`, filter: `bench/c/${i}`, path: '', color: ['#0ea5e9', '#f97316', '#22c55e', '#a855f7', '#ef4444'][i % 5], unit: 'u', booleans: false });
        }
        panels.push({ id: `bench-panel-${p}`, title: `Bench ${p + 1}`, window: params.get('window') || 'all', series });
      }
      mqttscope.actions.updateCharts(id, { panels, capacity: 100000 });
      const historyMs = Number(params.get('history') || 600000);
      const rate = Number(params.get('rate') || 200);
      const charts = mqttscope.session.data(id).charts;
      const end = Date.now();
      const n = Math.floor((historyMs / 1000) * rate);
      for (let i = 0; i < chartsWanted; i++) {
        const topic = `bench/c/${i}`;
        for (let k = 0; k < n; k++) {
          const t = end - historyMs + (k * 1000) / rate;
          charts.ingest({ connectionId: id, topic, receivedAt: t, payload: new TextEncoder().encode((20 + Math.sin(k / 500 + i) * 5).toFixed(2)), qos: 0, retain: false, dup: false });
        }
      }
      state.chartsReady = true;
    }, 200);
  }

  // The history case: this connection keeps its history (as if the user said yes); `points` chart points
  // are stored over the last 24 h, then a 24 h panel is opened and timed until its line is drawn.
  const keep = params.get('keep') === '1';
  const pointsWanted = Number(params.get('points') || 0);
  if (keep) {
    const setUp = setInterval(() => {
      if (typeof mqttscope === 'undefined' || !mqttscope.session.history) return;
      const id = mqttscope.profiles.getState().selectedId;
      if (!id) return;
      clearInterval(setUp);
      mqttscope.profiles.getState().keep(id);
      mqttscope.actions.setHistory(id, { mode: 'on', budgetMB: 4096 });
      const ready = setInterval(async () => {
        const status = mqttscope.session.history.status(id);
        if (!status.writer || status.writer.writer.state !== 'writing') return;
        clearInterval(ready);
        if (pointsWanted > 0) await storePoints(id);
        state.historyReady = true;
      }, 100);
      setInterval(async () => {
        const meta = await mqttscope.session.history.meta(id);
        if (meta) state.historyStored = meta.nextSeq - meta.firstSeq + meta.dropped;
      }, 1000);
    }, 100);
  }
  const storePoints = async (id) => {
    const end = Date.now();
    const line = 'bench/p\u0000\u00000\u0000bench/p';
    const step = (24 * 3600 * 1000) / pointsWanted;
    for (let k = 0; k < pointsWanted; k++) mqttscope.session.history.point(id, line, end - 24 * 3600 * 1000 + k * step, 20 + Math.sin(k / 5000) * 5 + (k % 97 === 0 ? 3 : 0));
    const w0 = performance.now();
    await mqttscope.session.history.flush(id);
    state.pointsWriteMs = performance.now() - w0;
    // straight through the same read the panel makes
    const r0 = performance.now();
    const read = await mqttscope.actions.readHistoryLines(id, [{ id: 'x', filter: 'bench/p', path: '', booleans: false, color: '', unit: '' }], end - 24 * 3600 * 1000, end, 750);
    state.pointsReadMs = performance.now() - r0;
    state.pointsReadCount = read.get('x|bench/p')?.stats?.count ?? 0;
    // the panel: from asking for it to its line in the page
    const t0 = performance.now();
    mqttscope.actions.updateCharts(id, {
      panels: [{ id: 'stored', title: 'Stored day', window: '24h', series: [{ id: 'bench-p', filter: 'bench/p', path: '', color: '#0ea5e9', unit: 'u', booleans: false }] }],
      capacity: 100000,
    });
    await new Promise((resolve) => {
      const look = () => {
        const path = document.querySelector('section[aria-label="Chart Stored day"] svg path[fill="none"]');
        if (path && (path.getAttribute('d') || '').length > 1000) return resolve();
        requestAnimationFrame(look);
      };
      look();
    });
    state.storedChartOpenMs = performance.now() - t0;
  };

  // The Home case: discovery configs under `homePrefix` (published retained by the bench) become tiles.
  const homePrefix = params.get('homePrefix');
  const homeTiles = Number(params.get('homeTiles') || 0);
  if (homePrefix) {
    const setUp = setInterval(() => {
      if (typeof mqttscope === 'undefined') return;
      const id = mqttscope.profiles.getState().selectedId;
      if (!id) return;
      clearInterval(setUp);
      mqttscope.actions.updateHome(id, { discoveryPrefix: homePrefix });
      const ready = setInterval(() => {
        const home = mqttscope.session.data(id).home;
        home.settle();
        if (home.entities.size < homeTiles) return;
        clearInterval(ready);
        state.homeReady = true;
      }, 100);
    }, 100);
  }

  const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] : null);

  setInterval(() => {
    if (typeof mqttscope !== 'undefined') {
      state.count = mqttscope.session.totalReceived();
      const id = mqttscope.profiles.getState().selectedId;
      const connection = mqttscope.session.manager.get(id);
      state.connected = connection ? connection.status.state === 'connected' : false;
      state.subscribed = connection ? connection.subscriptions.every((s) => s.status === 'granted') && connection.subscriptions.length > 0 : false;
    }
    measuring();
    countRows();
    state.heap = performance.memory ? performance.memory.usedJSHeapSize : 0;
    const lags = Float64Array.from(state.lags).sort();
    const frameGaps = Float64Array.from(gaps).sort();
    const redrawTimes = Float64Array.from(redraws).sort();
    const elapsed = state.measuringSince ? (performance.now() - state.measuringSince) / 1000 : 0;
    const body = {
      page: state.page,
      count: state.count,
      firstAt: state.firstAt,
      lastAt: state.lastAt,
      connected: !!state.connected,
      subscribed: !!state.subscribed && (chartsWanted === 0 || !!state.chartsReady) && (!keep || !!state.historyReady) && (!homePrefix || !!state.homeReady),
      tilesInPage: document.querySelectorAll('section[aria-label="Home"] article').length,
      historyStored: state.historyStored ?? null,
      pointsWriteMs: state.pointsWriteMs ?? null,
      pointsReadMs: state.pointsReadMs ?? null,
      pointsReadCount: state.pointsReadCount ?? null,
      storedChartOpenMs: state.storedChartOpenMs ?? null,
      measuringFor: elapsed,
      lagSamples: lags.length,
      lagP50: percentile(lags, 0.5),
      lagP95: percentile(lags, 0.95),
      frames: state.framesAfterWarmup,
      framesPerSecond: elapsed ? state.framesAfterWarmup / elapsed : 0,
      framesOver50: state.framesOver50,
      frameP50: percentile(frameGaps, 0.5),
      frameP95: percentile(frameGaps, 0.95),
      longestFrame: state.longestFrame,
      longestTask: state.longestTask,
      longTasks: state.longTasks,
      commitsPerSecond: elapsed ? state.commitsAfterWarmup / elapsed : 0,
      commitsPerFrame: state.framesAfterWarmup ? state.commitsAfterWarmup / state.framesAfterWarmup : 0,
      heap: state.heap,
      chartRedraws: redrawTimes.length,
      chartRedrawP50: percentile(redrawTimes, 0.5),
      chartRedrawP95: percentile(redrawTimes, 0.95),
      rowsMessages: state.rows.messages,
      rowsPackets: state.rows.packets,
      rowsTopics: state.rows.topics,
    };
    window.__benchReport = body;
    fetch('/bench/report', { method: 'POST', body: JSON.stringify(body), keepalive: true })
      .then((r) => r.json())
      .then((answer) => {
        // The bench asks for a garbage collection before it reads the heap (Chromium runs with --expose-gc).
        if (answer.command === 'gc' && typeof gc === 'function') {
          gc();
          const heapAfterGc = performance.memory ? performance.memory.usedJSHeapSize : 0;
          fetch('/bench/report', { method: 'POST', body: JSON.stringify({ ...body, heapAfterGc, gcDone: answer.token }) });
        }
      })
      .catch(() => {});
  }, 1000);
})();
