// A page of brands as dashboards read it: each brand's spend figures and its first campaigns, each
// with its figures, in one statement (the overview: 50 brands × 10 campaigns). Prisma's nested
// include read every campaign of the page's brands as model rows, paged them in memory, and the
// figures took two more statements: ~7 ms of Node's CPU a page against ~2 for this one (measured,
// 50 brands × 10 campaigns), most of the overview's cost. The figures are the engine's own
// (brand_spend_totals, campaign_spend_totals); the rows are Prisma's Campaign model, as
// Brand.campaigns shows them (test/reads/brandPage.test.ts holds the two equal).
import type { Campaign } from '../db/generated/prisma/client.ts';
import { Prisma } from '../db/client.ts';
import type { Db } from '../db/index.ts';
import type { CampaignStatus } from '../domain/desiredState.ts';
import type { Figures } from './figures.ts';

/** The first `take` campaigns of each brand in name order: with `status` only, archived ones too with `includeArchived`. */
export interface FirstCampaigns {
  take: number;
  status?: CampaignStatus;
  includeArchived: boolean;
}

export interface BrandPage {
  figures: Figures;
  campaigns: { campaign: Campaign; figures: Figures }[];
}

/** A campaign as the statement writes it: [id, brandId, name, platform, externalCampaignId, status, pauseReason, archivedAt, adAccountId, createdAt, updatedAt, daily, monthly], timestamps ISO, figures decimal */
type CampaignJson = [
  string,
  string,
  string,
  string | null,
  string | null,
  Campaign['status'],
  Campaign['pauseReason'],
  string | null,
  string | null,
  string,
  string,
  string,
  string,
];

interface Row {
  id: string;
  daily: bigint;
  monthly: bigint;
  currency: string;
  /** json: the campaigns in order, as arrays (the text JSON.parse reads is half the size of objects') */
  campaigns: CampaignJson[];
}

export async function brandPage(db: Db, brandIds: readonly string[], first: FirstCampaigns, at: Date): Promise<Map<string, BrandPage>> {
  const rows = await db.$queryRaw<Row[]>`
    with page as (select b.id, b.currency from brands b where b.id = any(${[...brandIds]}::uuid[])),
    campaign as (
      select c.*
        from page b
       cross join lateral (
         select c.* from campaigns c
          where c.brand_id = b.id
            ${first.status ? Prisma.sql`and c.status = ${first.status}::campaign_status` : Prisma.empty}
            ${first.includeArchived ? Prisma.empty : Prisma.sql`and c.archived_at is null`}
          order by c.name, c.id
          limit ${first.take}
       ) c
    ),
    spent as materialized (select * from campaign_spend_totals(${at}::timestamptz, array(select c.id from campaign c))),
    listed as (
      select c.brand_id,
             json_agg(json_build_array(c.id, c.brand_id, c.name, c.platform, c.external_campaign_id, c.status, c.pause_reason,
                                       c.archived_at, c.ad_account_id, c.created_at, c.updated_at, s.daily::text, s.monthly::text)
                      order by c.name, c.id) as campaigns
        from campaign c
        join spent s on s.campaign_id = c.id
       group by c.brand_id
    )
    select b.id, t.daily, t.monthly, b.currency, coalesce(l.campaigns, '[]') as campaigns
      from page b
      left join listed l on l.brand_id = b.id
      join brand_spend_totals(${at}::timestamptz, ${[...brandIds]}::uuid[]) t on t.brand_id = b.id`;
  return new Map(
    rows.map((r) => [
      r.id,
      {
        figures: { daily: r.daily, monthly: r.monthly, currency: r.currency },
        campaigns: r.campaigns.map((c) => ({
          campaign: {
            id: c[0],
            brandId: c[1],
            name: c[2],
            platform: c[3],
            externalCampaignId: c[4],
            status: c[5],
            pauseReason: c[6],
            archivedAt: c[7] == null ? null : new Date(c[7]),
            adAccountId: c[8],
            createdAt: new Date(c[9]),
            updatedAt: new Date(c[10]),
          },
          figures: { daily: BigInt(c[11]), monthly: BigInt(c[12]), currency: r.currency },
        })),
      },
    ]),
  );
}
