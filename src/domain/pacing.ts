// Pacing: the forecast's arithmetic, exact and pure (docs/pacing.md is the method). No database and
// no time zones: the engine (src/reads/pacing.ts) computes in SQL the brand-local periods, the
// hour-of-day curve and the open pieces of time; this module only weighs milliseconds with BigInt.
import { budgetUsed } from './desiredState.ts';
import { divideRounded, divideToUnit } from './money.ts';

/** A stretch of open time [start, end) (epoch ms) inside one brand-local hour of day (0–23). */
export interface Piece {
  start: number;
  end: number;
  hour: number;
}

export const PACING_METHODS = ['CURVE', 'LINEAR'] as const;
export type PacingMethod = (typeof PACING_METHODS)[number];
export const PACE_STATUSES = ['UNDER', 'ON_TRACK', 'OVER'] as const;
export type PaceStatus = (typeof PACE_STATUSES)[number];

export interface Curve {
  method: PacingMethod;
  /** the weight of one millisecond in each brand-local hour of day */
  weights: readonly bigint[];
}

/** Fewer days with spend than this in the 28 before today: too little history for a curve. */
export const MIN_CURVE_DAYS = 7;
/** The days of history the curve is drawn from. */
export const CURVE_DAYS = 28;

/**
 * hist[h]: net spend (an Amount) per brand-local hour of day over the 28 days before today.
 * CURVE: w[h] = 72·hist[h] + H with H = Σ hist (negative hours clamped to 0 first): 3/4 the
 * brand's own curve and 1/4 flat (Σ 72·hist = 72H against 24·H), so an hour without history
 * still counts and no weight is 0. LINEAR (every weight 1) when history is short.
 */
export function curveOf(hist: readonly bigint[], daysWithSpend: number): Curve {
  const clamped = Array.from({ length: 24 }, (_, h) => (hist[h] != null && hist[h]! > 0n ? hist[h]! : 0n));
  const total = clamped.reduce((a, b) => a + b, 0n);
  if (daysWithSpend < MIN_CURVE_DAYS || total <= 0n) return { method: 'LINEAR', weights: clamped.map(() => 1n) };
  return { method: 'CURVE', weights: clamped.map((x) => 72n * x + total) };
}

/**
 * Σ over pieces of w[hour] × the milliseconds they share with [from, to): the milliseconds summed
 * per hour first (whole numbers, a month's fewer than 2^32, exact as numbers), then 24 products.
 */
export function weightBetween(pieces: readonly Piece[], weights: readonly bigint[], from: number, to: number): bigint {
  const ms = new Array<number>(weights.length).fill(0);
  for (const p of pieces) {
    const s = Math.max(p.start, from);
    const e = Math.min(p.end, to);
    if (e > s) ms[p.hour]! += e - s;
  }
  let sum = 0n;
  for (let h = 0; h < ms.length; h++) if (ms[h]! > 0) sum += weights[h]! * BigInt(ms[h]!);
  return sum;
}

/**
 * The pieces without [from, to). A brand whose budget is used up has every campaign paused until
 * its period ends: no campaign can run then, so that time is not open.
 */
export function closeBetween(pieces: readonly Piece[], from: number, to: number): Piece[] {
  if (to <= from) return [...pieces];
  return pieces.flatMap((p) => [
    ...(p.start < Math.min(p.end, from) ? [{ ...p, end: Math.min(p.end, from) }] : []),
    ...(Math.max(p.start, to) < p.end ? [{ ...p, start: Math.max(p.start, to) }] : []),
  ]);
}

export interface PeriodInput {
  /** [start, end): the brand-local day or month, epoch ms */
  start: number;
  end: number;
  /** now, epoch ms */
  at: number;
  /** the period's open time, in order, not overlapping */
  pieces: readonly Piece[];
  curve: Curve;
  spent: bigint;
  /** null: no limit for the period */
  budget: bigint | null;
  /** the brand's: the projection is rounded to its unit */
  currency: string;
}

export interface PeriodPacing {
  periodStart: number;
  periodEnd: number;
  budget: bigint | null;
  spent: bigint;
  currency: string;
  /** E and R: the weight of the period's open time before and after now */
  elapsedWeight: bigint;
  remainingWeight: bigint;
  /** E / T (1 when T = 0), to 6 decimals */
  elapsedShare: number;
  /** spent + spent × R / E, the second term rounded half away from zero to the currency's unit; spent when E = 0 */
  projected: bigint;
  /** (spent / budget) ÷ (E / T) to 6 decimals; null without a budget > 0 or when E = 0 */
  paceRatio: number | null;
  /** ± this around 1 is ON_TRACK: 0.05 + 0.45 × (1 − elapsedShare), to 6 decimals */
  band: number;
  status: PaceStatus | null;
  /** The budget is used up (spent ≥ budget): every campaign is paused to the end of the period */
  budgetUsedUp: boolean;
  /** epoch ms at which the budget runs out at this rate; null when it does not in this period */
  runsOutAt: number | null;
}

const SCALE = 1_000_000n;
/** an exact rational as a Float with 6 decimals */
const decimal = (numerator: bigint, denominator: bigint) => Number(divideRounded(numerator * SCALE, denominator)) / 1e6;

export function periodPacing(input: PeriodInput): PeriodPacing {
  const { start, end, at, pieces, curve, spent, budget, currency } = input;
  const now = Math.min(Math.max(at, start), end);
  const E = weightBetween(pieces, curve.weights, start, now);
  const R = weightBetween(pieces, curve.weights, now, end);
  const T = E + R;
  const budgetUsedUp = budgetUsed(budget, spent);
  const base = {
    periodStart: start,
    periodEnd: end,
    budget,
    spent,
    currency,
    elapsedWeight: E,
    remainingWeight: R,
    elapsedShare: T === 0n ? 1 : decimal(E, T),
    // band = 0.05 + 0.45·R/T = (T + 9R) / 20T
    band: T === 0n ? 0.05 : decimal(T + 9n * R, 20n * T),
    budgetUsedUp,
  };
  if (E === 0n) {
    return { ...base, projected: spent, paceRatio: null, status: budgetUsedUp ? 'OVER' : null, runsOutAt: null };
  }
  const projected = spent + divideToUnit(spent * R, E, currency);
  if (budget == null || budget === 0n) {
    return { ...base, projected, paceRatio: null, status: budgetUsedUp ? 'OVER' : null, runsOutAt: null };
  }
  // ratio = spent·T / (E·budget); the status compares it with 1 ± band exactly, as rationals:
  // OVER ⇔ spent·T/(E·B) > (21T + 9R)/20T ⇔ 20·spent·T² > E·B·(21T + 9R), UNDER likewise with 19T − 9R.
  const paceRatio = decimal(spent * T, E * budget);
  const lhs = 20n * spent * T * T;
  const status: PaceStatus =
    budgetUsedUp || lhs > E * budget * (21n * T + 9n * R) ? 'OVER' : lhs < E * budget * (19n * T - 9n * R) ? 'UNDER' : 'ON_TRACK';
  // exact projection spent·T/E above the budget: it runs out inside the period
  const runsOutAt = !budgetUsedUp && spent * T > budget * E ? runOut(pieces, curve.weights, now, end, spent, (budget - spent) * E) : null;
  return { ...base, projected, paceRatio, status, runsOutAt };
}

/**
 * The first instant t with spent × W(now, t) ≥ target, where target = (budget − spent) × E, i.e.
 * spent + spent × W(now, t) / E = budget: walk the pieces between now and the period's end and
 * interpolate inside the piece that crosses it, floored to the millisecond. spent > 0, target > 0.
 */
function runOut(
  pieces: readonly Piece[],
  weights: readonly bigint[],
  now: number,
  end: number,
  spent: bigint,
  target: bigint,
): number | null {
  let reached = 0n; // spent × W(now, start of the piece)
  for (const p of pieces) {
    const s = Math.max(p.start, now);
    const e = Math.min(p.end, end);
    if (e <= s) continue;
    const w = weights[p.hour]! * spent;
    const whole = w * BigInt(e - s);
    if (reached + whole >= target) return s + Number((target - reached) / w);
    reached += whole;
  }
  return null;
}
