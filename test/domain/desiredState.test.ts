// The precedence has one source, the order of the pause_reason enum: the reference follows it. An
// override lifts the rules it names, never MANUAL, from its creation until its end or cancellation.
import { describe, expect, it } from 'vitest';
import { desiredReason, PRECEDENCE, ruleFacts, rulesThatHold, type CampaignFacts } from '../../src/domain/desiredState.ts';
import { inForce, LIFTABLE, liftedFor, parseLifts, type OverrideFacts } from '../../src/domain/overrides.ts';
import { admits, TASKS } from '../../src/domain/tasks.ts';

const everyRuleHolds: CampaignFacts = {
  manual: true,
  dailyBudget: 0n,
  monthlyBudget: 0n,
  dailySpend: 0n,
  monthlySpend: 0n,
  windows: [{ dayOfWeek: 'MONDAY', start: 60, end: 120 }],
  clock: { date: '2026-11-25', isoDow: 3, secondOfDay: 0 },
  lifted: [],
};

describe('desired state', () => {
  it('the strongest rule that holds wins, in the enum order MANUAL, MONTHLY_BUDGET, DAILY_BUDGET, DAYPARTING', () => {
    expect(PRECEDENCE).toEqual(['MANUAL', 'MONTHLY_BUDGET', 'DAILY_BUDGET', 'DAYPARTING']);
    const lifted: (keyof CampaignFacts)[] = ['manual', 'monthlyBudget', 'dailyBudget', 'windows'];
    const off = { manual: false, monthlyBudget: null, dailyBudget: null, windows: [] };
    let facts = { ...everyRuleHolds };
    const winners = lifted.map((field) => {
      const winner = desiredReason(facts);
      facts = { ...facts, [field]: off[field as keyof typeof off] };
      return winner;
    });
    expect([...winners, desiredReason(facts)]).toEqual([...PRECEDENCE, null]);
  });

  it('every task of the table admits what its scope says, and ALL admits any difference', () => {
    const table = Object.fromEntries(
      TASKS.map((t) => [
        t.id,
        [null, ...PRECEDENCE].flatMap((from) =>
          [null, ...PRECEDENCE].filter((to) => to !== from && admits(t.id, from, to)).map((to) => `${from}>${to}`),
        ),
      ]),
    );
    expect(table.ENFORCE_BUDGETS!.every((d) => /MONTHLY_BUDGET$|DAILY_BUDGET$/.test(d))).toBe(true);
    expect(table.RESET_DAILY!.every((d) => d.startsWith('DAILY_BUDGET>'))).toBe(true);
    expect(table.RESET_MONTHLY!.every((d) => d.startsWith('MONTHLY_BUDGET>'))).toBe(true);
    expect(table.ENFORCE_DAYPARTING!.every((d) => d.includes('DAYPARTING'))).toBe(true);
    expect(table.ALL).toHaveLength(20); // 5 states, every ordered pair of different ones
  });
});

describe('overrides', () => {
  it('lift the rules they name, never MANUAL: what they lift is listed apart, the next rule wins', () => {
    const facts = ruleFacts({ ...everyRuleHolds, lifted: ['DAILY_BUDGET', 'MONTHLY_BUDGET'] });
    expect(rulesThatHold(facts)).toEqual({ reasons: ['MANUAL', 'DAYPARTING'], lifted: ['MONTHLY_BUDGET', 'DAILY_BUDGET'] });
    expect(desiredReason({ ...everyRuleHolds, manual: false, lifted: ['DAILY_BUDGET', 'MONTHLY_BUDGET'] })).toBe('DAYPARTING');
    expect(desiredReason({ ...everyRuleHolds, manual: false, lifted: LIFTABLE })).toBeNull();
    expect(desiredReason({ ...everyRuleHolds, lifted: ['MANUAL', ...LIFTABLE] })).toBe('MANUAL');
  });

  it('are in force from their creation until their end or their cancellation, for their campaign or the whole brand', () => {
    const o: OverrideFacts = { campaignId: 'a', lifts: ['DAILY_BUDGET'], createdAt: 100, until: 200, cancelledAt: null };
    expect([99, 100, 199, 200].map((t) => inForce(o, t))).toEqual([false, true, true, false]);
    expect([149, 150].map((t) => inForce({ ...o, cancelledAt: 150 }, t))).toEqual([true, false]);
    const brandWide: OverrideFacts = { ...o, campaignId: null, lifts: ['DAYPARTING'], until: 300 };
    expect(liftedFor([o, brandWide], 'a', 150)).toEqual(['DAILY_BUDGET', 'DAYPARTING']);
    expect(liftedFor([o, brandWide], 'b', 150)).toEqual(['DAYPARTING']);
    expect(liftedFor([o, brandWide], 'a', 250)).toEqual(['DAYPARTING']);
  });

  it('lifts: any of the three, in precedence order; MANUAL, nothing or an unknown rule is refused at its field', () => {
    expect(parseLifts(['DAYPARTING', 'DAILY_BUDGET', 'DAYPARTING'])).toEqual(['DAILY_BUDGET', 'DAYPARTING']);
    expect(() => parseLifts([])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', field: 'lifts' }));
    expect(() => parseLifts(['DAILY_BUDGET', 'MANUAL'])).toThrow(
      expect.objectContaining({ field: 'lifts[1]', message: expect.stringMatching(/never lifts MANUAL/) }),
    );
    expect(() => parseLifts(['WEEKLY'])).toThrow(expect.objectContaining({ field: 'lifts[0]' }));
  });
});
