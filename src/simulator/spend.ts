// How a campaign spends: while it runs, at an hourly rate shaped by an hour-of-day curve (local
// hours of its account), up to what the platform lets it spend on a day (its own daily budget ×
// the platform's over-delivery: up to 2× on Google, 75 % over on Meta). A campaign's history is a
// list of segments, each from an instant on, with the settings then in force (running or not,
// rate, curve, cap), so a change never rewrites spend already made.
//
// The total of a day as of an instant is an integral, computed exactly: each piece adds
// rate × weight × ms to a bigint numerator over one common denominator, and the micros are its
// floor. The same instant gives the same total however often, and in whatever steps, it is asked.

import type { LocalDay } from './zone.ts';

export interface Segment {
  /** from this instant (ms) until the next segment's */
  from: number;
  running: boolean;
  /** average micros an hour over a day */
  rate: bigint;
  /** 24 weights per mille of the mean (they sum to 24,000): the hour's rate is rate × w / 1000 */
  curve: readonly number[];
  /** micros the platform lets it spend on one account-date, or null (no budget) */
  cap: bigint | null;
}

const DENOMINATOR = 1000n * 3_600_000n;

/**
 * A day in the life of an ad: quiet at night, a morning climb, a lunchtime plateau, the evening
 * peak. Per mille of the mean; the sum is 24,000.
 */
export const DEFAULT_CURVE: readonly number[] = normalizeCurve([
  250, 150, 100, 80, 80, 150, 350, 650, 950, 1150, 1250, 1300, 1350, 1300, 1250, 1250, 1300, 1400, 1550, 1650, 1600, 1400, 1050, 600,
]);

/** Any 24 non-negative weights → per mille of their mean, summing to exactly 24,000 (largest remainders). */
export function normalizeCurve(weights: readonly number[]): number[] {
  if (weights.length !== 24 || weights.some((w) => !(w >= 0) || !Number.isFinite(w))) {
    throw new RangeError('a curve is 24 non-negative numbers, one per local hour 0–23');
  }
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) throw new RangeError('a curve needs at least one hour above zero');
  const exact = weights.map((w) => (w * 24_000) / sum);
  const out = exact.map(Math.floor);
  let short = 24_000 - out.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of byRemainder) {
    if (short-- <= 0) break;
    out[i]!++;
  }
  return out;
}

/** The index of the segment in force at `at` (the last one starting at or before it), or -1. */
function segmentAt(segments: readonly Segment[], at: number): number {
  let lo = 0;
  let hi = segments.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (segments[mid]!.from <= at) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Micros spent on `day` from its start until `until` (clamped to the day). */
export function spentOn(segments: readonly Segment[], day: LocalDay, until: number): bigint {
  const stop = Math.min(until, day.end);
  if (stop <= day.start || segments.length === 0) return 0n;
  let numerator = 0n;
  for (let i = Math.max(0, segmentAt(segments, day.start)); i < segments.length; i++) {
    const s = segments[i]!;
    if (s.from >= stop) break;
    if (!s.running || s.rate === 0n) continue;
    const from = Math.max(s.from, day.start);
    const to = Math.min(segments[i + 1]?.from ?? Infinity, stop);
    const limit = s.cap === null ? null : s.cap * DENOMINATOR;
    for (const h of day.hours) {
      const a = Math.max(from, h.start);
      const b = Math.min(to, h.end);
      if (b <= a) continue;
      const piece = s.rate * BigInt(s.curve[h.hour]!) * BigInt(b - a);
      // the cap holds the day's total: spend stops there (a cap lowered below it takes nothing back)
      if (limit === null || numerator + piece <= limit) numerator += piece;
      else if (numerator < limit) numerator = limit;
    }
  }
  return numerator / DENOMINATOR;
}
