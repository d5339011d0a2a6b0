// An endpoint's delivery log (WebhookEndpoint.deliveries): newest first, 20 a page (Older, Newer),
// read again every few seconds while its newest page is open, each row with its time (UTC), event
// and message id, delivered or failed, attempt, the answer's status or error and duration, and
// Redeliver (redeliverWebhook: it goes with the endpoint's next delivery, the log shows it).
import { useEffect, useRef, useState } from 'preact/hooks';
import { gql, graphql } from '../api.ts';
import type { WebhookDeliveriesQuery } from '../generated/graphql.ts';
import { Utc } from './ShownOnce.tsx';
import { eventLabel } from './eventTypes.ts';

const DeliveriesQuery = graphql(`
  query WebhookDeliveries($id: ID!, $after: String) {
    webhookEndpoint(id: $id) {
      id
      deliveries(first: 20, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            at
            eventType
            messageId
            attempt
            succeeded
            statusCode
            error
            durationMs
            redelivery
          }
        }
      }
    }
  }
`);

const Redeliver = graphql(`
  mutation RedeliverWebhook($deliveryId: ID!) {
    redeliverWebhook(deliveryId: $deliveryId) {
      messageId
      waiting
    }
  }
`);

type Delivery = NonNullable<WebhookDeliveriesQuery['webhookEndpoint']>['deliveries']['edges'][number]['node'];

/** the log is read again this often while it is open on its newest page */
const LOG_REFRESH_MS = 3_000;

export function DeliveryLog({ endpointId }: { endpointId: string }) {
  // pages: the cursors of the pages shown so far (null: the newest)
  const [cursor, setCursor] = useState<string | null>(null);
  const [older, setOlder] = useState<string[]>([]);
  const [page, setPage] = useState<{ rows: Delivery[]; total: number; next: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const latest = useRef(0);
  const load = async () => {
    const mine = ++latest.current;
    try {
      const { webhookEndpoint } = await gql(DeliveriesQuery, { id: endpointId, after: cursor });
      if (mine !== latest.current) return;
      const d = webhookEndpoint?.deliveries;
      setPage(
        d
          ? { rows: d.edges.map((x) => x.node), total: d.totalCount, next: d.pageInfo.hasNextPage ? (d.pageInfo.endCursor ?? null) : null }
          : null,
      );
      setError(null);
    } catch (e) {
      if (mine === latest.current) setError((e as Error).message);
    }
  };
  useEffect(() => {
    // on the newest page, the next read is scheduled once this one has answered (a slow server is never asked twice at once)
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      await load();
      if (live && cursor === null) timer = setTimeout(() => void tick(), LOG_REFRESH_MS);
    };
    void tick();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [endpointId, cursor]);
  /** the deliveries being sent again: their buttons are off until the answer */
  const [sending, setSending] = useState<ReadonlySet<string>>(new Set());
  const redeliver = async (d: Delivery) => {
    setSending((now) => new Set(now).add(d.id));
    try {
      const { redeliverWebhook: r } = await gql(Redeliver, { deliveryId: d.id });
      setNote(`${r.messageId} will be sent again (${r.waiting} waiting).`);
    } catch (e) {
      setNote(`Not sent again: ${(e as Error).message}`);
    } finally {
      setSending((now) => {
        const next = new Set(now);
        next.delete(d.id);
        return next;
      });
    }
    await load();
  };

  return (
    <section class="delivery-log" aria-label="Delivery log">
      <p class="hint" role="status">
        {note}
      </p>
      {error && (
        <p class="error" role="alert">
          The log could not be read: {error}
        </p>
      )}
      {page && page.rows.length === 0 && <p class="hint">Nothing sent yet.</p>}
      {page && page.rows.length > 0 && (
        <div class="scroll" tabIndex={0} role="region" aria-label="Deliveries">
          <table class="deliveries">
            <caption class="hint">
              {page.total} deliver{page.total === 1 ? 'y' : 'ies'}, newest first
            </caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Attempt</th>
                <th scope="col">Answer</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((d) => (
                <tr key={d.id} data-delivery={d.id} data-message={d.messageId}>
                  <td>
                    <Utc at={d.at} />
                  </td>
                  <td>
                    {eventLabel(d.eventType)} <span class="tag">{d.messageId}</span>
                  </td>
                  <td class={d.succeeded ? 'ok' : 'failed'}>
                    {d.succeeded ? 'delivered' : 'failed'}
                    {d.redelivery && <span class="tag"> (sent again)</span>}
                  </td>
                  <td>{d.attempt}</td>
                  <td>
                    {d.statusCode ?? '—'}
                    {d.error && <span class="tag"> {d.error}</span>} <span class="tag">{d.durationMs} ms</span>
                  </td>
                  <td>
                    <button
                      type="button"
                      aria-label={`Redeliver ${d.messageId}`}
                      disabled={sending.has(d.id)}
                      onClick={() => void redeliver(d)}
                    >
                      Redeliver
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(cursor !== null || page?.next) && (
        <div class="pages">
          {cursor !== null && (
            <button type="button" onClick={() => (setCursor(older.at(-1) ?? null), setOlder(older.slice(0, -1)))}>
              Newer
            </button>
          )}
          {page?.next && (
            <button type="button" onClick={() => (setOlder(cursor === null ? [] : [...older, cursor]), setCursor(page.next))}>
              Older
            </button>
          )}
        </div>
      )}
    </section>
  );
}
