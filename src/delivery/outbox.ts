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
// - a redelivery sends one message again, logged as such, moving no cursor and counting no failure;
// - dispatch queues a delivery job for every enabled destination with messages past its cursors.
//
// A destination's table has the outbox columns: id, brand_id (null: every brand), event_types,
// enabled, disabled_at, disabled_reason, consecutive_failures, next_attempt_at, updated_at, and one
// cursor column per catalogue kind. Its log table: <destination column>, brand_id, message_id,
// event_type, source_id, attempt, status_code, error, duration_ms, redelivery, at.
//
// Delivery takes the Db, not a transaction: it must not hold a transaction (and its locks) across
// an HTTP request. It takes a clock, not an instant, because each attempt has its own.
import { Prisma } from '../db/client.ts';
import type { Db, Tx } from '../db/index.ts';
import { enqueue, enqueueMany } from '../db/jobs.ts';
import type { OutboxJobs } from '../domain/jobs.ts';
import { findMessage, hasPendingSql, pendingMessages, CATALOGUE, type Message, type Reader } from './catalogue.ts';
import type { Attempt } from './http.ts';
import type { AllowHosts } from './outbound.ts';

export interface OutboxOptions {
  /** the first retry's delay; each further failure doubles it (BUDGET_WEBHOOK_RETRY_MS) */
  retryMs: number;
  /** failures in a row that disable a destination (BUDGET_WEBHOOK_MAX_FAILURES) */
  maxFailures: number;
  /** how long an attempt waits for an answer */
  timeoutMs: number;
  /** hosts reached whatever their address (OUTBOUND_ALLOW_HOSTS; outbound.ts) */
  allowHosts: AllowHosts;
}

export const OUTBOX_DEFAULTS: OutboxOptions = Object.freeze({ retryMs: 5_000, maxFailures: 10, timeoutMs: 10_000, allowHosts: [] });
export const MAX_BACKOFF_MS = 3_600_000;
/** a server may ask for a longer wait than our own backoff, up to a day */
export const MAX_RETRY_AFTER_MS = 86_400_000;
const BATCH = 100;

/** A destination's row as the outbox needs it; the adapter's own fields beside. */
export interface OutboxRow extends Reader {
  id: string;
  enabled: boolean;
  consecutiveFailures: number;
  nextAttemptAt: Date | null;
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
}

/** Sends the destination's pending messages until none is left or one fails. */
export async function deliver<D extends OutboxRow>(
  db: Db,
  dest: Destination<D>,
  id: string,
  options: OutboxOptions,
  clock: () => Date,
): Promise<DeliveryRun> {
  let sent = 0;
  let queue: Message[] = [];
  for (;;) {
    // read again before each message: an update, a deletion or a disable takes effect at once
    const d = await dest.load(db, id);
    if (!d || !d.enabled) return { sent };
    const now = clock();
    // by the database's clock, which set the backoff and runs the jobs
    if (d.nextAttemptAt && d.nextAttemptAt > (await databaseNow(db))) {
      // woken early (a dispatch raced a backoff): keep the backoff
      await db.$transaction((tx) => scheduleDelivery(tx, dest, d.id, d.nextAttemptAt!));
      return { sent, retryAt: d.nextAttemptAt };
    }
    if (!queue.length) queue = await pendingMessages(db, d, BATCH);
    const m = queue.shift();
    if (!m) return { sent };
    if (!d.eventTypes.includes(m.type)) continue;
    const attempt = await dest.send(d, m, now, options);
    const outcome = await db.$transaction((tx) => record(tx, dest, d, m, attempt, now, options));
    if (attempt.error !== null) return { sent, failed: attempt.error, ...outcome };
    sent++;
  }
}

async function databaseNow(db: Db): Promise<Date> {
  const [row] = await db.$queryRaw<{ now: Date }[]>`select clock_timestamp() as now`;
  return row!.now;
}

async function record(tx: Tx, dest: Destination, d: OutboxRow, m: Message, a: Attempt, at: Date, options: OutboxOptions) {
  await log(tx, dest, d.id, m, a, at, { attempt: d.consecutiveFailures + 1, redelivery: false });
  const table = Prisma.raw(dest.table);
  if (a.error === null) {
    const cursor = Prisma.raw(CATALOGUE[m.type].cursor);
    await tx.$executeRaw`
      update ${table} set ${cursor} = greatest(${cursor}, ${m.sourceId}), consecutive_failures = 0, next_attempt_at = null,
                          updated_at = ${at}::timestamptz
       where id = ${d.id}::uuid`;
    return {};
  }
  const reason = `${options.maxFailures} deliveries in a row failed; the last: ${a.error}`;
  const retryAfterMs = Math.min(a.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS);
  const [row] = await tx.$queryRaw<{ enabled: boolean; next_attempt_at: Date | null }[]>`
    update ${table}
       set consecutive_failures = consecutive_failures + 1,
           enabled = consecutive_failures + 1 < ${options.maxFailures},
           disabled_at = case when consecutive_failures + 1 >= ${options.maxFailures} then ${at}::timestamptz end,
           disabled_reason = case when consecutive_failures + 1 >= ${options.maxFailures} then ${reason} end,
           -- base × 2^(failures − 1) from now (the attempt's end), or what the server asked if longer,
           -- by the database's clock, which runs the jobs; the new count being the old one plus one
           next_attempt_at = case when consecutive_failures + 1 < ${options.maxFailures}
                                  then clock_timestamp() + greatest(least(${options.retryMs}::float8 * power(2, consecutive_failures), ${MAX_BACKOFF_MS}),
                                                                    ${retryAfterMs}::float8)
                                                            * interval '1 millisecond' end,
           updated_at = ${at}::timestamptz
     where id = ${d.id}::uuid and enabled
    returning enabled, next_attempt_at`;
  if (!row) return {};
  if (!row.enabled) return { disabled: true };
  await scheduleDelivery(tx, dest, d.id, row.next_attempt_at!);
  return { retryAt: row.next_attempt_at! };
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

/** A redelivery: one attempt, logged as such; it moves no cursor and counts no failure (an operator asked for it). */
export async function redeliver<D extends OutboxRow>(
  db: Db,
  dest: Destination<D>,
  id: string,
  messageId: string,
  options: OutboxOptions,
  clock: () => Date,
): Promise<{ sent: number; skipped?: string; failed?: string }> {
  const d = await dest.load(db, id);
  const m = d && (await findMessage(db, messageId));
  if (!d || !m) return { sent: 0, skipped: !d ? `${dest.name} deleted` : 'message gone' };
  const at = clock();
  const attempt = await dest.send(d, m, at, options);
  await db.$transaction(async (tx) => {
    const [prior] = await tx.$queryRaw<{ n: number }[]>`
      select count(*)::int as n from ${Prisma.raw(dest.log.table)}
       where ${Prisma.raw(dest.log.destinationColumn)} = ${d.id}::uuid and message_id = ${m.id} and redelivery`;
    await log(tx, dest, d.id, m, attempt, at, { attempt: (prior?.n ?? 0) + 1, redelivery: true });
  });
  return { sent: attempt.error === null ? 1 : 0, ...(attempt.error ? { failed: attempt.error } : {}) };
}

/**
 * Queues the destination's delivery job, in the caller's transaction: at most one waiting per
 * destination. `preserve_run_at` keeps a later backoff when the dispatcher asks again; `replace` moves it.
 */
export async function scheduleDelivery(tx: Tx, dest: Destination, id: string, runAt: Date, mode?: 'replace' | 'preserve_run_at') {
  await enqueue(tx, dest.jobs.deliver, dest.jobs.payload(id), runAt, mode);
}

/** Queues a redelivery of one message, in the destination's own queue (so it never overlaps a delivery). */
export async function scheduleRedelivery(tx: Tx, dest: Destination, id: string, messageId: string, runAt: Date) {
  await enqueue(tx, dest.jobs.redeliver, { ...dest.jobs.payload(id), messageId }, runAt);
}

/**
 * The catch-up: a delivery job for every enabled destination with messages past its cursors (of
 * its brand and types), at its backoff instant if it has one. Answers how many have work.
 */
export async function dispatch(tx: Tx, dest: Destination, at: Date): Promise<number> {
  const due = await tx.$queryRaw<{ id: string; run_at: Date }[]>`
    select d.id, greatest(coalesce(d.next_attempt_at, ${at}::timestamptz), ${at}::timestamptz) as run_at
      from ${Prisma.raw(dest.table)} d
     where d.enabled and (${hasPendingSql()})
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
