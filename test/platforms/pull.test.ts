// Spend in, exactly (src/platforms/pull.ts), on report rows as the clients hand them over: the
// ledger's entries of the platform's source sum, per campaign and account-date, to the newest
// total rounded to the currency's unit (half away from zero); an unchanged total writes nothing,
// a revision writes its exact correction, a campaign absent from a report spent zero, rows of
// campaigns not linked are counted and left alone. In currencies with 2, 0 and 3 decimals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db/index.ts';
import { SYSTEM } from '../../src/domain/scope.ts';
import { updateCampaign } from '../../src/engine/campaigns.ts';
import { loadAccount, type AccountRow } from '../../src/platforms/accountRow.ts';
import { bookCosts, roundedTotal } from '../../src/platforms/pull.ts';
import type { CostRow, PlatformCampaign } from '../../src/platforms/types.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { brand, campaign, spend } from '../helpers/make.ts';

let t: TestDb;
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(() => t.drop());

const DATES = ['2026-12-05', '2026-12-06'];
// the instant the pulls run at: the brand-local 6 December, 12:00 UTC in every zone used here
const AT = new Date('2026-12-06T12:00:00Z');

/**
 * A brand in `currency`, an account of it (written as connectAdAccount leaves one: the
 * credentials are not read by a pull) and two linked campaigns, 111 and 222.
 */
async function account(currency: string): Promise<{ account: AccountRow; ids: Record<string, string> }> {
  const b = await brand({ currency, timezone: 'UTC' });
  const [row] = await t.sql<{ id: string }>(
    `insert into ad_accounts (brand_id, platform, external_account_id, currency, time_zone, credentials)
     values ($1, 'GOOGLE_ADS', $2, $3, 'UTC', '\\x00') returning id`,
    [b.id, String(1_000_000_000 + Math.floor(Math.random() * 8_999_999_999)), currency],
  );
  const ids: Record<string, string> = {};
  for (const external of ['111', '222']) {
    const c = await campaign(b.id, { platform: 'GOOGLE_ADS', externalCampaignId: external });
    await t.sql(`update campaigns set ad_account_id = $1 where id = $2`, [row!.id, c.id]);
    ids[external] = c.id;
  }
  return { account: (await loadAccount(db(), row!.id))!, ids };
}

const row = (externalCampaignId: string, date: string, micros: bigint): CostRow => ({
  externalCampaignId,
  date,
  micros,
  reported: micros.toString(),
});

/** both campaigns running on the platform (a removed one's absence from a report is no credit: below) */
const LISTED: PlatformCampaign[] = ['111', '222'].map((id) => ({ externalCampaignId: id, name: id, status: 'ENABLED' }));
const pull = (a: AccountRow, rows: CostRow[], listed = LISTED) => db().$transaction((tx) => bookCosts(tx, a, DATES, rows, listed, AT));

/** the ledger's platform:google_ads entries of a campaign on a date: their sum (thousandths) and count */
async function ledger(campaignId: string, date: string) {
  const [r] = await t.sql<{ sum: string | null; n: number }>(
    `select sum(amount)::text as sum, count(*)::int as n from spends where campaign_id = $1 and spend_date = $2 and source = 'platform:google_ads'`,
    [campaignId, date],
  );
  return { sum: BigInt(r!.sum ?? '0'), n: r!.n };
}

describe('booking running totals', () => {
  it('rounds micros to the unit half away from zero, in 2, 0 and 3 decimals', () => {
    expect(roundedTotal(12_345_678n, 'USD')).toBe(12_350n); // 12.345678 → 12.35
    expect(roundedTotal(12_344_999n, 'USD')).toBe(12_340n);
    expect(roundedTotal(12_005_000n, 'USD')).toBe(12_010n); // exactly half: up
    expect(roundedTotal(12_500_000n, 'JPY')).toBe(13_000n); // ¥12.5 → ¥13
    expect(roundedTotal(12_499_999n, 'JPY')).toBe(12_000n);
    expect(roundedTotal(1_234_500n, 'KWD')).toBe(1_235n); // 1.2345 → 1.235
  });

  it('books each change of a total once, as the exact difference, and nothing when it did not change', async () => {
    const { account: a, ids } = await account('USD');
    const first = await pull(a, [row('111', DATES[1]!, 10_001_000n), row('999', DATES[1]!, 5_000_000n)]);
    expect(first).toMatchObject({ campaigns: 2, entries: 1, unlinked: 1 });
    expect(await ledger(ids['111']!, DATES[1]!)).toEqual({ sum: 10_000n, n: 1 });
    // the same report again: nothing
    expect((await pull(a, [row('111', DATES[1]!, 10_001_000n)])).entries).toBe(0);
    // it grew, but its rounded total (10.00) is the same: nothing
    expect((await pull(a, [row('111', DATES[1]!, 10_004_999n)])).entries).toBe(0);
    // it grew; yesterday appeared (a late row)
    expect((await pull(a, [row('111', DATES[1]!, 25_125_000n), row('111', DATES[0]!, 7_000_000n)])).entries).toBe(2);
    expect(await ledger(ids['111']!, DATES[1]!)).toEqual({ sum: 25_130n, n: 2 });
    expect(await ledger(ids['111']!, DATES[0]!)).toEqual({ sum: 7_000n, n: 1 });
    // revised down (invalid clicks credited): a negative correction, exact
    await pull(a, [row('111', DATES[1]!, 20_000_000n), row('111', DATES[0]!, 7_000_000n)]);
    const revised = await ledger(ids['111']!, DATES[1]!);
    expect(revised).toEqual({ sum: 20_000n, n: 3 });
    const [last] = await t.sql<{ amount: string; external_id: string; description: string }>(
      `select amount::text, external_id, description from spends where campaign_id = $1 order by created_at desc, external_id desc limit 1`,
      [ids['111']],
    );
    expect(last).toMatchObject({ amount: '-5130' });
    // every entry names the snapshot it came from, and the snapshot what the platform sent
    const [snap] = await t.sql<{ reported: string; total: string }>(
      `select reported, total::text from platform_cost_snapshots where id = $1`,
      [last!.external_id.replace('snapshot:', '')],
    );
    expect(snap).toEqual({ reported: '20000000', total: '20000' });
    expect(last!.description).toMatch(/total 20\.00 \(reported 20000000\)/);
  });

  it('takes a campaign absent from a report as zero that day, and leaves days outside the range alone', async () => {
    const { account: a, ids } = await account('USD');
    await pull(a, [row('111', DATES[1]!, 3_000_000n), row('222', DATES[1]!, 4_000_000n), row('222', DATES[0]!, 1_000_000n)]);
    // 222 is gone from today's report (its cost credited back to zero): both platforms omit zero rows
    const r = await pull(a, [row('111', DATES[1]!, 3_000_000n), row('222', DATES[0]!, 1_000_000n)]);
    expect(r.entries).toBe(1);
    expect(await ledger(ids['222']!, DATES[1]!)).toEqual({ sum: 0n, n: 2 });
    expect(await ledger(ids['222']!, DATES[0]!)).toEqual({ sum: 1_000n, n: 1 });
    expect(await ledger(ids['111']!, DATES[1]!)).toEqual({ sum: 3_000n, n: 1 });
    // removed on the platform (or gone from its list), 111 vanishes from the report: no credit
    expect(
      (await pull(a, [row('222', DATES[0]!, 1_000_000n)], [{ externalCampaignId: '222', name: '222', status: 'ENABLED' }])).entries,
    ).toBe(0);
    expect((await pull(a, [row('222', DATES[0]!, 1_000_000n)], [{ ...LISTED[0]!, status: 'REMOVED' }, LISTED[1]!])).entries).toBe(0);
    expect(await ledger(ids['111']!, DATES[1]!)).toEqual({ sum: 3_000n, n: 1 });
    // a report for dates not asked (outside the range) changes nothing
    expect(
      (await pull(a, [row('111', DATES[1]!, 3_000_000n), row('222', DATES[0]!, 1_000_000n), row('111', '2026-12-01', 9n)])).entries,
    ).toBe(0);
  });

  it('books whole yen and thousandths of a dinar', async () => {
    const yen = await account('JPY');
    await pull(yen.account, [row('111', DATES[1]!, 1_234_500_000n)]);
    expect((await ledger(yen.ids['111']!, DATES[1]!)).sum).toBe(1_235_000n); // ¥1,235
    const dinar = await account('KWD');
    await pull(dinar.account, [row('111', DATES[1]!, 1_234_567n)]);
    expect((await ledger(dinar.ids['111']!, DATES[1]!)).sum).toBe(1_235n); // 1.235 KWD
  });

  it("refuses the connectors' sources to anyone else, and a linked campaign's platform reference to updateCampaign", async () => {
    const { ids } = await account('USD');
    await expect(spend(ids['111']!, '1.00', new Date(), { source: 'platform:google_ads', externalId: 'x' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      field: 'source',
    });
    await expect(
      db().$transaction((tx) => updateCampaign(tx, ids['111']!, { externalCampaignId: '333' }, SYSTEM, new Date())),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', field: 'externalCampaignId' });
    // its name may change
    await db().$transaction((tx) => updateCampaign(tx, ids['111']!, { name: 'Renamed' }, SYSTEM, new Date()));
  });
});

describe('two accounts of one brand', () => {
  it('book at the same time without a deadlock, each its own total', async () => {
    // a brand's Google Ads and Meta accounts are polled together: both pulls write snapshots (a key
    // lock on the brand) and then spends (the brand's row lock)
    const b = await brand({ currency: 'USD', timezone: 'UTC' });
    const pairs = await Promise.all(
      ['1111111111', '2222222222'].map(async (external) => {
        const [acc] = await t.sql<{ id: string }>(
          `insert into ad_accounts (brand_id, platform, external_account_id, currency, time_zone, credentials)
           values ($1, 'GOOGLE_ADS', $2, 'USD', 'UTC', '\\x00') returning id`,
          [b.id, external],
        );
        const c = await campaign(b.id, { platform: 'GOOGLE_ADS', externalCampaignId: external });
        await t.sql(`update campaigns set ad_account_id = $1 where id = $2`, [acc!.id, c.id]);
        return { account: (await loadAccount(db(), acc!.id))!, external, campaignId: c.id };
      }),
    );
    const listed = (external: string): PlatformCampaign[] => [{ externalCampaignId: external, name: external, status: 'ENABLED' }];
    for (let n = 1; n <= 20; n++) {
      await Promise.all(pairs.map((p) => pull(p.account, [row(p.external, DATES[1]!, BigInt(n) * 1_000_000n)], listed(p.external))));
    }
    for (const p of pairs) expect(await ledger(p.campaignId, DATES[1]!)).toEqual({ sum: 20_000n, n: 20 });
  });
});
