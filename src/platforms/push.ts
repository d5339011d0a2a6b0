// Status out, level-triggered: the push reads, when it runs, each linked campaign's desired
// platform status and the platform's actual one, and writes only what differs, in one batch per
// account; retries and duplicate jobs are so harmless. The desired status:
// - our campaign PAUSED (any reason, archived too) → PAUSED;
// - ACTIVE → ENABLED only if this service paused it there (paused_by_us): a campaign someone else
//   paused on the platform stays paused;
// - nothing for a campaign REMOVED on the platform, or one the brand's REPORT policy leaves
//   running until our decision changes (a status event newer than left_alone_after_event).
import type { Db } from '../db/index.ts';
import { platformPushLatency, platformWrites } from '../metrics.ts';
import { lockAccount, platformEvents, type AccountRow, type PlatformEventInput } from './accountRow.ts';
import { PlatformError, type PlatformClient, type StatusWrite, type WriteOutcome } from './types.ts';

export interface PendingWrite extends StatusWrite {
  campaignId: string;
  /** the platform's status before */
  actual: string | null;
  /** when our newest decision about the campaign was made (its last status event) */
  decidedAt: Date | null;
}

/** The SQL of a linked campaign's desired platform status (null: leave it as it is); c = campaigns, s = its state. */
export const DESIRED_SQL = `case when s.actual = 'REMOVED' or s.campaign_id is null then null
            when s.left_alone_after_event is not null
                 and s.left_alone_after_event >= coalesce((select max(e.id) from campaign_status_events e where e.campaign_id = c.id), 0) then null
            when c.status = 'PAUSED' then 'PAUSED'
            when s.paused_by_us then 'ENABLED'
            else null end`;

export interface PlatformStateRow {
  campaignId: string;
  desired: 'ENABLED' | 'PAUSED' | null;
  actual: string | null;
  pausedByUs: boolean;
  syncedAt: Date | null;
  lastError: string | null;
}

/** Campaign.platformState of linked campaigns (one query for a page): the desired status by the rule above. */
export async function platformStates(db: Db, campaignIds: readonly string[]): Promise<Map<string, PlatformStateRow>> {
  const rows = await db.$queryRawUnsafe<PlatformStateRow[]>(
    `select c.id as "campaignId", ${DESIRED_SQL} as desired, s.actual, coalesce(s.paused_by_us, false) as "pausedByUs",
            s.synced_at as "syncedAt", s.last_error as "lastError"
       from campaigns c
       left join campaign_platform_states s on s.brand_id = c.brand_id and s.campaign_id = c.id
      where c.id = any($1::uuid[]) and (c.ad_account_id is not null or s.campaign_id is not null)`,
    campaignIds,
  );
  return new Map(rows.map((r) => [r.campaignId, r]));
}

/** The linked campaigns of the account whose platform status differs from the desired one. */
export async function pendingWrites(db: Db, account: AccountRow): Promise<PendingWrite[]> {
  return db.$queryRawUnsafe<PendingWrite[]>(
    `select * from (
       select c.id as "campaignId", c.external_campaign_id as "externalCampaignId", s.actual, ${DESIRED_SQL} as status,
              (select e.occurred_at from campaign_status_events e where e.campaign_id = c.id order by e.id desc limit 1) as "decidedAt"
         from campaigns c
         join campaign_platform_states s on s.brand_id = c.brand_id and s.campaign_id = c.id
        where c.brand_id = $1::uuid and c.ad_account_id = $2::uuid and c.external_campaign_id is not null) p
      where p.status is not null and p.status is distinct from p.actual
      order by "externalCampaignId"`,
    account.brandId,
    account.id,
  );
}

/** SQL: the accounts with something to push (the dispatcher's query). */
export const ACCOUNTS_WITH_WORK_SQL = `
  select distinct c.ad_account_id as id
    from campaigns c
    join campaign_platform_states s on s.brand_id = c.brand_id and s.campaign_id = c.id
    join ad_accounts a on a.id = c.ad_account_id
   where a.status not in ('DISCONNECTED', 'AUTH_FAILED') and c.external_campaign_id is not null
     and (${DESIRED_SQL}) is distinct from null and (${DESIRED_SQL}) is distinct from s.actual`;

export interface Pushed {
  paused: number;
  resumed: number;
  failed: number;
}

/**
 * Writes the pending statuses. A whole-call failure (rate limit, credentials, 5xx) throws: the
 * caller records it and queues the push again; the campaigns' states stay as they were, so the
 * next push sends them again. One campaign's refusal is kept on its state (lastError) and said
 * once as an event; the others go through.
 */
export async function push(db: Db, account: AccountRow, client: PlatformClient, clock: () => Date): Promise<Pushed> {
  const writes = await pendingWrites(db, account);
  const result: Pushed = { paused: 0, resumed: 0, failed: 0 };
  if (!writes.length) return result;
  let outcomes: WriteOutcome[];
  // a failure part-way (Meta's calls are one per campaign): what went through is recorded, then it is thrown
  let failure: PlatformError | null = null;
  try {
    outcomes = await client.setStatuses(writes.map(({ externalCampaignId, status }) => ({ externalCampaignId, status })));
  } catch (error) {
    if (!(error instanceof PlatformError) || !error.details.done?.length) throw error;
    outcomes = error.details.done;
    failure = error;
  }
  const at = clock();
  const byExternal = new Map(outcomes.map((o) => [o.externalCampaignId, o.error]));
  await db.$transaction(async (tx) => {
    // the account's lock first, as its sync takes it: the two never hold each other's campaign
    // states, nor one of them the events lock that the other waits for
    await lockAccount(tx, account.id);
    const events: PlatformEventInput[] = [];
    const done: PendingWrite[] = [];
    for (const w of writes) {
      if (!byExternal.has(w.externalCampaignId)) continue;
      const error = byExternal.get(w.externalCampaignId)!;
      platformWrites.inc({ platform: account.platform, status: w.status, outcome: error ? 'refused' : 'ok' });
      if (error) {
        result.failed++;
        const message = `setting ${w.status} was refused: ${error.message}`;
        const [prior] = await tx.$queryRaw<{ last_error: string | null }[]>`
          update campaign_platform_states s set last_error = ${message}, updated_at = ${at}::timestamptz
            from (select last_error from campaign_platform_states where brand_id = ${account.brandId}::uuid and campaign_id = ${w.campaignId}::uuid) old
           where s.brand_id = ${account.brandId}::uuid and s.campaign_id = ${w.campaignId}::uuid
          returning old.last_error`;
        if (prior?.last_error !== message) {
          events.push({ brandId: account.brandId, accountId: account.id, campaignId: w.campaignId, kind: 'PUSH_FAILED', message, at });
        }
        continue;
      }
      if (w.status === 'PAUSED') result.paused++;
      else result.resumed++;
      if (w.decidedAt) platformPushLatency.observe({ platform: account.platform }, Math.max(0, (at.getTime() - w.decidedAt.getTime()) / 1000));
      done.push(w);
    }
    // paused by us: we turned it off (it ran, or we never knew); a campaign already paused stays
    // someone else's. One statement for the batch.
    if (done.length) {
      await tx.$executeRaw`
        update campaign_platform_states s
           set actual = d.status,
               paused_by_us = case when d.status = 'PAUSED' then s.paused_by_us or s.actual is distinct from 'PAUSED' else false end,
               synced_at = ${at}::timestamptz, last_error = null, updated_at = ${at}::timestamptz
          from unnest(${done.map((w) => w.campaignId)}::uuid[], ${done.map((w) => w.status)}::text[]) as d(campaign_id, status)
         where s.brand_id = ${account.brandId}::uuid and s.campaign_id = d.campaign_id`;
    }
    await platformEvents(tx, events); // last: the events lock, to the commit
  });
  if (failure) throw failure;
  return result;
}
