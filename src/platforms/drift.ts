// Drift: each sync reads the platform's statuses and compares them with ours. A campaign this
// service holds paused that runs on the platform (someone clicked "enable") is drift: the brand's
// policy pauses it again (REPAUSE, the push that follows does it) or leaves it running until our
// decision changes (REPORT); either way a platform event says what happened and who did it, when
// the platform's change history says (Google change_event, Meta activities). Otherwise the state
// takes what the platform says: a campaign someone else paused there is theirs (not paused by us),
// so we never resume it.
import type { Tx } from '../db/index.ts';
import { describe, platformEvents, type AccountRow, type PlatformEventInput } from './accountRow.ts';
import type { ChangeRecord, PlatformCampaign } from './types.ts';

export interface DriftResult {
  /** campaigns we hold paused found running on the platform */
  found: number;
  repaused: number;
  reported: number;
}

interface Linked {
  campaignId: string;
  name: string;
  external: string;
  status: 'ACTIVE' | 'PAUSED';
  actual: string | null;
  pausedByUs: boolean;
  lastEvent: bigint | null;
  leftAlone: bigint | null;
  syncedAt: Date | null;
}

/**
 * Applies the platform's statuses, read at `readAt`, to the linked campaigns' states (but those a
 * push set since); answers the drift found.
 * `whoChanged` reads the change history, only when there is drift.
 */
export async function checkDrift(
  tx: Tx,
  account: AccountRow,
  campaigns: readonly PlatformCampaign[],
  readAt: Date,
  whoChanged: () => Promise<ChangeRecord[]>,
  at: Date,
): Promise<DriftResult> {
  const result: DriftResult = { found: 0, repaused: 0, reported: 0 };
  const linked = await tx.$queryRaw<Linked[]>`
    select c.id as "campaignId", c.name, c.external_campaign_id as external, c.status::text as status,
           s.actual, coalesce(s.paused_by_us, false) as "pausedByUs", s.left_alone_after_event as "leftAlone", s.synced_at as "syncedAt",
           (select max(e.id) from campaign_status_events e where e.campaign_id = c.id) as "lastEvent"
      from campaigns c
      left join campaign_platform_states s on s.brand_id = c.brand_id and s.campaign_id = c.id
     where c.brand_id = ${account.brandId}::uuid and c.ad_account_id = ${account.id}::uuid and c.external_campaign_id is not null`;
  const onPlatform = new Map(campaigns.map((c) => [c.externalCampaignId, c.status]));
  let history: ChangeRecord[] | null = null;
  const events: PlatformEventInput[] = [];
  const rows: { campaignId: string; actual: string; pausedByUs: boolean; leftAlone: bigint | null }[] = [];
  for (const c of linked) {
    // a push set its status after the list was read: the list is older than what we know
    if (c.syncedAt && c.syncedAt > readAt) continue;
    // a campaign gone from the platform's list was removed there
    const actual = onPlatform.get(c.external) ?? 'REMOVED';
    const leftAlone = c.leftAlone !== null && c.leftAlone >= (c.lastEvent ?? 0n);
    const drifted = c.status === 'PAUSED' && actual === 'ENABLED' && c.actual !== 'ENABLED' && !leftAlone;
    let pausedByUs = actual === 'PAUSED' ? c.pausedByUs : actual === 'REMOVED' ? false : c.pausedByUs;
    // paused on the platform while we knew it running: someone else's while we hold it active; while
    // we hold it paused, the pause is ours (a push whose answer was lost may have made it)
    if (actual === 'PAUSED' && c.actual === 'ENABLED') pausedByUs = c.status === 'PAUSED';
    let leftAloneAfter = c.leftAlone;
    if (drifted) {
      result.found++;
      history ??= await whoChanged().catch(() => []);
      const who = history.find((h) => h.externalCampaignId === c.external && h.status !== 'PAUSED' && !h.viaApi) ?? null;
      const by = who?.actor ? ` by ${who.actor}` : '';
      const when = who ? ` at ${who.at.toISOString()}` : '';
      const repause = account.driftPolicy === 'REPAUSE';
      if (repause) {
        result.repaused++;
        pausedByUs = true; // ours to pause again, and to resume when our decision changes
      } else {
        result.reported++;
        pausedByUs = false;
        leftAloneAfter = c.lastEvent ?? 0n;
      }
      events.push({
        brandId: account.brandId,
        accountId: account.id,
        campaignId: c.campaignId,
        kind: repause ? 'DRIFT_REPAUSED' : 'DRIFT_REPORTED',
        message:
          `"${c.name}" runs on ${describe(account.platform)} (enabled${by}${when}) while this service holds it paused: ` +
          (repause ? 'pausing it again' : "left running (the brand's drift policy is REPORT) until this service's decision changes"),
        actor: who?.actor ?? null,
        at,
      });
    }
    rows.push({ campaignId: c.campaignId, actual, pausedByUs, leftAlone: leftAloneAfter });
  }
  // one statement for the account, however many campaigns
  if (rows.length) {
    await tx.$executeRaw`
      insert into campaign_platform_states (brand_id, campaign_id, ad_account_id, actual, paused_by_us, left_alone_after_event, synced_at, updated_at)
      select ${account.brandId}::uuid, r.campaign_id, ${account.id}::uuid, r.actual, r.paused_by_us, r.left_alone, ${at}::timestamptz, ${at}::timestamptz
        from unnest(${rows.map((r) => r.campaignId)}::uuid[], ${rows.map((r) => r.actual)}::text[], ${rows.map((r) => r.pausedByUs)}::boolean[],
                    ${rows.map((r) => (r.leftAlone === null ? null : r.leftAlone.toString()))}::bigint[]) as r(campaign_id, actual, paused_by_us, left_alone)
      on conflict (brand_id, campaign_id) do update
        set ad_account_id = excluded.ad_account_id, actual = excluded.actual, paused_by_us = excluded.paused_by_us,
            left_alone_after_event = excluded.left_alone_after_event, synced_at = excluded.synced_at, updated_at = excluded.updated_at`;
  }
  // last: they take the events lock, held to the commit (not across the change history's call above)
  await platformEvents(tx, events);
  return result;
}
