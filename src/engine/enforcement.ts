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

/** brandIds: only these brands (a key limited to some brands); undefined = every brand. */
export function runEnforcement(tx: Tx, task: Task, at: Date, actor = 'system', brandIds?: string[]): Promise<ReconcileResult> {
  return reconcile(tx, { task, trigger: TRIGGER[task], actor, at, brandIds });
}

/** previewEnforcement: the same engine, scopes and counts on the rows as they are, the clock at `at`; writes nothing. */
export function previewEnforcement(tx: Tx, task: Task, at: Date, brandIds?: string[]): Promise<ReconcileResult> {
  return reconcile(tx, { task, trigger: TRIGGER[task], actor: 'preview', at, dryRun: true, brandIds });
}
