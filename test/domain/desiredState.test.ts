// The precedence has one source, the order of the pause_reason enum: the reference follows it.
import { describe, expect, it } from 'vitest';
import { desiredReason, PRECEDENCE, type CampaignFacts } from '../../src/domain/desiredState.ts';
import { admits, TASKS } from '../../src/domain/tasks.ts';

const everyRuleHolds: CampaignFacts = {
  manual: true,
  dailyBudget: 0n,
  monthlyBudget: 0n,
  dailySpend: 0n,
  monthlySpend: 0n,
  windows: [{ dayOfWeek: 'MONDAY', start: 60, end: 120 }],
  clock: { date: '2026-11-25', isoDow: 3, secondOfDay: 0 },
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
