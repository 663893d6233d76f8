/**
 * Headless Chromium never hides a page, so tests emulate what Chrome does to a background tab:
 * document.hidden is true, visibilitychange fires, and requestAnimationFrame stops (its callbacks wait).
 * Timers keep running, as they do (throttled) in a real hidden tab.
 */
import type { Page } from '@playwright/test';

const INIT = `(() => {
  let hidden = false;
  let queued = [];
  Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => hidden });
  Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (cb) => {
    if (!hidden) return raf(cb);
    queued.push(cb);
    return -queued.length;
  };
  window.__mqttscopeSetHidden = (value) => {
    hidden = value;
    document.dispatchEvent(new Event('visibilitychange'));
    if (!hidden) {
      const due = queued;
      queued = [];
      due.forEach((cb) => raf(cb));
    }
  };
})();`;

export async function installVisibilityControl(page: Page): Promise<void> {
  await page.addInitScript(INIT);
}

export async function setHidden(page: Page, hidden: boolean): Promise<void> {
  await page.evaluate(`window.__mqttscopeSetHidden(${hidden})`);
}
