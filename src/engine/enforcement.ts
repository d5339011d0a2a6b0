// The scheduled tasks and `runEnforcement`: the reconcile engine over every brand in the scope's
// reach, each task applying only the differences its scope admits (src/domain/tasks.ts). Running
// one twice changes nothing the second time.
import type { Tx } from '../db/index.ts';
import { reach, type Scope } from '../domain/scope.ts';
import { taskOf, type Task } from '../domain/tasks.ts';
import { reconcileChanged, reconcileDuration } from '../metrics.ts';
import { lockBrands, reconcile, type ReconcileResult } from './reconcile.ts';

/**
 * A run over many brands is one statement over up to every campaign: JIT compiling it costs more
 * than it saves (~0.4 s measured at 100k campaigns), and its sorts and hashes should stay in memory.
 */
async function wholeRunSettings(tx: Tx): Promise<void> {
  await tx.$executeRaw`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`;
}

/** Every brand the scope reaches (a key limited to some brands: only those). */
export async function runEnforcement(tx: Tx, task: Task, at: Date, scope: Scope): Promise<ReconcileResult> {
  const started = performance.now();
  const brandIds = reach(scope);
  await lockBrands(tx, brandIds);
  await wholeRunSettings(tx);
  const result = await reconcile(tx, { task, trigger: taskOf(task).trigger, actor: scope.actor, at, brandIds });
  reconcileDuration.observe({ task }, (performance.now() - started) / 1000);
  reconcileChanged.inc({ task }, result.changes.length);
  return result;
}

/** previewEnforcement: the same engine, scopes and counts on the rows as they are, the clock at `at`; writes nothing. */
export async function previewEnforcement(tx: Tx, task: Task, at: Date, scope: Scope): Promise<ReconcileResult> {
  await wholeRunSettings(tx);
  return reconcile(tx, { task, trigger: taskOf(task).trigger, actor: scope.actor, at, dryRun: true, brandIds: reach(scope) });
}
