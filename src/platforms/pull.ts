// Spend in, exactly. The platforms report running totals per campaign and account-date, which grow
// and can be revised down, never increments. For each (campaign, account-date) of a linked
// campaign, the ledger holds entries of the platform's source that sum to the newest reported
// total rounded to the currency's unit (half away from zero: src/domain/money.ts divideToUnit):
// a total that did not change writes nothing, one that changed writes a snapshot row and one
// spend of the exact difference (negative where it went down), whose externalId names the
// snapshot. A campaign absent from a report spent zero that day (both platforms omit zero rows).
// All in one transaction under the account's row lock, through the ledger's own recordSpends, so
// the spend that uses up a budget pauses the brand's campaigns before it commits.
import type { Tx } from '../db/index.ts';
import { divideToUnit, formatMoney } from '../domain/money.ts';
import { SYSTEM } from '../domain/scope.ts';
import { CONNECTOR_SOURCE_PREFIX, MAX_BATCH, recordSpends, type SpendInput } from '../engine/ledger.ts';
import type { AccountRow } from './accountRow.ts';
import type { CostRow, PlatformCampaign } from './types.ts';

export interface PullResult {
  /** account-dates read, oldest first */
  dates: string[];
  /** linked campaigns whose totals were compared */
  campaigns: number;
  /** ledger entries written (corrections; negative where a total went down) */
  entries: number;
  /** report rows of campaigns not linked to any of the brand's campaigns */
  unlinked: number;
}

/** The ledger's source for each platform's entries (only the connectors write these: ledger.ts). */
export const SOURCES = { GOOGLE_ADS: `${CONNECTOR_SOURCE_PREFIX}google_ads`, META: `${CONNECTOR_SOURCE_PREFIX}meta` } as const;
const NAMES = { GOOGLE_ADS: 'Google Ads', META: 'Meta' } as const;

/** micros of a major unit → thousandths, rounded to the currency's unit */
export function roundedTotal(micros: bigint, currency: string): bigint {
  return divideToUnit(micros, 1000n, currency);
}

/**
 * The account-dates to read at `at`: today and yesterday, or the last 7 days when asked or when
 * they were not read yet on this account-date (once a day).
 */
export async function datesToRead(
  tx: Tx,
  account: AccountRow,
  at: Date,
  full: boolean,
): Promise<{ dates: string[]; today: string; full: boolean }> {
  const [row] = await tx.$queryRaw<{ today: string; dates: string[]; full: boolean }[]>`
    with t as (select local_clock(${at}::timestamptz, ${account.timeZone})::date as today),
         f as (select ${full} or ${account.lastFullSyncDate}::date is distinct from t.today as full from t)
    select to_char(t.today, 'YYYY-MM-DD') as today, f.full,
           array(select to_char(d, 'YYYY-MM-DD')
                   from generate_series(t.today - case when f.full then 6 else 1 end, t.today, interval '1 day') d order by d) as dates
      from t, f`;
  return row!;
}

/**
 * Books the report's totals: for every linked campaign and date in `dates`, the difference
 * between the newest total and the last one booked. `tx` holds the account's row lock.
 */
export async function bookCosts(
  tx: Tx,
  account: AccountRow,
  dates: readonly string[],
  rows: readonly CostRow[],
  listed: readonly PlatformCampaign[],
  at: Date,
): Promise<PullResult> {
  const from = dates[0]!;
  const to = dates[dates.length - 1]!;
  // the brand's row lock first, as recordSpends takes it: two accounts of one brand booking at once
  // would otherwise each hold the snapshots' key lock on it and wait for the other's
  await tx.$queryRaw`select id from brands where id = ${account.brandId}::uuid for update`;
  const linked = await tx.$queryRaw<{ id: string; external: string }[]>`
    select id, external_campaign_id as external from campaigns
     where brand_id = ${account.brandId}::uuid and ad_account_id = ${account.id}::uuid and external_campaign_id is not null`;
  const byExternal = new Map(linked.map((c) => [c.external, c.id]));
  const reported = new Map<string, { total: bigint; reported: string }>();
  let unlinked = 0;
  for (const r of rows) {
    if (r.date < from || r.date > to) continue;
    const campaignId = byExternal.get(r.externalCampaignId);
    if (!campaignId) {
      unlinked++;
      continue;
    }
    const key = `${campaignId}|${r.date}`;
    // a report has one row per campaign and date; were there two, they would be parts of one total
    const prior = reported.get(key);
    reported.set(
      key,
      prior ? { total: prior.total + r.micros, reported: `${prior.reported}+${r.reported}` } : { total: r.micros, reported: r.reported },
    );
  }
  const booked = linked.length
    ? await tx.$queryRaw<{ campaign_id: string; date: string; total: bigint }[]>`
        select distinct on (campaign_id, account_date) campaign_id, to_char(account_date, 'YYYY-MM-DD') as date, total
          from platform_cost_snapshots
         where brand_id = ${account.brandId}::uuid and campaign_id = any(${linked.map((c) => c.id)}::uuid[])
           and account_date between ${from}::date and ${to}::date
         order by campaign_id, account_date, id desc`
    : [];
  const old = new Map(booked.map((b) => [`${b.campaign_id}|${b.date}`, b.total]));
  // A campaign removed on the platform (or gone from its list) may vanish from its reports (Meta's
  // leave deleted objects out): its absence is no credit, so what was booked for it stays.
  const running = new Set(
    listed
      .filter((c) => c.status !== 'REMOVED')
      .flatMap((c) => {
        const id = byExternal.get(c.externalCampaignId);
        return id ? [id] : [];
      }),
  );
  const keys = new Set([
    ...reported.keys(),
    ...[...old.entries()].filter(([k, total]) => total !== 0n && running.has(k.split('|')[0]!)).map(([k]) => k),
  ]);
  const changes: { campaignId: string; date: string; reported: string; total: bigint; delta: bigint }[] = [];
  for (const key of [...keys].sort()) {
    const [campaignId, date] = key.split('|') as [string, string];
    const r = reported.get(key);
    const total = r ? roundedTotal(r.total, account.currency) : 0n;
    const delta = total - (old.get(key) ?? 0n);
    if (delta !== 0n) changes.push({ campaignId, date, reported: r?.reported ?? '0', total, delta });
  }
  if (changes.length) {
    const ids = await tx.$queryRaw<{ id: bigint }[]>`
      insert into platform_cost_snapshots (brand_id, campaign_id, ad_account_id, account_date, reported, total, polled_at)
      select ${account.brandId}::uuid, c.campaign_id, ${account.id}::uuid, c.date, c.reported, c.total, ${at}::timestamptz
        from unnest(${changes.map((c) => c.campaignId)}::uuid[], ${changes.map((c) => c.date)}::date[],
                    ${changes.map((c) => c.reported)}::text[], ${changes.map((c) => c.total.toString())}::bigint[])
             with ordinality as c(campaign_id, date, reported, total, n)
       order by c.n
      returning id`;
    const inputs: SpendInput[] = changes.map((c, i) => ({
      campaignId: c.campaignId,
      amount: formatMoney(c.delta, account.currency),
      spendDate: c.date,
      source: SOURCES[account.platform],
      externalId: `snapshot:${ids[i]!.id}`,
      description: `${NAMES[account.platform]} cost on ${c.date}: total ${formatMoney(c.total, account.currency)} (reported ${c.reported})`,
    }));
    // in batches recordSpends takes, in the one transaction
    for (let i = 0; i < inputs.length; i += MAX_BATCH) {
      const { items } = await recordSpends(tx, inputs.slice(i, i + MAX_BATCH), SYSTEM, at);
      const refused = items.find((item) => item.error);
      // every input is made here from linked campaigns: a refusal is a defect, and rolls the pull back
      if (refused) throw refused.error!;
    }
  }
  return { dates: [...dates], campaigns: linked.length, entries: changes.length, unlinked };
}
