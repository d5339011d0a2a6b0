// The live feed, one graphql-ws connection for three subscriptions: campaignStatusChanged (pauses
// and resumes), budgetAlert (thresholds of budgets crossed) and brandSpendChanged (a brand's
// figures, after any spend). After a dropped connection it reconnects on its own and resumes the
// status feed and the alerts after the last ones it received (afterEventId, afterAlertId), so none
// is missed or repeated; meanwhile it reports "reconnecting". Figures are not replayed: a
// reconnection bumps `epoch`, and views read theirs again.
import { createClient, type Client } from 'graphql-ws';
import { useEffect, useState } from 'preact/hooks';
import { gql, graphql, session } from './api.ts';
import type { BrandRowFragment, FeedAlertFragment, FeedEventFragment } from './generated/graphql.ts';

export type StatusEvent = FeedEventFragment;
export type BrandRow = BrandRowFragment;
export type AlertItem = FeedAlertFragment;
export type LiveState = 'connecting' | 'live' | 'reconnecting';

export const FeedEvent = graphql(`
  fragment FeedEvent on CampaignStatusEvent {
    id
    brandId
    campaignId
    campaignName
    fromStatus
    toStatus
    toReason
    trigger
    actor
    occurredAt
    brand {
      name
      timezone
    }
  }
`);

export const FeedAlert = graphql(`
  fragment FeedAlert on BudgetAlert {
    id
    brandId
    period
    threshold
    reached
    spent
    budget
    occurredAt
    brand {
      name
      timezone
      currency
    }
  }
`);

/** A brand as the overview shows it (and as brandSpendChanged sends it). */
export const BrandRowDoc = graphql(`
  fragment BrandRow on Brand {
    id
    name
    archivedAt
    currency
    dailyBudget
    dailySpend
    monthlyBudget
    monthlySpend
    active: campaigns(status: ACTIVE, first: 0) {
      totalCount
    }
    paused: campaigns(status: PAUSED, first: 0) {
      totalCount
    }
    overrides {
      id
    }
  }
`);

const RecentEvents = graphql(`
  query RecentEvents {
    campaignStatusEvents(last: 20) {
      edges {
        node {
          ...FeedEvent
        }
      }
    }
  }
`);

const RecentAlerts = graphql(`
  query RecentAlerts {
    budgetAlerts(last: 10) {
      edges {
        node {
          ...FeedAlert
        }
      }
    }
  }
`);

const AlertFeed = graphql(`
  subscription AlertFeed($after: ID) {
    budgetAlert(afterAlertId: $after) {
      ...FeedAlert
    }
  }
`);

const StatusFeed = graphql(`
  subscription StatusFeed($after: ID) {
    campaignStatusChanged(afterEventId: $after) {
      ...FeedEvent
    }
  }
`);

const SpendFeed = graphql(`
  subscription SpendFeed {
    brandSpendChanged {
      ...BrandRow
    }
  }
`);

interface Handlers {
  event(e: StatusEvent): void;
  alert(a: AlertItem): void;
  moved(b: BrandRow): void;
  state(s: LiveState): void;
  /** connected again after a drop: what was not replayed should be read again */
  reconnected(): void;
}

/** Starts the subscriptions, the status feed after `lastId` and the alerts after `lastAlertId`; returns a function that stops them. */
export function watch(lastId: string | null, lastAlertId: string | null, on: Handlers): () => void {
  let dropped = false;
  const client = createClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    connectionParams: () => ({ authorization: `Bearer ${session.key() ?? ''}` }),
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait: async (retries) => new Promise((r) => setTimeout(r, Math.min(5_000, 250 * 2 ** retries))),
    on: {
      connected: () => {
        on.state('live');
        if (dropped) on.reconnected();
      },
      closed: () => {
        dropped = true;
        on.state('reconnecting');
      },
    },
  });
  on.state('connecting');
  const stopped = { now: false };
  // graphql-ws sends this same payload again after each reconnect: keeping `after` current in it
  // is what resumes the status feed where it stopped.
  const variables: { after: string | null } = { after: lastId };
  const alertVariables: { after: string | null } = { after: lastAlertId };
  const stops = [
    keep(client, stopped, on, StatusFeed.toString(), variables, (data: { campaignStatusChanged: StatusEvent }) => {
      variables.after = data.campaignStatusChanged.id;
      on.event(data.campaignStatusChanged);
    }),
    keep(client, stopped, on, AlertFeed.toString(), alertVariables, (data: { budgetAlert: AlertItem }) => {
      alertVariables.after = data.budgetAlert.id;
      on.alert(data.budgetAlert);
    }),
    keep(client, stopped, on, SpendFeed.toString(), {}, (data: { brandSpendChanged: BrandRow }) => on.moved(data.brandSpendChanged)),
  ];
  return () => {
    stopped.now = true;
    for (const stop of stops) stop();
    void client.dispose();
  };
}

/** One subscription, started again when the server ends it (a restart ends them before closing its sockets). */
function keep<T>(
  client: Client,
  stopped: { now: boolean },
  on: Handlers,
  query: string,
  variables: Record<string, unknown>,
  next: (data: T) => void,
) {
  let unsubscribe = () => undefined as void;
  let attempt = 0;
  const subscribe = () => {
    unsubscribe = client.subscribe<T>(
      { query, variables },
      {
        next: ({ data }) => {
          attempt = 0;
          if (data) next(data);
        },
        error: () => again(),
        complete: () => again(),
      },
    );
  };
  const again = () => {
    if (stopped.now) return;
    on.state('reconnecting');
    setTimeout(
      () => {
        if (stopped.now) return;
        subscribe();
        on.reconnected(); // what the ended subscription did not replay is read again
      },
      Math.min(5_000, 250 * 2 ** attempt++),
    );
  };
  subscribe();
  return () => unsubscribe();
}

export interface Live {
  /** the last events, newest first */
  events: StatusEvent[];
  /** the last budget alerts, newest first */
  alerts: AlertItem[];
  live: LiveState;
  lastEvent: StatusEvent | null;
  /** the newest figures of the last brand whose spend moved */
  moved: BrandRow | null;
  /** bumps after each reconnection: read figures again */
  epoch: number;
}

/** The app's feed. */
export function useLive(enabled: boolean): Live {
  const [events, setEvents] = useState<StatusEvent[]>([]);
  const [alerts, setAlerts] = useState<AlertItem[]>([]);
  const [live, setLive] = useState<LiveState>('connecting');
  const [lastEvent, setLastEvent] = useState<StatusEvent | null>(null);
  const [moved, setMoved] = useState<BrandRow | null>(null);
  const [epoch, setEpoch] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    let stop = () => undefined as void;
    let cancelled = false;
    (async () => {
      const [recent, recentAlerts] = await Promise.all([gql(RecentEvents), gql(RecentAlerts)]);
      if (cancelled) return;
      const initial = recent.campaignStatusEvents.edges.map((e) => e.node).reverse();
      const initialAlerts = recentAlerts.budgetAlerts.edges.map((e) => e.node).reverse();
      setEvents(initial);
      setAlerts(initialAlerts);
      stop = watch(initial[0]?.id ?? null, initialAlerts[0]?.id ?? null, {
        alert: (alert) => setAlerts((list) => [alert, ...list].slice(0, 20)),
        event: (event) => {
          setEvents((list) => [event, ...list].slice(0, 50));
          setLastEvent(event);
        },
        moved: setMoved,
        state: setLive,
        reconnected: () => setEpoch((n) => n + 1),
      });
    })().catch(() => setLive('reconnecting'));
    return () => {
      cancelled = true;
      stop();
    };
  }, [enabled]);
  return { events, alerts, live, lastEvent, moved, epoch };
}
