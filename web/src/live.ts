// The live feed: campaignStatusChanged over graphql-ws. After a dropped connection it reconnects
// on its own and resumes after the last event it received (afterEventId), so no event is missed
// or repeated; meanwhile it reports "reconnecting".
import { createClient } from 'graphql-ws';
import { useEffect, useState } from 'preact/hooks';
import { gql, session } from './api.ts';

export interface StatusEvent {
  id: string;
  brandId: string;
  campaignId: string | null;
  campaignName: string;
  fromStatus: string | null;
  toStatus: string;
  toReason: string | null;
  trigger: string;
  actor: string;
  occurredAt: string;
}

export type LiveState = 'connecting' | 'live' | 'reconnecting';

const EVENT = 'id brandId campaignId campaignName fromStatus toStatus toReason trigger actor occurredAt';
const QUERY = `subscription ($after: ID) { campaignStatusChanged(afterEventId: $after) { ${EVENT} } }`;

/** Starts the feed from after `lastId`; returns a function that stops it. */
export function watch(lastId: string | null, onEvent: (e: StatusEvent) => void, onState: (s: LiveState) => void): () => void {
  const variables: { after: string | null } = { after: lastId };
  const client = createClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    connectionParams: () => ({ authorization: `Bearer ${session.key() ?? ''}` }),
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait: async (retries) => new Promise((r) => setTimeout(r, Math.min(5_000, 250 * 2 ** retries))),
    on: {
      connected: () => onState('live'),
      closed: () => onState('reconnecting'),
    },
  });
  onState('connecting');
  let stopped = false;
  let unsubscribe = () => undefined as void;
  let attempt = 0;
  // graphql-ws sends this same payload again after each reconnect: keeping `after` current in it
  // is what resumes the feed where it stopped. A subscription the server ended (a restart ends
  // them before closing its sockets) is started again the same way.
  const subscribe = () => {
    unsubscribe = client.subscribe<{ campaignStatusChanged: StatusEvent }>(
      { query: QUERY, variables },
      {
        next: ({ data }) => {
          attempt = 0;
          if (!data) return;
          variables.after = data.campaignStatusChanged.id;
          onEvent(data.campaignStatusChanged);
        },
        error: () => again(),
        complete: () => again(),
      },
    );
  };
  const again = () => {
    if (stopped) return;
    onState('reconnecting');
    setTimeout(() => !stopped && subscribe(), Math.min(5_000, 250 * 2 ** attempt++));
  };
  subscribe();
  return () => {
    stopped = true;
    unsubscribe();
    void client.dispose();
  };
}

/** The app's feed: the last events (newest first), the connection's state, the newest event. */
export function useLive(enabled: boolean): { events: StatusEvent[]; live: LiveState; lastEvent: StatusEvent | null } {
  const [events, setEvents] = useState<StatusEvent[]>([]);
  const [live, setLive] = useState<LiveState>('connecting');
  const [lastEvent, setLastEvent] = useState<StatusEvent | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let stop = () => undefined as void;
    let cancelled = false;
    (async () => {
      const recent = await gql<{ campaignStatusEvents: { edges: { node: StatusEvent }[] } }>(
        `{ campaignStatusEvents(last: 20) { edges { node { ${EVENT} } } } }`,
      );
      if (cancelled) return;
      const initial = recent.campaignStatusEvents.edges.map((e) => e.node).reverse();
      setEvents(initial);
      stop = watch(
        initial[0]?.id ?? null,
        (event) => {
          setEvents((list) => [event, ...list].slice(0, 50));
          setLastEvent(event);
        },
        setLive,
      );
    })().catch(() => setLive('reconnecting'));
    return () => {
      cancelled = true;
      stop();
    };
  }, [enabled]);
  return { events, live, lastEvent };
}
