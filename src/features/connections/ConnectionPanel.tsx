import { useEffect, useState } from 'react';
import { useSessionActions } from '../../stores/sessionContext';
import { useConnectionLog, useConnectionStatus, useConnectionsStore } from '../../stores/connections';
import { connectionKey } from '../../stores/profileOptions';
import type { ProfileProblems } from '../../stores/profileOptions';
import { exportProfiles } from '../../stores/profileTransfer';
import { useProfilesStore } from '../../stores/profiles';
import { usePublishStore } from '../../stores/publish';
import type { SuggestedFix } from '../../mqtt/connectionStatus';
import type { Profile } from '../../stores/profileModel';
import { downloadText, safeFileName } from '../../shared/download';
import { formatClock } from '../../shared/format/format';
import { Button } from '../../shared/ui/Button';
import { ConfirmDialog } from '../../shared/ui/ConfirmDialog';
import { DraftErrors, DraftErrorsContext } from '../../shared/ui/DraftField';
import { MenuButton } from '../../shared/ui/Menu';
import { Popover } from '../../shared/ui/Popover';
import { ConnectionSettings } from './ConnectionSettings';
import { stateTone, statusSentence } from './statusText';

/** The connection's header: name, status line, Connect/Disconnect, settings, profile actions and the log. */
export function ConnectionPanel({ profile }: { profile: Profile }) {
  const actions = useSessionActions();
  const status = useConnectionStatus(profile.id);
  const [problems, setProblems] = useState<ProfileProblems>({});
  const active = status.state === 'connected' || status.state === 'connecting' || status.state === 'reconnecting';
  const [expanded, setExpanded] = useState(!active);
  const [seenState, setSeenState] = useState(status.state);
  // Collapse the settings once connected; open them again when the connection fails.
  if (seenState !== status.state) {
    setSeenState(status.state);
    if (status.state === 'connected') setExpanded(false);
    if (status.state === 'failed') setExpanded(true);
  }

  const [drafts] = useState(() => new DraftErrors());
  const connect = () => {
    // a field holding what cannot be saved: say so there, and do not connect with the last saved value
    if (drafts.check().length > 0) return setExpanded(true);
    const found = actions.connect(profile.id) ?? {};
    setProblems(found);
    if (Object.keys(found).length > 0) setExpanded(true);
  };

  const stale = useSettingsChangedSinceConnect(profile, status.state);
  const unsaved = useProfilesStore((s) => s.unsavedIds.includes(profile.id));
  const keep = useProfilesStore((s) => s.keep);
  return (
    <section aria-label="Connection" className="border-b border-slate-200 px-3 py-2 dark:border-slate-800">
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
        {/* at least 12rem: on a phone the buttons wrap below instead of squeezing the name */}
        <div className="min-w-48 flex-1">
          <h1 className="truncate text-base font-semibold text-slate-900 dark:text-white" title={profile.name}>
            {profile.name}
          </h1>
          <StatusLine profile={profile} />
        </div>
        <div className="flex min-w-0 flex-wrap items-center gap-1">
          <ConnectionLog id={profile.id} />
          <Button variant="ghost" size="sm" aria-expanded={expanded} onClick={() => setExpanded((v) => !v)}>
            {expanded ? 'Hide settings' : 'Connection settings'}
          </Button>
          {active ? (
            <Button variant="secondary" size="sm" onClick={() => void actions.disconnect(profile.id)}>
              Disconnect
            </Button>
          ) : (
            <Button variant="primary" size="sm" onClick={connect}>
              Connect
            </Button>
          )}
          <ProfileActions profile={profile} />
        </div>
      </div>
      {unsaved ? (
        <p className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-700 dark:text-slate-300">
          Opened from a link: this connection is not saved, and none of your saved connections was changed.
          <Button size="sm" onClick={() => keep(profile.id)}>
            Save connection
          </Button>
        </p>
      ) : null}
      {stale ? (
        <p role="note" className="mt-1 flex flex-wrap items-center gap-2 text-xs text-amber-800 dark:text-amber-300">
          Settings changed since this connection opened: they apply on reconnect.
          <Button size="sm" onClick={connect}>
            Reconnect now
          </Button>
        </p>
      ) : null}
      {expanded ? (
        <DraftErrorsContext.Provider value={drafts}>
          <ConnectionSettings profile={profile} problems={problems} onSubmit={() => !active && connect()} />
        </DraftErrorsContext.Provider>
      ) : null}
    </section>
  );
}

/** role=status: the state in words and why. Ticks once a second only while a reconnect countdown runs. */
function StatusLine({ profile }: { profile: Profile }) {
  const status = useConnectionStatus(profile.id);
  const [tick, setTick] = useState(() => Date.now());
  useEffect(() => {
    if (status.state !== 'reconnecting') return;
    const timer = setInterval(() => setTick(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [status]);
  // The countdown starts from the status itself, so a stale tick never shows a longer wait.
  const now = Math.max(tick, 'since' in status ? status.since : 0);
  const hint = status.state === 'failed' || status.state === 'reconnecting' ? status.hint : status.state === 'connected' ? status.backAfter?.hint : undefined;
  const fix = status.state === 'failed' || status.state === 'reconnecting' ? status.fix : status.state === 'connected' ? status.backAfter?.fix : undefined;
  const backAfter = status.state === 'connected' ? status.backAfter?.reason : undefined;
  return (
    <div className="mt-0.5 flex min-w-0 items-start gap-2">
      <span aria-hidden className={`mt-1.5 size-2 shrink-0 rounded-full ${stateTone[status.state]}`} />
      <div className="min-w-0 text-sm">
        <p role="status" className={status.state === 'failed' ? 'text-red-700 dark:text-red-400' : 'text-slate-600 dark:text-slate-300'}>
          {statusSentence(status, now)}
        </p>
        {backAfter ? <p className="text-xs text-slate-600 dark:text-slate-400">Back after: {backAfter}</p> : null}
        {hint ? <p className="text-xs text-slate-600 dark:text-slate-400">{hint}</p> : null}
        {fix ? <FixButton profile={profile} fix={fix} /> : null}
      </div>
    </div>
  );
}

/** The fix a refusal suggests, one click away: switch to MQTT 3.1.1 and connect, or publish at QoS 1. */
function FixButton({ profile, fix }: { profile: Profile; fix: SuggestedFix }) {
  const actions = useSessionActions();
  const update = useProfilesStore((s) => s.update);
  const patchDraft = usePublishStore((s) => s.patchDraft);
  const [done, setDone] = useState(false);
  if (fix.kind === 'use-version') {
    return (
      <Button
        size="sm"
        className="mt-1"
        onClick={() => {
          update(profile.id, { protocolVersion: fix.version });
          actions.connect(profile.id);
        }}
      >
        Switch to MQTT 3.1.1 and connect
      </Button>
    );
  }
  return done ? (
    <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">The publish form is set to QoS 1.</p>
  ) : (
    <Button
      size="sm"
      className="mt-1"
      onClick={() => {
        patchDraft(profile.id, { qos: fix.qos });
        setDone(true);
      }}
    >
      Publish at QoS 1 from now on
    </Button>
  );
}

function ProfileActions({ profile }: { profile: Profile }) {
  const actions = useSessionActions();
  const duplicate = useProfilesStore((s) => s.duplicate);
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <MenuButton
        label="Connection actions"
        buttonLabel="⋯"
        className="rounded-md px-2 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-slate-200 dark:hover:bg-slate-800"
        items={[
          { id: 'duplicate', label: 'Duplicate', onSelect: () => duplicate(profile.id) },
          {
            id: 'export',
            label: 'Export',
            onSelect: () => downloadText(`mqttscope-${safeFileName(profile.name)}.json`, exportProfiles([profile]), 'application/json'),
          },
          { id: 'delete', label: 'Delete', onSelect: () => setConfirming(true) },
        ]}
      />
      <ConfirmDialog
        open={confirming}
        title={`Delete "${profile.name}"?`}
        confirmLabel="Delete"
        danger
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          actions.removeProfile(profile.id);
        }}
      >
        Its settings and subscriptions are removed from this browser, and its connection is closed.
      </ConfirmDialog>
    </>
  );
}

/**
 * Whether the settings differ from those the open connection was made with (they apply on reconnect).
 * Compares what would be sent, so a change of name or colour does not count.
 */
function useSettingsChangedSinceConnect(profile: Profile, state: string): boolean {
  const openedWith = useConnectionsStore((s) => s.byId[profile.id]?.openedWith ?? null);
  if (state !== 'connected' && state !== 'reconnecting') return false;
  return openedWith !== null && openedWith !== connectionKey(profile);
}

/** Every state change of this connection, with time and reason: a button beside the actions. */
function ConnectionLog({ id }: { id: string }) {
  const log = useConnectionLog(id);
  if (log.length === 0) return null;
  return (
    <Popover label={`Connection log (${log.length})`} wide>
      <ol role="log" aria-label="Connection log" className="max-h-72 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs dark:bg-slate-950">
        {log.map((entry, i) => (
          <li
            key={i}
            className={entry.level === 'error' ? 'text-red-700 dark:text-red-400' : entry.level === 'warn' ? 'text-amber-700 dark:text-amber-400' : 'text-slate-700 dark:text-slate-300'}
          >
            <span className="text-slate-500 dark:text-slate-400">{formatClock(entry.at)}</span> {entry.text}
          </li>
        ))}
      </ol>
    </Popover>
  );
}
