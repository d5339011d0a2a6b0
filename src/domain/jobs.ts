// Every job the worker runs, in one table: its identifier (never renamed once deployed:
// graphile-worker stores jobs and crontab state by it), how its payload is checked, the queue it
// runs in (a queue runs one job at a time), its job key (at most one waiting job per key) and, for
// scheduled jobs, its crontab line (UTC). The crontab, the worker's task list, the listeners and the
// SQL that queues jobs in a writer's transaction (src/db/jobs.ts) all read it.
import { DomainError, parseId, quote } from './errors.ts';
import { TASKS } from './tasks.ts';

export interface JobDefinition<P = unknown> {
  readonly identifier: string;
  /** refuses a malformed payload, naming what is wrong */
  readonly parse: (raw: unknown) => P;
  /** graphile-worker's queue: its jobs run one at a time, in order; none = any worker slot */
  readonly queue?: (payload: P) => string;
  readonly jobKey: (payload: P) => string;
  /** `replace` moves a waiting job to the new run_at; `preserve_run_at` keeps the earlier one (a backoff) */
  readonly jobKeyMode: 'replace' | 'preserve_run_at';
  readonly maxAttempts?: number;
  /** UTC crontab syntax, for scheduled jobs */
  readonly cron?: string;
}

/** For jobs that take no payload (crontab runs give `{}` plus graphile-worker's `_cron`). */
export function noPayload(raw: unknown): null {
  if (raw == null || (typeof raw === 'object' && !Array.isArray(raw))) return null;
  throw new DomainError('INVALID_ARGUMENT', `this task takes no payload; got ${JSON.stringify(raw).slice(0, 100)}`);
}

const scheduled = (identifier: string, cron: string): JobDefinition<null> => ({
  identifier,
  parse: noPayload,
  jobKey: () => identifier,
  jobKeyMode: 'preserve_run_at',
  cron,
});

export interface DestinationPayload {
  destinationId: string;
}
export interface RedeliveryPayload extends DestinationPayload {
  messageId: string;
}

function destinationOf(raw: unknown): DestinationPayload {
  const p = raw as { destinationId?: unknown; endpointId?: unknown } | null;
  // endpointId: webhook jobs queued before the outbox was made generic
  const id = p?.destinationId ?? p?.endpointId;
  if (typeof id !== 'string') throw new DomainError('INVALID_ARGUMENT', `payload must be { destinationId }; got ${quote(raw)}`);
  return { destinationId: parseId(id, 'destinationId') };
}

function redeliveryOf(raw: unknown): RedeliveryPayload {
  const messageId = (raw as { messageId?: unknown } | null)?.messageId;
  if (typeof messageId !== 'string')
    throw new DomainError('INVALID_ARGUMENT', `payload must be { destinationId, messageId }; got ${quote(raw)}`);
  return { ...destinationOf(raw), messageId };
}

/**
 * The jobs of an outgoing destination kind (src/delivery/outbox.ts): `<kind>s_dispatch` finds the
 * destinations with messages past their cursors or redeliveries waiting (every minute, and when
 * the listener hears of new events), `<kind>_deliver` sends one destination's redeliveries, then
 * its new messages. One queue per destination: its attempts never overlap, so order holds, and a
 * slow destination holds only its own queue. `<kind>_redeliver` (one message again) is no longer
 * queued: redeliveries wait in the destination's row, merged, and its delivery job sends them;
 * a job of it still stored adds its message there.
 */
export function outboxJobs(kind: string, options: { alsoAs?: string } = {}) {
  const queue = (p: DestinationPayload) => `${kind}:${p.destinationId}`;
  return {
    /**
     * The payload naming a destination. `alsoAs`: the key the kind's jobs used before, written too
     * for a release, so a worker of the previous version still running in a rollout takes them.
     */
    payload: (destinationId: string): DestinationPayload =>
      options.alsoAs ? { destinationId, [options.alsoAs]: destinationId } : { destinationId },
    dispatch: scheduled(`${kind}s_dispatch`, '* * * * *'),
    deliver: { identifier: `${kind}_deliver`, parse: destinationOf, queue, jobKey: queue, jobKeyMode: 'replace' } as JobDefinition<DestinationPayload>,
    redeliver: {
      identifier: `${kind}_redeliver`,
      parse: redeliveryOf,
      queue,
      jobKey: (p) => `${kind}-redeliver:${p.destinationId}:${p.messageId}`,
      jobKeyMode: 'replace',
      maxAttempts: 5,
    } as JobDefinition<RedeliveryPayload>,
  };
}

export type OutboxJobs = ReturnType<typeof outboxJobs>;

export interface OverridePayload {
  overrideId: string;
}

/**
 * An override's end: queued at its `until` by the transaction that starts it, so the rules it
 * lifted apply again at that instant, not at the next scheduled run (which remain the safety net
 * for a worker that was down). One per override; a cancelled one's job finds nothing to do.
 */
export const OVERRIDE_END_JOB: JobDefinition<OverridePayload> = {
  identifier: 'override_end',
  parse: (raw) => {
    const id = (raw as { overrideId?: unknown } | null)?.overrideId;
    if (typeof id !== 'string') throw new DomainError('INVALID_ARGUMENT', `payload must be { overrideId }; got ${quote(raw)}`);
    return { overrideId: parseId(id, 'overrideId') };
  },
  jobKey: (p) => `override_end:${p.overrideId}`,
  jobKeyMode: 'replace',
};

export interface AccountPayload {
  adAccountId: string;
}

function accountOf(raw: unknown): AccountPayload {
  const id = (raw as { adAccountId?: unknown } | null)?.adAccountId;
  if (typeof id !== 'string') throw new DomainError('INVALID_ARGUMENT', `payload must be { adAccountId }; got ${quote(raw)}`);
  return { adAccountId: parseId(id, 'adAccountId') };
}

/**
 * The ad platforms' jobs (src/platforms/, tasks/platforms.ts): `platform_poll` (every minute)
 * queues a sync of each account whose poll interval has passed; `platforms_dispatch` (every
 * minute, and when the outbox listener hears of status events) queues a push for each account
 * with a campaign whose platform status differs from the desired one. An account's sync and push
 * share its queue: they never overlap, and its calls go in order. A push asked for while one
 * waits merges into it; a platform's retry delay re-queues it at that instant.
 */
const accountQueue = (p: AccountPayload) => `platform:${p.adAccountId}`;
export const PLATFORM_JOBS = {
  poll: scheduled('platform_poll', '* * * * *'),
  dispatch: scheduled('platforms_dispatch', '* * * * *'),
  sync: {
    identifier: 'platform_sync',
    parse: accountOf,
    queue: accountQueue,
    jobKey: (p) => `platform_sync:${p.adAccountId}`,
    jobKeyMode: 'preserve_run_at',
  } as JobDefinition<AccountPayload>,
  push: {
    identifier: 'platform_push',
    parse: accountOf,
    queue: accountQueue,
    jobKey: (p) => `platform_push:${p.adAccountId}`,
    jobKeyMode: 'preserve_run_at',
  } as JobDefinition<AccountPayload>,
};

/** The enforcement tasks (the scheduled rows of TASKS), then each outgoing destination kind's jobs. */
export const ENFORCEMENT_JOBS = TASKS.flatMap((t) => (t.identifier && t.cron ? [{ task: t.id, job: scheduled(t.identifier, t.cron) }] : []));
// webhook jobs named their endpoint `endpointId` before the outbox was generic
export const WEBHOOK_JOBS = outboxJobs('webhook', { alsoAs: 'endpointId' });

export type AnyJob =
  | JobDefinition<null>
  | JobDefinition<DestinationPayload>
  | JobDefinition<RedeliveryPayload>
  | JobDefinition<OverridePayload>
  | JobDefinition<AccountPayload>;

export const JOBS: readonly AnyJob[] = [
  ...ENFORCEMENT_JOBS.map((e) => e.job),
  OVERRIDE_END_JOB,
  WEBHOOK_JOBS.dispatch,
  WEBHOOK_JOBS.deliver,
  WEBHOOK_JOBS.redeliver,
  PLATFORM_JOBS.poll,
  PLATFORM_JOBS.dispatch,
  PLATFORM_JOBS.sync,
  PLATFORM_JOBS.push,
];
