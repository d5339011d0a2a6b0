// Spend figures for reading: a brand's or campaign's spend on its brand-local today and this
// month, at an instant. Batched (one query for any number of ids) so GraphQL pages stay free of
// N+1. The periods are the reconcile engine's: brand-local clock via local_clock, the day and
// month of that clock (month_start, next_month_start), totals from the trigger-kept daily tables.
import type { Db, Tx } from '../db/index.ts';

export interface Figures {
  daily: bigint;
  monthly: bigint;
}

export async function brandFigures(db: Db | Tx, brandIds: readonly string[], at: Date): Promise<Map<string, Figures>> {
  const rows = await db.$queryRaw<({ id: string } & Figures)[]>`
    select b.id,
           coalesce(sum(t.amount) filter (where t.spend_date = local_clock(${at}::timestamptz, b.timezone)::date), 0)::bigint as daily,
           coalesce(sum(t.amount), 0)::bigint as monthly
      from brands b
      left join brand_daily_spends t on t.brand_id = b.id and t.spend_date >= month_start(local_clock(${at}::timestamptz, b.timezone))
       and t.spend_date < next_month_start(local_clock(${at}::timestamptz, b.timezone))
     where b.id = any(${[...brandIds]}::uuid[])
     group by b.id`;
  return new Map(rows.map((r) => [r.id, { daily: r.daily, monthly: r.monthly }]));
}

export async function campaignFigures(db: Db | Tx, campaignIds: readonly string[], at: Date): Promise<Map<string, Figures>> {
  const rows = await db.$queryRaw<({ id: string } & Figures)[]>`
    select c.id,
           coalesce(sum(t.amount) filter (where t.spend_date = local_clock(${at}::timestamptz, b.timezone)::date), 0)::bigint as daily,
           coalesce(sum(t.amount), 0)::bigint as monthly
      from campaigns c
      join brands b on b.id = c.brand_id
      left join campaign_daily_spends t
        on t.brand_id = c.brand_id and t.campaign_id = c.id and t.spend_date >= month_start(local_clock(${at}::timestamptz, b.timezone))
       and t.spend_date < next_month_start(local_clock(${at}::timestamptz, b.timezone))
     where c.id = any(${[...campaignIds]}::uuid[])
     group by c.id`;
  return new Map(rows.map((r) => [r.id, { daily: r.daily, monthly: r.monthly }]));
}
