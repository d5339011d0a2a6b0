// Webhook delivery: an endpoint's pending messages, sent one at a time in id order, each attempt
// logged. A 2xx answer moves the endpoint's cursor past the message in the same transaction as its
// log row, so a crash between two messages resends at most the one in flight (the receiver dedupes
// on webhook-id). Anything else stops the run: the failure is counted and the next try waits
// base × 2^(failures−1), at most an hour; after maxFailures in a row the endpoint is disabled.
//
// Unlike the other engine functions this one takes the Db, not a transaction: it must not hold a
// transaction (and its locks) across an HTTP request of up to timeoutMs. It takes a clock, not an
// instant, because each attempt is signed with its own timestamp.
import { Prisma } from '../db/client.ts';
import type { WebhookEndpoint } from '../db/generated/prisma/client.ts';
import type { Db, Tx } from '../db/index.ts';
import { webhookHeaders } from '../domain/webhookSignature.ts';
import { findMessage, pendingMessages, scheduleDelivery, type Message } from './catalogue.ts';

export interface WebhookOptions {
  /** the first retry's delay; each further failure doubles it (BUDGET_WEBHOOK_RETRY_MS) */
  retryMs: number;
  /** failures in a row that disable an endpoint (BUDGET_WEBHOOK_MAX_FAILURES) */
  maxFailures: number;
  /** how long an attempt waits for an answer */
  timeoutMs: number;
}

export const WEBHOOK_DEFAULTS: WebhookOptions = Object.freeze({ retryMs: 5_000, maxFailures: 10, timeoutMs: 10_000 });
export const MAX_BACKOFF_MS = 3_600_000;
const BATCH = 100;

export interface Attempt {
  status: number | null;
  error: string | null;
  ms: number;
}

/** One POST: no redirect followed (a 3xx is a failure), at most timeoutMs. */
export async function post(url: string, secret: string, m: Message, at: Date, timeoutMs: number): Promise<Attempt> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    const res = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: { 'content-type': 'application/json', 'user-agent': 'budget-control-webhooks', ...webhookHeaders(secret, m.id, at, m.body) },
      body: m.body,
    });
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { status: res.status, error: null, ms: ms() };
    const redirect = res.status >= 300 && res.status < 400 ? ' (redirects are not followed)' : '';
    return { status: res.status, error: `answered HTTP ${res.status}${redirect}`, ms: ms() };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    const text = e.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
    return { status: null, error: String(text).slice(0, 500), ms: ms() };
  }
}

export interface DeliveryRun {
  sent: number;
  /** set when the run stopped on a failure */
  failed?: string;
  retryAt?: Date;
  disabled?: boolean;
}

/** Sends the endpoint's pending messages until none is left or one fails. */
export async function deliverEndpoint(db: Db, endpointId: string, options: WebhookOptions, clock: () => Date): Promise<DeliveryRun> {
  let sent = 0;
  let queue: Message[] = [];
  for (;;) {
    // read again before each message: an update, a deletion or a disable takes effect at once
    const e = await db.webhookEndpoint.findUnique({ where: { id: endpointId } });
    if (!e || !e.enabled) return { sent };
    const now = clock();
    // by the database's clock, which set the backoff and runs the jobs
    if (e.nextAttemptAt && e.nextAttemptAt > (await databaseNow(db))) {
      // woken early (a dispatch raced a backoff): keep the backoff
      await db.$transaction((tx) => scheduleDelivery(tx, e.id, e.nextAttemptAt!));
      return { sent, retryAt: e.nextAttemptAt };
    }
    if (!queue.length) queue = await pendingMessages(db, e, BATCH);
    const m = queue.shift();
    if (!m) return { sent };
    if (!e.eventTypes.includes(m.type)) continue;
    const attempt = await post(e.url, e.secret, m, now, options.timeoutMs);
    const outcome = await db.$transaction((tx) => record(tx, e, m, attempt, now, options));
    if (attempt.error !== null) return { sent, failed: attempt.error, ...outcome };
    sent++;
  }
}

async function databaseNow(db: Db): Promise<Date> {
  const [row] = await db.$queryRaw<{ now: Date }[]>`select clock_timestamp() as now`;
  return row!.now;
}

async function record(tx: Tx, e: WebhookEndpoint, m: Message, a: Attempt, at: Date, options: WebhookOptions) {
  await log(tx, e.id, m, a, at, { attempt: e.consecutiveFailures + 1, redelivery: false });
  if (a.error === null) {
    const cursor = Prisma.raw(m.type === 'CAMPAIGN_STATUS_CHANGED' ? 'event_cursor' : 'alert_cursor');
    await tx.$executeRaw`
      update webhook_endpoints set ${cursor} = greatest(${cursor}, ${m.sourceId}), consecutive_failures = 0, next_attempt_at = null,
                                   updated_at = ${at}::timestamptz
       where id = ${e.id}::uuid`;
    return {};
  }
  const reason = `${options.maxFailures} deliveries in a row failed; the last: ${a.error}`;
  const [row] = await tx.$queryRaw<{ enabled: boolean; next_attempt_at: Date | null }[]>`
    update webhook_endpoints
       set consecutive_failures = consecutive_failures + 1,
           enabled = consecutive_failures + 1 < ${options.maxFailures},
           disabled_at = case when consecutive_failures + 1 >= ${options.maxFailures} then ${at}::timestamptz end,
           disabled_reason = case when consecutive_failures + 1 >= ${options.maxFailures} then ${reason} end,
           -- base × 2^(failures − 1) from now (the attempt's end), by the database's clock, which runs
           -- the jobs; the new count being the old one plus one
           next_attempt_at = case when consecutive_failures + 1 < ${options.maxFailures}
                                  then clock_timestamp() + least(${options.retryMs}::float8 * power(2, consecutive_failures), ${MAX_BACKOFF_MS})
                                                            * interval '1 millisecond' end,
           updated_at = ${at}::timestamptz
     where id = ${e.id}::uuid and enabled
    returning enabled, next_attempt_at`;
  if (!row) return {};
  if (!row.enabled) return { disabled: true };
  await scheduleDelivery(tx, e.id, row.next_attempt_at!);
  return { retryAt: row.next_attempt_at! };
}

async function log(tx: Tx, endpointId: string, m: Message, a: Attempt, at: Date, how: { attempt: number; redelivery: boolean }) {
  await tx.$executeRaw`
    insert into webhook_deliveries (endpoint_id, brand_id, message_id, event_type, source_id, attempt, status_code, error, duration_ms, redelivery, at)
    select ${endpointId}::uuid, ${m.brandId}::uuid, ${m.id}, ${m.type}, ${m.sourceId}, ${how.attempt}, ${a.status}::int, ${a.error}, ${a.ms}::int,
           ${how.redelivery}, ${at}::timestamptz
     -- deleted while the request was out: its log went with it
     where exists (select 1 from webhook_endpoints where id = ${endpointId}::uuid)`;
}

/** A redelivery: one attempt, logged as such; it moves no cursor and counts no failure (the operator asked for it). */
export async function redeliverMessage(db: Db, endpointId: string, messageId: string, options: WebhookOptions, clock: () => Date) {
  const e = await db.webhookEndpoint.findUnique({ where: { id: endpointId } });
  const m = e && (await findMessage(db, messageId));
  if (!e || !m) return { sent: 0, skipped: !e ? 'endpoint deleted' : 'message gone' };
  const at = clock();
  const attempt = await post(e.url, e.secret, m, at, options.timeoutMs);
  await db.$transaction(async (tx) => {
    const [prior] = await tx.$queryRaw<{ n: number }[]>`
      select count(*)::int as n from webhook_deliveries where endpoint_id = ${e.id}::uuid and message_id = ${m.id} and redelivery`;
    await log(tx, e.id, m, attempt, at, { attempt: (prior?.n ?? 0) + 1, redelivery: true });
  });
  return { sent: attempt.error === null ? 1 : 0, ...(attempt.error ? { failed: attempt.error } : {}) };
}
