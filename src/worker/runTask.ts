// What every scheduled task does: run the reconcile engine for its scope at the current instant,
// in one transaction, and log the summary. Idempotent, so graphile-worker's retries are safe.
import type { JobHelpers } from 'graphile-worker';
import { db, LONG_TX } from '../db/index.ts';
import type { Task } from '../domain/desiredState.ts';
import { runEnforcement } from '../engine/enforcement.ts';
import { summaryOf } from '../engine/reconcile.ts';
import { log } from '../log.ts';

const logger = log.child({ module: 'tasks' });

export async function runTask(task: Task, helpers: JobHelpers): Promise<void> {
  const started = performance.now();
  const result = await db().$transaction((tx) => runEnforcement(tx, task, new Date()), LONG_TX);
  logger.info({ task, jobId: helpers.job.id, ms: Math.round(performance.now() - started), ...summaryOf(result) }, `${task} done`);
}
