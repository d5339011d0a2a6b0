// §3 Desired state and §4 task scopes, as pure functions: the reference the SQL engine
// (src/engine/reconcile.ts) is property-tested against.
import { windowCovers, type LocalClock, type Window } from './time.ts';

export type CampaignStatus = 'ACTIVE' | 'PAUSED';
export type PauseReason = 'MANUAL' | 'MONTHLY_BUDGET' | 'DAILY_BUDGET' | 'DAYPARTING';
export type Task = 'ENFORCE_BUDGETS' | 'ENFORCE_DAYPARTING' | 'RESET_DAILY' | 'RESET_MONTHLY' | 'ALL';

export interface CampaignFacts {
  /** an operator paused it (only an operator's resume clears this) */
  manual: boolean;
  dailyBudget: bigint | null;
  monthlyBudget: bigint | null;
  dailySpend: bigint;
  monthlySpend: bigint;
  /** its active windows */
  windows: Window[];
  clock: LocalClock;
}

/** §3: a budget is used up when it is 0 or spend ≥ budget; null is never used up. */
export function budgetUsed(budget: bigint | null, spend: bigint): boolean {
  return budget !== null && spend >= budget;
}

/** null = ACTIVE */
export function desiredReason(f: CampaignFacts): PauseReason | null {
  if (f.manual) return 'MANUAL';
  if (budgetUsed(f.monthlyBudget, f.monthlySpend)) return 'MONTHLY_BUDGET';
  if (budgetUsed(f.dailyBudget, f.dailySpend)) return 'DAILY_BUDGET';
  if (f.windows.length > 0 && !f.windows.some((w) => windowCovers(w, f.clock))) return 'DAYPARTING';
  return null;
}

/** §4: which differences a task may apply (by the old and the new pause reason; null = ACTIVE). */
export function admits(task: Task, from: PauseReason | null, to: PauseReason | null): boolean {
  switch (task) {
    case 'ALL':
      return true;
    case 'ENFORCE_BUDGETS':
      return to === 'MONTHLY_BUDGET' || to === 'DAILY_BUDGET';
    case 'ENFORCE_DAYPARTING':
      return from === 'DAYPARTING' || to === 'DAYPARTING';
    case 'RESET_DAILY':
      return from === 'DAILY_BUDGET';
    case 'RESET_MONTHLY':
      return from === 'MONTHLY_BUDGET';
  }
}
