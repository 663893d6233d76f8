/**
 * Publishing state per connection: the form's draft (so other features can fill it: "Reply"), the repeat
 * publisher's progress, and the Sent list's revision. Counts are written once per frame by the session.
 */
import { create } from 'zustand';
import { EMPTY_DRAFT, type PublishDraft } from '../data/publishDraft';

export interface RepeatState {
  running: boolean;
  /** Publishes handed to the connection so far in this run. */
  sent: number;
  intervalMs: number;
  /** Why the last run stopped, when it was not the user. */
  stopReason?: string;
}

export const IDLE_REPEAT: RepeatState = { running: false, sent: 0, intervalMs: 1_000 };

interface PublishState {
  drafts: Record<string, PublishDraft>;
  repeats: Record<string, RepeatState>;
  sentRev: Record<string, number>;
  patchDraft(id: string, patch: Partial<PublishDraft>): void;
}

export const usePublishStore = create<PublishState>()((set) => ({
  drafts: {},
  repeats: {},
  sentRev: {},
  patchDraft: (id, patch) => set((s) => ({ drafts: { ...s.drafts, [id]: { ...(s.drafts[id] ?? EMPTY_DRAFT), ...patch } } })),
}));

export const useDraft = (id: string): PublishDraft => usePublishStore((s) => s.drafts[id] ?? EMPTY_DRAFT);
export const useRepeat = (id: string): RepeatState => usePublishStore((s) => s.repeats[id] ?? IDLE_REPEAT);
export const useSentRev = (id: string): number => usePublishStore((s) => s.sentRev[id] ?? 0);
