// The desired state, as a pure function: the reference the SQL engine (src/engine/reconcile.ts) is
// property-tested against. Precedence is the order of the pause_reason enum in the database
// (mirrored by Prisma's generated PauseReason): MANUAL, MONTHLY_BUDGET, DAILY_BUDGET, DAYPARTING.
// A rule an override in force lifts does not apply (src/domain/overrides.ts says which are).
import {
  PauseReason as PAUSE_REASONS,
  SpendType as SPEND_TYPES,
  type CampaignStatus,
  type PauseReason,
  type SpendType,
} from '../db/generated/prisma/enums.ts';
import { DomainError, quote } from './errors.ts';
import { windowCovers, type LocalClock, type Window } from './time.ts';

export type { CampaignStatus, PauseReason, SpendType };

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

/**
 * A spend booked DAILY (the default) counts toward its brand-local day and its month; one booked
 * MONTHLY (a monthly fee) toward its month only, so it never uses up a day's budget.
 */
export function countsTowardDay(type: SpendType): boolean {
  return type === 'DAILY';
}

/** Spend today and this month at a brand-local date (YYYY-MM-DD): the reference of the SQL's brand_spend_totals. */
export function periodSpend(
  spends: readonly { spendDate: string; amount: bigint; spendType: SpendType }[],
  today: string,
): { daily: bigint; monthly: bigint } {
  let daily = 0n;
  let monthly = 0n;
  for (const s of spends) {
    if (s.spendDate.slice(0, 7) !== today.slice(0, 7)) continue;
    monthly += s.amount;
    if (s.spendDate === today && countsTowardDay(s.spendType)) daily += s.amount;
  }
  return { daily, monthly };
}

export const SPEND_TYPE_LIST = Object.values(SPEND_TYPES) as readonly SpendType[];

/** A spend type as given: absent = DAILY. */
export function parseSpendType(value: unknown, field = 'spendType'): SpendType {
  if (value == null) return 'DAILY';
  if ((SPEND_TYPE_LIST as readonly unknown[]).includes(value)) return value as SpendType;
  throw new DomainError('INVALID_ARGUMENT', `${field} must be one of ${SPEND_TYPE_LIST.join(', ')}; got ${quote(value)}`, field);
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
