// CampaignStatusEvent rows: the status audit and the subscription feed. One place writes them:
// reconcile_campaigns (prisma/functions/50_reconcile.sql), called by src/engine/reconcile.ts.
//
// A sequence hands out ids at insert, not at commit: with concurrent writers, event 41 could
// become visible after event 42, and a reader that asks for "id > last seen" would skip it. So
// every transaction that writes events first takes one transaction-scoped advisory lock, the
// events lock (take_events_lock(), prisma/functions/20_signals.sql): event writing commits are
// serialised, and ids become visible in order. Writers take it last, after their brand locks, and
// wait on nothing after it, so it cannot deadlock. The channel they notify is EVENTS_CHANNEL
// (src/db/signals.ts).
import type { StatusTrigger } from '../db/generated/prisma/enums.ts';
import type { CampaignStatus, PauseReason } from '../domain/desiredState.ts';

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

/** A change as reconcile_campaigns answers it (record_spends passes its event id as text). */
export interface ChangeRow {
  event_id: bigint | string | null;
  campaign_id: string | null;
  brand_id: string | null;
  campaign_name: string | null;
  from_status: CampaignStatus | null;
  from_reason: PauseReason | null;
  to_status: CampaignStatus | null;
  to_reason: PauseReason | null;
}

export function changeOf(row: ChangeRow): StatusChange {
  return {
    campaignId: row.campaign_id!,
    campaignName: row.campaign_name!,
    brandId: row.brand_id!,
    fromStatus: row.from_status,
    fromReason: row.from_reason,
    toStatus: row.to_status!,
    toReason: row.to_reason,
    ...(row.event_id === null ? {} : { eventId: BigInt(row.event_id) }),
  };
}
