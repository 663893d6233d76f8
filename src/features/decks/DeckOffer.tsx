import { useState } from 'react';
import { deckFromLink } from '../../stores/deckTransfer';
import type { Profile } from '../../stores/profileModel';
import { useProfilesStore } from '../../stores/profiles';
import { useViewsStore } from '../../stores/views';
import { Button } from '../../shared/ui/Button';

/**
 * A deck that came with the link (`?deck=`), offered, never added by itself: a link never changes a
 * saved connection. Refused decks are named with their problems.
 */
export function DeckOffer({ profile }: { profile: Profile }) {
  const [offer, setOffer] = useState(() => (typeof location === 'undefined' ? null : deckFromLink(location.search)));
  const update = useProfilesStore((s) => s.update);
  const setPublish = useViewsStore((s) => s.setPublish);
  const [problems, setProblems] = useState<string[] | null>(null);
  if (!offer) return null;
  const bar = 'flex flex-wrap items-center gap-2 border-b border-slate-200 bg-sky-50 px-3 py-2 text-sm dark:border-slate-800 dark:bg-sky-950/40';
  if (!offer.ok) {
    return (
      <div role="alert" className={bar}>
        The deck in this link was refused: {offer.problems.join('; ')}
        <Button size="sm" onClick={() => setOffer(null)}>
          Dismiss
        </Button>
      </div>
    );
  }
  return (
    <section aria-label="Deck from the link" className={bar}>
      <span>
        This link brings a publish deck, “{offer.deck.name}” ({offer.deck.messages.length} message{offer.deck.messages.length === 1 ? '' : 's'}).
      </span>
      <Button
        size="sm"
        variant="primary"
        onClick={() => {
          const refused = update(profile.id, { decks: [...profile.decks, offer.deck] });
          if (refused) return setProblems(refused);
          setOffer(null);
          setPublish(true);
        }}
      >
        Add the deck to {profile.name}
      </Button>
      <Button size="sm" onClick={() => setOffer(null)}>
        Not now
      </Button>
      {problems ? <span role="alert">{problems.join('; ')}</span> : null}
    </section>
  );
}
