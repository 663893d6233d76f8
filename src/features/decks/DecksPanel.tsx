import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { DECK_PRESETS, expandDraft, variableNameProblem } from '../../data/decks';
import { draftToRequest } from '../../data/publishDraft';
import { deckFileText, deckFileTooLarge, deckLink, readDeckFile } from '../../stores/deckTransfer';
import { newId } from '../../stores/ids';
import type { Deck, Profile } from '../../stores/profileModel';
import { useProfilesStore } from '../../stores/profiles';
import { useDraft } from '../../stores/publish';
import { useSessionActions } from '../../stores/sessionContext';
import { downloadText } from '../../shared/download';
import { Button } from '../../shared/ui/Button';
import { SelectField, TextField } from '../../shared/ui/Field';
import { FileImport } from '../../shared/ui/FileImport';
import { KeyValueEditor } from '../../shared/ui/KeyValueEditor';

/** Messages of the shown deck with a shortcut: Alt+Shift+1 to Alt+Shift+9. */
const SHORTCUT_COUNT = 9;

type Said = { tone: 'ok' | 'error'; text: string } | null;

const typing = (target: EventTarget | null) => target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

/**
 * Publish decks: named sets of saved messages, each sent with one click or Alt+Shift+1-9, with
 * variables ({{device}}) and {{n}}, {{now}}, {{ts}}; presets for Tasmota, Zigbee2MQTT, Shelly and ESPHome;
 * kept with the connection, exported as a file or a link, imported from either.
 */
export function DecksPanel({ profile }: { profile: Profile }) {
  const update = useProfilesStore((s) => s.update);
  const actions = useSessionActions();
  const draft = useDraft(profile.id);
  const [chosen, setChosen] = useState<string | null>(null);
  const deck = profile.decks.find((d) => d.id === chosen) ?? profile.decks[0] ?? null;
  const [said, setSaid] = useState<Said>(null);
  const [messageName, setMessageName] = useState('');
  const sends = useRef(new Map<string, number>());

  const saveDecks = (decks: Deck[]): boolean => {
    const problems = update(profile.id, { decks });
    if (problems) setSaid({ tone: 'error', text: `Not saved: ${problems.join('; ')}` });
    return !problems;
  };
  const saveDeck = (next: Deck) => saveDecks(profile.decks.map((d) => (d.id === next.id ? next : d)));
  const addDeck = (next: Deck) => {
    if (saveDecks([...profile.decks, next])) setChosen(next.id);
  };

  const send = (index: number) => {
    const message = deck?.messages[index];
    if (!deck || !message) return;
    const key = `${deck.id}:${index}`;
    const n = (sends.current.get(key) ?? 0) + 1;
    const now = new Date();
    const expanded = expandDraft(message.draft, deck.variables, n, now);
    if (!expanded.ok) return setSaid({ tone: 'error', text: `“${message.name}” not sent. ${expanded.error}` });
    const request = draftToRequest(expanded.draft, profile.protocolVersion, n, now);
    if (!request.ok) return setSaid({ tone: 'error', text: `“${message.name}” not sent. ${Object.values(request.errors).join(' ')}` });
    const sent = actions.publish(profile.id, request.request);
    if (!sent) return setSaid({ tone: 'error', text: `“${message.name}” not sent: connect first.` });
    sends.current.set(key, n);
    const topic = request.request.topic;
    setSaid({ tone: 'ok', text: `Sent “${message.name}” to ${topic} (QoS ${request.request.qos}${request.request.retain ? ', retained' : ''}).` });
    void sent.done.then((record) => {
      if (record.outcome === 'acknowledged' || record.outcome === 'sent') return;
      setSaid({ tone: 'error', text: `“${message.name}” to ${topic}: ${record.detail ?? record.outcome}` });
    });
  };

  const shortcut = useEffectEvent((index: number) => send(index));
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || !e.shiftKey || e.ctrlKey || e.metaKey || typing(e.target)) return;
      const digit = /^Digit([1-9])$/.exec(e.code);
      if (!digit) return;
      e.preventDefault();
      shortcut(Number(digit[1]) - 1);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const variableProblem = deck?.variables.map((v) => (v.key ? variableNameProblem(v.key) : null)).find(Boolean) ?? null;

  return (
    <section aria-label="Decks" className="flex flex-col gap-2 border-t border-slate-200 p-3 text-sm dark:border-slate-800">
      <h2 className="text-sm font-semibold text-slate-900 dark:text-slate-100">Decks</h2>
      <div className="flex flex-wrap items-end gap-2">
        {profile.decks.length > 0 ? (
          <SelectField
            label="Deck"
            className="min-w-32 flex-1"
            value={deck?.id ?? ''}
            options={profile.decks.map((d) => ({ value: d.id, label: `${d.name} (${d.messages.length})` }))}
            onChange={(e) => setChosen(e.target.value)}
          />
        ) : null}
        <Button size="sm" onClick={() => addDeck({ id: newId('d'), name: `Deck ${profile.decks.length + 1}`, variables: [], messages: [] })}>
          New deck
        </Button>
        <SelectField
          label="Add a preset"
          className="w-40"
          value=""
          options={[{ value: '', label: 'Firmware…' }, ...DECK_PRESETS.map((p, i) => ({ value: String(i), label: p.name }))]}
          onChange={(e) => {
            const preset = DECK_PRESETS[Number(e.target.value)];
            if (e.target.value !== '' && preset) addDeck(structuredClone({ ...preset, id: newId('d') }) as Deck);
          }}
        />
        <FileImport
          label="Import deck"
          inputLabel="Deck file to import"
          accept=".json,application/json"
          size="sm"
          tooLarge={deckFileTooLarge}
          onRefused={(reason) => setSaid({ tone: 'error', text: reason })}
          onText={(text) => {
            const read = readDeckFile(text);
            if (!read.ok) return setSaid({ tone: 'error', text: `Not a deck this app can use: ${read.problems.join('; ')}` });
            addDeck(read.deck);
            setSaid({ tone: 'ok', text: `Imported “${read.deck.name}” (${read.deck.messages.length} messages).` });
          }}
        />
      </div>
      {deck ? (
        <>
          <TextField label="Deck name" value={deck.name} onChange={(e) => saveDeck({ ...deck, name: e.target.value })} error={deck.name.trim() ? null : 'A deck needs a name.'} />
          <KeyValueEditor label="Variables" itemLabel="Variable" rows={deck.variables} error={variableProblem ?? undefined} onChange={(rows) => saveDeck({ ...deck, variables: rows })} />
          {deck.messages.length === 0 ? (
            <p className="text-xs text-slate-600 dark:text-slate-400">No messages yet: fill in the publish form and save it here.</p>
          ) : (
            <ol aria-label={`Messages of ${deck.name}`} className="flex flex-col gap-1">
              {deck.messages.map((m, i) => (
                <li key={`${i}-${m.name}`} className="flex items-center gap-2">
                  <Button size="sm" variant="primary" aria-label={`Send ${m.name}`} onClick={() => send(i)}>
                    Send
                  </Button>
                  <span className="min-w-0 flex-1">
                    <span className="block truncate font-medium">{m.name}</span>
                    <span className="block truncate font-mono text-xs text-slate-600 dark:text-slate-400" title={`${m.draft.topic} ${m.draft.payload}`}>
                      {m.draft.topic} · QoS {m.draft.qos}
                      {m.draft.retain ? ' · retain' : ''}
                    </span>
                  </span>
                  {i < SHORTCUT_COUNT ? <kbd className="shrink-0 text-xs text-slate-600 dark:text-slate-400">Alt+Shift+{i + 1}</kbd> : null}
                  <Button size="sm" variant="ghost" aria-label={`Remove ${m.name} from the deck`} onClick={() => saveDeck({ ...deck, messages: deck.messages.filter((_, j) => j !== i) })}>
                    ✕
                  </Button>
                </li>
              ))}
            </ol>
          )}
          <form
            className="flex items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              const name = messageName.trim() || draft.topic;
              if (!draft.topic) return setSaid({ tone: 'error', text: 'The publish form has no topic yet: fill it in, then save it to the deck.' });
              if (saveDeck({ ...deck, messages: [...deck.messages, { name, draft }] })) setMessageName('');
            }}
          >
            <TextField label="Message name" className="flex-1" placeholder={draft.topic || 'Toggle the lamp'} value={messageName} onChange={(e) => setMessageName(e.target.value)} />
            <Button type="submit" size="sm">
              Save the publish form here
            </Button>
          </form>
          <div className="flex flex-wrap gap-2">
            <Button size="sm" onClick={() => downloadText(`${deck.name.replace(/[^\w-]+/g, '-') || 'deck'}.deck.json`, deckFileText(deck), 'application/json')}>
              Export deck
            </Button>
            <Button
              size="sm"
              onClick={() => {
                const link = deckLink(deck, location.href);
                void navigator.clipboard?.writeText(link).then(
                  () => setSaid({ tone: 'ok', text: 'Link copied: whoever opens it is offered this deck.' }),
                  () => setSaid({ tone: 'ok', text: `Link: ${link}` }),
                );
              }}
            >
              Copy link
            </Button>
            <Button size="sm" variant="ghost" onClick={() => saveDecks(profile.decks.filter((d) => d.id !== deck.id))}>
              Delete deck
            </Button>
          </div>
        </>
      ) : null}
      <p role="log" aria-live="polite" aria-label="Deck results" className={`text-xs ${said?.tone === 'error' ? 'text-red-700 dark:text-red-400' : 'text-slate-700 dark:text-slate-300'}`}>
        {said?.text ?? ''}
      </p>
    </section>
  );
}
