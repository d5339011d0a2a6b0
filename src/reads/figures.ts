// Spend figures for reading: a brand's or campaign's spend on its brand-local today and this
// month, at an instant. Batched (one query for any number of ids) so GraphQL pages stay free of
// N+1. The periods are the reconcile engine's own: the SQL functions brand_spend_totals and
// campaign_spend_totals (prisma/functions/30_totals.sql) define them once for both.
import type { Db, Tx } from '../db/index.ts';

export interface Figures {
  daily: bigint;
  monthly: bigint;
}

export async function brandFigures(db: Db | Tx, brandIds: readonly string[], at: Date): Promise<Map<string, Figures>> {
  const rows = await db.$queryRaw<({ id: string } & Figures)[]>`
    select brand_id as id, daily, monthly from brand_spend_totals(${at}::timestamptz, ${[...brandIds]}::uuid[])`;
  return new Map(rows.map((r) => [r.id, { daily: r.daily, monthly: r.monthly }]));
}

export async function campaignFigures(db: Db | Tx, campaignIds: readonly string[], at: Date): Promise<Map<string, Figures>> {
  const rows = await db.$queryRaw<({ id: string } & Figures)[]>`
    select campaign_id as id, daily, monthly from campaign_spend_totals(${at}::timestamptz, ${[...campaignIds]}::uuid[])`;
  return new Map(rows.map((r) => [r.id, { daily: r.daily, monthly: r.monthly }]));
}
