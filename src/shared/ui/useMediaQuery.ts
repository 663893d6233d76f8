import { useSyncExternalStore } from 'react';

/** Whether a media query matches, kept up to date (false where there is no window). */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      if (typeof window === 'undefined' || !window.matchMedia) return () => {};
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => (typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(query).matches : false),
    () => false,
  );
}

/** Wide enough for the connection list and the publish panel beside the views (Tailwind's xl). */
export const WIDE_QUERY = '(min-width: 1280px)';
/** Wide enough for the fixed-height layout (md): below it the page scrolls and the header scrolls away. */
export const DESK_QUERY = '(min-width: 768px)';
