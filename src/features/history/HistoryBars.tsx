import { useEffect, useState } from 'react';
import { useConnectionsStore } from '../../stores/connections';
import { useOpenedRecording } from '../../stores/history';
import type { Profile } from '../../stores/profileModel';
import { useSessionActions } from '../../stores/sessionContext';
import { formatClock, plural } from '../../shared/format/format';
import { Button } from '../../shared/ui/Button';

const BAR = 'flex flex-wrap items-center gap-2 border-b border-sky-200 bg-sky-50 px-3 py-2 text-xs text-sky-950 dark:border-sky-900 dark:bg-sky-950 dark:text-sky-100';

/** Asked once per connection (not the demo broker's, which keeps history by default). */
export function HistoryQuestion({ profile }: { profile: Profile }) {
  const actions = useSessionActions();
  const connected = useConnectionsStore((s) => s.byId[profile.id]?.status.state === 'connected');
  if (profile.history.mode !== 'ask' || !connected) return null;
  return (
    <div role="region" aria-label="Keep history?" className={BAR}>
      <span className="flex-1">Keep what this connection receives in this browser, so a reload brings it back? (Settings are in the History view.)</span>
      <Button size="sm" variant="primary" onClick={() => actions.setHistory(profile.id, { mode: 'on' })}>
        Keep history
      </Button>
      <Button size="sm" onClick={() => actions.setHistory(profile.id, { mode: 'off' })}>
        Not for this connection
      </Button>
    </div>
  );
}

/** An opened recording: what it is, and a slider for the time up to which its messages are shown. */
export function RecordingBar({ profile }: { profile: Profile }) {
  const actions = useSessionActions();
  const opened = useOpenedRecording(profile.id);
  // where the slider was moved to, until the views caught up with it
  const [draft, setDraft] = useState<number | null>(null);
  useEffect(() => {
    if (draft === null) return;
    const timer = setTimeout(() => {
      void actions.seekRecording(profile.id, draft).then(() => setDraft(null));
    }, 150);
    return () => clearTimeout(timer);
  }, [draft, actions, profile.id]);
  if (!opened) return null;
  const until = draft ?? opened.until;
  return (
    <div role="region" aria-label="Opened recording" className={BAR}>
      <span>{`Recording "${opened.name}": ${plural(opened.count, 'message')}, no broker.`}</span>
      <label className="flex flex-1 items-center gap-2">
        <span>Show messages up to</span>
        <input
          type="range"
          className="min-w-32 flex-1"
          min={opened.start}
          max={opened.end}
          step={Math.max(1, Math.round((opened.end - opened.start) / 1_000))}
          value={until}
          aria-valuetext={formatClock(until)}
          onChange={(e) => setDraft(Number(e.target.value))}
        />
        <output className="tabular-nums">{formatClock(until)}</output>
      </label>
    </div>
  );
}
