// What holds a campaign and what will move it: every pause rule that holds now (pauseReasons, and
// liftedReasons: those an override in force lifts) and the next change time alone will make
// (nextChange, an override's end included). Both are the engine's own SQL: the rules are
// the reconcile engine's (pause_rules: it acts on the first, pauseReasons lists them), and
// nextChange evaluates the same rules (holding_rules) for every campaign that can move at every
// boundary of its brand ahead, the answer a dry-run reconcile at each boundary in turn would give
// (prisma/functions/40_rules.sql, 80_boundaries.sql). Set-based: one statement for a page of
// campaigns, whatever their brands.
import { heavyStatement } from '../db/heavy.ts';
import type { Db, Tx } from '../db/index.ts';
import type { CampaignStatus, PauseReason } from '../domain/desiredState.ts';

/** How far ahead nextChange looks for window and day boundaries (the next month start is always looked at). */
export const NEXT_CHANGE_HORIZON_DAYS = 8;

export type NextChangeReason = 'PENDING' | 'OVERRIDE_ENDS' | 'WINDOW_OPENS' | 'WINDOW_CLOSES' | 'NEW_DAY' | 'NEW_MONTH';

export interface NextChange {
  at: Date;
  reason: NextChangeReason;
  fromStatus: CampaignStatus;
  fromReason: PauseReason | null;
  toStatus: CampaignStatus;
  toReason: PauseReason | null;
}

/** The rules that hold: `reasons` apply (the first is the pause reason the rules want), `lifted` an override lifts. */
export interface Rules {
  reasons: PauseReason[];
  lifted: PauseReason[];
}

export async function pauseRules(db: Db | Tx, campaignIds: readonly string[], at: Date): Promise<Map<string, Rules>> {
  const rows = await db.$queryRaw<{ campaign_id: string; reasons: PauseReason[]; lifted: PauseReason[] }[]>`
    select campaign_id, reasons::text[] as reasons, lifted::text[] as lifted
      from campaign_pause_rules(${at}::timestamptz, ${[...campaignIds]}::uuid[])`;
  return new Map(rows.map((r) => [r.campaign_id, { reasons: r.reasons, lifted: r.lifted }]));
}

interface NextRow {
  campaign_id: string;
  at: Date;
  from_status: CampaignStatus;
  from_reason: PauseReason | null;
  to_status: CampaignStatus;
  to_reason: PauseReason | null;
  override_ends: boolean;
}

/** The next change of each of these campaigns (of any brands: one call); absent: none within the horizon (or never: MANUAL, archived). */
export async function nextChanges(db: Db, campaignIds: readonly string[], at: Date): Promise<Map<string, NextChange>> {
  const rows = await heavyStatement(
    db,
    db.$queryRaw<NextRow[]>`
      select campaign_id, at, from_status::text, from_reason::text, to_status::text, to_reason::text, override_ends
        from next_changes(${at}::timestamptz, ${[...campaignIds]}::uuid[], make_interval(days => ${NEXT_CHANGE_HORIZON_DAYS}::int))`,
  );
  return new Map(
    rows.map((r) => [
      r.campaign_id,
      {
        at: r.at,
        reason: reasonOf(r, at),
        fromStatus: r.from_status,
        fromReason: r.from_reason,
        toStatus: r.to_status,
        toReason: r.to_reason,
      },
    ]),
  );
}

/** Why time changes it: an override ending, what it leaves (a budget period ending) or the window it meets. */
function reasonOf(r: NextRow, now: Date): NextChangeReason {
  if (r.at.getTime() === now.getTime()) return 'PENDING';
  if (r.override_ends) return 'OVERRIDE_ENDS';
  if (r.from_reason === 'MONTHLY_BUDGET') return 'NEW_MONTH';
  if (r.from_reason === 'DAILY_BUDGET') return 'NEW_DAY';
  if (r.to_reason === 'DAYPARTING') return 'WINDOW_CLOSES';
  return 'WINDOW_OPENS';
}
