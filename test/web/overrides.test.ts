// Overrides as the dashboard words them (web/src/overrides.ts), and the until time typed on the
// brand's clock turned into an instant (web/src/zone.ts), across DST changes too.
import { describe, expect, it } from 'vitest';
import { liftsOf, runningOn, terms } from '../../web/src/overrides.ts';
import { wallToInstant } from '../../web/src/zone.ts';

const NOW = Date.parse('2026-12-02T11:00:00Z'); // Wednesday 12:00 in Paris
const launch = { until: '2026-12-02T17:00:00Z', reason: 'launch day', createdBy: 'alice', lifts: ['DAILY_BUDGET' as const] };

describe('overrides as people say them', () => {
  it('"until 18:00 Europe/Paris — launch day, by alice", with the day when it is not today on the brand’s clock', () => {
    expect(terms(launch, 'Europe/Paris', NOW)).toBe('until 18:00 Europe/Paris — launch day, by alice');
    expect(terms({ ...launch, until: '2026-12-03T17:00:00Z' }, 'Europe/Paris', NOW)).toBe(
      'until Thu 3 Dec, 18:00 Europe/Paris — launch day, by alice',
    );
    // 23:30 UTC is already tomorrow in Paris
    expect(terms({ ...launch, until: '2026-12-02T23:30:00Z' }, 'Europe/Paris', NOW)).toMatch(/^until Thu 3 Dec, 00:30 /);
    expect(terms(launch, 'Not/AZone', NOW)).toBe('until 17:00 UTC — launch day, by alice');
  });

  it('what it lifts, and which overrides a campaign runs on (those lifting a rule that holds)', () => {
    expect(liftsOf(['DAILY_BUDGET', 'MONTHLY_BUDGET', 'DAYPARTING'])).toBe('daily budget, monthly budget and dayparting');
    const windows = { ...launch, lifts: ['DAYPARTING' as const] };
    expect(runningOn([launch, windows], ['DAILY_BUDGET'])).toEqual([launch]);
    expect(runningOn([launch, windows], [])).toEqual([]);
  });
});

describe('wallToInstant', () => {
  it('a wall time on the brand’s clock, either side of a DST change', () => {
    expect(wallToInstant('2026-12-02T18:00', 'Europe/Paris')?.toISOString()).toBe('2026-12-02T17:00:00.000Z');
    expect(wallToInstant('2026-07-02T18:00', 'Europe/Paris')?.toISOString()).toBe('2026-07-02T16:00:00.000Z');
    expect(wallToInstant('2026-10-25T04:00', 'Europe/Paris')?.toISOString()).toBe('2026-10-25T03:00:00.000Z');
    expect(wallToInstant('2026-03-29T01:30', 'Europe/Paris')?.toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(wallToInstant('2026-12-02T18:00', 'Asia/Kathmandu')?.toISOString()).toBe('2026-12-02T12:15:00.000Z');
    expect(wallToInstant('2026-12-02', 'Europe/Paris')).toBeNull();
  });
});
