// What a webhook sends, read from the outbox (the event tables, by id), and the jobs that send it.
// A message's id (evt_<event id>, alert_<alert id>) is the same on every attempt and on a
// redelivery, so a receiver dedupes on webhook-id.
import type { BudgetAlert, CampaignStatusEvent, WebhookEndpoint } from '../db/generated/prisma/client.ts';
import type { Db, Tx } from '../db/index.ts';
import { DomainError, quote } from '../domain/errors.ts';
import { formatMoney } from '../domain/money.ts';
import type { WebhookEventType } from './webhookEndpoints.ts';

export interface Message {
  id: string;
  type: WebhookEventType;
  sourceId: bigint;
  brandId: string;
  body: string;
}

const KINDS = {
  CAMPAIGN_STATUS_CHANGED: { prefix: 'evt_', type: 'campaign.status_changed' },
  BUDGET_ALERT: { prefix: 'alert_', type: 'budget.alert' },
} as const;

export function messageId(type: WebhookEventType, sourceId: bigint): string {
  return `${KINDS[type].prefix}${sourceId}`;
}

export function parseMessageId(value: unknown, field: string): { type: WebhookEventType; sourceId: bigint } {
  const m = typeof value === 'string' ? /^(evt|alert)_([0-9]{1,18})$/.exec(value) : null;
  if (!m) throw new DomainError('INVALID_ARGUMENT', `${field} must look like evt_123 or alert_45; got ${quote(value)}`, field);
  return { type: m[1] === 'evt' ? 'CAMPAIGN_STATUS_CHANGED' : 'BUDGET_ALERT', sourceId: BigInt(m[2]!) };
}

function envelope(type: WebhookEventType, at: Date, data: object): string {
  return JSON.stringify({ type: KINDS[type].type, timestamp: at.toISOString(), data });
}

export function statusMessage(e: CampaignStatusEvent): Message {
  const data = {
    id: e.id.toString(),
    brandId: e.brandId,
    campaignId: e.campaignId,
    campaignName: e.campaignName,
    fromStatus: e.fromStatus,
    fromReason: e.fromReason,
    toStatus: e.toStatus,
    toReason: e.toReason,
    trigger: e.trigger,
    actor: e.actor,
    occurredAt: e.occurredAt.toISOString(),
  };
  const type = 'CAMPAIGN_STATUS_CHANGED';
  return { id: messageId(type, e.id), type, sourceId: e.id, brandId: e.brandId, body: envelope(type, e.occurredAt, data) };
}

export function alertMessage(a: BudgetAlert): Message {
  const data = {
    id: a.id.toString(),
    brandId: a.brandId,
    period: a.period,
    periodStart: a.periodStart.toISOString().slice(0, 10),
    threshold: a.threshold,
    budget: formatMoney(a.budget),
    spent: formatMoney(a.spent),
    trigger: a.trigger,
    actor: a.actor,
    occurredAt: a.occurredAt.toISOString(),
  };
  const type = 'BUDGET_ALERT';
  return { id: messageId(type, a.id), type, sourceId: a.id, brandId: a.brandId, body: envelope(type, a.occurredAt, data) };
}

type Cursors = Pick<WebhookEndpoint, 'brandId' | 'eventTypes' | 'eventCursor' | 'alertCursor'>;

/** The endpoint's next messages past its cursors: status events in id order, then alerts in id order. */
export async function pendingMessages(db: Db | Tx, e: Cursors, limit: number): Promise<Message[]> {
  const brand = e.brandId === null ? {} : { brandId: e.brandId };
  const events = e.eventTypes.includes('CAMPAIGN_STATUS_CHANGED')
    ? await db.campaignStatusEvent.findMany({ where: { id: { gt: e.eventCursor }, ...brand }, orderBy: { id: 'asc' }, take: limit })
    : [];
  if (events.length) return events.map(statusMessage);
  const alerts = e.eventTypes.includes('BUDGET_ALERT')
    ? await db.budgetAlert.findMany({ where: { id: { gt: e.alertCursor }, ...brand }, orderBy: { id: 'asc' }, take: limit })
    : [];
  return alerts.map(alertMessage);
}

export async function findMessage(db: Db | Tx, id: string): Promise<Message | null> {
  const { type, sourceId } = parseMessageId(id, 'messageId');
  if (type === 'CAMPAIGN_STATUS_CHANGED') {
    const e = await db.campaignStatusEvent.findFirst({ where: { id: sourceId } });
    return e && statusMessage(e);
  }
  const a = await db.budgetAlert.findFirst({ where: { id: sourceId } });
  return a && alertMessage(a);
}

// One job queue per endpoint: graphile-worker runs a queue's jobs one at a time, so a delivery and
// a redelivery (or a delivery added while another still runs) never overlap, and order holds.
const queue = (endpointId: string) => `webhook:${endpointId}`;

/**
 * Queues the endpoint's delivery job (or, with messageId, a redelivery of that message), in the
 * caller's transaction. jobKey webhook:<id>: at most one waiting delivery per endpoint.
 * `preserve_run_at` keeps a later backoff when the dispatcher asks again; `replace` moves it.
 */
export async function scheduleDelivery(
  tx: Tx,
  endpointId: string,
  runAt: Date,
  options: { messageId?: string; mode?: 'replace' | 'preserve_run_at' } = {},
): Promise<void> {
  if (options.messageId) {
    await tx.$executeRaw`
      select graphile_worker.add_job('webhook_redeliver', json_build_object('endpointId', ${endpointId}::text, 'messageId', ${options.messageId}::text),
                                     queue_name := ${queue(endpointId)}, run_at := ${runAt}::timestamptz, max_attempts := 5,
                                     job_key := ${`webhook-redeliver:${endpointId}:${options.messageId}`}, job_key_mode := 'replace')`;
    return;
  }
  await tx.$executeRaw`
    select graphile_worker.add_job('webhook_deliver', json_build_object('endpointId', ${endpointId}::text),
                                   queue_name := ${queue(endpointId)}, run_at := ${runAt}::timestamptz,
                                   job_key := ${queue(endpointId)}, job_key_mode := ${options.mode ?? 'replace'})`;
}

/**
 * The catch-up: a delivery job for every enabled endpoint with messages past its cursors (of its
 * brand and types), at its backoff instant if it has one; one statement, whatever the number of
 * endpoints. Answers how many endpoints have work.
 */
export async function dispatchWebhooks(tx: Tx, at: Date): Promise<number> {
  const [row] = await tx.$queryRaw<{ n: number }[]>`
    with due as (
      select e.id, greatest(coalesce(e.next_attempt_at, ${at}::timestamptz), ${at}::timestamptz) as run_at
        from webhook_endpoints e
       where e.enabled
         and (('CAMPAIGN_STATUS_CHANGED' = any(e.event_types)
               and exists (select 1 from campaign_status_events s
                            where s.id > e.event_cursor and (e.brand_id is null or s.brand_id = e.brand_id)))
           or ('BUDGET_ALERT' = any(e.event_types)
               and exists (select 1 from budget_alerts a
                            where a.id > e.alert_cursor and (e.brand_id is null or a.brand_id = e.brand_id))))
    ),
    added as (
      select graphile_worker.add_jobs(
               array(select row('webhook_deliver', json_build_object('endpointId', d.id::text), 'webhook:' || d.id, d.run_at,
                                null, 'webhook:' || d.id, null, null)::graphile_worker.job_spec
                       from due d order by d.id),
               true) as job
    )
    select (select count(*)::int from due) as n, (select count(*) from added) as jobs`;
  return row?.n ?? 0;
}
