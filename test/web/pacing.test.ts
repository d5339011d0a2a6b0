// The brand page's pacing line and the overview's pace in short (web/src/pacing.ts).
import { describe, expect, it } from 'vitest';
import { paceLine, paceShort } from '../../web/src/pacing.ts';

const hour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' });

describe('paceLine', () => {
  it('ratio, projection against the budget, status and the run-out on the brand’s clock', () => {
    const line = paceLine(
      {
        budget: '100.00',
        projected: '112.40',
        paceRatio: 1.124,
        status: 'OVER',
        budgetUsedUp: false,
        runsOutAt: '2026-11-26T14:42:00.000Z',
      },
      'Europe/Paris',
      hour,
    );
    expect(line).toBe('Pace 1.12 · projected 112.40 of 100.00 · OVER · at this rate: 15:42 Europe/Paris');
  });

  it('without a budget, only the projection; a used-up budget says so', () => {
    expect(paceLine({ budget: null, projected: '12.00', budgetUsedUp: false }, 'UTC', hour)).toBe('projected 12.00');
    expect(
      paceLine({ budget: '5.00', projected: '10.00', paceRatio: 2, status: 'OVER', budgetUsedUp: true, runsOutAt: null }, 'UTC', hour),
    ).toBe('Pace 2.00 · projected 10.00 of 5.00 · OVER · budget used up');
  });
});

describe('paceShort', () => {
  const pace = { budget: '100.00', projected: '50.00', paceRatio: 0.5, status: 'UNDER' as const, budgetUsedUp: false, runsOutAt: null };
  it('says what the pacing line says, in a word or two', () => {
    expect(paceShort({ ...pace, projected: '240.00', paceRatio: 2.4, status: 'OVER', runsOutAt: '2026-11-26T14:42:00.000Z' }, hour)).toBe(
      'runs out ~15:42',
    );
    // at 30 % used and ON_TRACK it may still run out (1.04): what the bar's colour follows is runsOutAt
    expect(
      paceShort({ ...pace, projected: '104.00', paceRatio: 1.04, status: 'ON_TRACK', runsOutAt: '2026-11-26T22:30:00.000Z' }, hour),
    ).toBe('runs out ~23:30');
    expect(paceShort({ ...pace, status: 'ON_TRACK', paceRatio: 0.98, projected: '98.00' }, hour)).toBe('on pace');
    expect(paceShort(pace, hour)).toBe('under pace');
    expect(paceShort({ ...pace, budgetUsedUp: true, status: 'OVER' }, hour)).toBe('used up');
    expect(paceShort({ ...pace, budget: null }, hour)).toBeNull();
  });
});
