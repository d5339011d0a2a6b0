// The overrides in force at an instant (override_span, prisma/functions/40_rules.sql: the same
// definition the rules use), for a page of brands or campaigns in one query each; and the list the
// command line prints.
import { Prisma } from '../db/client.ts';
import type { Db, Tx } from '../db/index.ts';
import { OVERRIDE_COLUMNS, type OverrideRow } from '../engine/overrides.ts';

const IN_FORCE = (at: Date) =>
  Prisma.sql`until > ${at}::timestamptz and override_span(created_at, until, cancelled_at) @> ${at}::timestamptz`;

/**
 * By brand: every override of the brand in force (brand-wide and its campaigns'); by campaign: its
 * own and its brand's brand-wide ones. Soonest end first.
 */
export async function overridesInForce(
  db: Db | Tx,
  of: 'brand' | 'campaign',
  ids: readonly string[],
  at: Date,
): Promise<Map<string, OverrideRow[]>> {
  const rows =
    of === 'brand'
      ? await db.$queryRaw<(OverrideRow & { owner: string })[]>`
          select brand_id as owner, ${OVERRIDE_COLUMNS} from overrides
           where brand_id = any(${[...ids]}::uuid[]) and ${IN_FORCE(at)} order by until, id`
      : await db.$queryRaw<(OverrideRow & { owner: string })[]>`
          select c.id as owner, o.* from campaigns c
            join lateral (select ${OVERRIDE_COLUMNS} from overrides
                           where brand_id = c.brand_id and (campaign_id is null or campaign_id = c.id) and ${IN_FORCE(at)}) o on true
           where c.id = any(${[...ids]}::uuid[]) order by o.until, o.id`;
  const found = new Map<string, OverrideRow[]>();
  for (const { owner, ...row } of rows) found.set(owner, [...(found.get(owner) ?? []), row]);
  return found;
}

export interface ListedOverride extends OverrideRow {
  brandName: string;
  /** the brand's */
  timezone: string;
  campaignName: string | null;
}

/** The newest first, at most `limit`, with their brand's and campaign's names: those in force at `at`, or (all) ended and cancelled ones too. */
export async function listOverrides(
  db: Db | Tx,
  { brandId, all = false, limit = 500 }: { brandId?: string; all?: boolean; limit?: number },
  at: Date,
): Promise<ListedOverride[]> {
  return db.$queryRaw<ListedOverride[]>`
    select o.*, b.name as "brandName", b.timezone, c.name as "campaignName"
      from (select ${OVERRIDE_COLUMNS} from overrides
             where (${brandId ?? null}::uuid is null or brand_id = ${brandId ?? null}::uuid) and (${all} or ${IN_FORCE(at)})) o
      join brands b on b.id = o."brandId"
      left join campaigns c on c.id = o."campaignId"
     order by o."createdAt" desc, o.id desc limit ${limit}`;
}
