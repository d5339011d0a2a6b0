// Campaigns: create (one or many), rename, delete, archive, and the operator's pause and resume
// (of one, of many at once, of a whole brand: the single acts are the bulk ones with one id).
// Every state change goes through the reconcile engine (created, paused, resumed are its
// overrides), so every change of (status, pauseReason) writes exactly one status event, and a
// change that changes nothing writes none.
import { Prisma } from '../db/client.ts';
import type { Tx } from '../db/index.ts';
import { translateDbError } from '../db/errors.ts';
import { statusOf, type CampaignStatus, type PauseReason } from '../domain/desiredState.ts';
import { checks, DomainError, parseId, quote } from '../domain/errors.ts';
import { assertMayAct, type Scope } from '../domain/scope.ts';
import { MAX_LENGTH, parseName, parseText } from '../domain/validate.ts';
import { audit, type AuditAction, type AuditInput } from './audit.ts';
import type { StatusChange, Trigger } from './events.ts';
import { lockBrands, reconcile, type ReconcileOptions } from './reconcile.ts';

export interface CampaignRow {
  id: string;
  brandId: string;
  name: string;
  platform: string | null;
  externalCampaignId: string | null;
  status: CampaignStatus;
  pauseReason: PauseReason | null;
  archivedAt: Date | null;
}

export interface CreateCampaignInput {
  brandId: string;
  name: string;
  platform?: string | null;
  externalCampaignId?: string | null;
}

export interface UpdateCampaignInput {
  name?: string | null;
  platform?: string | null;
  externalCampaignId?: string | null;
}

const COLUMNS = Prisma.sql`id, brand_id as "brandId", name, platform, external_campaign_id as "externalCampaignId", status::text,
  pause_reason::text as "pauseReason", archived_at as "archivedAt"`;

/** Locks the campaigns' brands (in id order, before reading totals and statuses), then reads them; FORBIDDEN outside the scope. */
export async function lockCampaigns(tx: Tx, ids: readonly string[], scope: Scope, field = 'id'): Promise<CampaignRow[]> {
  const campaignIds = ids.map((id) => parseId(id, field));
  const owners = await tx.$queryRaw<{ brand_id: string }[]>`
    select distinct brand_id from campaigns where id = any(${campaignIds}::uuid[]) order by brand_id`;
  // A campaign never changes brand: after the lock, these are still its brands.
  await lockBrands(
    tx,
    owners.map((o) => o.brand_id),
  );
  const rows = await tx.$queryRaw<CampaignRow[]>`select ${COLUMNS} from campaigns where id = any(${campaignIds}::uuid[])`;
  const byId = new Map(rows.map((r) => [r.id, r]));
  return campaignIds.map((id) => {
    const row = byId.get(id);
    if (!row) throw new DomainError('NOT_FOUND', `no campaign with id ${id}`, field);
    assertMayAct(scope, row.brandId, field);
    return row;
  });
}

export async function lockCampaign(tx: Tx, id: string, scope: Scope, field = 'id'): Promise<CampaignRow> {
  return (await lockCampaigns(tx, [id], scope, field))[0]!;
}

export async function createCampaign(tx: Tx, input: CreateCampaignInput, scope: Scope, at: Date): Promise<CampaignRow> {
  return (await createCampaigns(tx, [input], scope, at))[0]!;
}

/** Each is created in its desired state (its brand may be over budget): one CREATE event from null. */
export async function createCampaigns(tx: Tx, inputs: CreateCampaignInput[], scope: Scope, at: Date): Promise<CampaignRow[]> {
  const parsed = inputs.map((input) => {
    // every field is checked before any refusal: one answer names each wrong field
    const { check, done } = checks();
    const one = {
      brandId: check(() => parseId(input.brandId, 'brandId')),
      name: check(() => parseName(input.name)),
      ...check(() => externalRef(input.platform ?? null, input.externalCampaignId ?? null)),
    };
    done();
    return one;
  });
  if (parsed.length === 0) return [];
  const brandIds = [...new Set(parsed.map((p) => p.brandId))].sort();
  await lockBrands(tx, brandIds);
  const found = new Map(
    (
      await tx.$queryRaw<{ id: string; archived_at: Date | null }[]>`select id, archived_at from brands where id = any(${brandIds}::uuid[])`
    ).map((r) => [r.id, r.archived_at]),
  );
  for (const brandId of brandIds) {
    if (!found.has(brandId)) throw new DomainError('NOT_FOUND', `no brand with id ${brandId}`, 'brandId');
    assertMayAct(scope, brandId, 'brandId');
    if (found.get(brandId)) throw new DomainError('ARCHIVED', 'the brand is archived: unarchive it before adding campaigns', 'brandId');
  }
  const inserted = await tx.$queryRaw<CampaignRow[]>`
    insert into campaigns (brand_id, name, platform, external_campaign_id, created_at, updated_at)
    select x.brand_id, x.name, x.platform, x.external_campaign_id, ${at}, ${at}
      from unnest(${parsed.map((p) => p.brandId)}::uuid[], ${parsed.map((p) => p.name)}::text[], ${parsed.map((p) => p.platform)}::text[],
                  ${parsed.map((p) => p.externalCampaignId)}::text[]) with ordinality as x(brand_id, name, platform, external_campaign_id, n)
     order by x.n
    returning ${COLUMNS}`.catch(translateDbError);
  const ids = inserted.map((c) => c.id);
  const { changes } = await applyState(tx, scope, at, 'CREATE', { brandIds, campaignIds: ids, created: ids });
  const first = new Map(changes.map((ch) => [ch.campaignId, ch.toReason]));
  const campaigns = inserted.map((c) => ({ ...c, pauseReason: first.get(c.id) ?? null, status: statusOf(first.get(c.id) ?? null) }));
  await audit(
    tx,
    scope,
    campaigns.map((c) => ({ action: 'campaign.create', targetType: 'Campaign', targetId: c.id, brandId: c.brandId, after: snapshot(c) })),
    at,
  );
  return campaigns;
}

export async function updateCampaign(tx: Tx, id: string, input: UpdateCampaignInput, scope: Scope, at: Date): Promise<CampaignRow> {
  const before = await lockCampaign(tx, id, scope);
  const after = {
    ...before,
    name: input.name == null ? before.name : parseName(input.name),
    ...externalRef(
      input.platform === undefined ? before.platform : input.platform,
      input.externalCampaignId === undefined ? before.externalCampaignId : input.externalCampaignId,
    ),
  };
  if (JSON.stringify(snapshot(after)) === JSON.stringify(snapshot(before))) return before;
  if (after.platform !== before.platform || after.externalCampaignId !== before.externalCampaignId) {
    // linked to an ad account, its platform reference is the account's (its spend and its status there)
    const [linked] = await tx.$queryRaw<unknown[]>`select 1 from campaigns where id = ${before.id}::uuid and ad_account_id is not null`;
    if (linked) {
      throw new DomainError(
        'INVALID_ARGUMENT',
        'the campaign is linked to an ad account, which its platform and externalCampaignId come from: disconnect the account to change them',
        input.externalCampaignId === undefined ? 'platform' : 'externalCampaignId',
      );
    }
  }
  await tx.$executeRaw`
    update campaigns set name = ${after.name}, platform = ${after.platform}, external_campaign_id = ${after.externalCampaignId}, updated_at = ${at}
     where id = ${before.id}::uuid`.catch(translateDbError);
  await audit(tx, scope, change('campaign.update', before, snapshot(before), snapshot(after)), at);
  return after;
}

/** Deletion: a campaign with spends cannot be deleted (archive it); its windows go with it. */
export async function deleteCampaign(tx: Tx, id: string, scope: Scope, at: Date): Promise<CampaignRow> {
  const campaign = await lockCampaign(tx, id, scope);
  const [spend] = await tx.$queryRaw<unknown[]>`
    select 1 from spends where brand_id = ${campaign.brandId}::uuid and campaign_id = ${campaign.id}::uuid limit 1`;
  if (spend) throw new DomainError('HAS_SPEND_HISTORY', 'the campaign has spends and cannot be deleted: archive it instead', 'id');
  await tx.$executeRaw`delete from campaigns where id = ${campaign.id}::uuid`;
  await audit(tx, scope, change('campaign.delete', campaign, snapshot(campaign), undefined), at);
  return campaign;
}

/** At most this many campaigns in one bulk act (pauseCampaigns, resumeCampaigns, archiveCampaigns). */
export const MAX_BULK = 500;

/**
 * What an act on many campaigns did: those it changed (as they are now, in the order asked), those
 * it left as they were (already paused, archived, …), and one status change per event written.
 */
export interface BulkOutcome {
  changed: CampaignRow[];
  unchanged: CampaignRow[];
  statusChanges: StatusChange[];
}

/**
 * The campaigns of a bulk act, locked (their brands in id order) and read: each id once, at most
 * MAX_BULK; an unknown id is NOT_FOUND naming it, another brand's FORBIDDEN. All or nothing: a
 * refusal of one refuses the act (nothing is written).
 */
function lockMany(tx: Tx, ids: readonly string[], scope: Scope, field: string): Promise<CampaignRow[]> {
  if (ids.length > MAX_BULK) {
    throw new DomainError('INVALID_ARGUMENT', `at most ${MAX_BULK} campaigns at once (got ${ids.length})`, field);
  }
  return lockCampaigns(tx, [...new Set(ids)], scope, field);
}

/** Archived campaigns are frozen: paused (MANUAL), never resumed by any rule. */
export async function archiveCampaign(tx: Tx, id: string, scope: Scope, at: Date): Promise<CampaignRow> {
  return only(await archiveCampaigns(tx, [id], scope, at, 'id'));
}

/** archiveCampaign for many: those archived already are left as they are. */
export async function archiveCampaigns(tx: Tx, ids: readonly string[], scope: Scope, at: Date, field = 'ids'): Promise<BulkOutcome> {
  const campaigns = await lockMany(tx, ids, scope, field);
  const fresh = campaigns.filter((c) => !c.archivedAt);
  const unchanged = campaigns.filter((c) => c.archivedAt);
  if (fresh.length === 0) return { changed: [], unchanged, statusChanges: [] };
  const freshIds = fresh.map((c) => c.id);
  const brandIds = [...new Set(fresh.map((c) => c.brandId))].sort();
  const { changes } = await applyState(tx, scope, at, 'MANUAL', { brandIds, campaignIds: freshIds, pause: freshIds });
  await tx.$executeRaw`update campaigns set archived_at = ${at}, updated_at = ${at} where id = any(${freshIds}::uuid[])`;
  const changed = fresh.map((c) => ({ ...c, status: 'PAUSED' as const, pauseReason: 'MANUAL' as const, archivedAt: at }));
  await audit(
    tx,
    scope,
    fresh.map((c, i) => change('campaign.archive', c, snapshot(c), snapshot(changed[i]!))),
    at,
  );
  return { changed, unchanged, statusChanges: changes };
}

/** Unarchiving leaves it PAUSED / MANUAL until an operator resumes it. */
export async function unarchiveCampaign(tx: Tx, id: string, scope: Scope, at: Date): Promise<CampaignRow> {
  const campaign = await lockCampaign(tx, id, scope);
  if (!campaign.archivedAt) return campaign;
  await tx.$executeRaw`update campaigns set archived_at = null, updated_at = ${at} where id = ${campaign.id}::uuid`;
  const after = { ...campaign, archivedAt: null };
  await audit(tx, scope, change('campaign.unarchive', campaign, snapshot(campaign), snapshot(after)), at);
  return after;
}

/** PAUSED / MANUAL until an operator resumes it; pausing a paused-by-an-operator campaign changes nothing. */
export async function pauseCampaign(tx: Tx, id: string, scope: Scope, at: Date): Promise<CampaignRow> {
  return only(await pauseCampaigns(tx, [id], scope, at, 'id'));
}

/** pauseCampaign for many: those an operator paused already (archived ones too) are left as they are, with no event. */
export async function pauseCampaigns(tx: Tx, ids: readonly string[], scope: Scope, at: Date, field = 'ids'): Promise<BulkOutcome> {
  const campaigns = await lockMany(tx, ids, scope, field);
  return manually(tx, scope, at, campaigns, 'campaign.pause', { pause: campaigns.map((c) => c.id) });
}

/** Every campaign of a brand whose lock the caller holds (archived ones aside) to PAUSED / MANUAL: "Pause all", archiving the brand. */
export async function pauseAll(tx: Tx, brandId: string, scope: Scope, at: Date): Promise<BulkOutcome> {
  const campaigns = await tx.$queryRaw<CampaignRow[]>`
    select ${COLUMNS} from campaigns where brand_id = ${brandId}::uuid and archived_at is null order by name, id`;
  return manually(tx, scope, at, campaigns, 'campaign.pause', { pause: campaigns.map((c) => c.id) });
}

/** Every campaign of a brand whose lock the caller holds that an operator paused (archived ones aside) resumed: "Resume all". */
export async function resumeAll(tx: Tx, brandId: string, scope: Scope, at: Date): Promise<BulkOutcome> {
  const campaigns = await tx.$queryRaw<CampaignRow[]>`
    select ${COLUMNS} from campaigns where brand_id = ${brandId}::uuid and archived_at is null and pause_reason = 'MANUAL' order by name, id`;
  return manually(tx, scope, at, campaigns, 'campaign.resume', { resume: campaigns.map((c) => c.id) });
}

/**
 * Clears MANUAL, then applies the desired state: the campaign may stay PAUSED / DAILY_BUDGET, and
 * the resume still succeeds. One event, from PAUSED / MANUAL to wherever it lands. Refused for an
 * archived campaign, and for a campaign of an archived brand (both are frozen).
 */
export async function resumeCampaign(tx: Tx, id: string, scope: Scope, at: Date): Promise<CampaignRow> {
  return only(await resumeCampaigns(tx, [id], scope, at, 'id'));
}

/** resumeCampaign for many: refused (ARCHIVED, naming it) if any is archived or of an archived brand. */
export async function resumeCampaigns(tx: Tx, ids: readonly string[], scope: Scope, at: Date, field = 'ids'): Promise<BulkOutcome> {
  const campaigns = await lockMany(tx, ids, scope, field);
  const archived = campaigns.find((c) => c.archivedAt);
  if (archived) {
    throw new DomainError('ARCHIVED', `the campaign ${quote(archived.name)} is archived: unarchive it before resuming`, field);
  }
  const brandIds = [...new Set(campaigns.map((c) => c.brandId))];
  const [frozen] = await tx.$queryRaw<{ id: string }[]>`
    select id from brands where id = any(${brandIds}::uuid[]) and archived_at is not null limit 1`;
  if (frozen) {
    const of = campaigns.find((c) => c.brandId === frozen.id)!;
    throw new DomainError('ARCHIVED', `the brand of ${quote(of.name)} is archived: unarchive the brand before resuming`, field);
  }
  return manually(tx, scope, at, campaigns, 'campaign.resume', { resume: campaigns.map((c) => c.id) });
}

/** A single act's campaign, as it is now. */
function only(outcome: BulkOutcome): CampaignRow {
  return (outcome.changed[0] ?? outcome.unchanged[0])!;
}

/** An operator's act on campaigns (of brands the caller has locked): each one it changes is audited, before and after. */
async function manually(
  tx: Tx,
  scope: Scope,
  at: Date,
  campaigns: CampaignRow[],
  action: 'campaign.pause' | 'campaign.resume',
  override: Pick<ReconcileOptions, 'pause' | 'resume'>,
): Promise<BulkOutcome> {
  if (campaigns.length === 0) return { changed: [], unchanged: [], statusChanges: [] };
  const brandIds = [...new Set(campaigns.map((c) => c.brandId))].sort();
  const { changes } = await applyState(tx, scope, at, 'MANUAL', { brandIds, campaignIds: campaigns.map((c) => c.id), ...override });
  const landed = new Map(changes.map((ch) => [ch.campaignId, ch]));
  const changed = campaigns.flatMap((c) => {
    const ch = landed.get(c.id);
    return ch ? [{ ...c, status: ch.toStatus, pauseReason: ch.toReason }] : [];
  });
  await audit(
    tx,
    scope,
    changed.map((after) => {
      const before = campaigns.find((c) => c.id === after.id)!;
      return change(action, before, snapshot(before), snapshot(after));
    }),
    at,
  );
  return { changed, unchanged: campaigns.filter((c) => !landed.has(c.id)), statusChanges: changes };
}

function applyState(
  tx: Tx,
  scope: Scope,
  at: Date,
  trigger: Trigger,
  options: Omit<ReconcileOptions, 'task' | 'trigger' | 'actor' | 'at'>,
): Promise<{ changes: StatusChange[] }> {
  return reconcile(tx, { task: 'ALL', trigger, actor: scope.actor, at, ...options });
}

/** platform and externalCampaignId come together, or not at all. */
function externalRef(platform: string | null, externalCampaignId: string | null) {
  const p = platform == null ? null : parseText(platform.trim(), 'platform', { max: MAX_LENGTH.platform }) || null;
  const e =
    externalCampaignId == null
      ? null
      : parseText(externalCampaignId.trim(), 'externalCampaignId', { max: MAX_LENGTH.externalCampaignId }) || null;
  if ((p === null) !== (e === null)) {
    throw new DomainError(
      'INVALID_ARGUMENT',
      'platform and externalCampaignId go together: give both or neither',
      p === null ? 'platform' : 'externalCampaignId',
    );
  }
  return { platform: p, externalCampaignId: e };
}

function change(action: AuditAction, c: CampaignRow, before: unknown, after: unknown): AuditInput {
  return { action, targetType: 'Campaign', targetId: c.id, brandId: c.brandId, before, after };
}

/** What the audit trail records of a campaign. */
function snapshot(c: Pick<CampaignRow, 'name' | 'platform' | 'externalCampaignId' | 'status' | 'pauseReason' | 'archivedAt'>) {
  return {
    name: c.name,
    platform: c.platform,
    externalCampaignId: c.externalCampaignId,
    status: c.status,
    pauseReason: c.pauseReason,
    archived: c.archivedAt !== null,
  };
}
