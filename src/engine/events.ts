// CampaignStatusEvent rows: the status audit and the subscription feed. One place writes them.
//
// A sequence hands out ids at insert, not at commit: with concurrent writers, event 41 could
// become visible after event 42, and a reader that asks for "id > last seen" would skip it. So
// every transaction that writes events first takes one transaction-scoped advisory lock: event
// writing commits are serialised, and ids become visible in order. Writers take it last, after
// their brand locks, and wait on nothing after it, so it cannot deadlock.
import type { Tx } from '../db/index.ts';
import type { StatusTrigger } from '../db/generated/prisma/enums.ts';
import type { CampaignStatus, PauseReason } from '../domain/desiredState.ts';

/** pg_advisory_xact_lock key for event writers */
export const EVENTS_LOCK = 4_242_020_402;
/** NOTIFY channel; the payload is the largest event id the transaction wrote */
export const EVENTS_CHANNEL = 'campaign_status_events';

export type Trigger = StatusTrigger;

export interface StatusChange {
  campaignId: string;
  campaignName: string;
  brandId: string;
  fromStatus: CampaignStatus | null;
  fromReason: PauseReason | null;
  toStatus: CampaignStatus;
  toReason: PauseReason | null;
  /** set once written */
  eventId?: bigint;
}

/** Inserts one event per change (in campaign id order) and wakes listeners at commit. */
export async function writeEvents(tx: Tx, changes: StatusChange[], trigger: Trigger, actor: string, at: Date): Promise<void> {
  if (changes.length === 0) return;
  await tx.$executeRaw`select pg_advisory_xact_lock(${EVENTS_LOCK})`;
  const rows = await tx.$queryRaw<{ id: bigint; campaign_id: string }[]>`
    insert into campaign_status_events
      (brand_id, campaign_id, campaign_name, from_status, from_reason, to_status, to_reason, trigger, actor, occurred_at)
    select brand_id, campaign_id, campaign_name, from_status::campaign_status, from_reason::pause_reason,
           to_status::campaign_status, to_reason::pause_reason, ${trigger}::status_trigger, ${actor}, ${at}
      from unnest(${changes.map((c) => c.brandId)}::uuid[], ${changes.map((c) => c.campaignId)}::uuid[],
                  ${changes.map((c) => c.campaignName)}::text[], ${changes.map((c) => c.fromStatus)}::text[],
                  ${changes.map((c) => c.fromReason)}::text[], ${changes.map((c) => c.toStatus)}::text[],
                  ${changes.map((c) => c.toReason)}::text[])
        as x(brand_id, campaign_id, campaign_name, from_status, from_reason, to_status, to_reason)
     order by campaign_id
    returning id, campaign_id`;
  const ids = new Map(rows.map((r) => [r.campaign_id, r.id]));
  let max = 0n;
  for (const c of changes) {
    c.eventId = ids.get(c.campaignId);
    if (c.eventId! > max) max = c.eventId!;
  }
  await tx.$executeRaw`select pg_notify(${EVENTS_CHANNEL}, ${max.toString()})`;
}
