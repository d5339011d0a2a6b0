// "What changes next" on a brand's page (web/src/brand/upcoming.ts): the service's
// Campaign.nextChange per campaign, soonest first, worded on the brand's wall clock. The instants
// themselves (brand-local midnights, window edges, overnight windows, DST) are the engine's, tested
// with Campaign.nextChange in test/reads/outlook.test.ts.
import { describe as group, expect, it } from 'vitest';
import { clock, describe, upcoming } from '../../web/src/brand/upcoming.ts';

// Thursday 2026-11-26, 13:00 in Paris
const NOW = Date.parse('2026-11-26T12:00:00Z');
const PARIS = 'Europe/Paris';

group('upcoming', () => {
  it('the campaigns that change, soonest first, then by name; none for those that do not', () => {
    const list = upcoming([
      { name: 'Manual', status: 'PAUSED', nextChange: null },
      {
        name: 'Later',
        status: 'ACTIVE',
        nextChange: { at: '2026-11-27T01:00:00Z', reason: 'WINDOW_CLOSES', toStatus: 'PAUSED', toReason: 'DAYPARTING' },
      },
      { name: 'B', status: 'PAUSED', nextChange: { at: '2026-11-26T23:00:00Z', reason: 'NEW_DAY', toStatus: 'ACTIVE' } },
      { name: 'A', status: 'PAUSED', nextChange: { at: '2026-11-26T23:00:00Z', reason: 'NEW_DAY', toStatus: 'ACTIVE' } },
    ]);
    expect(list.map((u) => u.campaignName)).toEqual(['A', 'B', 'Later']);
  });
});

group('describe', () => {
  const say = (status: 'ACTIVE' | 'PAUSED', nextChange: Parameters<typeof upcoming>[0][number]['nextChange'], tz = PARIS) =>
    describe(upcoming([{ name: 'Search', status, nextChange }])[0]!, tz, NOW);

  it('a pause when a window closes, on the brand’s clock: the tail of last night’s window ends at 02:00', () => {
    expect(say('ACTIVE', { at: '2026-11-27T01:00:00Z', reason: 'WINDOW_CLOSES', toStatus: 'PAUSED', toReason: 'DAYPARTING' })).toBe(
      'pauses for dayparting at Fri 02:00 Europe/Paris (its window closes)',
    );
  });
  it('a resume at the brand’s next midnight, and when a window opens', () => {
    expect(say('PAUSED', { at: '2026-11-26T23:00:00Z', reason: 'NEW_DAY', toStatus: 'ACTIVE' })).toBe(
      'resumes at Fri 00:00 Europe/Paris (a new day)',
    );
    expect(say('PAUSED', { at: '2026-11-27T05:00:00Z', reason: 'NEW_DAY', toStatus: 'ACTIVE' }, 'America/New_York')).toBe(
      'resumes at Fri 00:00 America/New_York (a new day)',
    );
    expect(say('PAUSED', { at: '2026-11-26T21:00:00Z', reason: 'WINDOW_OPENS', toStatus: 'ACTIVE' })).toBe(
      'resumes at Thu 22:00 Europe/Paris (a window opens)',
    );
  });
  it('a paused campaign that stays paused for another rule', () => {
    expect(say('PAUSED', { at: '2026-11-26T23:00:00Z', reason: 'NEW_DAY', toStatus: 'PAUSED', toReason: 'DAYPARTING' })).toBe(
      'stays paused, now for dayparting at Fri 00:00 Europe/Paris (a new day)',
    );
  });
  it('a change already due says so, without a time', () => {
    expect(say('ACTIVE', { at: new Date(NOW).toISOString(), reason: 'PENDING', toStatus: 'PAUSED', toReason: 'DAILY_BUDGET' })).toBe(
      'pauses for daily budget now (due now: the next scheduled run applies it)',
    );
  });
  it('six days ahead or more (a month start) has its date, where a weekday alone could mean two days', () => {
    expect(say('PAUSED', { at: '2026-11-30T23:00:00Z', reason: 'NEW_MONTH', toStatus: 'ACTIVE' })).toBe(
      'resumes at Tue 00:00 Europe/Paris (a new month)',
    );
    expect(clock('2026-12-02T23:00:00Z', PARIS, NOW)).toBe('Thu 3 Dec, 00:00');
  });
  it('a zone the browser does not know (a row stored before such zones were refused) is shown as UTC, never an exception', () => {
    for (const tz of ['posixrules', 'localtime', 'posix/Europe/Paris', 'Not/AZone'])
      expect(say('PAUSED', { at: '2026-11-26T23:00:00Z', reason: 'NEW_DAY', toStatus: 'ACTIVE' }, tz)).toMatch(
        'resumes at Thu 23:00 UTC (a new day)',
      );
  });
});
