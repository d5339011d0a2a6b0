// The outbox consumer: every outgoing destination (a webhook endpoint today) reads the event
// tables of the message catalogue (catalogue.ts) from cursors of its own and sends what it finds,
// one message at a time, in id order, each attempt logged. A destination kind is an adapter
// (`Destination`: where its rows and log live, how one message is sent) plus its jobs
// (`outboxJobs(kind)` in src/domain/jobs.ts); everything else is here, once:
//
// - a success moves the destination's cursor past the message in the same transaction as its log
//   row, so a crash between two messages resends at most the one in flight (receivers dedupe on
//   the message id);
// - a failure stops the run and counts; the next try waits base × 2^(failures−1), at most an hour,
//   or longer if the server asked (Retry-After), by the database's clock, from the attempt's end;
//   after maxFailures in a row the destination is disabled (enabled again: nothing lost);
// - a redelivery (one message again, on demand) waits in the destination's row, merged with the
//   others asked for (each message once, at most MAX_REDELIVERIES), and the delivery job sends them
//   first, each once, moving no cursor; an attempt like any other for the backoff, so a storm of
//   redeliveries to a destination that does not answer costs one attempt per backoff;
// - a brand's destinations have at most `brandShare` attempts in flight at once in a process
//   (their queue gives each destination one): destinations that hang or crawl hold only their own
//   brand's share of the worker's slots, never another brand's;
// - dispatch queues a delivery job for every destination with work: enabled with messages past its
//   cursors, or with redeliveries waiting.
//
// A destination's table has the outbox columns: id, brand_id (null: every brand), event_types,
// enabled, disabled_at, disabled_reason, consecutive_failures, next_attempt_at, redeliveries,
// updated_at, and one cursor column per catalogue kind. Its log table: <destination column>,
// brand_id, message_id, event_type, source_id, attempt, status_code, error, duration_ms,
// redelivery, at.
//
// Delivery takes the Db, not a transaction: it must not hold a transaction (and its locks) across
// an HTTP request. It takes a clock, not an instant, because each attempt has its own.
import { WORKER_DEFAULTS } from '../config.ts';
import { Prisma } from '../db/client.ts';
import type { Db, Tx } from '../db/index.ts';
import { enqueue, enqueueMany } from '../db/jobs.ts';
import { DomainError } from '../domain/errors.ts';
import type { OutboxJobs } from '../domain/jobs.ts';
import { findMessage, hasPendingSql, pendingMessages, CATALOGUE, type Message, type Reader } from './catalogue.ts';
import type { Attempt } from './http.ts';
import type { AllowHosts } from './outbound.ts';
import type { BrandShares } from './shares.ts';

export interface OutboxOptions {
  /** the first retry's delay; each further failure doubles it (BUDGET_WEBHOOK_RETRY_MS) */
  retryMs: number;
  /** failures in a row that disable a destination (BUDGET_WEBHOOK_MAX_FAILURES) */
  maxFailures: number;
  /** how long an attempt waits for an answer (BUDGET_WEBHOOK_TIMEOUT_MS) */
  timeoutMs: number;
  /** hosts reached whatever their address (OUTBOUND_ALLOW_HOSTS; outbound.ts) */
  allowHosts: AllowHosts;
}

export const OUTBOX_DEFAULTS: OutboxOptions = Object.freeze({
  retryMs: WORKER_DEFAULTS.webhookRetryMs,
  maxFailures: WORKER_DEFAULTS.webhookMaxFailures,
  timeoutMs: WORKER_DEFAULTS.webhookTimeoutMs,
  allowHosts: [],
});
export const MAX_BACKOFF_MS = 3_600_000;
/** a server may ask for a longer wait than our own backoff, up to a day */
export const MAX_RETRY_AFTER_MS = 86_400_000;
/** redeliveries waiting per destination; more are refused (LIMIT_REACHED) until some are sent */
export const MAX_REDELIVERIES = 100;
/** a delivery that finds its brand's share in use tries again this much later (an attempt ends within its timeout) */
const SHARE_WAIT_MS = 1_000;
const BATCH = 100;

/** A destination's row as the outbox needs it; the adapter's own fields beside. */
export interface OutboxRow extends Reader {
  id: string;
  enabled: boolean;
  consecutiveFailures: number;
  nextAttemptAt: Date | null;
  /** message ids asked for again, in order */
  redeliveries: readonly string[];
}

export interface Destination<D extends OutboxRow = OutboxRow> {
  /** its name in logs and errors: "webhook endpoint" */
  readonly name: string;
  readonly jobs: OutboxJobs;
  /** the table of destinations (with the outbox columns) */
  readonly table: string;
  /** the attempts' log, and its column naming the destination */
  readonly log: { table: string; destinationColumn: string };
  load(db: Db | Tx, id: string): Promise<D | null>;
  send(destination: D, message: Message, at: Date, options: OutboxOptions): Promise<Attempt>;
}

export interface DeliveryRun {
  sent: number;
  /** set when the run stopped on a failure */
  failed?: string;
  retryAt?: Date;
  disabled?: boolean;
  /** set when the brand's share was in use: the run goes on at retryAt */
  shareInUse?: true;
}

/**
 * Sends the destination's redeliveries, then its pending messages, until none is left, one fails,
 * or its brand's share is in use.
 */
export async function deliver<D extends OutboxRow>(
  db: Db,
  dest: Destination<D>,
  id: string,
  options: OutboxOptions,
  clock: () => Date,
  shares: BrandShares,
): Promise<DeliveryRun> {
  let sent = 0;
  let queue: Message[] = [];
  for (;;) {
    // read again before each message: an update, a deletion, a disable or a redelivery takes effect at once
    const d = await dest.load(db, id);
    // a disabled destination is sent its redeliveries only (an operator testing a fix)
    if (!d || !(d.enabled || d.redeliveries.length)) return { sent };
    // by the database's clock, which set the backoff and runs the jobs
    if (d.nextAttemptAt && d.nextAttemptAt > (await databaseNow(db))) {
      // woken early (a dispatch or a redelivery raced a backoff): keep the backoff
      await db.$transaction((tx) => scheduleDelivery(tx, dest, d.id, d.nextAttemptAt!));
      return { sent, retryAt: d.nextAttemptAt };
    }
    const redelivery = d.redeliveries.length > 0;
    let next: Message | null | undefined;
    if (redelivery) {
      next = await findMessage(db, d.redeliveries[0]!);
      if (!next) {
        await db.$transaction((tx) => dropRedelivery(tx, dest, d.id, d.redeliveries[0]!)); // its brand deleted since
        continue;
      }
    } else {
      if (!queue.length) queue = await pendingMessages(db, d, BATCH);
      next = queue.shift();
      if (!next) return { sent };
      if (!d.eventTypes.includes(next.type)) continue;
    }
    const m = next;
    const release = shares.take(d.brandId);
    if (!release) {
      const retryAt = new Date(clock().getTime() + SHARE_WAIT_MS);
      await db.$transaction((tx) => scheduleDelivery(tx, dest, d.id, retryAt));
      return { sent, retryAt, shareInUse: true };
    }
    const now = clock();
    const attempt = await dest.send(d, m, now, options).finally(release);
    const outcome = await db.$transaction((tx) => record(tx, dest, d, m, attempt, now, options, redelivery));
    if (attempt.error !== null) return { sent, failed: attempt.error, ...outcome };
    sent++;
  }
}

async function databaseNow(db: Db): Promise<Date> {
  const [row] = await db.$queryRaw<{ now: Date }[]>`select clock_timestamp() as now`;
  return row!.now;
}

/**
 * An attempt's outcome: its log row and the destination's state, in one transaction. A delivery's
 * success moves the cursor; a redelivery leaves the list of waiting ones (tried once: ask again if
 * it fails) and moves no cursor. Either way the destination answered or it did not: a success
 * clears its failures, a failure counts, backs it off and may disable it.
 */
async function record(
  tx: Tx,
  dest: Destination,
  d: OutboxRow,
  m: Message,
  a: Attempt,
  at: Date,
  options: OutboxOptions,
  redelivery: boolean,
) {
  const table = Prisma.raw(dest.table);
  if (redelivery) {
    const [prior] = await tx.$queryRaw<{ n: number }[]>`
      select count(*)::int as n from ${Prisma.raw(dest.log.table)}
       where ${Prisma.raw(dest.log.destinationColumn)} = ${d.id}::uuid and message_id = ${m.id} and redelivery`;
    await log(tx, dest, d.id, m, a, at, { attempt: (prior?.n ?? 0) + 1, redelivery });
    await dropRedelivery(tx, dest, d.id, m.id);
  } else {
    await log(tx, dest, d.id, m, a, at, { attempt: d.consecutiveFailures + 1, redelivery });
  }
  if (a.error === null) {
    const cursor = Prisma.raw(CATALOGUE[m.type].cursor);
    await tx.$executeRaw`
      update ${table} set ${redelivery ? Prisma.empty : Prisma.sql`${cursor} = greatest(${cursor}, ${m.sourceId}),`}
                          consecutive_failures = 0, next_attempt_at = null, updated_at = ${at}::timestamptz
       where id = ${d.id}::uuid`;
    return {};
  }
  const reason = `${options.maxFailures} deliveries in a row failed; the last: ${a.error}`;
  const retryAfterMs = Math.min(a.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS);
  const [row] = await tx.$queryRaw<{ enabled: boolean; next_attempt_at: Date; waiting: number }[]>`
    update ${table}
       set consecutive_failures = consecutive_failures + 1,
           enabled = enabled and consecutive_failures + 1 < ${options.maxFailures},
           disabled_at = case when enabled and consecutive_failures + 1 >= ${options.maxFailures} then ${at}::timestamptz else disabled_at end,
           disabled_reason = case when enabled and consecutive_failures + 1 >= ${options.maxFailures} then ${reason} else disabled_reason end,
           -- base × 2^(failures − 1) from now (the attempt's end), or what the server asked if longer,
           -- by the database's clock, which runs the jobs; the new count being the old one plus one.
           -- Disabled too: its redeliveries wait for it.
           next_attempt_at = clock_timestamp() + greatest(least(${options.retryMs}::float8 * power(2, consecutive_failures), ${MAX_BACKOFF_MS}),
                                                          ${retryAfterMs}::float8)
                                                 * interval '1 millisecond',
           updated_at = ${at}::timestamptz
     where id = ${d.id}::uuid
    returning enabled, next_attempt_at, cardinality(redeliveries) as waiting`;
  if (!row) return {};
  if (row.enabled || row.waiting) await scheduleDelivery(tx, dest, d.id, row.next_attempt_at);
  return row.enabled ? { retryAt: row.next_attempt_at } : { disabled: true };
}

async function log(tx: Tx, dest: Destination, id: string, m: Message, a: Attempt, at: Date, how: { attempt: number; redelivery: boolean }) {
  await tx.$executeRaw`
    insert into ${Prisma.raw(dest.log.table)} (${Prisma.raw(dest.log.destinationColumn)}, brand_id, message_id, event_type, source_id, attempt,
                                               status_code, error, duration_ms, redelivery, at)
    select ${id}::uuid, ${m.brandId}::uuid, ${m.id}, ${m.type}, ${m.sourceId}, ${how.attempt}, ${a.status}::int, ${a.error}, ${a.ms}::int,
           ${how.redelivery}, ${at}::timestamptz
     -- deleted while the request was out: its log went with it
     where exists (select 1 from ${Prisma.raw(dest.table)} where id = ${id}::uuid)`;
}

async function dropRedelivery(tx: Tx, dest: Destination, id: string, messageId: string) {
  await tx.$executeRaw`update ${Prisma.raw(dest.table)} set redeliveries = array_remove(redeliveries, ${messageId}) where id = ${id}::uuid`;
}

/**
 * Queues the destination's delivery job, in the caller's transaction: at most one waiting per
 * destination. `preserve_run_at` keeps a later backoff when the dispatcher asks again; `replace` moves it.
 */
export async function scheduleDelivery(tx: Tx, dest: Destination, id: string, runAt: Date, mode?: 'replace' | 'preserve_run_at') {
  await enqueue(tx, dest.jobs.deliver, dest.jobs.payload(id), runAt, mode);
}

/**
 * Asks for one message again, in the caller's transaction: it joins the destination's waiting
 * redeliveries (once: a message already waiting is not added again), and the delivery job is
 * queued for now, or for the end of the destination's backoff. Refused with LIMIT_REACHED
 * (naming `field`) when MAX_REDELIVERIES wait. Answers how many wait, or null when the
 * destination is gone.
 */
export async function scheduleRedelivery(
  tx: Tx,
  dest: Destination,
  id: string,
  messageId: string,
  at: Date,
  field = 'id',
): Promise<number | null> {
  const table = Prisma.raw(dest.table);
  const [d] = await tx.$queryRaw<{ redeliveries: string[]; next_attempt_at: Date | null }[]>`
    select redeliveries, next_attempt_at from ${table} where id = ${id}::uuid for update`;
  if (!d) return null;
  if (!d.redeliveries.includes(messageId)) {
    if (d.redeliveries.length >= MAX_REDELIVERIES) {
      throw new DomainError(
        'LIMIT_REACHED',
        `${MAX_REDELIVERIES} redeliveries already wait for this ${dest.name}, the most that may: ask again once some are sent`,
        field,
      );
    }
    await tx.$executeRaw`update ${table} set redeliveries = array_append(redeliveries, ${messageId}) where id = ${id}::uuid`;
  }
  // a job already waiting keeps its instant (a backoff's end, most often): it sends this one too
  const runAt = d.next_attempt_at && d.next_attempt_at > at ? d.next_attempt_at : at;
  await scheduleDelivery(tx, dest, id, runAt, 'preserve_run_at');
  return d.redeliveries.length + (d.redeliveries.includes(messageId) ? 0 : 1);
}

/**
 * The catch-up: a delivery job for every destination with work (enabled with messages past its
 * cursors, of its brand and types, or with redeliveries waiting), at its backoff instant if it has
 * one. Answers how many have work.
 */
export async function dispatch(tx: Tx, dest: Destination, at: Date): Promise<number> {
  const due = await tx.$queryRaw<{ id: string; run_at: Date }[]>`
    select d.id, greatest(coalesce(d.next_attempt_at, ${at}::timestamptz), ${at}::timestamptz) as run_at
      from ${Prisma.raw(dest.table)} d
     where (d.enabled and (${hasPendingSql()})) or cardinality(d.redeliveries) > 0
     order by d.id`;
  await enqueueMany(
    tx,
    dest.jobs.deliver,
    due.map((d) => ({ payload: dest.jobs.payload(d.id), runAt: d.run_at })),
    'preserve_run_at',
  );
  return due.length;
}

/** Some destination of this kind is enabled (the listener queues no dispatch otherwise). */
export function anyEnabledSql(dest: Destination): string {
  return `select exists (select 1 from ${dest.table} where enabled) as any`;
}
