// A bulk act's line (web/src/brand/bulk.ts): only the campaigns it changed are counted as paused,
// resumed or archived; those it left as they were are named apart, and so is one a rule keeps paused.
import { describe, expect, it } from 'vitest';
import { said } from '../../web/src/brand/bulk.ts';

const change = (fromStatus: 'ACTIVE' | 'PAUSED', toStatus: 'ACTIVE' | 'PAUSED', toReason: 'MANUAL' | 'DAILY_BUDGET' | null = null) => ({
  campaignId: 'x',
  fromStatus,
  toStatus,
  toReason,
});
const ids = (k: number) => Array.from({ length: k }, (_, i) => ({ id: `c${i}` }));

describe('a bulk act in words', () => {
  it('pause: those paused before are not counted as paused; one a rule paused is held by hand', () => {
    const o = {
      changed: ids(3),
      unchanged: ids(2),
      statusChanges: [change('ACTIVE', 'PAUSED', 'MANUAL'), change('ACTIVE', 'PAUSED', 'MANUAL'), change('PAUSED', 'PAUSED', 'MANUAL')],
    };
    expect(said('pause', o)).toBe('2 campaigns paused; 1 campaign paused by a rule now held by hand; 2 were paused already.');
    expect(said('pause', { changed: [], unchanged: ids(1), statusChanges: [] })).toBe('0 campaigns paused; 1 was paused already.');
  });

  it('resume: one its budget keeps paused says so; archive: those archived already apart', () => {
    const o = {
      changed: ids(2),
      unchanged: ids(1),
      statusChanges: [change('PAUSED', 'ACTIVE'), change('PAUSED', 'PAUSED', 'DAILY_BUDGET')],
    };
    expect(said('resume', o)).toBe('1 campaign resumed; 1 still paused (daily budget); 1 was not paused by hand.');
    expect(said('archive', { changed: ids(1), unchanged: ids(2), statusChanges: [] })).toBe(
      '1 campaign archived; 2 were archived already.',
    );
  });
});
