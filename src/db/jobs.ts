// Queuing a job of the job table (src/domain/jobs.ts) in the caller's transaction, through
// graphile-worker's own SQL: the job exists exactly when the write that asked for it commits.
import type { JobDefinition } from '../domain/jobs.ts';
import type { Tx } from './client.ts';

export interface Enqueue<P> {
  payload: P;
  runAt: Date;
}

/** One job; its queue, key, key mode and attempts come from its definition. */
export async function enqueue<P extends object>(tx: Tx, job: JobDefinition<P>, payload: P, runAt: Date, mode = job.jobKeyMode): Promise<void> {
  await enqueueMany(tx, job, [{ payload, runAt }], mode);
}

/** Many jobs of one kind in one statement, whatever their number; `mode` overrides the definition's key mode. */
export async function enqueueMany<P extends object>(
  tx: Tx,
  job: JobDefinition<P>,
  items: readonly Enqueue<P>[],
  mode = job.jobKeyMode,
): Promise<void> {
  if (!items.length) return;
  const specs = items.map(({ payload, runAt }) => ({
    identifier: job.identifier,
    payload,
    queue_name: job.queue?.(payload) ?? null,
    run_at: runAt.toISOString(),
    max_attempts: job.maxAttempts ?? null,
    job_key: job.jobKey(payload),
  }));
  // add_jobs' second argument: true keeps a waiting job's run_at (preserve_run_at), false moves it (replace)
  await tx.$executeRaw`
    select graphile_worker.add_jobs(
             array(select json_populate_record(null::graphile_worker.job_spec, s)
                     from json_array_elements(${JSON.stringify(specs)}::json) s),
             ${mode === 'preserve_run_at'})`;
}
