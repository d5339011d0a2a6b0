// The forecast's arithmetic against hand-computed cases (docs/pacing.md). Instants are plain
// milliseconds: the pure module knows no calendar, only pieces of open time and their hours.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divideRounded } from '../../src/domain/money.ts';
import { closeBetween, curveOf, periodPacing, weightBetween, type Curve, type PeriodInput, type Piece } from '../../src/domain/pacing.ts';

const H = 3_600_000;
const LINEAR: Curve = { method: 'LINEAR', weights: Array(24).fill(1n) };
/** weights 1 except the given hours */
const curve = (heavy: Record<number, bigint>): Curve => ({
  method: 'CURVE',
  weights: Array.from({ length: 24 }, (_, h) => heavy[h] ?? 1n),
});
/** one piece per hour of a 24-hour day from 0 */
const day: Piece[] = Array.from({ length: 24 }, (_, h) => ({ start: h * H, end: (h + 1) * H, hour: h }));

// KWD by default: its unit is one thousandth, the Amount's own, so amounts here are plain integers
const run = (input: Partial<PeriodInput> & Pick<PeriodInput, 'at' | 'spent'>) =>
  periodPacing({ start: 0, end: 24 * H, pieces: day, curve: LINEAR, budget: null, currency: 'KWD', ...input });

describe('divideRounded: half away from zero', () => {
  it.each([
    [5n, 2n, 3n],
    [-5n, 2n, -3n],
    [5n, -2n, -3n],
    [7n, 2n, 4n],
    [1n, 3n, 0n],
    [2n, 3n, 1n],
    [-2n, 3n, -1n],
    [-1n, 3n, 0n],
  ])('%s / %s = %s', (n, d, q) => expect(divideRounded(n, d)).toBe(q));
});

describe('curveOf', () => {
  it('is LINEAR with fewer than 7 days of spend, or no positive total', () => {
    expect(curveOf(Array(24).fill(100n), 6).method).toBe('LINEAR');
    expect(curveOf([-500n, ...Array(23).fill(0n)], 20)).toEqual(LINEAR);
  });

  it('blends 3/4 of the curve with 1/4 flat, negative hours clamped', () => {
    // hist: hour 9 = 7000, hour 10 = 1000, hour 11 = −300 (→ 0); H = 8000
    const hist = Array.from({ length: 24 }, (_, h) => (h === 9 ? 7000n : h === 10 ? 1000n : h === 11 ? -300n : 0n));
    const c = curveOf(hist, 7);
    expect(c.method).toBe('CURVE');
    expect(c.weights[9]).toBe(72n * 7000n + 8000n); // 512000
    expect(c.weights[10]).toBe(72n * 1000n + 8000n); // 80000
    expect(c.weights[11]).toBe(8000n);
    expect(c.weights[0]).toBe(8000n);
    // Σ w = 72·8000 + 24·8000 = 96·8000: the curve is 72/96 = 3/4 of it
    expect(c.weights.reduce((a, b) => a + b, 0n)).toBe(96n * 8000n);
  });
});

describe('closeBetween', () => {
  it('cuts [from, to) out of the pieces, splitting one that spans it', () => {
    const pieces = [
      { start: 0, end: 10, hour: 0 },
      { start: 10, end: 20, hour: 1 },
      { start: 30, end: 40, hour: 3 },
    ];
    expect(closeBetween(pieces, 5, 35)).toEqual([
      { start: 0, end: 5, hour: 0 },
      { start: 35, end: 40, hour: 3 },
    ]);
    expect(closeBetween(pieces, 12, 15)).toEqual([
      { start: 0, end: 10, hour: 0 },
      { start: 10, end: 12, hour: 1 },
      { start: 15, end: 20, hour: 1 },
      { start: 30, end: 40, hour: 3 },
    ]);
    expect(closeBetween(pieces, 20, 20)).toEqual(pieces);
  });
});

describe('periodPacing', () => {
  it('a linear day exactly on budget: ON_TRACK, no run-out', () => {
    // 06:00: E = 6 h, R = 18 h; 10.00 + 10.00 × 18/6 = 40.00 = the budget (not above it: no run-out)
    const p = run({ at: 6 * H, spent: 1000n, budget: 4000n });
    expect(p).toMatchObject({ elapsedShare: 0.25, projected: 4000n, paceRatio: 1, status: 'ON_TRACK', runsOutAt: null });
    expect(p.band).toBe(0.3875); // 0.05 + 0.45 × 0.75
  });

  it('a curve day: the heavy hour counts 73 times an hour', () => {
    // w[9] = 73, others 1; at 12:00: E = 11 + 73 = 84 h-units, R = 12, T = 96
    // projected = 1000 + 1000 × 12/84 = 1000 + 142.857… = 1143
    const p = run({ at: 12 * H, spent: 1000n, budget: 1100n, curve: curve({ 9: 73n }) });
    expect(p.elapsedWeight).toBe(84n * BigInt(H));
    expect(p.remainingWeight).toBe(12n * BigInt(H));
    expect(p.projected).toBe(1143n);
    // 1000 × W/E = 100 → W = 8.4 units → 8 h 24 min after 12:00
    expect(p.runsOutAt).toBe(20 * H + 24 * 60_000);
  });

  it('masked hours weigh nothing: open 09–17 only', () => {
    const open = day.filter((p) => p.hour >= 9 && p.hour < 17);
    // at 12:00: E = 3 h, R = 5 h; 10.00 + 10.00 × 5/3 = 10.00 + 16.666… = 26.67
    const p = run({ at: 12 * H, spent: 1000n, budget: 2000n, pieces: open });
    expect(p).toMatchObject({ elapsedShare: 0.375, projected: 2667n, paceRatio: 1.333333, band: 0.33125, status: 'OVER' });
    // 1000 × W/E = 1000 → W = E = 3 h → 15:00
    expect(p.runsOutAt).toBe(15 * H);
  });

  it('a 23-hour day: the skipped hour is absent, however heavy its weight', () => {
    // spring forward: no hour 2; 6 real hours elapsed (0, 1, 3, 4, 5, 6), 17 remain
    const pieces = Array.from({ length: 23 }, (_, i) => ({ start: i * H, end: (i + 1) * H, hour: i < 2 ? i : i + 1 }));
    const p = run({ end: 23 * H, at: 6 * H, spent: 600n, pieces, curve: curve({ 2: 100n }) });
    // 600 + 600 × 17/6 = 2300
    expect(p).toMatchObject({ projected: 2300n, elapsedShare: 0.26087, paceRatio: null, status: null }); // 6/23
  });

  it('rounds the projection half away from zero', () => {
    // one 3 ms piece, at 2: E = 2, R = 1; 1 + 1 × 1/2 = 1 + 0.5 → 2; −1 − 0.5 → −2
    const pieces = [{ start: 0, end: 3, hour: 0 }];
    expect(run({ end: 3, at: 2, spent: 1n, pieces }).projected).toBe(2n);
    expect(run({ end: 3, at: 2, spent: -1n, pieces }).projected).toBe(-2n);
    // 2 + 2 × 1/3 = 2.666… → 3 (no half: nearest)
    expect(run({ end: 4, at: 3, spent: 2n, pieces: [{ start: 0, end: 4, hour: 0 }] }).projected).toBe(3n);
  });

  it("rounds the projection to the currency's unit: whole yen, cents, fils", () => {
    // E = 13 h, R = 11 h: ¥3,000 + ¥3,000 × 11/13 = ¥3,000 + ¥2,538.46… → ¥5,538
    expect(run({ at: 13 * H, spent: 3_000_000n, currency: 'JPY' }).projected).toBe(5_538_000n);
    expect(run({ at: 13 * H, spent: 3_000_000n, currency: 'USD' }).projected).toBe(5_538_460n);
    expect(run({ at: 13 * H, spent: 3_000_000n, currency: 'KWD' }).projected).toBe(5_538_462n);
    // an amount finer than its unit (cents of yen, recorded before units were per currency) stays exact: only the forecast is rounded
    expect(run({ at: 12 * H, spent: 1_010n, currency: 'JPY' }).projected).toBe(2_010n);
  });

  it('interpolates the run-out inside a piece, floored to the millisecond', () => {
    // pieces [0,100) hour 0 (w 1) and [150,250) hour 1 (w 3); at 50: E = 50, R = 50 + 300 = 350
    const pieces = [
      { start: 0, end: 100, hour: 0 },
      { start: 150, end: 250, hour: 1 },
    ];
    const p = run({ end: 250, at: 50, spent: 10n, budget: 60n, pieces, curve: curve({ 1: 3n }) });
    // 10 + 10 × 350/50 = 80 > 60; ratio 10·400/(50·60) = 1.333333; band 0.05 + 0.45·350/400 = 0.44375
    expect(p).toMatchObject({ projected: 80n, elapsedShare: 0.125, paceRatio: 1.333333, band: 0.44375, status: 'ON_TRACK' });
    // 60 is reached at W = (60 − 10) × 50/10 = 250: 50 in [50,100), then 200/3 = 66.67 ms into [150,250) → 216
    expect(p.runsOutAt).toBe(216);
  });

  it('narrows the band as the period ends', () => {
    const period = { end: 100, pieces: [{ start: 0, end: 100, hour: 0 }], budget: 100n };
    // ratio 1.2 both times: at 25 the band is 0.05 + 0.45 × 0.75 = 0.3875, at 75 it is 0.1625
    expect(run({ ...period, at: 25, spent: 30n })).toMatchObject({ paceRatio: 1.2, band: 0.3875, status: 'ON_TRACK' });
    expect(run({ ...period, at: 75, spent: 90n })).toMatchObject({ paceRatio: 1.2, band: 0.1625, status: 'OVER' });
    expect(run({ ...period, at: 75, spent: 60n })).toMatchObject({ paceRatio: 0.8, status: 'UNDER' });
  });

  it('compares with the band exactly: 1 + band itself is still ON_TRACK', () => {
    // at 50 of 100: band 0.275; ratio = spent·100/(50·2000): 1275 → 1.275 exactly, 1276 → 1.276
    const period = { end: 100, at: 50, pieces: [{ start: 0, end: 100, hour: 0 }], budget: 2000n };
    expect(run({ ...period, spent: 1275n }).status).toBe('ON_TRACK');
    expect(run({ ...period, spent: 1276n }).status).toBe('OVER');
    expect(run({ ...period, spent: 725n }).status).toBe('ON_TRACK'); // 0.725 = 1 − 0.275
    expect(run({ ...period, spent: 724n }).status).toBe('UNDER');
  });

  it('E = 0: nothing could have been spent yet, so no ratio', () => {
    // opens at 09:00; at 08:00 a spend already happened (a late report, a correction)
    const open = day.filter((p) => p.hour >= 9);
    const p = run({ at: 8 * H, spent: 500n, budget: 1000n, pieces: open });
    expect(p).toMatchObject({ elapsedShare: 0, projected: 500n, paceRatio: null, status: null, runsOutAt: null, band: 0.5 });
  });

  it('no open time at all: the whole period counts as elapsed', () => {
    const p = run({ at: 8 * H, spent: 0n, budget: 1000n, pieces: [] });
    expect(p).toMatchObject({ elapsedShare: 1, band: 0.05, projected: 0n, paceRatio: null, status: null });
  });

  it('a used-up budget (spent ≥ budget, or 0) is OVER, with no run-out', () => {
    // the engine closes the rest of the period (every campaign is paused): R = 0, projected = spent,
    // ratio = spent / budget = 1
    expect(run({ at: 12 * H, spent: 1000n, budget: 1000n, pieces: closeBetween(day, 12 * H, 24 * H) })).toMatchObject({
      elapsedShare: 1,
      projected: 1000n,
      paceRatio: 1,
      status: 'OVER',
      budgetUsedUp: true,
      runsOutAt: null,
    });
    // given open time after it, the arithmetic alone still projects (12 h of 24: twice the budget)
    expect(run({ at: 12 * H, spent: 1000n, budget: 1000n })).toMatchObject({ projected: 2000n, paceRatio: 2, status: 'OVER' });
    expect(run({ at: 12 * H, spent: 0n, budget: 0n })).toMatchObject({ paceRatio: null, status: 'OVER', budgetUsedUp: true });
    expect(run({ at: 12 * H, spent: 700n, budget: null })).toMatchObject({ projected: 1400n, paceRatio: null, status: null });
  });
});

describe('run-out, for any pieces and curve', () => {
  // pieces in order with gaps, random hours and weights, a random instant and spend
  const caseArb = fc
    .record({
      gapsAndLengths: fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 200 }), fc.nat(23)), {
        minLength: 1,
        maxLength: 12,
      }),
      weights: fc.array(fc.bigInt({ min: 1n, max: 1000n }), { minLength: 24, maxLength: 24 }),
      atPermille: fc.integer({ min: 0, max: 1000 }),
      spent: fc.bigInt({ min: 1n, max: 100_000n }),
      overPercent: fc.bigInt({ min: 0n, max: 300n }),
    })
    .map(({ gapsAndLengths, weights, atPermille, spent, overPercent }) => {
      const pieces: Piece[] = [];
      let t = 0;
      for (const [gap, length, hour] of gapsAndLengths) {
        pieces.push({ start: t + gap, end: t + gap + length, hour });
        t += gap + length;
      }
      return {
        pieces,
        end: t,
        at: Math.floor((atPermille * t) / 1000),
        curve: { method: 'CURVE' as const, weights },
        spent,
        budget: spent + 1n + (spent * overPercent) / 100n,
      };
    });

  it('is the first millisecond at which spent + spent × W(at, t) / E reaches the budget', () => {
    let found = 0;
    fc.assert(
      fc.property(caseArb, ({ pieces, end, at, curve, spent, budget }) => {
        const p = periodPacing({ start: 0, end, at, pieces, curve, spent, budget, currency: 'KWD' });
        const E = p.elapsedWeight;
        const target = (budget - spent) * E;
        const reach = (t: number) => spent * weightBetween(pieces, curve.weights, at, t);
        if (E === 0n || spent * (E + p.remainingWeight) <= budget * E) {
          expect(p.runsOutAt).toBeNull();
          return;
        }
        const t = p.runsOutAt!;
        found++;
        expect(t).toBeGreaterThan(at - 1);
        expect(t).toBeLessThanOrEqual(end);
        expect(reach(t) <= target).toBe(true);
        expect(reach(t) === target || reach(t + 1) > target).toBe(true);
      }),
      { numRuns: 500 },
    );
    expect(found).toBeGreaterThan(100); // the cases do run out
  });
});
