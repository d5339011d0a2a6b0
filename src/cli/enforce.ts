// `budget enforce-budgets | enforce-dayparting | reset-spends | reconcile`: the seed's management
// commands, each one run of the reconcile engine with its task's scope.
import { db, LONG_TX } from '../db/index.ts';
import type { Task } from '../domain/desiredState.ts';
import { runEnforcement } from '../engine/enforcement.ts';
import { summaryOf } from '../engine/reconcile.ts';

const LABEL: Record<Task, string> = {
  ENFORCE_BUDGETS: 'Budget enforcement',
  ENFORCE_DAYPARTING: 'Dayparting enforcement',
  RESET_DAILY: 'Daily reset',
  RESET_MONTHLY: 'Monthly reset',
  ALL: 'Reconcile',
};

/** Runs the tasks in order; prints `Budget enforcement completed: {...}` lines, or JSON. */
export async function enforce(tasks: Task[], json: boolean): Promise<number> {
  const results: Record<string, unknown>[] = [];
  for (const task of tasks) {
    const started = performance.now();
    const result = await db().$transaction((tx) => runEnforcement(tx, task, new Date(), 'cli'), LONG_TX);
    const summary = summaryOf(result);
    const ms = Math.round(performance.now() - started);
    if (json) results.push({ task, ...summary, ms });
    else process.stdout.write(`${LABEL[task]} completed: ${JSON.stringify(summary)} (${ms} ms)\n`);
  }
  if (json) process.stdout.write(`${JSON.stringify(results.length === 1 ? results[0] : results)}\n`);
  return 0;
}
