// §4 The scheduled tasks and `runEnforcement`: the reconcile engine over every brand, each task
// applying only the differences its scope admits. Running one twice changes nothing the second time.
import type { Tx } from '../db/index.ts';
import type { Task } from '../domain/desiredState.ts';
import type { Trigger } from './events.ts';
import { reconcile, type ReconcileResult } from './reconcile.ts';

export const TASKS: readonly Task[] = ['ENFORCE_BUDGETS', 'ENFORCE_DAYPARTING', 'RESET_DAILY', 'RESET_MONTHLY', 'ALL'];

const TRIGGER: Record<Task, Trigger> = {
  ENFORCE_BUDGETS: 'ENFORCE_BUDGETS',
  ENFORCE_DAYPARTING: 'ENFORCE_DAYPARTING',
  RESET_DAILY: 'RESET_DAILY',
  RESET_MONTHLY: 'RESET_MONTHLY',
  ALL: 'RECONCILE',
};

export function runEnforcement(tx: Tx, task: Task, at: Date, actor = 'system'): Promise<ReconcileResult> {
  return reconcile(tx, { task, trigger: TRIGGER[task], actor, at });
}

/** previewEnforcement: the same engine, scopes and counts on the rows as they are, the clock at `at`; writes nothing. */
export function previewEnforcement(tx: Tx, task: Task, at: Date): Promise<ReconcileResult> {
  return reconcile(tx, { task, trigger: TRIGGER[task], actor: 'preview', at, dryRun: true });
}
