// The shape of every worker task: its payload checked before anything runs, the instant it runs
// at passed in (engine functions take time as a parameter), one log line with its outcome. Its
// identifier and payload parser come from the job table (src/domain/jobs.ts).
// graphile-worker retries a failed job, so a task must be idempotent: enforcement is (the engine
// compares states), and outbound work stays so by reading the event tables as an outbox, by id,
// from a cursor it commits with its own progress (src/delivery/outbox.ts).
import type { Task } from 'graphile-worker';
import type { JobDefinition } from '../domain/jobs.ts';
import { log } from '../log.ts';
import { inSpan } from '../trace.ts';

const logger = log.child({ module: 'tasks' });

export interface TaskRun<P> {
  payload: P;
  /** the instant the job runs at */
  at: Date;
  jobId: string;
}

/** The job's `parse` refuses a malformed payload (the job fails, naming it); `run` answers what to log. */
export function defineTask<P>(job: JobDefinition<P>, run: (r: TaskRun<P>) => Promise<object | void>): Task {
  const { identifier } = job;
  return async (raw, helpers) => {
    const payload = job.parse(raw);
    const started = performance.now();
    const outcome = await inSpan(`job ${identifier}`, { 'job.id': helpers.job.id, 'job.attempt': helpers.job.attempts }, () =>
      run({ payload, at: new Date(), jobId: helpers.job.id }),
    );
    // a crontab run names the tick it was scheduled for: each tick runs once, whatever the number of workers
    const tick = (raw as { _cron?: { ts?: string } } | null)?._cron?.ts;
    logger.info(
      { task: identifier, jobId: helpers.job.id, ...(tick ? { tick } : {}), ms: Math.round(performance.now() - started), ...outcome },
      `${identifier} done`,
    );
  };
}
