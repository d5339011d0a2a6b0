// Reads of what happened on the platforms (platform_events): the newest events of many accounts in
// one statement, for AdAccount.events on a page of accounts.
import type { PlatformEvent } from '../db/generated/prisma/client.ts';
import type { Db } from '../db/index.ts';

/** Each account's newest `first` events, newest first (the index on (ad_account_id, id) answers each). */
export async function recentPlatformEvents(db: Db, accountIds: readonly string[], first: number): Promise<Map<string, PlatformEvent[]>> {
  const rows = await db.$queryRaw<PlatformEvent[]>`
    select e.id, e.brand_id as "brandId", e.ad_account_id as "adAccountId", e.campaign_id as "campaignId", e.kind, e.message,
           e.platform_actor as "platformActor", e.occurred_at as "occurredAt"
      from unnest(${[...accountIds]}::uuid[]) as a(id)
     cross join lateral (select * from platform_events where ad_account_id = a.id order by id desc limit ${first}) e
     order by e.ad_account_id, e.id desc`;
  const found = new Map<string, PlatformEvent[]>();
  for (const row of rows) found.set(row.adAccountId!, [...(found.get(row.adAccountId!) ?? []), row]);
  return found;
}
