// When the jobs run (UTC; graphile-worker crontab syntax, stored in Postgres so any number of
// workers run each tick once): every job of the job table (src/domain/jobs.ts) that has a cron.
// Tasks compare states rather than react to the instant a boundary passes, so a worker that was
// down catches up on its next run. A line's id= never changes once deployed: graphile-worker
// tracks the schedule by it. The job key: at most one queued run of each, however long a worker
// was away.
import { JOBS } from '../domain/jobs.ts';

export const crontab = JOBS.flatMap((job) => {
  if (!job.cron) return [];
  const key = job.jobKey(null as never);
  return [`${job.cron} ${job.identifier} ?id=${job.identifier}&jobKey=${key}&jobKeyMode=${job.jobKeyMode}`];
}).join('\n');
