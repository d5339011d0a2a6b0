// The desired state, as a pure function: the reference the SQL engine (src/engine/reconcile.ts) is
// property-tested against. Precedence is the order of the pause_reason enum in the database
// (mirrored by Prisma's generated PauseReason): MANUAL, MONTHLY_BUDGET, DAILY_BUDGET, DAYPARTING.
// A rule an override in force lifts does not apply (src/domain/overrides.ts says which are).
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
  /** the rules the overrides in force for it (or its brand) lift: never MANUAL */
  lifted: readonly PauseReason[];
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

/**
 * Every rule that holds, in precedence order: `reasons` those that apply, `lifted` those an
 * override lifts (as pause_rules answers them). MANUAL always applies.
 */
export function rulesThatHold(f: RuleFacts): { reasons: PauseReason[]; lifted: PauseReason[] } {
  const holding = PRECEDENCE.filter((reason) => RULES[reason](f));
  const lifts = (reason: PauseReason) => reason !== 'MANUAL' && f.lifted.includes(reason);
  return { reasons: holding.filter((r) => !lifts(r)), lifted: holding.filter(lifts) };
}

/** null = ACTIVE; for callers that had the windows tested in SQL (the backtest) */
export function reasonFor(f: RuleFacts): PauseReason | null {
  return rulesThatHold(f).reasons[0] ?? null;
}

/** The facts with the clock read against the windows. */
export function ruleFacts(f: CampaignFacts): RuleFacts {
  return { ...f, outsideWindows: f.windows.length > 0 && !f.windows.some((w) => windowCovers(w, f.clock)) };
}

/** null = ACTIVE */
export function desiredReason(f: CampaignFacts): PauseReason | null {
  return reasonFor(ruleFacts(f));
}

export function statusOf(reason: PauseReason | null): CampaignStatus {
  return reason === null ? 'ACTIVE' : 'PAUSED';
}
