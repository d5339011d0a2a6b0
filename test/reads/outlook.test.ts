// Campaign.pauseReasons (every rule that holds) and Campaign.nextChange (the change time alone
// will make), at chosen instants, on a Paris brand (UTC+1 in November): the instants are written
// out, and each next change is checked against previewEnforcement, the same engine, just before
// and at it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db/index.ts';
import { SYSTEM } from '../../src/domain/scope.ts';
import { pauseCampaign } from '../../src/engine/campaigns.ts';
import { startOverride } from '../../src/engine/overrides.ts';
import { previewEnforcement } from '../../src/engine/enforcement.ts';
import { nextChanges, pauseRules } from '../../src/reads/outlook.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import * as make from '../helpers/make.ts';

let t: TestDb;
beforeAll(async () => void (t = await freshDatabase()));
afterAll(() => t.drop());

// Tuesday 2026-11-10, 11:00 in Paris
const AT = new Date('2026-11-10T10:00:00Z');
const PARIS = 'Europe/Paris';

async function next(brandId: string, campaignId: string, at = AT) {
  const change = (await nextChanges(db(), [campaignId], at)).get(campaignId);
  return change && { at: change.at.toISOString(), reason: change.reason, to: `${change.toStatus}/${change.toReason}` };
}

/** previewEnforcement(ALL) changes this campaign at `at`, and not 1 ms before */
async function previewAgrees(campaignId: string, at: Date) {
  const changed = async (when: Date) =>
    (await db().$transaction((tx) => previewEnforcement(tx, 'ALL', when, SYSTEM))).changes.some((c) => c.campaignId === campaignId);
  expect(await changed(new Date(at.getTime() - 1))).toBe(false);
  expect(await changed(at)).toBe(true);
}

describe('pauseReasons and nextChange', () => {
  it('a daily budget used up: every rule listed, and the change at the brand-local midnight', async () => {
    const b = await make.brand({ timezone: PARIS, dailyBudget: '10.00' }, AT);
    const inside = await make.campaign(b.id, {}, AT);
    await make.windows(inside.id, [{ dayOfWeek: 'TUESDAY', startTime: '09:00', endTime: '12:00' }], AT);
    const manual = await make.campaign(b.id, {}, AT);
    await db().$transaction((tx) => pauseCampaign(tx, manual.id, SYSTEM, AT));
    await make.spend(inside.id, '10.00', AT);

    const rules = await pauseRules(db(), [inside.id, manual.id], AT);
    expect(rules.get(inside.id)?.reasons).toEqual(['DAILY_BUDGET']);
    expect(rules.get(manual.id)?.reasons).toEqual(['MANUAL', 'DAILY_BUDGET']);
    // at 13:00 Paris the window has closed too
    expect((await pauseRules(db(), [inside.id], new Date('2026-11-10T12:00:00Z'))).get(inside.id)?.reasons).toEqual([
      'DAILY_BUDGET',
      'DAYPARTING',
    ]);

    // Wednesday 00:00 Paris = 23:00 UTC: the daily pause ends, and its only window is on Tuesdays
    expect(await next(b.id, inside.id)).toEqual({ at: '2026-11-10T23:00:00.000Z', reason: 'NEW_DAY', to: 'PAUSED/DAYPARTING' });
    await previewAgrees(inside.id, new Date('2026-11-10T23:00:00Z'));
    expect(await next(b.id, manual.id)).toBeUndefined(); // only an operator ends MANUAL
  });

  it('windows: the one open closes, the overnight one opens on its day', async () => {
    const b = await make.brand({ timezone: PARIS }, AT);
    const open = await make.campaign(b.id, {}, AT);
    await make.windows(open.id, [{ dayOfWeek: 'TUESDAY', startTime: '09:00', endTime: '12:00' }], AT);
    const overnight = await make.campaign(b.id, {}, AT);
    await make.windows(overnight.id, [{ dayOfWeek: 'WEDNESDAY', startTime: '22:00', endTime: '02:00' }], AT);
    expect((await pauseRules(db(), [open.id, overnight.id], AT)).get(overnight.id)?.reasons).toEqual(['DAYPARTING']);

    expect(await next(b.id, open.id)).toEqual({ at: '2026-11-10T11:00:00.000Z', reason: 'WINDOW_CLOSES', to: 'PAUSED/DAYPARTING' });
    await previewAgrees(open.id, new Date('2026-11-10T11:00:00Z'));
    expect(await next(b.id, overnight.id)).toEqual({ at: '2026-11-11T21:00:00.000Z', reason: 'WINDOW_OPENS', to: 'ACTIVE/null' });
    await previewAgrees(overnight.id, new Date('2026-11-11T21:00:00Z'));
    // once open (Wednesday 23:00 Paris), it closes on Thursday at 02:00
    await db().$transaction((tx) => previewEnforcement(tx, 'ALL', AT, SYSTEM));
    const later = new Date('2026-11-11T22:00:00Z');
    await make.windows(overnight.id, [{ dayOfWeek: 'WEDNESDAY', startTime: '22:00', endTime: '02:00' }], later);
    expect(await next(b.id, overnight.id, later)).toEqual({
      at: '2026-11-12T01:00:00.000Z',
      reason: 'WINDOW_CLOSES',
      to: 'PAUSED/DAYPARTING',
    });
  });

  it('a monthly budget used up changes at the month start, however far; a state the jobs have not applied yet is PENDING', async () => {
    const b = await make.brand({ timezone: PARIS, monthlyBudget: '5.00' }, AT);
    const c = await make.campaign(b.id, {}, AT);
    await make.spend(c.id, '5.00', AT);
    expect(await next(b.id, c.id)).toEqual({ at: '2026-11-30T23:00:00.000Z', reason: 'NEW_MONTH', to: 'ACTIVE/null' });

    const other = await make.brand({ dailyBudget: '1.00' }, AT);
    const o = await make.campaign(other.id, {}, AT);
    // a spend typed into the database by hand: the totals move, the state waits for enforce_budgets
    await t.sql(
      `insert into spends (brand_id, campaign_id, amount, occurred_at, spend_date) values ($1, $2, 2000, $3::timestamptz, ($3::timestamptz at time zone 'UTC')::date)`,
      [other.id, o.id, AT],
    );
    expect(await next(other.id, o.id)).toEqual({ at: AT.toISOString(), reason: 'PENDING', to: 'PAUSED/DAILY_BUDGET' });
  });

  it('across DST changes: a wall time the clocks pass twice opens at its first instant; one they skip, where the clocks jump', async () => {
    const fall = new Date('2026-11-01T04:00:00Z'); // Sunday 00:00 EDT; at 06:00Z clocks go back from 02:00 to 01:00
    const b = await make.brand({ timezone: 'America/New_York' }, fall);
    const twice = await make.campaign(b.id, {}, fall);
    await make.windows(twice.id, [{ dayOfWeek: 'SUNDAY', startTime: '01:30', endTime: '03:00' }], fall);
    // 01:30 EDT (05:30Z) comes first, then 01:30 EST (06:30Z)
    expect(await next(b.id, twice.id, fall)).toEqual({ at: '2026-11-01T05:30:00.000Z', reason: 'WINDOW_OPENS', to: 'ACTIVE/null' });
    await previewAgrees(twice.id, new Date('2026-11-01T05:30:00Z'));

    const spring = new Date('2026-03-08T05:00:00Z'); // Sunday 00:00 EST; at 07:00Z clocks jump from 02:00 to 03:00
    const c = await make.brand({ timezone: 'America/New_York' }, spring);
    const skipped = await make.campaign(c.id, {}, spring);
    await make.windows(skipped.id, [{ dayOfWeek: 'SUNDAY', startTime: '02:30', endTime: '04:00' }], spring);
    // 02:30 never shows: the window covers from 03:00 EDT, the instant of the jump
    expect(await next(c.id, skipped.id, spring)).toEqual({ at: '2026-03-08T07:00:00.000Z', reason: 'WINDOW_OPENS', to: 'ACTIVE/null' });
    await previewAgrees(skipped.id, new Date('2026-03-08T07:00:00Z'));
  });

  it('an override: the lifted rule is listed apart, and its end is the next change, however far; one that ends into nothing is none', async () => {
    const override = (input: { brandId?: string; campaignId?: string; lifts: string[]; until: string }) =>
      db().$transaction((tx) => startOverride(tx, { ...input, until: new Date(input.until), reason: 'launch' }, SYSTEM, AT));
    const b = await make.brand({ timezone: PARIS, dailyBudget: '10.00', monthlyBudget: '100.00' }, AT);
    const [daily, windowed] = await make.campaigns(b.id, 2, AT);
    await make.windows(windowed!.id, [{ dayOfWeek: 'TUESDAY', startTime: '09:00', endTime: '12:00' }], AT);
    await make.spend(daily!.id, '10.00', AT);
    await override({ brandId: b.id, lifts: ['DAILY_BUDGET'], until: '2026-11-10T14:00:00Z' });
    const rules = await pauseRules(db(), [daily!.id, windowed!.id], AT);
    expect(rules.get(daily!.id)).toEqual({ reasons: [], lifted: ['DAILY_BUDGET'] });
    // 15:00 Paris: the override ends, the budget applies again
    expect(await next(b.id, daily!.id)).toEqual({ at: '2026-11-10T14:00:00.000Z', reason: 'OVERRIDE_ENDS', to: 'PAUSED/DAILY_BUDGET' });
    await previewAgrees(daily!.id, new Date('2026-11-10T14:00:00Z'));
    // its window closes first, at 12:00 Paris, and the override does not lift DAYPARTING
    expect(await next(b.id, windowed!.id)).toEqual({ at: '2026-11-10T11:00:00.000Z', reason: 'WINDOW_CLOSES', to: 'PAUSED/DAYPARTING' });

    // the monthly budget, lifted for 15 days (beyond the 8 the windows and days are looked at)
    const m = await make.brand({ timezone: PARIS, monthlyBudget: '5.00' }, AT);
    const c = await make.campaign(m.id, {}, AT);
    await make.spend(c.id, '5.00', AT);
    await override({ campaignId: c.id, lifts: ['MONTHLY_BUDGET'], until: '2026-11-25T11:00:00Z' });
    expect(await next(m.id, c.id)).toEqual({ at: '2026-11-25T11:00:00.000Z', reason: 'OVERRIDE_ENDS', to: 'PAUSED/MONTHLY_BUDGET' });
    // until the month's end: the new month has room, nothing changes then
    const e = await make.brand({ timezone: PARIS, monthlyBudget: '5.00' }, AT);
    const d = await make.campaign(e.id, {}, AT);
    await make.spend(d.id, '5.00', AT);
    await override({ brandId: e.id, lifts: ['MONTHLY_BUDGET'], until: '2026-11-30T23:00:00Z' });
    expect(await next(e.id, d.id)).toBeUndefined();
  });
});
