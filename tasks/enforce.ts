// The crontab's enforcement tasks (enforce_budgets, enforce_dayparting, reset_daily,
// reset_monthly): one per scheduled row of the task table (src/domain/tasks.ts, its job in
// src/domain/jobs.ts), each a run of the reconcile engine with its task's scope, as `system`, in
// one transaction. And override_end: an override's end at its `until` (src/engine/overrides.ts).
import type { TaskList } from 'graphile-worker';
import { db, LONG_TX } from '../src/db/index.ts';
import { ENFORCEMENT_JOBS, OVERRIDE_END_JOB } from '../src/domain/jobs.ts';
import { SYSTEM } from '../src/domain/scope.ts';
import { runEnforcement } from '../src/engine/enforcement.ts';
import { endOverride } from '../src/engine/overrides.ts';
import { summaryOf } from '../src/engine/reconcile.ts';
import { defineTask } from '../src/worker/task.ts';

export const enforcementTasks: TaskList = {
  ...Object.fromEntries(
    ENFORCEMENT_JOBS.map(({ task, job }) => [
      job.identifier,
      defineTask(job, async ({ at }) => summaryOf(await db().$transaction((tx) => runEnforcement(tx, task, at, SYSTEM), LONG_TX))),
    ]),
  ),
  [OVERRIDE_END_JOB.identifier]: defineTask(OVERRIDE_END_JOB, async ({ payload, at }) => {
    const ended = await db().$transaction((tx) => endOverride(tx, payload.overrideId, at), LONG_TX);
    return { overrideId: payload.overrideId, ...(ended ? summaryOf(ended) : { cancelledOrGone: true }) };
  }),
};
