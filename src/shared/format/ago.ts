/** "just now", "12 s ago", "4 min ago", "3 h ago", "2 d ago" */
export function formatAgo(then: number, now: number): string {
  const s = Math.round((now - then) / 1000);
  if (s < 2) return 'just now';
  if (s < 60) return `${s} s ago`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.round(h / 24)} d ago`;
}
