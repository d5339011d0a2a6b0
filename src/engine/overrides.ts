// Emergency overrides (soft limits): an operator lets a campaign, or every campaign of a brand, run
// despite its daily and/or monthly budget and/or its windows until an instant they give (at most
// the end of the brand's month), with a reason. The rules leave out what an override in force lifts
// (pause_rules, prisma/functions/40_rules.sql); so starting and cancelling one re-apply the desired
// state to its reach in the same transaction (trigger OVERRIDE), and its end at `until` is a job
// queued in that transaction (OVERRIDE_END_JOB) that applies it then (trigger OVERRIDE_END). The
// scheduled tasks apply what then holds too, should the worker be away at that instant. Spends
// still count and alerts still fire: an override changes which rules apply, nothing else.
import { Prisma } from '../db/client.ts';
import type { Tx } from '../db/index.ts';
import { enqueue } from '../db/jobs.ts';
import type { PauseReason } from '../domain/desiredState.ts';
import { DomainError, parseId } from '../domain/errors.ts';
import { OVERRIDE_END_JOB } from '../domain/jobs.ts';
import { MAX_OVERRIDE_REASON, parseLifts } from '../domain/overrides.ts';
import { assertMayAct, SYSTEM, type Scope } from '../domain/scope.ts';
import { parseText } from '../domain/validate.ts';
import { audit, type AuditAction } from './audit.ts';
import { lockBrand } from './brands.ts';
import { lockCampaign } from './campaigns.ts';
import type { StatusChange, Trigger } from './events.ts';
import { lockBrands, reconcile, type ReconcileResult } from './reconcile.ts';

export interface OverrideRow {
  id: string;
  brandId: string;
  /** null: every campaign of the brand */
  campaignId: string | null;
  lifts: PauseReason[];
  until: Date;
  reason: string;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  cancelledAt: Date | null;
  cancelledBy: string | null;
}

/** As the API received it: exactly one of campaignId and brandId. */
export interface StartOverrideInput {
  campaignId?: string | null;
  brandId?: string | null;
  lifts: unknown;
  until: Date;
  reason: unknown;
}

export interface OverrideOutcome {
  override: OverrideRow;
  statusChanges: StatusChange[];
}

export const OVERRIDE_COLUMNS = Prisma.sql`id, brand_id as "brandId", campaign_id as "campaignId", lifts::text[] as lifts, until,
  reason, created_by as "createdBy", created_at as "createdAt", updated_at as "updatedAt", cancelled_at as "cancelledAt",
  cancelled_by as "cancelledBy"`;

export async function startOverride(tx: Tx, input: StartOverrideInput, scope: Scope, at: Date): Promise<OverrideOutcome> {
  if ((input.campaignId == null) === (input.brandId == null)) {
    throw new DomainError(
      'INVALID_ARGUMENT',
      'give campaignId (one campaign) or brandId (every campaign of the brand), not both',
      'campaignId',
    );
  }
  const lifts = parseLifts(input.lifts);
  const reason = parseText(typeof input.reason === 'string' ? input.reason.trim() : input.reason, 'reason', {
    min: 1,
    max: MAX_OVERRIDE_REASON,
  });
  if (!(input.until instanceof Date) || Number.isNaN(input.until.getTime())) {
    throw new DomainError('INVALID_ARGUMENT', 'until must be an instant (ISO 8601, with its offset)', 'until');
  }
  let brandId: string;
  let campaignId: string | null = null;
  if (input.campaignId != null) {
    const campaign = await lockCampaign(tx, input.campaignId, scope, 'campaignId');
    if (campaign.archivedAt) throw new DomainError('ARCHIVED', 'the campaign is archived: an override never lifts archiving', 'campaignId');
    ({ brandId, id: campaignId } = campaign);
  } else {
    brandId = (await lockBrand(tx, input.brandId!, scope, 'brandId')).id;
  }
  // §2: at most the end of the brand's month (its local month at the start), and in the future
  const [limit] = await tx.$queryRaw<{ month_end: Date; timezone: string }[]>`
    select upper(local_month(${at}::timestamptz, timezone)) as month_end, timezone from brands where id = ${brandId}::uuid`;
  if (input.until <= at) throw new DomainError('INVALID_ARGUMENT', `until must be in the future (now ${at.toISOString()})`, 'until');
  if (input.until > limit!.month_end) {
    throw new DomainError(
      'INVALID_ARGUMENT',
      `until must be at most the end of the brand's month: ${limit!.month_end.toISOString()} (midnight ${limit!.timezone})`,
      'until',
    );
  }
  const [override] = await tx.$queryRaw<OverrideRow[]>`
    insert into overrides (brand_id, campaign_id, lifts, until, reason, created_by, created_at, updated_at)
    values (${brandId}::uuid, ${campaignId}::uuid, ${lifts}::pause_reason[], ${input.until}, ${reason}, ${scope.actor}, ${at}, ${at})
    returning ${OVERRIDE_COLUMNS}`;
  await enqueue(tx, OVERRIDE_END_JOB, { overrideId: override!.id }, override!.until);
  await audit(tx, scope, entry('override.start', override!, undefined, snapshot(override!)), at);
  return { override: override!, statusChanges: await applyReach(tx, override!, 'OVERRIDE', scope.actor, at) };
}

/** Ends it now: the rules it lifted apply at once. One that has ended or was cancelled is answered as it is. */
export async function cancelOverride(tx: Tx, id: string, scope: Scope, at: Date): Promise<OverrideOutcome> {
  const before = await lockOverride(tx, id, scope);
  if (before.cancelledAt || before.until <= at) return { override: before, statusChanges: [] };
  const [override] = await tx.$queryRaw<OverrideRow[]>`
    update overrides set cancelled_at = ${at}, cancelled_by = ${scope.actor}, updated_at = ${at}
     where id = ${before.id}::uuid
    returning ${OVERRIDE_COLUMNS}`;
  await audit(tx, scope, entry('override.cancel', before, snapshot(before), snapshot(override!)), at);
  return { override: override!, statusChanges: await applyReach(tx, override!, 'OVERRIDE', scope.actor, at) };
}

/**
 * The job at `until`: the desired state of the override's reach, as `system`. Run at `until` or
 * later (never before: a worker whose clock is behind the database's applies it as of `until`);
 * nothing for an override cancelled before its end, or gone with its brand or campaign.
 */
export async function endOverride(tx: Tx, id: string, at: Date): Promise<ReconcileResult | null> {
  const [found] = await tx.$queryRaw<{ brand_id: string }[]>`select brand_id from overrides where id = ${id}::uuid`;
  if (!found) return null;
  await lockBrands(tx, [found.brand_id]);
  const [override] = await tx.$queryRaw<OverrideRow[]>`select ${OVERRIDE_COLUMNS} from overrides where id = ${id}::uuid`;
  if (!override || (override.cancelledAt && override.cancelledAt <= override.until)) return null;
  const when = at < override.until ? override.until : at;
  return reconcile(tx, { task: 'ALL', trigger: 'OVERRIDE_END', actor: SYSTEM.actor, at: when, ...reachOf(override) });
}

/** Locks the override's brand, then reads it; FORBIDDEN outside the scope. */
async function lockOverride(tx: Tx, id: string, scope: Scope): Promise<OverrideRow> {
  const overrideId = parseId(id, 'id');
  const [found] = await tx.$queryRaw<{ brand_id: string }[]>`select brand_id from overrides where id = ${overrideId}::uuid`;
  if (!found) throw new DomainError('NOT_FOUND', `no override with id ${overrideId}`, 'id');
  // an override never changes brand: after the lock, this is still its brand
  await lockBrands(tx, [found.brand_id]);
  assertMayAct(scope, found.brand_id, 'id');
  const [override] = await tx.$queryRaw<OverrideRow[]>`select ${OVERRIDE_COLUMNS} from overrides where id = ${overrideId}::uuid`;
  if (!override) throw new DomainError('NOT_FOUND', `no override with id ${overrideId}`, 'id');
  return override;
}

/** The campaigns an override reaches: its campaign, or every campaign of its brand. */
function reachOf(o: OverrideRow) {
  return { brandIds: [o.brandId], ...(o.campaignId ? { campaignIds: [o.campaignId] } : {}) };
}

async function applyReach(tx: Tx, o: OverrideRow, trigger: Trigger, actor: string, at: Date): Promise<StatusChange[]> {
  return (await reconcile(tx, { task: 'ALL', trigger, actor, at, ...reachOf(o) })).changes;
}

function entry(action: AuditAction, o: OverrideRow, before: unknown, after: unknown) {
  return { action, targetType: 'Override', targetId: o.id, brandId: o.brandId, before, after };
}

/** What the audit trail records of an override. */
function snapshot(o: OverrideRow) {
  return {
    campaignId: o.campaignId,
    lifts: o.lifts,
    until: o.until.toISOString(),
    reason: o.reason,
    cancelledAt: o.cancelledAt?.toISOString() ?? null,
  };
}
