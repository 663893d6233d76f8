import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';

/** Rows rendered above and below the visible ones, so fast scrolling shows no gaps. */
const OVERSCAN_ROWS = 8;

export interface VirtualWindow {
  /** First and one-past-last row index to render. */
  start: number;
  end: number;
  /** Total height of the scrolled content in px. */
  totalHeight: number;
  /** Call from the container's scroll handler (when not pinned to the end). */
  onScroll(): void;
}

/**
 * Fixed-height row virtualization: only the rows in view (plus a few) are rendered, whatever the count.
 * With `pinnedToEnd` the window is the last rows, derived without reading the scroll position, so a list
 * that follows its newest row renders once per change, not again for the scroll that follows.
 */
export function useVirtualRows(
  container: RefObject<HTMLElement | null>,
  rowCount: number,
  rowHeight: number,
  pinnedToEnd = false,
): VirtualWindow {
  const [view, setView] = useState({ top: 0, height: 600 });
  const pinned = useRef(pinnedToEnd);
  useEffect(() => {
    pinned.current = pinnedToEnd;
  }, [pinnedToEnd]);
  useLayoutEffect(() => {
    const el = container.current;
    if (!el) return;
    // ResizeObserver also reports the size once when observing starts.
    const observer = new ResizeObserver(() => {
      // A list pinned to its end stays there when it shrinks (the browser keeps scrollTop, not the bottom).
      if (pinned.current) el.scrollTop = el.scrollHeight;
      setView((v) => (v.height === el.clientHeight && v.top === el.scrollTop ? v : { top: el.scrollTop, height: el.clientHeight }));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [container]);
  const onScroll = () => {
    const el = container.current;
    if (!el) return;
    setView((v) => (v.top === el.scrollTop && v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight }));
  };
  const totalHeight = rowCount * rowHeight;
  const top = pinnedToEnd ? Math.max(0, totalHeight - view.height) : view.top;
  const first = Math.floor(top / rowHeight);
  const visible = Math.ceil(view.height / rowHeight) + 1;
  return {
    start: Math.max(0, first - OVERSCAN_ROWS),
    end: Math.min(rowCount, first + visible + OVERSCAN_ROWS),
    totalHeight,
    onScroll,
  };
}
