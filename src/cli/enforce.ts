// `budget enforce-budgets | enforce-dayparting | reset-spends | reconcile`: the seed's management
// commands, each one run of the reconcile engine with its task's scope (src/domain/tasks.ts).
import { db, LONG_TX } from '../db/index.ts';
import { CLI } from '../domain/scope.ts';
import { TASKS, taskOf, type Task } from '../domain/tasks.ts';
import { runEnforcement } from '../engine/enforcement.ts';
import { summaryOf } from '../engine/reconcile.ts';

/** `reset-spends --daily` → ['reset-spends', 'daily']; `reconcile` → ['reconcile', null] */
const partsOf = (command: string) => [command.split(' --')[0]!, command.split(' --')[1] ?? null] as const;

/**
 * The tasks a command line names: `reconcile`, or `reset-spends --daily --monthly` (--both: all of
 * that command's). The old system's names (`enforce_budgets`, `reset_spends`: Django management
 * commands) name the same tasks. null: not an enforcement command; throws when a flag is needed
 * and none given.
 */
export function tasksOf(typed: string, flags: Set<string>): Task[] | null {
  const command = typed.replaceAll('_', '-');
  const matching = TASKS.filter((t) => partsOf(t.command)[0] === command);
  if (matching.length === 0) return null;
  const chosen = matching.filter((t) => partsOf(t.command)[1] === null || flags.has('both') || flags.has(partsOf(t.command)[1]!));
  if (chosen.length === 0) {
    throw new Error(`${command} needs ${matching.map((t) => `--${partsOf(t.command)[1]}`).join(', ')} or --both`);
  }
  return chosen.map((t) => t.id);
}

/** The usage lines of the enforcement commands. */
export function usageLines(): string {
  return TASKS.map((t) => `  ${`${t.command} [--json]`.padEnd(40)}${t.description}`).join('\n');
}

/** Runs the tasks in order; prints `Budget enforcement completed: {...}` lines, or JSON. */
export async function enforce(tasks: Task[], json: boolean): Promise<number> {
  const results: Record<string, unknown>[] = [];
  for (const task of tasks) {
    const started = performance.now();
    const result = await db().$transaction((tx) => runEnforcement(tx, task, new Date(), CLI), LONG_TX);
    const summary = summaryOf(result);
    const ms = Math.round(performance.now() - started);
    if (json) results.push({ task, ...summary, ms });
    else process.stdout.write(`${taskOf(task).label} completed: ${JSON.stringify(summary)} (${ms} ms)\n`);
  }
  if (json) process.stdout.write(`${JSON.stringify(results.length === 1 ? results[0] : results)}\n`);
  return 0;
}
