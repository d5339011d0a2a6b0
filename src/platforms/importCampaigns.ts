// Importing an ad account's campaigns: each linked to the brand's campaign with the same platform
// id, the missing ones created, in one transaction after the platform has listed them.
import type { Db, Tx } from '../db/index.ts';
import { parseId } from '../domain/errors.ts';
import type { Scope } from '../domain/scope.ts';
import { MAX_LENGTH } from '../domain/validate.ts';
import { audit } from '../engine/audit.ts';
import { lockBrand } from '../engine/brands.ts';
import { createCampaigns } from '../engine/campaigns.ts';
import {
  assertNotArchived,
  call,
  entry,
  linkedCount,
  lockAccount,
  readAccountRow,
  storedCredentials,
  type AdAccountRow,
  type PlatformAccess,
} from './accounts.ts';
import { clientFor } from './clients.ts';
import { requireSecretKey } from './secrets.ts';
import type { AdPlatform } from './types.ts';

export interface ImportResult {
  account: AdAccountRow;
  /** the brand's campaigns found by their platform id, now linked to the account */
  linked: number;
  /** campaigns made for the platform's campaigns the brand did not have */
  created: number;
  /** the platform's campaigns left out: removed there, or linked to another of the brand's accounts */
  skipped: number;
  /** the linked and created campaigns' ids */
  campaignIds: string[];
}

/**
 * How campaigns' `platform` has been written before accounts existed (free text): an import links
 * a campaign whose platform is any of these, in any case, to an account of that platform.
 */
const SPELLINGS: Record<AdPlatform, readonly string[]> = {
  GOOGLE_ADS: ['google_ads', 'google-ads', 'google ads', 'googleads', 'google', 'adwords'],
  META: ['meta', 'meta_ads', 'meta ads', 'facebook', 'facebook_ads', 'facebook ads', 'fb'],
};

/**
 * Links the account's campaigns to the brand's by their platform id, creating the missing ones
 * (named as on the platform; " (<id>)" added when the brand has a campaign of that name). Removed
 * campaigns are skipped. Each linked campaign's platform state starts from the status the platform
 * answered, not paused by us: the service resumes only what it paused itself.
 */
export async function importAdCampaigns(db: Db, id: string, scope: Scope, at: Date, access: PlatformAccess): Promise<ImportResult> {
  const found = await readAccountRow(db, parseId(id, 'adAccountId'), scope, 'adAccountId');
  const key = requireSecretKey(access.secretKey, 'adAccountId');
  const credentials = await storedCredentials(db, found.id, key);
  const listed = await call(found.platform, () =>
    clientFor(found.platform, found.externalAccountId, credentials, access.platforms).listCampaigns(),
  );
  return db.$transaction(async (tx) => {
    const account = await lockAccount(tx, found.id, scope, 'adAccountId');
    const brand = await lockBrand(tx, account.brandId, scope, 'adAccountId');
    assertNotArchived(brand, 'adAccountId');
    const before = await linkedCount(tx, account.id);
    const live = listed.filter((c) => c.status !== 'REMOVED');
    const existing = await tx.$queryRaw<{ id: string; name: string; platform: string; ext: string; adAccountId: string | null }[]>`
      select id, name, platform, external_campaign_id as ext, ad_account_id as "adAccountId"
        from campaigns
       where brand_id = ${brand.id}::uuid
         and external_campaign_id = any(${live.map((c) => c.externalCampaignId)}::text[])
         and lower(btrim(platform)) = any(${[...SPELLINGS[account.platform]]}::text[])
       -- the service's own spelling first, then one already linked here
       order by platform = ${account.platform} desc, ad_account_id is not distinct from ${account.id}::uuid desc, name`;
    const byExternalId = new Map<string, (typeof existing)[number]>();
    for (const c of existing) if (!byExternalId.has(c.ext)) byExternalId.set(c.ext, c);
    const linked: string[] = [];
    const missing: typeof live = [];
    let skipped = listed.length - live.length;
    for (const c of live) {
      const match = byExternalId.get(c.externalCampaignId);
      if (!match) missing.push(c);
      else if (match.adAccountId !== null && match.adAccountId !== account.id) skipped++;
      else linked.push(match.id);
    }
    const names = await namesFor(tx, brand.id, missing);
    const created = await createCampaigns(
      tx,
      missing.map((c, i) => ({ brandId: brand.id, name: names[i]!, platform: account.platform, externalCampaignId: c.externalCampaignId })),
      scope,
      at,
    );
    const ids = [...linked, ...created.map((c) => c.id)];
    const statusOf = new Map(live.map((c) => [c.externalCampaignId, c.status]));
    const external = new Map([
      ...existing.map((c) => [c.id, c.ext] as const),
      ...created.map((c) => [c.id, c.externalCampaignId!] as const),
    ]);
    await tx.$executeRaw`
      update campaigns set ad_account_id = ${account.id}::uuid, updated_at = ${at}
       where id = any(${ids}::uuid[]) and ad_account_id is distinct from ${account.id}::uuid`;
    // a campaign already linked here keeps whether we paused it; one coming from elsewhere starts afresh
    await tx.$executeRaw`
      insert into campaign_platform_states (brand_id, campaign_id, ad_account_id, actual, paused_by_us, synced_at, updated_at)
      select ${brand.id}::uuid, x.campaign_id, ${account.id}::uuid, x.actual, false, ${at}, ${at}
        from unnest(${ids}::uuid[], ${ids.map((c) => statusOf.get(external.get(c)!) ?? null)}::text[]) as x(campaign_id, actual)
      on conflict (brand_id, campaign_id) do update
         set actual = excluded.actual, synced_at = excluded.synced_at, updated_at = excluded.updated_at, last_error = null,
             paused_by_us = campaign_platform_states.paused_by_us and campaign_platform_states.ad_account_id = excluded.ad_account_id,
             left_alone_after_event = case when campaign_platform_states.ad_account_id = excluded.ad_account_id
                                           then campaign_platform_states.left_alone_after_event end,
             ad_account_id = excluded.ad_account_id`;
    const summary = { linked: linked.length, created: created.length, skipped };
    await audit(
      tx,
      scope,
      entry('adAccount.import', account, { linkedCampaigns: before }, { linkedCampaigns: await linkedCount(tx, account.id), ...summary }),
      at,
    );
    return { account, ...summary, campaignIds: ids };
  });
}

/** Names for new campaigns: the platform's, or with " (<id>)" when the brand (or an earlier one of these) has it. */
async function namesFor(tx: Tx, brandId: string, campaigns: { externalCampaignId: string; name: string }[]): Promise<string[]> {
  const fit = (name: string, suffix = '') =>
    `${name
      .trim()
      .slice(0, MAX_LENGTH.name - suffix.length)
      .trim()}${suffix}`;
  const plain = campaigns.map((c) => fit(c.name) || c.externalCampaignId);
  const suffixed = campaigns.map((c, i) => fit(plain[i]!, ` (${c.externalCampaignId})`));
  const taken = new Set(
    (
      await tx.$queryRaw<{ name: string }[]>`
        select name from campaigns where brand_id = ${brandId}::uuid and name = any(${[...plain, ...suffixed]}::text[])`
    ).map((r) => r.name),
  );
  return campaigns.map((_, i) => {
    const name = taken.has(plain[i]!) ? suffixed[i]! : plain[i]!;
    taken.add(name);
    return name;
  });
}
