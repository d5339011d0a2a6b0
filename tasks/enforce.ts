// The crontab's enforcement tasks (enforce_budgets, enforce_dayparting, reset_daily,
// reset_monthly): one per scheduled row of the task table (src/domain/tasks.ts, its job in
// src/domain/jobs.ts), each a run of the reconcile engine with its task's scope, as `system`, in
// one transaction.
import type { TaskList } from 'graphile-worker';
import { db, LONG_TX } from '../src/db/index.ts';
import { ENFORCEMENT_JOBS } from '../src/domain/jobs.ts';
import { SYSTEM } from '../src/domain/scope.ts';
import { runEnforcement } from '../src/engine/enforcement.ts';
import { summaryOf } from '../src/engine/reconcile.ts';
import { defineTask } from '../src/worker/task.ts';

export const enforcementTasks: TaskList = Object.fromEntries(
  ENFORCEMENT_JOBS.map(({ task, job }) => [
    job.identifier,
    defineTask(job, async ({ at }) => summaryOf(await db().$transaction((tx) => runEnforcement(tx, task, at, SYSTEM), LONG_TX))),
  ]),
);
