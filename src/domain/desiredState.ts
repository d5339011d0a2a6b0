// The desired state, as a pure function: the reference the SQL engine (src/engine/reconcile.ts) is
// property-tested against. Precedence is the order of the pause_reason enum in the database
// (mirrored by Prisma's generated PauseReason): MANUAL, MONTHLY_BUDGET, DAILY_BUDGET, DAYPARTING.
import { PauseReason as PAUSE_REASONS, type CampaignStatus, type PauseReason } from '../db/generated/prisma/enums.ts';
import { windowCovers, type LocalClock, type Window } from './time.ts';

export type { CampaignStatus, PauseReason };

/** Pause reasons, strongest first: the first rule that holds wins. */
export const PRECEDENCE = Object.values(PAUSE_REASONS) as readonly PauseReason[];

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

/** A budget is used up when it is 0 or spend ≥ budget; null is never used up. */
export function budgetUsed(budget: bigint | null, spend: bigint): boolean {
  return budget !== null && spend >= budget;
}

/** The facts once the clock has been read: whether it is outside every active window. */
export interface RuleFacts extends Omit<CampaignFacts, 'windows' | 'clock'> {
  /** it has active windows and none covers the clock */
  outsideWindows: boolean;
}

/** One rule per reason: a new reason does not compile until it has its rule. */
const RULES: Record<PauseReason, (f: RuleFacts) => boolean> = {
  MANUAL: (f) => f.manual,
  MONTHLY_BUDGET: (f) => budgetUsed(f.monthlyBudget, f.monthlySpend),
  DAILY_BUDGET: (f) => budgetUsed(f.dailyBudget, f.dailySpend),
  DAYPARTING: (f) => f.outsideWindows,
};

/** null = ACTIVE; for callers that had the windows tested in SQL (the backtest) */
export function reasonFor(f: RuleFacts): PauseReason | null {
  return PRECEDENCE.find((reason) => RULES[reason](f)) ?? null;
}

/** null = ACTIVE */
export function desiredReason(f: CampaignFacts): PauseReason | null {
  return reasonFor({ ...f, outsideWindows: f.windows.length > 0 && !f.windows.some((w) => windowCovers(w, f.clock)) });
}

export function statusOf(reason: PauseReason | null): CampaignStatus {
  return reason === null ? 'ACTIVE' : 'PAUSED';
}
