// Campaigns: create, rename, delete, archive, and the operator's pause and resume. Every change of
// (status, pauseReason) writes exactly one status event; a change that changes nothing writes none.
import type { Tx } from '../db/index.ts';
import { translateDbError } from '../db/errors.ts';
import type { PauseReason } from '../domain/desiredState.ts';
import { DomainError, parseId } from '../domain/errors.ts';
import { parseName } from '../domain/validate.ts';
import { audit, type Actor } from './audit.ts';
import { statusOf, writeEvents, type StatusChange, type Trigger } from './events.ts';
import { lockBrands, reconcile } from './reconcile.ts';

export interface CampaignRow {
  id: string;
  brandId: string;
  name: string;
  platform: string | null;
  externalCampaignId: string | null;
  status: 'ACTIVE' | 'PAUSED';
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

/** Locks the campaign's brand (§3 Concurrency), then reads the campaign. */
export async function lockCampaign(tx: Tx, id: string, field = 'id'): Promise<CampaignRow> {
  const campaignId = parseId(id, field);
  const [owner] = await tx.$queryRaw<{ brand_id: string }[]>`select brand_id from campaigns where id = ${campaignId}::uuid`;
  if (!owner) throw new DomainError('NOT_FOUND', `no campaign with id ${campaignId}`, field);
  await lockBrands(tx, [owner.brand_id]); // a campaign never changes brand: this is still its brand
  const [campaign] = await tx.$queryRaw<CampaignRow[]>`
    select id, brand_id as "brandId", name, platform, external_campaign_id as "externalCampaignId", status::text,
           pause_reason::text as "pauseReason", archived_at as "archivedAt"
      from campaigns where id = ${campaignId}::uuid`;
  if (!campaign) throw new DomainError('NOT_FOUND', `no campaign with id ${campaignId}`, field);
  return campaign;
}

export async function createCampaign(tx: Tx, input: CreateCampaignInput, actor: Actor, at: Date): Promise<CampaignRow> {
  const brandId = parseId(input.brandId, 'brandId');
  const name = parseName(input.name);
  const ref = externalRef(input.platform ?? null, input.externalCampaignId ?? null);
  await lockBrands(tx, [brandId]);
  const [campaign] = await tx.$queryRaw<CampaignRow[]>`
    insert into campaigns (brand_id, name, platform, external_campaign_id, created_at, updated_at)
    select id, ${name}, ${ref.platform}, ${ref.externalCampaignId}, ${at}, ${at} from brands where id = ${brandId}::uuid
    returning id, brand_id as "brandId", name, platform, external_campaign_id as "externalCampaignId", status::text,
              pause_reason::text as "pauseReason", archived_at as "archivedAt"`.catch(translateDbError);
  if (!campaign) throw new DomainError('NOT_FOUND', `no brand with id ${brandId}`, 'brandId');
  // Its first state is the desired one (the brand may be over budget): one CREATE event from null.
  const { changes } = await reconcile(tx, {
    task: 'ALL',
    trigger: 'CREATE',
    actor: actor.name,
    at,
    brandIds: [brandId],
    campaignIds: [campaign.id],
    dryRun: true,
  });
  const first = changes[0]?.toReason ?? null;
  await setState(tx, { ...campaign, status: 'ACTIVE', pauseReason: null }, first, 'CREATE', actor, at, { fromNull: true });
  await audit(
    tx,
    actor,
    {
      action: 'campaign.create',
      targetType: 'Campaign',
      targetId: campaign.id,
      brandId,
      after: snapshot({ ...campaign, pauseReason: first, status: statusOf(first) }),
    },
    at,
  );
  return { ...campaign, status: statusOf(first), pauseReason: first };
}

export async function updateCampaign(tx: Tx, id: string, input: UpdateCampaignInput, actor: Actor, at: Date): Promise<CampaignRow> {
  const before = await lockCampaign(tx, id);
  const name = input.name == null ? before.name : parseName(input.name);
  const platform = input.platform === undefined ? before.platform : input.platform;
  const externalCampaignId = input.externalCampaignId === undefined ? before.externalCampaignId : input.externalCampaignId;
  const ref = externalRef(platform, externalCampaignId);
  await tx.$executeRaw`
    update campaigns set name = ${name}, platform = ${ref.platform}, external_campaign_id = ${ref.externalCampaignId}, updated_at = ${at}
     where id = ${before.id}::uuid`.catch(translateDbError);
  const after = { ...before, name, ...ref };
  await audit(
    tx,
    actor,
    {
      action: 'campaign.update',
      targetType: 'Campaign',
      targetId: before.id,
      brandId: before.brandId,
      before: snapshot(before),
      after: snapshot(after),
    },
    at,
  );
  return after;
}

/** §3 Deletion: a campaign with spends cannot be deleted (archive it); its windows go with it. */
export async function deleteCampaign(tx: Tx, id: string, actor: Actor, at: Date): Promise<CampaignRow> {
  const campaign = await lockCampaign(tx, id);
  const [spend] = await tx.$queryRaw<
    unknown[]
  >`select 1 from spends where brand_id = ${campaign.brandId}::uuid and campaign_id = ${campaign.id}::uuid limit 1`;
  if (spend) throw new DomainError('HAS_SPEND_HISTORY', 'the campaign has spends and cannot be deleted: archive it instead', 'id');
  await tx.$executeRaw`delete from campaigns where id = ${campaign.id}::uuid`;
  await audit(
    tx,
    actor,
    { action: 'campaign.delete', targetType: 'Campaign', targetId: campaign.id, brandId: campaign.brandId, before: snapshot(campaign) },
    at,
  );
  return campaign;
}

/** Archived campaigns are frozen: paused (MANUAL), never resumed by any rule. */
export async function archiveCampaign(tx: Tx, id: string, actor: Actor, at: Date): Promise<CampaignRow> {
  const campaign = await lockCampaign(tx, id);
  if (campaign.archivedAt) return campaign;
  await setState(tx, campaign, 'MANUAL', 'MANUAL', actor, at);
  await tx.$executeRaw`update campaigns set archived_at = ${at}, updated_at = ${at} where id = ${campaign.id}::uuid`;
  await audit(
    tx,
    actor,
    {
      action: 'campaign.archive',
      targetType: 'Campaign',
      targetId: campaign.id,
      brandId: campaign.brandId,
      before: snapshot(campaign),
      after: { ...snapshot(campaign), status: 'PAUSED', pauseReason: 'MANUAL', archived: true },
    },
    at,
  );
  return { ...campaign, status: 'PAUSED', pauseReason: 'MANUAL', archivedAt: at };
}

/** Unarchiving leaves it PAUSED / MANUAL until an operator resumes it. */
export async function unarchiveCampaign(tx: Tx, id: string, actor: Actor, at: Date): Promise<CampaignRow> {
  const campaign = await lockCampaign(tx, id);
  if (!campaign.archivedAt) return campaign;
  await tx.$executeRaw`update campaigns set archived_at = null, updated_at = ${at} where id = ${campaign.id}::uuid`;
  await audit(
    tx,
    actor,
    {
      action: 'campaign.unarchive',
      targetType: 'Campaign',
      targetId: campaign.id,
      brandId: campaign.brandId,
      before: { ...snapshot(campaign), archived: true },
      after: snapshot(campaign),
    },
    at,
  );
  return { ...campaign, archivedAt: null };
}

export async function pauseCampaign(tx: Tx, id: string, actor: Actor, at: Date): Promise<CampaignRow> {
  const campaign = await lockCampaign(tx, id);
  if (campaign.pauseReason === 'MANUAL') return campaign; // already paused by an operator: nothing to write
  await setState(tx, campaign, 'MANUAL', 'MANUAL', actor, at);
  await audit(
    tx,
    actor,
    {
      action: 'campaign.pause',
      targetType: 'Campaign',
      targetId: campaign.id,
      brandId: campaign.brandId,
      before: snapshot(campaign),
      after: { ...snapshot(campaign), status: 'PAUSED', pauseReason: 'MANUAL' },
    },
    at,
  );
  return { ...campaign, status: 'PAUSED', pauseReason: 'MANUAL' };
}

/**
 * Clears MANUAL, then applies the desired state: the campaign may stay PAUSED / DAILY_BUDGET, and
 * the resume still succeeds. One event, from PAUSED / MANUAL to wherever it lands.
 */
export async function resumeCampaign(tx: Tx, id: string, actor: Actor, at: Date): Promise<CampaignRow> {
  const campaign = await lockCampaign(tx, id);
  if (campaign.archivedAt) throw new DomainError('ARCHIVED', 'the campaign is archived: unarchive it before resuming', 'id');
  if (campaign.pauseReason === 'MANUAL') {
    await tx.$executeRaw`update campaigns set status = 'ACTIVE', pause_reason = null where id = ${campaign.id}::uuid`;
  }
  const { changes } = await reconcile(tx, {
    task: 'ALL',
    trigger: 'MANUAL',
    actor: actor.name,
    at,
    brandIds: [campaign.brandId],
    campaignIds: [campaign.id],
    dryRun: true,
  });
  // a change says where it lands (toReason null = ACTIVE); no change: it stays as it is (ACTIVE once MANUAL is cleared)
  const desired = changes.length > 0 ? changes[0]!.toReason : campaign.pauseReason === 'MANUAL' ? null : campaign.pauseReason;
  if (desired === campaign.pauseReason) return campaign;
  await setState(tx, campaign, desired, 'MANUAL', actor, at);
  await audit(
    tx,
    actor,
    {
      action: 'campaign.resume',
      targetType: 'Campaign',
      targetId: campaign.id,
      brandId: campaign.brandId,
      before: snapshot(campaign),
      after: { ...snapshot(campaign), status: statusOf(desired), pauseReason: desired },
    },
    at,
  );
  return { ...campaign, status: statusOf(desired), pauseReason: desired };
}

/** Moves one campaign to a state, writing its event when the state changes (or always, from null). */
async function setState(
  tx: Tx,
  campaign: CampaignRow,
  toReason: PauseReason | null,
  trigger: Trigger,
  actor: Actor,
  at: Date,
  options: { fromNull?: boolean } = {},
): Promise<void> {
  if (!options.fromNull && campaign.pauseReason === toReason) return;
  await tx.$executeRaw`
    update campaigns set status = ${statusOf(toReason)}::campaign_status, pause_reason = ${toReason}::pause_reason, updated_at = ${at}
     where id = ${campaign.id}::uuid`;
  const change: StatusChange = {
    campaignId: campaign.id,
    campaignName: campaign.name,
    brandId: campaign.brandId,
    fromStatus: options.fromNull ? null : campaign.status,
    fromReason: options.fromNull ? null : campaign.pauseReason,
    toStatus: statusOf(toReason),
    toReason,
  };
  await writeEvents(tx, [change], trigger, actor.name, at);
}

/** platform and externalCampaignId come together, or not at all. */
function externalRef(platform: string | null, externalCampaignId: string | null) {
  const p = platform?.trim() || null;
  const e = externalCampaignId?.trim() || null;
  if ((p === null) !== (e === null)) {
    throw new DomainError(
      'INVALID_ARGUMENT',
      'platform and externalCampaignId go together: give both or neither',
      p === null ? 'platform' : 'externalCampaignId',
    );
  }
  if (p && p.length > 100) throw new DomainError('INVALID_ARGUMENT', 'platform must be at most 100 characters', 'platform');
  if (e && e.length > 200)
    throw new DomainError('INVALID_ARGUMENT', 'externalCampaignId must be at most 200 characters', 'externalCampaignId');
  return { platform: p, externalCampaignId: e };
}

function snapshot(c: Pick<CampaignRow, 'name' | 'platform' | 'externalCampaignId' | 'status' | 'pauseReason'>) {
  return { name: c.name, platform: c.platform, externalCampaignId: c.externalCampaignId, status: c.status, pauseReason: c.pauseReason };
}
