// When the tasks run (UTC; graphile-worker crontab syntax, stored in Postgres so any number of
// workers run each tick once). The enforcement lines come from the task table
// (src/domain/tasks.ts). Tasks compare states rather than react to the instant a boundary passes,
// so a worker that was down catches up on its next run. A line's id= never changes once deployed:
// graphile-worker tracks the schedule by it. jobKey: at most one queued run of each task, however
// long a worker was away.
import { TASKS } from '../domain/tasks.ts';

const line = (cron: string, identifier: string) =>
  `${cron} ${identifier} ?id=${identifier}&jobKey=${identifier}&jobKeyMode=preserve_run_at`;

export const crontab = [
  ...TASKS.flatMap((t) => (t.identifier && t.cron ? [line(t.cron, t.identifier)] : [])),
  // webhooks' catch-up: the worker's listener dispatches at once; this covers a lost connection
  line('* * * * *', 'webhooks_dispatch'),
].join('\n');
