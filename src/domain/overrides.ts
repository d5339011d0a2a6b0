// Emergency overrides (soft limits), as pure rules: what an override may lift, when one is in force,
// and what the overrides in force lift for a campaign. The SQL engine holds the same definitions
// (override_span and pause_rules, prisma/functions/40_rules.sql); the property test holds the two
// equal, and the backtest replays recorded overrides with these.
import { PRECEDENCE, type PauseReason } from './desiredState.ts';
import { DomainError, quote } from './errors.ts';

/** What an override may lift: every rule but MANUAL (an operator's pause and archiving are never lifted). */
export const LIFTABLE: readonly PauseReason[] = PRECEDENCE.filter((r) => r !== 'MANUAL');

/** The longest reason an operator may give. */
export const MAX_OVERRIDE_REASON = 500;

export interface OverrideFacts {
  /** null: every campaign of its brand */
  campaignId: string | null;
  lifts: readonly PauseReason[];
  createdAt: number;
  until: number;
  cancelledAt: number | null;
}

/** In force from its creation until `until`, or until it is cancelled (cancelled at t: not in force at t). */
export function inForce(o: OverrideFacts, at: number): boolean {
  return o.createdAt <= at && at < Math.min(o.until, o.cancelledAt ?? Infinity);
}

/** The rules the overrides of a brand in force at `at` lift for one of its campaigns (its own and brand-wide ones). */
export function liftedFor(overrides: readonly OverrideFacts[], campaignId: string, at: number): PauseReason[] {
  const lifted = new Set<PauseReason>();
  for (const o of overrides) {
    if ((o.campaignId === null || o.campaignId === campaignId) && inForce(o, at)) for (const r of o.lifts) lifted.add(r);
  }
  return LIFTABLE.filter((r) => lifted.has(r));
}

/** Any of LIFTABLE, at least one; answered in precedence order without repeats. */
export function parseLifts(value: unknown, field = 'lifts'): PauseReason[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new DomainError('INVALID_ARGUMENT', `${field} must list what the override lifts: any of ${LIFTABLE.join(', ')}`, field);
  }
  for (const [i, r] of value.entries()) {
    if (!LIFTABLE.includes(r as PauseReason)) {
      const why = r === 'MANUAL' ? 'an override never lifts MANUAL (an operator’s pause or archiving): resume the campaign instead' : '';
      throw new DomainError(
        'INVALID_ARGUMENT',
        why || `${field}[${i}] must be one of ${LIFTABLE.join(', ')}; got ${quote(r)}`,
        `${field}[${i}]`,
      );
    }
  }
  return LIFTABLE.filter((r) => value.includes(r));
}
