import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RecordingInfo } from '../../data/history/historyDb';
import type { ReplaySpeed } from '../../data/history/replay';
import { formatBytes } from '../../mqtt/payload';
import { useConnectionsStore } from '../../stores/connections';
import { useHistoryStatus, useHistoryStore } from '../../stores/history';
import { recordingTooLarge, type ImportResult } from '../../stores/historyActions';
import type { Profile } from '../../stores/profileModel';
import { useProfilesStore } from '../../stores/profiles';
import { useSessionActions } from '../../stores/sessionContext';
import { downloadText, safeFileName } from '../../shared/download';
import { formatClock, formatCount, plural } from '../../shared/format/format';
import { Button } from '../../shared/ui/Button';
import { FileImport } from '../../shared/ui/FileImport';
import { ConfirmDialog } from '../../shared/ui/ConfirmDialog';
import { SelectField, TextField } from '../../shared/ui/Field';

const H2 = 'text-sm font-semibold text-slate-900 dark:text-slate-100';
const NOTE = 'text-xs text-slate-700 dark:text-slate-300';
const ALERT = 'rounded-md border border-amber-300 bg-amber-50 p-2 text-xs text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100';

/** History kept in this browser for a connection, and recordings: record, import, export, open, replay. */
export function HistoryView({ profile }: { profile: Profile }) {
  const actions = useSessionActions();
  useEffect(() => {
    void actions.refreshRecordings();
    void actions.storageEstimate();
  }, [actions]);
  return (
    <div className="h-full overflow-y-auto p-3">
      <div className="flex max-w-3xl flex-col gap-6">
        <KeptHistory profile={profile} />
        <Recordings profile={profile} />
      </div>
    </div>
  );
}

function KeptHistory({ profile }: { profile: Profile }) {
  const actions = useSessionActions();
  const status = useHistoryStatus(profile.id);
  const estimate = useHistoryStore((s) => s.estimate);
  const [budget, setBudget] = useState(String(profile.history.budgetMB));
  const [budgetError, setBudgetError] = useState<string | null>(null);
  const [confirmClear, setConfirmClear] = useState(false);
  const meta = status?.writer?.meta;
  const writer = status?.writer?.writer;
  const saveBudget = () => {
    const mb = Number(budget.replace(/[ ,_]/g, ''));
    if (!Number.isInteger(mb) || mb < 1) return setBudgetError('Give a whole number of MB, 1 or more.');
    const problems = actions.setHistory(profile.id, { budgetMB: mb });
    setBudgetError(problems ? problems.join(' ') : null);
  };
  return (
    <section aria-labelledby="history-kept" className="flex flex-col gap-2">
      <h2 id="history-kept" className={H2}>
        History in this browser
      </h2>
      {status?.available.state === 'refused' ? (
        <p role="alert" className={ALERT}>
          {status.available.reason}
        </p>
      ) : null}
      <div className="flex flex-wrap items-end gap-3">
        <SelectField
          label="Keep history"
          className="w-72"
          value={profile.history.mode}
          onChange={(e) => actions.setHistory(profile.id, { mode: e.target.value as Profile['history']['mode'] })}
          options={[
            { value: 'on', label: 'On: a reload brings it back' },
            { value: 'off', label: 'Off (private: nothing is stored)' },
            { value: 'ask', label: 'Not decided (ask when connected)' },
          ]}
        />
        <TextField
          label="History budget (MB)"
          className="w-40"
          inputMode="numeric"
          value={budget}
          error={budgetError}
          onChange={(e) => setBudget(e.target.value)}
          onBlur={saveBudget}
          onKeyDown={(e) => {
            if (e.key === 'Enter') saveBudget();
          }}
        />
        <Button onClick={() => setConfirmClear(true)} disabled={!meta || meta.nextSeq === 0}>
          Clear history…
        </Button>
      </div>
      {profile.history.mode === 'on' && meta ? (
        <p aria-label="History kept" className={NOTE}>
          {`Stored: ${plural(meta.nextSeq - meta.firstSeq, 'message')} (${formatBytes(meta.messageBytes)}) and chart points (${formatBytes(meta.pointBytes)}) of ${formatCount(profile.history.budgetMB)} MB. `}
          {meta.dropped > 0
            ? `${plural(meta.dropped, 'oldest message')} (${formatBytes(meta.droppedBytes)}) dropped to stay within the budget.`
            : 'Nothing dropped: the oldest go first when the budget is full.'}
          {status?.writer?.notStored ? ` ${plural(status.writer.notStored, 'message')} could not be stored.` : ''}
        </p>
      ) : null}
      {profile.history.mode === 'off' ? <p className={NOTE}>Private: nothing this connection receives is stored in this browser.</p> : null}
      {writer?.state === 'stopped' ? (
        <div role="alert" className={ALERT}>
          <p>{writer.reason}</p>
          <Button size="sm" className="mt-1" onClick={() => actions.resumeHistory(profile.id)}>
            Resume storing
          </Button>
        </div>
      ) : null}
      {writer?.state === 'other-tab' ? <p className={ALERT}>Another tab is storing this connection's history; this tab only reads it.</p> : null}
      {status?.restored && status.restored.count > 0 ? (
        <p className={NOTE}>
          {`After the reload, ${plural(status.restored.count, 'message')} came back from history (up to ${formatClock(status.restored.until)}). They are marked "history"; the time the page was closed is left blank on charts.`}
        </p>
      ) : null}
      {estimate ? (
        <p className={NOTE}>
          {`This site uses ${formatBytes(estimate.usage)} of the ${formatBytes(estimate.quota)} this browser allows it. `}
          {estimate.persisted ? 'The browser keeps it (persistent storage).' : 'The browser may clear it when the disk runs low (it did not grant persistent storage).'}
        </p>
      ) : null}
      <ConfirmDialog
        open={confirmClear}
        title="Clear this connection's history?"
        confirmLabel="Clear history"
        danger
        onCancel={() => setConfirmClear(false)}
        onConfirm={() => {
          setConfirmClear(false);
          void actions.clearHistory(profile.id);
        }}
      >
        <p>Every message and chart point stored for {profile.name} goes. What is on screen now stays until the page is reloaded. Recordings stay.</p>
      </ConfirmDialog>
    </section>
  );
}

function Recordings({ profile }: { profile: Profile }) {
  const actions = useSessionActions();
  const recordings = useHistoryStore((s) => s.recordings);
  const recording = useHistoryStore((s) => s.recording[profile.id]);
  const [name, setName] = useState('');
  const [filter, setFilter] = useState('#');
  const [error, setError] = useState<string | null>(null);
  const [imported, setImported] = useState<ImportResult | null>(null);
  const active = recording?.info ?? null;
  const start = async () => {
    setError(await actions.startRecording(profile.id, name, filter));
  };
  return (
    <section aria-labelledby="history-recordings" className="flex flex-col gap-2">
      <h2 id="history-recordings" className={H2}>
        Recordings
      </h2>
      <p className={NOTE}>A recording keeps everything this connection receives (or the topics you choose) under a name, to export, to open with no broker, or to replay into a broker.</p>
      <div className="flex flex-wrap items-end gap-3">
        <TextField label="Recording name" className="w-56" value={name} placeholder="e.g. overnight" onChange={(e) => setName(e.target.value)} disabled={active !== null} />
        <TextField label="Topics to record" className="w-48" value={filter} onChange={(e) => setFilter(e.target.value)} disabled={active !== null} error={error} />
        {active ? (
          <Button variant="primary" onClick={() => void actions.stopRecording(profile.id)}>
            Stop recording
          </Button>
        ) : (
          <Button variant="primary" onClick={() => void start()}>
            Record
          </Button>
        )}
        <FileImport
          label="Import recording…"
          inputLabel="Recording file to import"
          accept=".jsonl,.json,.txt,application/x-ndjson"
          tooLarge={recordingTooLarge}
          onRefused={(reason) => setImported({ recording: null, parsed: { problems: [], refused: 0 }, error: reason })}
          onText={async (text, name) => setImported(await actions.importRecording(text, name))}
        />
      </div>
      <p aria-live="polite" aria-label="Recording state" className={NOTE}>
        {active ? `Recording "${active.name}": ${plural(active.count, 'message')} so far.` : recording?.error ? recording.error : ''}
      </p>
      {imported ? <ImportReport result={imported} /> : null}
      {recordings.length === 0 ? (
        <p className={NOTE}>No recordings yet.</p>
      ) : (
        <ul aria-label="Recordings" className="flex flex-col gap-2">
          {recordings.map((r) => (
            <RecordingItem key={r.id} recording={r} recordingNow={active?.id === r.id} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ImportReport({ result }: { result: ImportResult }) {
  return (
    <div role={result.error || result.parsed.refused ? 'alert' : undefined} aria-live="polite" aria-label="Import result" className={result.error || result.parsed.refused ? ALERT : NOTE}>
      {result.error ? <p>{result.error}</p> : null}
      {result.recording ? <p>{`Imported "${result.recording.name}": ${plural(result.recording.count, 'message')}.`}</p> : null}
      {result.parsed.refused ? (
        <>
          <p>{`${plural(result.parsed.refused, 'line')} refused:`}</p>
          <ul className="list-disc pl-5">
            {result.parsed.problems.map((p) => (
              <li key={p.line}>{`Line ${p.line}: ${p.reason}`}</li>
            ))}
          </ul>
          {result.parsed.refused > result.parsed.problems.length ? <p>{`and ${formatCount(result.parsed.refused - result.parsed.problems.length)} more.`}</p> : null}
        </>
      ) : null}
    </div>
  );
}

function RecordingItem({ recording: r, recordingNow }: { recording: RecordingInfo; recordingNow: boolean }) {
  const actions = useSessionActions();
  const [replaying, setReplaying] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const span = `${new Date(r.startedAt).toLocaleString('en-GB')} to ${formatClock(r.endedAt)}`;
  return (
    <li aria-label={`Recording ${r.name}`} className="rounded-md border border-slate-200 p-2 text-xs dark:border-slate-700">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-semibold text-slate-900 dark:text-slate-100">{r.name}</span>
        <span className="text-slate-700 dark:text-slate-300">{`${plural(r.count, 'message')} · ${formatBytes(r.bytes)} · ${span} · ${r.filter}`}</span>
        <span className="flex-1" />
        <Button size="sm" disabled={recordingNow} aria-label={`Open ${r.name}`} onClick={() => void actions.openRecording(r.id)}>
          Open
        </Button>
        <Button
          size="sm"
          aria-label={`Export ${r.name}`}
          disabled={recordingNow}
          onClick={async () => {
            const file = await actions.exportRecording(r.id);
            if (file) downloadText(`${safeFileName(file.name)}.jsonl`, file.text, 'application/x-ndjson');
          }}
        >
          Export
        </Button>
        <Button size="sm" aria-label={`Replay ${r.name}`} aria-expanded={replaying} disabled={recordingNow} onClick={() => setReplaying(!replaying)}>
          Replay…
        </Button>
        <Button size="sm" variant="ghost" aria-label={`Delete ${r.name}`} disabled={recordingNow} onClick={() => setConfirmDelete(true)}>
          Delete
        </Button>
      </div>
      {replaying ? <ReplayForm recording={r} /> : null}
      <ConfirmDialog
        open={confirmDelete}
        title={`Delete the recording "${r.name}"?`}
        confirmLabel="Delete recording"
        danger
        onCancel={() => setConfirmDelete(false)}
        onConfirm={() => {
          setConfirmDelete(false);
          void actions.deleteRecording(r.id);
        }}
      >
        <p>{`Its ${plural(r.count, 'message')} go from this browser. Export it first to keep a copy.`}</p>
      </ConfirmDialog>
    </li>
  );
}

function ReplayForm({ recording: r }: { recording: RecordingInfo }) {
  const actions = useSessionActions();
  const connected = useConnectionsStore(useShallow((s) => Object.keys(s.byId).filter((id) => s.byId[id]?.status.state === 'connected')));
  const profiles = useProfilesStore((s) => s.profiles);
  const targets = profiles.filter((p) => connected.includes(p.id));
  const [target, setTarget] = useState('');
  const [speed, setSpeed] = useState<'1' | '10' | 'max'>('10');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const progress = useHistoryStore((s) => s.replays[r.id]);
  const chosen = targets.some((p) => p.id === target) ? target : (targets[0]?.id ?? '');
  const running = progress !== undefined && !progress.done;
  return (
    <div className="mt-2 flex flex-wrap items-end gap-3 border-t border-slate-200 pt-2 dark:border-slate-700">
      <SelectField
        label="Replay into"
        className="w-52"
        value={chosen}
        onChange={(e) => setTarget(e.target.value)}
        options={targets.length ? targets.map((p) => ({ value: p.id, label: p.name })) : [{ value: '', label: 'No connection is up' }]}
      />
      <SelectField
        label="Speed"
        className="w-40"
        value={speed}
        onChange={(e) => setSpeed(e.target.value as '1' | '10' | 'max')}
        options={[
          { value: '1', label: '1x (as recorded)' },
          { value: '10', label: '10x' },
          { value: 'max', label: 'As fast as possible' },
        ]}
      />
      <TextField label="Replace topic prefix" className="w-40" value={from} placeholder="e.g. home/" onChange={(e) => setFrom(e.target.value)} />
      <TextField label="with" className="w-40" value={to} placeholder="e.g. replay/home/" onChange={(e) => setTo(e.target.value)} error={error} />
      {running ? (
        <Button onClick={() => actions.stopReplay(r.id)}>Stop replay</Button>
      ) : (
        <Button
          variant="primary"
          disabled={!chosen}
          onClick={async () => {
            const s: ReplaySpeed = speed === 'max' ? 'max' : speed === '1' ? 1 : 10;
            setError(await actions.replayRecording(r.id, chosen, s, { from, to }));
          }}
        >
          Start replay
        </Button>
      )}
      <p aria-live="polite" aria-label="Replay progress" className={`w-full ${NOTE}`}>
        {progress ? `${progress.done ? 'Replayed' : 'Replaying:'} ${formatCount(progress.sent)} of ${formatCount(progress.total)}${progress.error ? `. ${progress.error}` : progress.done ? '.' : ''}` : ''}
      </p>
    </div>
  );
}
