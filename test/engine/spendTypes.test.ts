// Spend types and who recorded a spend: a MONTHLY spend (a monthly fee) counts toward its month
// and never toward a day (no daily pause, no daily alert, not in dailySpend, not in a backtest's
// day), a DAILY one toward both; the ledger still equals its totals (budget verify), deletions
// included; an idempotent replay must repeat the type; every spend names the key that recorded it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db/index.ts';
import { SYSTEM } from '../../src/domain/scope.ts';
import { recordSpend } from '../../src/engine/ledger.ts';
import { runEnforcement } from '../../src/engine/enforcement.ts';
import { verify } from '../../src/reads/verify.ts';
import type { TestDb } from '../helpers/db.ts';
import * as make from '../helpers/make.ts';
import { closeServer, okData, serverForFile, type TestServer } from '../helpers/server.ts';

let t: TestDb;
let s: TestServer;
beforeAll(async () => ({ t, s } = await serverForFile()));
afterAll(() => closeServer(t, s));

const RECORD = `mutation ($input: SpendInput!) {
  recordSpend(input: $input) { duplicate spend { id amount spendType recordedBy } statusChanges { toReason } }
}`;
const FIGURES = `query ($id: ID!) {
  brand(id: $id) { dailySpend monthlySpend dailyRemaining monthlyRemaining
                   campaigns { edges { node { status pauseReason dailySpend monthlySpend } } } }
}`;

describe('spend types', () => {
  it('a MONTHLY spend counts toward the month only: it pauses nothing for the day, a DAILY one does', async () => {
    const brand = await make.brand({ dailyBudget: '100.00', monthlyBudget: '1000.00' });
    const [c] = await make.campaigns(brand.id, 1);
    const fee = await okData(s, RECORD, {
      input: { campaignId: c!.id, amount: '150.00', spendType: 'MONTHLY', description: 'platform fee' },
    });
    expect(fee.recordSpend).toMatchObject({ spend: { amount: '150.00', spendType: 'MONTHLY' }, statusChanges: [] });
    expect((await okData(s, FIGURES, { id: brand.id })).brand).toEqual({
      dailySpend: '0.00',
      monthlySpend: '150.00',
      dailyRemaining: '100.00',
      monthlyRemaining: '850.00',
      campaigns: { edges: [{ node: { status: 'ACTIVE', pauseReason: null, dailySpend: '0.00', monthlySpend: '150.00' } }] },
    });
    // the jobs agree: nothing to enforce
    const enforced = await db().$transaction((tx) => runEnforcement(tx, 'ALL', new Date(), SYSTEM));
    expect(enforced.changes.filter((ch) => ch.brandId === brand.id)).toEqual([]);
    // no daily alert fired; the monthly one did not either (15 %)
    expect(await t.sql(`select period from budget_alerts where brand_id = $1`, [brand.id])).toEqual([]);

    const day = await okData(s, RECORD, { input: { campaignId: c!.id, amount: '100.00' } });
    expect(day.recordSpend).toMatchObject({ spend: { spendType: 'DAILY' }, statusChanges: [{ toReason: 'DAILY_BUDGET' }] });
    expect((await okData(s, FIGURES, { id: brand.id })).brand).toMatchObject({ dailySpend: '100.00', monthlySpend: '250.00' });
    // 80 and 95 crossed by one spend: one alert, for the higher
    expect(await t.sql(`select period, threshold from budget_alerts where brand_id = $1 order by id`, [brand.id])).toEqual([
      { period: 'DAILY', threshold: 95 },
    ]);
  });

  it('a MONTHLY spend that uses up the monthly budget pauses for the month, and fires the monthly alerts only', async () => {
    const brand = await make.brand({ dailyBudget: '10.00', monthlyBudget: '500.00' });
    const [c] = await make.campaigns(brand.id, 1);
    const fee = await okData(s, RECORD, { input: { campaignId: c!.id, amount: '500.00', spendType: 'MONTHLY' } });
    expect(fee.recordSpend.statusChanges).toEqual([{ toReason: 'MONTHLY_BUDGET' }]);
    expect(await t.sql(`select period, threshold from budget_alerts where brand_id = $1 order by id`, [brand.id])).toEqual([
      { period: 'MONTHLY', threshold: 95 },
    ]);
    // a correction of the fee, booked MONTHLY too, gives the month back
    const refund = await okData(s, RECORD, { input: { campaignId: c!.id, amount: '-500.00', spendType: 'MONTHLY' } });
    expect(refund.recordSpend.statusChanges).toEqual([{ toReason: null }]);
  });

  it('a spend type is refused naming the field; replaying a key with another type is a conflict, with the same a duplicate', async () => {
    const brand = await make.brand();
    const [c] = await make.campaigns(brand.id, 1);
    // GraphQL's enum refuses it before the engine; the engine refuses it for every other caller
    const bad = await s.gql(RECORD, { input: { campaignId: c!.id, amount: '1.00', spendType: 'WEEKLY' } });
    expect(bad.errors?.[0]?.message).toMatch(/WEEKLY/);
    await expect(
      db().$transaction((tx) => recordSpend(tx, { campaignId: c!.id, amount: '1.00', spendType: 'weekly' }, SYSTEM, new Date())),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'spendType' });
    const input = { campaignId: c!.id, amount: '30.00', spendType: 'MONTHLY', source: 'billing', externalId: 'fee-2026-12' };
    expect((await okData(s, RECORD, { input })).recordSpend.duplicate).toBe(false);
    expect((await okData(s, RECORD, { input })).recordSpend.duplicate).toBe(true);
    const other = await s.gql(RECORD, { input: { ...input, spendType: 'DAILY' } });
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', field: 'externalId' });
    expect(other.errors?.[0]?.message).toMatch(/different spendType/);
  });

  it('budget verify holds the ledger to its totals, MONTHLY parts included, through inserts and deletes', async () => {
    const brand = await make.brand();
    const [a, b] = await make.campaigns(brand.id, 2);
    await make.spend(a!.id, '12.34', new Date(), { spendType: 'MONTHLY' });
    await make.spend(b!.id, '5.00');
    // written around the API (7.00: thousandths of a major unit): the trigger counts it, in its part
    await t.sql(`insert into spends (brand_id, campaign_id, amount, occurred_at, spend_type) values ($1, $2, 7000, now(), 'MONTHLY')`, [
      brand.id,
      b!.id,
    ]);
    const ledger = async () => (await verify(db())).checks.find((c) => c.name === 'ledger')!;
    expect(await ledger()).toMatchObject({ ok: true });
    const [totals] = await t.sql(`select amount::int, monthly_amount::int from brand_daily_spends where brand_id = $1`, [brand.id]);
    expect(totals).toEqual({ amount: 12340 + 5000 + 7000, monthly_amount: 12340 + 7000 });
    await t.sql(`delete from spends where brand_id = $1 and amount = 7000`, [brand.id]);
    expect(await ledger()).toMatchObject({ ok: true });
    // a MONTHLY part changed behind the engine's back is named
    await t.sql(`update campaign_daily_spends set monthly_amount = monthly_amount + 10 where campaign_id = $1`, [a!.id]); // a cent
    const broken = await ledger();
    expect(broken.ok).toBe(false);
    expect(broken.problems.join('\n')).toContain(`campaign ${a!.id} on `);
    expect(broken.problems.join('\n')).toMatch(
      /spends sum to 12\.34 \(12\.34 of it MONTHLY\), the stored total is 12\.34 \(12\.35 MONTHLY\)/,
    );
    await t.sql(`update campaign_daily_spends set monthly_amount = monthly_amount - 10 where campaign_id = $1`, [a!.id]);
  });

  it('a backtest counts a MONTHLY fee toward its month only, as the engine did live', async () => {
    const setup = new Date('2026-11-02T08:00:00Z');
    const brand = await make.brand({ name: 'Fees', dailyBudget: '100.00', monthlyBudget: '1000.00' }, setup);
    const c = await make.campaign(brand.id, { name: 'Search' }, setup);
    await make.spend(c.id, '150.00', new Date('2026-11-02T09:00:00Z'), { spendType: 'MONTHLY' });
    await make.spend(c.id, '100.00', new Date('2026-11-02T10:00:00Z')); // the day's budget: paused
    const res = await okData(
      s,
      `query ($b: ID!) { backtest(brandId: $b, from: "2026-11-02T08:30:00Z", to: "2026-11-02T12:00:00Z") {
         changes { at toReason trigger } recordedChanges } }`,
      { b: brand.id },
    );
    expect(res.backtest).toEqual({
      changes: [{ at: '2026-11-02T10:00:00.000Z', toReason: 'DAILY_BUDGET', trigger: 'SPEND' }],
      recordedChanges: 1,
    });
  });
});

describe('recordedBy', () => {
  it('names the key that recorded each spend (cli, system, a key); spends from before are unknown (null)', async () => {
    const brand = await make.brand();
    const [c] = await make.campaigns(brand.id, 1);
    const key = (await okData(s, `mutation { createApiKey(name: "connector", role: ingest) { key } }`)).createApiKey.key as string;
    const res = await s.gql(RECORD, { input: { campaignId: c!.id, amount: '1.00' } }, { authorization: `Bearer ${key}` });
    expect(res.data?.recordSpend.spend.recordedBy).toBe('connector');
    expect((await okData(s, RECORD, { input: { campaignId: c!.id, amount: '2.00' } })).recordSpend.spend.recordedBy).toBe(
      'BUDGET_ADMIN_KEY',
    );
    await db().$transaction((tx) => recordSpend(tx, { campaignId: c!.id, amount: '3.00' }, SYSTEM, new Date()));
    await t.sql(`insert into spends (brand_id, campaign_id, amount, occurred_at) values ($1, $2, 4000, now())`, [brand.id, c!.id]);
    const list = await okData(s, `query ($c: ID) { spends(campaignId: $c) { edges { node { amount recordedBy } } } }`, { c: c!.id });
    expect(list.spends.edges.map((e: any) => [e.node.amount, e.node.recordedBy]).sort()).toEqual([
      ['1.00', 'connector'],
      ['2.00', 'BUDGET_ADMIN_KEY'],
      ['3.00', 'system'],
      ['4.00', null],
    ]);
    // what recorded it is part of the ledger's row: immutable like the rest
    await expect(t.sql(`update spends set recorded_by = 'someone' where campaign_id = $1`, [c!.id])).rejects.toThrow(/immutable/);
  });
});
