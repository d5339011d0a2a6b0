// The brand page's pacing line (web/src/pacing.ts).
import { describe, expect, it } from 'vitest';
import { paceLine } from '../../web/src/pacing.ts';

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
