/**
 * Redraws chart panels at a modest, fixed rate: every panel about {@link CHART_REDRAW_INTERVAL_MS}, one
 * panel at a time (staggered), so one frame never carries all of them; none while the page is hidden, and
 * only panels on screen.
 */

/** Each visible panel redraws this often. Recharts re-rendering every frame costs about a third of the frame rate. */
export const CHART_REDRAW_INTERVAL_MS = 200;

const panels = new Map<string, { redraw: () => void; visible: boolean }>();
let timer: ReturnType<typeof setTimeout> | null = null;
let next = 0;

function tick(): void {
  timer = null;
  const visible = [...panels.values()].filter((p) => p.visible);
  if (visible.length === 0) return;
  if (typeof document === 'undefined' || !document.hidden) {
    next = next % visible.length;
    visible[next]?.redraw();
    next++;
  }
  schedule(visible.length);
}

function schedule(count: number): void {
  if (timer !== null || count === 0) return;
  timer = setTimeout(tick, CHART_REDRAW_INTERVAL_MS / count);
}

export function registerPanel(id: string, redraw: () => void): () => void {
  panels.set(id, { redraw, visible: false });
  return () => {
    panels.delete(id);
  };
}

export function setPanelVisible(id: string, visible: boolean): void {
  const panel = panels.get(id);
  if (!panel) return;
  panel.visible = visible;
  schedule([...panels.values()].filter((p) => p.visible).length);
}
