/**
 * Publishing state per connection: the form's draft (so other features can fill it: "Reply"), the repeat
 * publisher's progress, and the Sent list's revision. Counts are written once per frame by the session.
 */
import { create } from 'zustand';
import { EMPTY_DRAFT, type PublishDraft } from '../data/publishDraft';
import { IDLE_REPEAT, type RepeatState } from '../data/repeatPublisher';

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
