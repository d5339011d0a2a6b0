// §4 The scheduled tasks and `runEnforcement`: the reconcile engine over every brand, each task
// applying only the differences its scope admits. Running one twice changes nothing the second time.
import type { Tx } from '../db/index.ts';
import type { Task } from '../domain/desiredState.ts';
import type { Trigger } from './events.ts';
import { lockBrands, reconcile, type ReconcileResult } from './reconcile.ts';

const TRIGGER: Record<Task, Trigger> = {
  ENFORCE_BUDGETS: 'ENFORCE_BUDGETS',
  ENFORCE_DAYPARTING: 'ENFORCE_DAYPARTING',
  RESET_DAILY: 'RESET_DAILY',
  RESET_MONTHLY: 'RESET_MONTHLY',
  ALL: 'RECONCILE',
};

/**
 * A run over many brands is one statement over up to every campaign: JIT compiling it costs more
 * than it saves (~0.4 s measured at 100k campaigns), and its sorts and hashes should stay in memory.
 */
async function wholeRunSettings(tx: Tx): Promise<void> {
  await tx.$executeRaw`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`;
}

/** brandIds: only these brands (a key limited to some brands); undefined = every brand. */
export async function runEnforcement(tx: Tx, task: Task, at: Date, actor = 'system', brandIds?: string[]): Promise<ReconcileResult> {
  await lockBrands(tx, brandIds);
  await wholeRunSettings(tx);
  return reconcile(tx, { task, trigger: TRIGGER[task], actor, at, brandIds });
}

/** previewEnforcement: the same engine, scopes and counts on the rows as they are, the clock at `at`; writes nothing. */
export async function previewEnforcement(tx: Tx, task: Task, at: Date, brandIds?: string[]): Promise<ReconcileResult> {
  await wholeRunSettings(tx);
  return reconcile(tx, { task, trigger: TRIGGER[task], actor: 'preview', at, dryRun: true, brandIds });
}
