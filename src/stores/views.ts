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

export type ViewId = 'home' | 'messages' | 'topics' | 'charts' | 'devices' | 'inspector' | 'discovery' | 'history' | 'retained' | 'broker' | 'lessons';

/** How the Inspector is set up per connection: kept when the user looks at another view and back. */
export interface InspectorViewState {
  typeFilter: string;
  idFilter: string;
  selected: number | null;
  /** Stepping through packets for class: held at `heldAt`, `revealed` shown since. */
  stepping: { heldAt: number; revealed: number } | null;
}

const INSPECTOR_DEFAULT: InspectorViewState = { typeFilter: '', idFilter: '', selected: null, stepping: null };

/** Class mode scales the whole page by this (every size is in rem; list rows scale with it). */
export const CLASS_MODE_SCALE = 1.25;

/** A panel beside the views: open, closed, or as the window's width decides (null). */
export type PanelChoice = boolean | null;

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
  /**
   * Class mode: a presentation mode for a projector, kept across views: large text, and the connection
   * list, subscriptions and publish panel out of the way.
   */
  classMode: boolean;
  setClassMode(on: boolean): void;
  sidebar: PanelChoice;
  publish: PanelChoice;
  setSidebar(open: PanelChoice): void;
  setPublish(open: PanelChoice): void;
  inspector: Record<string, InspectorViewState>;
  patchInspector(id: string, patch: Partial<InspectorViewState>): void;
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
  classMode: typeof location !== 'undefined' && new URLSearchParams(location.search).get('class') === '1',
  setClassMode: (on) => set({ classMode: on }),
  sidebar: null,
  publish: null,
  setSidebar: (open) => set({ sidebar: open }),
  setPublish: (open) => set({ publish: open }),
  inspector: {},
  patchInspector: (id, patch) => set((s) => ({ inspector: { ...s.inspector, [id]: { ...(s.inspector[id] ?? INSPECTOR_DEFAULT), ...patch } } })),
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
export const useInspectorViewState = (id: string): InspectorViewState => useViewsStore((s) => s.inspector[id] ?? INSPECTOR_DEFAULT);

/** A list's row height in px: rows grow with the text in class mode. */
export const useRowHeight = (basePx: number): number => useViewsStore((s) => Math.round(basePx * (s.classMode ? CLASS_MODE_SCALE : 1)));
