// Money, periods, budget reached, idempotent ingestion: the spend path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db/index.ts';
import { recordSpend, recordSpends } from '../../src/engine/ledger.ts';
import type { Scope } from '../../src/domain/scope.ts';

const T: Scope = { actor: 't', role: 'admin', brandIds: null };
import { updateBrand } from '../../src/engine/brands.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import * as make from '../helpers/make.ts';

let t: TestDb;
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(() => t.drop());

const AT = new Date('2026-06-15T12:00:00Z');

/** stored totals, in thousandths of a major unit (src/domain/money.ts) */
async function totals(brandId: string) {
  return t.sql<{ spend_date: string; amount: string; count: number }>(
    `select spend_date::text, amount::text, count from brand_daily_spends where brand_id = $1 order by spend_date`,
    [brandId],
  );
}

describe('budget reached (spend ≥ budget)', () => {
  it('the spend that reaches the daily budget exactly pauses every campaign of the brand, in the same transaction', async () => {
    const b = await make.brand({ dailyBudget: '100.00' }, AT);
    const [a] = await make.campaigns(b.id, 3, AT);
    const result = await make.spend(a!.id, '100.00', AT);
    expect(result.statusChanges).toHaveLength(3);
    expect(await make.statuses(b.id)).toEqual(['PAUSED/DAILY_BUDGET', 'PAUSED/DAILY_BUDGET', 'PAUSED/DAILY_BUDGET']);
    const ev = await make.events(a!.id);
    expect(ev.map((e) => [e.trigger, e.fromStatus, e.toStatus, e.toReason])).toEqual([
      ['CREATE', null, 'ACTIVE', null],
      ['SPEND', 'ACTIVE', 'PAUSED', 'DAILY_BUDGET'],
    ]);
  });

  it('one cent below the budget leaves them running', async () => {
    const b = await make.brand({ dailyBudget: '100.00' }, AT);
    const [a] = await make.campaigns(b.id, 2, AT);
    await make.spend(a!.id, '60.00', AT);
    const r = await make.spend(a!.id, '39.99', AT);
    expect(r.statusChanges).toEqual([]);
    expect(await make.statuses(b.id)).toEqual(['ACTIVE', 'ACTIVE']);
  });

  it('a budget of 0 is used up from the start: campaigns are created paused', async () => {
    const b = await make.brand({ dailyBudget: '0' }, AT);
    const c = await make.campaign(b.id, {}, AT);
    expect(c).toMatchObject({ status: 'PAUSED', pauseReason: 'DAILY_BUDGET' });
    expect((await make.events(c.id)).map((e) => [e.trigger, e.fromStatus, e.toReason])).toEqual([['CREATE', null, 'DAILY_BUDGET']]);
  });

  it('monthly comes before daily when both are used up', async () => {
    const b = await make.brand({ dailyBudget: '50.00', monthlyBudget: '50.00' }, AT);
    const [a] = await make.campaigns(b.id, 1, AT);
    await make.spend(a!.id, '50.00', AT);
    expect(await make.statuses(b.id)).toEqual(['PAUSED/MONTHLY_BUDGET']);
  });

  it('a negative correction below the budget resumes the brand', async () => {
    const b = await make.brand({ dailyBudget: '10.00' }, AT);
    const [a] = await make.campaigns(b.id, 1, AT);
    await make.spend(a!.id, '10.00', AT);
    const r = await make.spend(a!.id, '-0.01', AT);
    expect(r.statusChanges.map((c) => [c.fromReason, c.toStatus])).toEqual([['DAILY_BUDGET', 'ACTIVE']]);
  });

  it("archived campaigns' spends count toward the brand; spends for paused campaigns are recorded as usual", async () => {
    const b = await make.brand({ dailyBudget: '10.00' }, AT);
    const [a, c] = await make.campaigns(b.id, 2, AT);
    await db().$transaction((tx) => import('../../src/engine/campaigns.ts').then((m) => m.archiveCampaign(tx, a!.id, T, AT)));
    await make.spend(a!.id, '10.00', AT);
    expect(await make.statuses(b.id)).toEqual(['PAUSED/MANUAL', 'PAUSED/DAILY_BUDGET']);
    expect(c).toBeDefined();
  });
});

describe('periods', () => {
  it('a late spend for a past day counts toward that day and its month, not today', async () => {
    const b = await make.brand({ dailyBudget: '100.00', monthlyBudget: '1000.00' }, AT);
    const [a] = await make.campaigns(b.id, 1, AT);
    await make.spend(a!.id, '150.00', AT, { occurredAt: new Date('2026-06-14T12:00:00Z') });
    expect(await make.statuses(b.id)).toEqual(['ACTIVE']);
    expect(await totals(b.id)).toEqual([{ spend_date: '2026-06-14', amount: '150000', count: 1 }]);
    await make.spend(a!.id, '900.00', AT, { occurredAt: new Date('2026-06-01T00:00:00Z') });
    expect(await make.statuses(b.id)).toEqual(['PAUSED/MONTHLY_BUDGET']);
  });

  it('a spend from last month counts toward last month only', async () => {
    const b = await make.brand({ monthlyBudget: '100.00' }, AT);
    const [a] = await make.campaigns(b.id, 1, AT);
    await make.spend(a!.id, '500.00', AT, { occurredAt: new Date('2026-05-31T23:00:00Z') });
    expect(await make.statuses(b.id)).toEqual(['ACTIVE']);
  });

  it('spendDate is the brand-local date of occurredAt', async () => {
    const b = await make.brand({ timezone: 'America/Los_Angeles' }, AT);
    const [a] = await make.campaigns(b.id, 1, AT);
    const r = await make.spend(a!.id, '1.00', AT, { occurredAt: new Date('2026-06-15T05:00:00Z') }); // 22:00 on the 14th in LA
    const [row] = await t.sql<{ spend_date: string }>(`select spend_date::text from spends where id = $1`, [r.spend!.id]);
    expect(row!.spend_date).toBe('2026-06-14');
  });

  it('on the 23-hour and 25-hour DST days the local date follows the wall clock', async () => {
    const b = await make.brand({ timezone: 'Europe/Paris' }, new Date('2026-10-26T12:00:00Z'));
    const [a] = await make.campaigns(b.id, 1);
    const cases: [string, string][] = [
      ['2026-03-28T22:59:59Z', '2026-03-28'], // 23:59:59 CET
      ['2026-03-28T23:00:00Z', '2026-03-29'], // 00:00 CET, the 23-hour day begins
      ['2026-03-29T21:59:59Z', '2026-03-29'], // 23:59:59 CEST
      ['2026-03-29T22:00:00Z', '2026-03-30'],
      ['2026-10-24T22:00:00Z', '2026-10-25'], // 00:00 CEST, the 25-hour day begins
      ['2026-10-25T22:59:59Z', '2026-10-25'], // 23:59:59 CET, 25 hours later
      ['2026-10-25T23:00:00Z', '2026-10-26'],
    ];
    for (const [instant, date] of cases) {
      const r = await make.spend(a!.id, '1.00', new Date('2026-10-26T12:00:00Z'), { occurredAt: new Date(instant) });
      const [row] = await t.sql<{ spend_date: string }>(`select spend_date::text from spends where id = $1`, [r.spend!.id]);
      expect(row!.spend_date, instant).toBe(date);
    }
  });

  it('a timezone change moves "today", not past spends', async () => {
    const at = new Date('2026-06-15T02:00:00Z'); // the 15th in UTC, still the 14th in New York
    const b = await make.brand({ dailyBudget: '10.00' }, at);
    const [a] = await make.campaigns(b.id, 1, at);
    await make.spend(a!.id, '10.00', at);
    expect(await make.statuses(b.id)).toEqual(['PAUSED/DAILY_BUDGET']);
    const { statusChanges } = await db().$transaction((tx) => updateBrand(tx, b.id, { timezone: 'America/New_York' }, T, at));
    expect(statusChanges.map((c) => [c.toStatus])).toEqual([['ACTIVE']]); // New York's today has no spend
    const [row] = await t.sql<{ spend_date: string }>(`select spend_date::text from spends where brand_id = $1`, [b.id]);
    expect(row!.spend_date).toBe('2026-06-15'); // recorded in UTC, stays there
    const ev = await make.events(a!.id);
    expect(ev.at(-1)).toMatchObject({ trigger: 'BUDGET_CHANGE', fromReason: 'DAILY_BUDGET', toStatus: 'ACTIVE' });
  });

  it('occurredAt more than 5 minutes ahead is refused with FUTURE_SPEND; 4 minutes is fine', async () => {
    const b = await make.brand({}, AT);
    const [a] = await make.campaigns(b.id, 1, AT);
    await expect(make.spend(a!.id, '1.00', AT, { occurredAt: new Date(AT.getTime() + 5 * 60_000 + 1) })).rejects.toMatchObject({
      code: 'FUTURE_SPEND',
      field: 'occurredAt',
    });
    await expect(make.spend(a!.id, '1.00', AT, { occurredAt: new Date(AT.getTime() + 4 * 60_000) })).resolves.toMatchObject({
      duplicate: false,
    });
  });
});

describe('a spend given as a brand-local date only (spendDate)', () => {
  it("occurred at that date's start in the brand's zone and counts toward that date, not today", async () => {
    const b = await make.brand({ dailyBudget: '100.00', monthlyBudget: '1000.00', timezone: 'Europe/Paris' }, AT);
    const [a] = await make.campaigns(b.id, 1, AT);
    const r = await make.spend(a!.id, '150.00', AT, { spendDate: '2026-06-10', occurredAt: null });
    expect(r.spend).toMatchObject({ occurredAt: new Date('2026-06-09T22:00:00Z'), spendDate: new Date('2026-06-10T00:00:00Z') });
    expect(await totals(b.id)).toEqual([{ spend_date: '2026-06-10', amount: '150000', count: 1 }]);
    expect(await make.statuses(b.id)).toEqual(['ACTIVE']);
    // today's date is today's spend: the budget is reached
    await make.spend(a!.id, '100.00', AT, { spendDate: '2026-06-15', occurredAt: null });
    expect(await make.statuses(b.id)).toEqual(['PAUSED/DAILY_BUDGET']);
  });

  it("a date after the brand's today is FUTURE_SPEND: the brand's today, not UTC's", async () => {
    // at 12:00 UTC on the 15th it is already the 16th at UTC+14
    const ahead = await make.brand({ timezone: 'Pacific/Kiritimati' }, AT);
    const utc = await make.brand({}, AT);
    const [x] = await make.campaigns(ahead.id, 1, AT);
    const [y] = await make.campaigns(utc.id, 1, AT);
    await expect(make.spend(x!.id, '1.00', AT, { spendDate: '2026-06-16', occurredAt: null })).resolves.toMatchObject({ duplicate: false });
    await expect(make.spend(y!.id, '1.00', AT, { spendDate: '2026-06-16', occurredAt: null })).rejects.toMatchObject({
      code: 'FUTURE_SPEND',
      field: 'spendDate',
    });
  });

  it.each([
    [{ spendDate: '2026-02-30', occurredAt: null }, 'INVALID_ARGUMENT'],
    [{ spendDate: '1999-12-31', occurredAt: null }, 'INVALID_ARGUMENT'],
    [{ spendDate: '2026-06-01', occurredAt: AT }, 'INVALID_ARGUMENT'],
  ])('%j is refused with %s at spendDate', async (extra, code) => {
    const b = await make.brand({}, AT);
    const [a] = await make.campaigns(b.id, 1, AT);
    await expect(make.spend(a!.id, '1.00', AT, extra)).rejects.toMatchObject({ code, field: 'spendDate' });
  });
});

describe('input (money)', () => {
  it.each([
    ['0', 'INVALID_MONEY'],
    ['0.00', 'INVALID_MONEY'],
    ['1.001', 'INVALID_MONEY'],
    ['1e3', 'INVALID_MONEY'],
    ['10000000000.00', 'INVALID_MONEY'],
  ])('amount %j is refused with %s and nothing is written', async (amount, code) => {
    const b = await make.brand({}, AT);
    const [a] = await make.campaigns(b.id, 1, AT);
    await expect(make.spend(a!.id, amount, AT)).rejects.toMatchObject({ code, field: 'amount' });
    expect(await t.sql(`select 1 from spends where brand_id = $1`, [b.id])).toEqual([]);
  });

  it('unknown and malformed campaigns are NOT_FOUND and INVALID_ID', async () => {
    await expect(make.spend('00000000-0000-4000-8000-000000000000', '1.00')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      field: 'campaignId',
    });
    await expect(make.spend('nope', '1.00')).rejects.toMatchObject({ code: 'INVALID_ID', field: 'campaignId' });
  });

  it('finds the campaign by platform reference, asking for brandId only where the pair is ambiguous', async () => {
    const b1 = await make.brand({}, AT);
    const b2 = await make.brand({}, AT);
    const c1 = await make.campaign(b1.id, { platform: 'meta', externalCampaignId: 'X-1' }, AT);
    await make.campaign(b2.id, { platform: 'meta', externalCampaignId: 'X-1' }, AT);
    const only = await make.campaign(b1.id, { platform: 'google', externalCampaignId: 'G-9' }, AT);
    const one = await db().$transaction((tx) => recordSpend(tx, { platform: 'google', externalCampaignId: 'G-9', amount: '2.00' }, T, AT));
    expect(one.campaignId).toBe(only.id);
    await expect(
      db().$transaction((tx) => recordSpend(tx, { platform: 'meta', externalCampaignId: 'X-1', amount: '2.00' }, T, AT)),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      field: 'brandId',
    });
    const two = await db().$transaction((tx) =>
      recordSpend(tx, { platform: 'meta', externalCampaignId: 'X-1', brandId: b1.id, amount: '2.00' }, T, AT),
    );
    expect(two.campaignId).toBe(c1.id);
  });
});

describe('idempotent ingestion', () => {
  it('a repeated (source, externalId) is counted once and answers the original spend', async () => {
    const b = await make.brand({ dailyBudget: '100.00' }, AT);
    const [a] = await make.campaigns(b.id, 1, AT);
    const first = await make.spend(a!.id, '60.00', AT, { source: 'meta', externalId: 'r-1' });
    const again = await make.spend(a!.id, '60.00', AT, { source: 'meta', externalId: 'r-1' });
    expect(again).toMatchObject({ duplicate: true, spend: { id: first.spend!.id } });
    expect(await totals(b.id)).toEqual([{ spend_date: '2026-06-15', amount: '60000', count: 1 }]);
    // the same externalId from another source is another spend
    await make.spend(a!.id, '10.00', AT, { source: 'google', externalId: 'r-1' });
    expect((await totals(b.id))[0]!.amount).toBe('70000');
  });

  it('the same pair with another amount or campaign is refused with IDEMPOTENCY_CONFLICT', async () => {
    const b = await make.brand({}, AT);
    const [a, c] = await make.campaigns(b.id, 2, AT);
    await make.spend(a!.id, '60.00', AT, { externalId: 'r-2' });
    await expect(make.spend(a!.id, '61.00', AT, { externalId: 'r-2' })).rejects.toMatchObject({
      code: 'IDEMPOTENCY_CONFLICT',
      field: 'externalId',
    });
    await expect(make.spend(c!.id, '60.00', AT, { externalId: 'r-2' })).rejects.toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
  });

  it('recordSpends answers every item, writes the valid ones, and applies enforcement once per brand', async () => {
    const b = await make.brand({ dailyBudget: '10.00' }, AT);
    const [a] = await make.campaigns(b.id, 2, AT);
    const result = await db().$transaction((tx) =>
      recordSpends(
        tx,
        [
          { campaignId: a!.id, amount: '4.00', externalId: 'b-1' },
          { campaignId: a!.id, amount: 'x' },
          { campaignId: a!.id, amount: '4.00', externalId: 'b-1' }, // duplicate of item 0, inside the batch
          { campaignId: a!.id, amount: '5.00', externalId: 'b-1' }, // conflicts with item 0
          { campaignId: a!.id, amount: '6.00' },
          { campaignId: '00000000-0000-4000-8000-000000000000', amount: '1.00' },
        ],
        T,
        AT,
      ),
    );
    expect(result.items.map((i) => [i.index, i.duplicate, i.error?.code ?? null, i.spend !== null])).toEqual([
      [0, false, null, true],
      [1, false, 'INVALID_MONEY', false],
      [2, true, null, true],
      [3, false, 'IDEMPOTENCY_CONFLICT', false],
      [4, false, null, true],
      [5, false, 'NOT_FOUND', false],
    ]);
    expect(result.items[2]!.spend?.id).toBe(result.items[0]!.spend?.id);
    expect(await totals(b.id)).toEqual([{ spend_date: '2026-06-15', amount: '10000', count: 2 }]);
    expect(result.statusChanges).toHaveLength(2); // both campaigns, once each
  });

  it('a written spend is answered as stored, though record_spends answers only what the item did not say', async () => {
    const b = await make.brand({ timezone: 'America/New_York' }, AT);
    const [a] = await make.campaigns(b.id, 1, AT);
    const { items } = await recordSpends(
      db(),
      [
        // a lone surrogate (JSON can carry one) is stored as U+FFFD, as PostgreSQL's UTF-8 takes it
        { campaignId: a!.id, amount: '1.50', source: 'meta', externalId: 's-1', description: 'lone \ud800 surrogate' },
        { campaignId: a!.id, amount: '2.00', spendDate: '2026-06-14', spendType: 'MONTHLY' },
      ],
      T,
      AT,
    );
    expect(items.map((i) => i.error)).toEqual([null, null]);
    for (const item of items) {
      const stored = await db().spend.findUniqueOrThrow({ where: { brandId_id: { brandId: b.id, id: item.spend!.id } } });
      expect(item.spend).toEqual(stored);
    }
    expect(items[0]!.spend!.description).toBe('lone \ufffd surrogate');
    expect(items[1]!.spend!.occurredAt).toEqual(new Date('2026-06-14T04:00:00Z'));
  });
});
