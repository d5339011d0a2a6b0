// An audit entry as the dashboard words it (web/src/brand/changes.ts): "daily budget 100.00 →
// 150.00", no limit for a null budget, windows and pause reasons as people say them, a creation's
// fields without arrows, and what the entry is about by the campaign's name.
import { describe, expect, it } from 'vitest';
import { changeLines, label, subject } from '../../web/src/brand/changes.ts';

const names: Record<string, string> = { c1: 'Search' };
const nameOf = (id: string) => names[id];
const entry = (targetType: string, before: unknown, after: unknown, targetId = 'x') => ({
  targetType,
  targetId,
  before: before === null ? null : JSON.stringify(before),
  after: after === null ? null : JSON.stringify(after),
});

describe('audit entries in words', () => {
  it('a brand update: each changed field, before → after; a budget set to none is "no limit"', () => {
    const e = entry(
      'Brand',
      { name: 'Acme', dailyBudget: '100.00', monthlyBudget: '2000.00', timezone: 'UTC', alertThresholds: [80, 95] },
      { name: 'Acme', dailyBudget: '150.00', monthlyBudget: null, timezone: 'Europe/Paris', alertThresholds: [50] },
    );
    expect(changeLines(e, nameOf)).toEqual([
      'daily budget 100.00 → 150.00',
      'monthly budget 2000.00 → no limit',
      'timezone UTC → Europe/Paris',
      'alert thresholds 80, 95 → 50',
    ]);
    expect(subject(e, nameOf)).toBe('the brand');
  });

  it('a pause: status and reason as people say them, about the campaign by name', () => {
    const e = entry('Campaign', { status: 'ACTIVE', pauseReason: null }, { status: 'PAUSED', pauseReason: 'DAILY_BUDGET' }, 'c1');
    expect(changeLines(e, nameOf)).toEqual(['status active → paused', 'pause reason — → daily budget']);
    expect(subject(e, nameOf)).toBe('Search');
  });

  it('windows: one window’s fields, a campaign’s whole set, and a creation without arrows or blanks', () => {
    const created = entry('Schedule', null, {
      campaignId: 'c1',
      dayOfWeek: 'MONDAY',
      startTime: '09:00',
      endTime: '18:00',
      isActive: false,
    });
    expect(changeLines(created, nameOf)).toEqual(['campaign Search', 'day monday', 'from 09:00', 'to 18:00', 'active no']);
    const brand = entry('Brand', null, { name: 'Acme', dailyBudget: null, alertThresholds: [], archived: false });
    expect(changeLines(brand, nameOf)).toEqual(['name Acme']);
    expect(subject(created, nameOf)).toBe('a window of Search');
    const set = entry(
      'Campaign',
      { windows: [] },
      { windows: [{ dayOfWeek: 'FRIDAY', startTime: '22:00', endTime: '02:00', isActive: true }] },
      'c1',
    );
    expect(changeLines(set, nameOf)).toEqual(['windows none → friday 22:00–02:00']);
  });

  it('labels: camelCase as words, a few by name', () => {
    expect(label('dailyBudget')).toBe('daily budget');
    expect(label('externalCampaignId')).toBe('external id');
    expect(label('revoked')).toBe('revoked');
  });
});
