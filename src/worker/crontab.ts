// The tasks this service runs and when (UTC; graphile-worker crontab syntax, stored in Postgres so
// any number of workers run each tick once). Every 15 minutes for the resets because brand
// timezones have midnights at :00, :15, :30 and :45 UTC. Tasks compare states rather than react
// to the instant a boundary passes, so a worker that was down catches up on its next run.
// A line's id= never changes once deployed: graphile-worker tracks the schedule by it.
import type { TaskList } from 'graphile-worker';
import { enforce_budgets } from '../../tasks/enforce_budgets.ts';
import { enforce_dayparting } from '../../tasks/enforce_dayparting.ts';
import { reset_daily } from '../../tasks/reset_daily.ts';
import { reset_monthly } from '../../tasks/reset_monthly.ts';

export const taskList: TaskList = { enforce_budgets, enforce_dayparting, reset_daily, reset_monthly };

// jobKey: at most one queued run of each task, however long a worker was away.
export const crontab = [
  '*/5 * * * * enforce_budgets ?id=enforce_budgets&jobKey=enforce_budgets&jobKeyMode=preserve_run_at',
  '* * * * * enforce_dayparting ?id=enforce_dayparting&jobKey=enforce_dayparting&jobKeyMode=preserve_run_at',
  '*/15 * * * * reset_daily ?id=reset_daily&jobKey=reset_daily&jobKeyMode=preserve_run_at',
  '*/15 * * * * reset_monthly ?id=reset_monthly&jobKey=reset_monthly&jobKeyMode=preserve_run_at',
].join('\n');
