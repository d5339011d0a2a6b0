// The enforcement tasks, in one table: the worker's crontab, the engine's scopes, the GraphQL
// enum, the CLI commands and their printed labels are all derived from it. A task applies a
// difference between a campaign's current and desired pause reason (null = ACTIVE) when its scope
// admits it: the old reason is in `from`, or the new one is in `to` (ANY: every difference).
import type { StatusTrigger } from '../db/generated/prisma/enums.ts';
import type { PauseReason } from './desiredState.ts';

export interface TaskScope {
  from: readonly PauseReason[];
  to: readonly PauseReason[];
}

export interface TaskDefinition {
  /** the GraphQL EnforcementTask value and the engine's name */
  readonly id: string;
  /** graphile-worker task identifier and crontab id (never renamed once deployed); null = on demand only */
  readonly identifier: string | null;
  /** when it runs, UTC crontab syntax; null = on demand only */
  readonly cron: string | null;
  readonly scope: TaskScope | 'ANY';
  /** the trigger its status events carry */
  readonly trigger: StatusTrigger;
  /** `budget <command>` (reset-spends takes --daily / --monthly / --both) */
  readonly command: string;
  /** how the CLI names it: "Budget enforcement completed: {...}" */
  readonly label: string;
  readonly description: string;
}

// Every 15 minutes for the resets: brand timezones have midnights at :00, :15, :30 and :45 UTC.
export const TASKS = [
  {
    id: 'ENFORCE_BUDGETS',
    identifier: 'enforce_budgets',
    cron: '*/5 * * * *',
    scope: { from: [], to: ['MONTHLY_BUDGET', 'DAILY_BUDGET'] },
    trigger: 'ENFORCE_BUDGETS',
    command: 'enforce-budgets',
    label: 'Budget enforcement',
    description: 'pause the campaigns of brands whose daily or monthly budget is used up (spends written around the API)',
  },
  {
    id: 'ENFORCE_DAYPARTING',
    identifier: 'enforce_dayparting',
    cron: '* * * * *',
    scope: { from: ['DAYPARTING'], to: ['DAYPARTING'] },
    trigger: 'ENFORCE_DAYPARTING',
    command: 'enforce-dayparting',
    label: 'Dayparting enforcement',
    description: 'pause or resume campaigns by their dayparting windows',
  },
  {
    id: 'RESET_DAILY',
    identifier: 'reset_daily',
    cron: '*/15 * * * *',
    scope: { from: ['DAILY_BUDGET'], to: [] },
    trigger: 'RESET_DAILY',
    command: 'reset-spends --daily',
    label: 'Daily reset',
    description: 'resume (or relabel) campaigns paused for a brand-local day that has ended',
  },
  {
    id: 'RESET_MONTHLY',
    identifier: 'reset_monthly',
    cron: '*/15 * * * *',
    scope: { from: ['MONTHLY_BUDGET'], to: [] },
    trigger: 'RESET_MONTHLY',
    command: 'reset-spends --monthly',
    label: 'Monthly reset',
    description: 'resume (or relabel) campaigns paused for a brand-local month that has ended',
  },
  {
    id: 'ALL',
    identifier: null,
    cron: null,
    scope: 'ANY',
    trigger: 'RECONCILE',
    command: 'reconcile',
    label: 'Reconcile',
    description: 'apply the full desired state to every campaign (any difference)',
  },
] as const satisfies readonly TaskDefinition[];

export type Task = (typeof TASKS)[number]['id'];

const BY_ID = new Map<string, TaskDefinition>(TASKS.map((t) => [t.id, t]));

export function taskOf(id: Task): TaskDefinition {
  return BY_ID.get(id)!;
}

/** May this task apply a change from one reason to another (null = ACTIVE)? */
export function admits(task: Task, from: PauseReason | null, to: PauseReason | null): boolean {
  const { scope } = taskOf(task);
  return scope === 'ANY' || (from !== null && scope.from.includes(from)) || (to !== null && scope.to.includes(to));
}
