import { useLayoutEffect, useState, type RefObject } from 'react';

/** Rows rendered above and below the visible ones, so fast scrolling shows no gaps. */
const OVERSCAN_ROWS = 8;

export interface VirtualWindow {
  /** First and one-past-last row index to render. */
  start: number;
  end: number;
  /** Total height of the scrolled content in px. */
  totalHeight: number;
  /** Call from the container's scroll handler with the content offset at the top of the view. */
  onScroll(top?: number): void;
}

/**
 * Fixed-height row virtualization: only the rows in view (plus a few) are rendered, whatever the count.
 * With `pinnedToEnd` the window is the last rows, derived without reading the scroll position, so a list
 * that follows its newest row renders once per change and never reads layout.
 * `reversed`: the container is `flex-direction: column-reverse` (scrollTop 0 at the end, negative above).
 */
export function useVirtualRows(
  container: RefObject<HTMLElement | null>,
  rowCount: number,
  rowHeight: number,
  pinnedToEnd = false,
  reversed = false,
): VirtualWindow {
  const [view, setView] = useState({ top: 0, height: 600 });
  const totalHeight = rowCount * rowHeight;
  useLayoutEffect(() => {
    const el = container.current;
    if (!el) return;
    // ResizeObserver also reports the size once when observing starts.
    const observer = new ResizeObserver(() => setView((v) => (v.height === el.clientHeight ? v : { ...v, height: el.clientHeight })));
    observer.observe(el);
    return () => observer.disconnect();
  }, [container]);
  const onScroll = (top?: number) => {
    const el = container.current;
    if (!el) return;
    const next = top ?? (reversed ? Math.max(0, el.scrollHeight - el.clientHeight + el.scrollTop) : el.scrollTop);
    setView((v) => (v.top === next && v.height === el.clientHeight ? v : { top: next, height: el.clientHeight }));
  };
  const top = pinnedToEnd ? Math.max(0, totalHeight - view.height) : Math.min(view.top, Math.max(0, totalHeight - view.height));
  const first = Math.floor(top / rowHeight);
  const visible = Math.ceil(view.height / rowHeight) + 1;
  return {
    start: Math.max(0, first - OVERSCAN_ROWS),
    end: Math.min(rowCount, first + visible + OVERSCAN_ROWS),
    totalHeight,
    onScroll,
  };
}
