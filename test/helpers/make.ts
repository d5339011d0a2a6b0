// Factories over the engine itself (never raw inserts), so tests build state the way users do.
import { db } from '../../src/db/index.ts';
import type { Scope } from '../../src/domain/scope.ts';
import { createBrand, type CreateBrandInput } from '../../src/engine/brands.ts';
import { createCampaign, type CampaignRow } from '../../src/engine/campaigns.ts';
import { recordSpend, type SpendInput } from '../../src/engine/ledger.ts';
import { setSchedules, type WindowInput } from '../../src/engine/schedules.ts';

const actor: Scope = { actor: 'test', role: 'admin', brandIds: null };

/**
 * A zone whose clock reads between 01:00 and 21:00 now: a test that looks a few hours ahead on a
 * brand's clock (an override's end) stays inside the brand's day, whenever it runs.
 */
export function middayZone(): string {
  return ['Europe/Paris', 'America/New_York', 'Asia/Tokyo'].find((zone) => {
    const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
    return hour >= 1 && hour < 21;
  })!;
}
let n = 0;

export async function brand(input: Partial<CreateBrandInput> = {}, at = new Date()) {
  return db().$transaction((tx) =>
    createBrand(tx, { name: `Brand ${++n} ${Math.random().toString(36).slice(2, 8)}`, ...input }, actor, at),
  );
}

export async function campaigns(brandId: string, count: number, at = new Date()): Promise<CampaignRow[]> {
  const out: CampaignRow[] = [];
  for (let i = 0; i < count; i++) out.push(await campaign(brandId, {}, at));
  return out;
}

export async function campaign(
  brandId: string,
  input: { name?: string; platform?: string; externalCampaignId?: string } = {},
  at = new Date(),
) {
  return db().$transaction((tx) => createCampaign(tx, { brandId, name: input.name ?? `Campaign ${++n}`, ...input }, actor, at));
}

export async function spend(campaignId: string, amount: string, at = new Date(), extra: Partial<SpendInput> = {}) {
  return db().$transaction((tx) => recordSpend(tx, { campaignId, amount, occurredAt: at, ...extra }, actor, at));
}

export async function windows(campaignId: string, list: WindowInput[], at = new Date()) {
  return db().$transaction((tx) => setSchedules(tx, campaignId, list, actor, at));
}

/** "STATUS/REASON" of each campaign of a brand, by name */
export async function statuses(brandId: string): Promise<string[]> {
  const rows = await db().campaign.findMany({ where: { brandId }, orderBy: { name: 'asc' } });
  return rows.map((r) => (r.pauseReason ? `${r.status}/${r.pauseReason}` : r.status));
}

export async function events(campaignId: string) {
  return db().campaignStatusEvent.findMany({ where: { campaignId }, orderBy: { id: 'asc' } });
}
