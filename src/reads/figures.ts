// Spend figures for reading: a brand's or campaign's spend on its brand-local today and this
// month, at an instant, with the brand's currency that writes them. One query for any number of
// brands and campaigns together (a page of brands with their campaigns asks once), so GraphQL
// pages stay free of N+1. The periods are the reconcile engine's own: the SQL functions
// brand_spend_totals and campaign_spend_totals (prisma/functions/30_totals.sql) define them once
// for both.
import type { Db, Tx } from '../db/index.ts';

export interface Figures {
  daily: bigint;
  monthly: bigint;
  /** the brand's: it fixes how the figures are written */
  currency: string;
}

export interface PageFigures {
  brands: Map<string, Figures>;
  campaigns: Map<string, Figures>;
}

export async function spendFigures(
  db: Db | Tx,
  brandIds: readonly string[],
  campaignIds: readonly string[],
  at: Date,
): Promise<PageFigures> {
  const rows = await db.$queryRaw<({ of: 'brand' | 'campaign'; id: string } & Figures)[]>`
    select 'brand' as of, t.brand_id as id, t.daily, t.monthly, b.currency
      from brand_spend_totals(${at}::timestamptz, ${[...brandIds]}::uuid[]) t
      join brands b on b.id = t.brand_id
    union all
    select 'campaign', t.campaign_id, t.daily, t.monthly, b.currency
      from campaign_spend_totals(${at}::timestamptz, ${[...campaignIds]}::uuid[]) t
      join campaigns c on c.id = t.campaign_id
      join brands b on b.id = c.brand_id`;
  const figures: PageFigures = { brands: new Map(), campaigns: new Map() };
  for (const r of rows) figures[`${r.of}s`].set(r.id, { daily: r.daily, monthly: r.monthly, currency: r.currency });
  return figures;
}
