/**
 * How the user is looking at each connection: message filters, pause point, selections, tree expansion.
 * UI state kept outside components so switching tabs keeps it. Not persisted.
 */
import { create } from 'zustand';

export interface MessageViewState {
  topicFilter: string;
  text: string;
  /** Sequence number before which messages are shown while paused. */
  pausedAt: number | null;
  selectedSeq: number | null;
}

export interface TopicViewState {
  expanded: ReadonlySet<string>;
  selected: string | null;
  search: string;
}

const MESSAGE_DEFAULT: MessageViewState = { topicFilter: '', text: '', pausedAt: null, selectedSeq: null };
const TOPIC_DEFAULT: TopicViewState = { expanded: new Set(), selected: null, search: '' };

export type ViewId = 'messages' | 'topics' | 'charts' | 'devices' | 'inspector';

interface ViewsState {
  /** The view tab shown per connection. */
  view: Record<string, ViewId>;
  setView(id: string, view: ViewId): void;
  /** A chart panel to bring into view (a series was just added to it), per connection. */
  focusPanel: Record<string, string | null>;
  /** Shows the Charts view and scrolls panel `panelId` into view. */
  showPanel(id: string, panelId: string): void;
  /** The topic tree shown beside the message log (wide screens). */
  sideBySide: boolean;
  setSideBySide(on: boolean): void;
  messages: Record<string, MessageViewState>;
  topics: Record<string, TopicViewState>;
  patchMessages(id: string, patch: Partial<MessageViewState>): void;
  patchTopics(id: string, patch: Partial<TopicViewState>): void;
  toggleExpanded(id: string, path: string, open?: boolean): void;
}

export const useViewsStore = create<ViewsState>()((set) => ({
  view: {},
  setView: (id, view) => set((s) => ({ view: { ...s.view, [id]: view } })),
  focusPanel: {},
  showPanel: (id, panelId) => set((s) => ({ view: { ...s.view, [id]: 'charts' }, focusPanel: { ...s.focusPanel, [id]: panelId } })),
  sideBySide: typeof location !== 'undefined' && new URLSearchParams(location.search).get('layout') === 'side-by-side',
  setSideBySide: (on) => set({ sideBySide: on }),
  messages: {},
  topics: {},
  patchMessages: (id, patch) => set((s) => ({ messages: { ...s.messages, [id]: { ...(s.messages[id] ?? MESSAGE_DEFAULT), ...patch } } })),
  patchTopics: (id, patch) => set((s) => ({ topics: { ...s.topics, [id]: { ...(s.topics[id] ?? TOPIC_DEFAULT), ...patch } } })),
  toggleExpanded: (id, path, open) =>
    set((s) => {
      const current = s.topics[id] ?? TOPIC_DEFAULT;
      const expanded = new Set(current.expanded);
      const willOpen = open ?? !expanded.has(path);
      if (willOpen) expanded.add(path);
      else expanded.delete(path);
      return { topics: { ...s.topics, [id]: { ...current, expanded } } };
    }),
}));

export const useMessageViewState = (id: string): MessageViewState => useViewsStore((s) => s.messages[id] ?? MESSAGE_DEFAULT);
export const useTopicViewState = (id: string): TopicViewState => useViewsStore((s) => s.topics[id] ?? TOPIC_DEFAULT);
