// The spend ledger: every spend recorded exactly once, to the cent. Idempotent on
// (brand, source, externalId); the brand's campaigns get their desired state applied in the same
// transaction, so the spend that uses up a budget pauses them before the write returns.
import { randomUUID } from 'node:crypto';
import type { Tx } from '../db/index.ts';
import { DomainError, parseId, quote } from '../domain/errors.ts';
import { parseMoney, type Cents } from '../domain/money.ts';
import { mayAct, type Scope } from '../domain/scope.ts';
import { FUTURE_SPEND_TOLERANCE_MS } from '../domain/time.ts';
import { parseText } from '../domain/validate.ts';
import type { StatusChange } from './events.ts';
import { lockBrands, reconcile } from './reconcile.ts';

/** recordSpends answers at most this many items per call */
export const MAX_BATCH = 10_000;

export interface SpendInput {
  campaignId?: string | null;
  /** instead of campaignId: the platform's reference, plus brandId where it exists in several brands */
  platform?: string | null;
  externalCampaignId?: string | null;
  brandId?: string | null;
  /** a Money string; anything else is refused as INVALID_MONEY naming `amount` */
  amount?: unknown;
  occurredAt?: Date | null;
  description?: string | null;
  source?: string | null;
  externalId?: string | null;
}

export interface SpendOutcome {
  index: number;
  /** the recorded spend, or the original one for a duplicate */
  spendId: string | null;
  brandId: string | null;
  campaignId: string | null;
  duplicate: boolean;
  error: DomainError | null;
}

export interface BatchResult {
  items: SpendOutcome[];
  statusChanges: StatusChange[];
}

interface Valid {
  index: number;
  id: string;
  campaignRef: { id: string } | { platform: string; externalCampaignId: string; brandId: string | null };
  amount: Cents;
  occurredAt: Date;
  description: string;
  source: string;
  externalId: string | null;
  campaignId?: string;
  brandId?: string;
}

/** One spend: its error is thrown, as a mutation answers it. */
export async function recordSpend(tx: Tx, input: SpendInput, scope: Scope, at: Date) {
  const { items, statusChanges } = await recordSpends(tx, [input], scope, at);
  const item = items[0]!;
  if (item.error) throw item.error;
  return { ...item, statusChanges };
}

/**
 * Validates every item, writes the valid ones, applies the desired state once per brand touched.
 * A spend for a brand outside the scope is FORBIDDEN (its item), like any other item's error.
 */
export async function recordSpends(tx: Tx, inputs: SpendInput[], scope: Scope, at: Date): Promise<BatchResult> {
  if (inputs.length > MAX_BATCH) {
    throw new DomainError('INVALID_ARGUMENT', `inputs: at most ${MAX_BATCH} spends per call (got ${inputs.length})`, 'inputs');
  }
  const items: SpendOutcome[] = inputs.map((_, index) => ({
    index,
    spendId: null,
    brandId: null,
    campaignId: null,
    duplicate: false,
    error: null,
  }));
  const fail = (index: number, error: unknown) => {
    if (!(error instanceof DomainError)) throw error;
    items[index]!.error = error;
  };
  const valid: Valid[] = [];
  inputs.forEach((input, index) => {
    try {
      valid.push(validate(input, index, at));
    } catch (error) {
      fail(index, error);
    }
  });
  const resolved: Valid[] = [];
  for (const v of await resolveCampaigns(tx, valid, scope)) {
    if (v.error) fail(v.index, v.error);
    else if (!mayAct(scope, v.brandId!)) {
      fail(v.index, new DomainError('FORBIDDEN', 'this API key may not record spend for that brand', 'campaignId'));
    } else resolved.push(v);
  }
  const brandIds = [...new Set(resolved.map((v) => v.brandId!))].sort();
  if (brandIds.length === 0) return { items, statusChanges: [] };
  // Lock first: two spends crossing the budget must not both see room.
  await lockBrands(tx, brandIds);
  // A campaign deleted between the lookup and the lock (its brand's lock is what deletion holds)
  // is NOT_FOUND for its item, not a foreign-key failure of the whole batch.
  const live = new Set(
    (
      await tx.$queryRaw<
        { id: string }[]
      >`select id from campaigns where id = any(${[...new Set(resolved.map((v) => v.campaignId!))]}::uuid[])`
    ).map((r) => r.id),
  );
  for (let i = resolved.length - 1; i >= 0; i--) {
    const v = resolved[i]!;
    if (!live.has(v.campaignId!)) {
      fail(v.index, new DomainError('NOT_FOUND', `no campaign with id ${v.campaignId}`, 'campaignId'));
      resolved.splice(i, 1);
    }
  }
  if (resolved.length === 0) return { items, statusChanges: [] };
  const inserted = new Set(
    (
      await tx.$queryRaw<{ id: string }[]>`
          insert into spends (id, brand_id, campaign_id, amount, occurred_at, description, source, external_id, created_at, updated_at)
          select x.*, ${at}::timestamptz, ${at}::timestamptz
            from unnest(${resolved.map((v) => v.id)}::uuid[], ${resolved.map((v) => v.brandId!)}::uuid[],
                        ${resolved.map((v) => v.campaignId!)}::uuid[], ${resolved.map((v) => v.amount.toString())}::bigint[],
                        ${resolved.map((v) => v.occurredAt)}::timestamptz[], ${resolved.map((v) => v.description)}::text[],
                        ${resolved.map((v) => v.source)}::text[], ${resolved.map((v) => v.externalId)}::text[])
              as x(id, brand_id, campaign_id, amount, occurred_at, description, source, external_id)
          on conflict (brand_id, source, external_id) do nothing
          returning id`
    ).map((r) => r.id),
  );
  const skipped = resolved.filter((v) => !inserted.has(v.id));
  const originals =
    skipped.length === 0
      ? []
      : await tx.$queryRaw<{ id: string; brand_id: string; campaign_id: string; amount: bigint; source: string; external_id: string }[]>`
      select s.id, s.brand_id, s.campaign_id, s.amount, s.source, s.external_id
        from spends s
        join unnest(${skipped.map((v) => v.brandId!)}::uuid[], ${skipped.map((v) => v.source)}::text[], ${skipped.map((v) => v.externalId)}::text[])
          as k(brand_id, source, external_id)
          on s.brand_id = k.brand_id and s.source = k.source and s.external_id = k.external_id`;
  const byKey = new Map(originals.map((o) => [`${o.brand_id}\u0000${o.source}\u0000${o.external_id}`, o]));
  for (const v of resolved) {
    const item = items[v.index]!;
    item.brandId = v.brandId!;
    item.campaignId = v.campaignId!;
    if (inserted.has(v.id)) {
      item.spendId = v.id;
      continue;
    }
    const original = byKey.get(`${v.brandId}\u0000${v.source}\u0000${v.externalId}`)!;
    if (original.amount !== v.amount || original.campaign_id !== v.campaignId) {
      fail(
        v.index,
        new DomainError(
          'IDEMPOTENCY_CONFLICT',
          `externalId ${quote(v.externalId)} from source ${quote(v.source)} was already recorded with a different ${
            original.campaign_id !== v.campaignId ? 'campaign' : 'amount'
          } (spend ${original.id})`,
          'externalId',
        ),
      );
      continue;
    }
    item.spendId = original.id;
    item.duplicate = true;
  }
  const { changes } = await reconcile(tx, { task: 'ALL', trigger: 'SPEND', actor: scope.actor, at, brandIds });
  return { items, statusChanges: changes };
}

/** Finds each item's campaign (by id, or by platform reference) and so its brand. */
async function resolveCampaigns(tx: Tx, valid: Valid[], scope: Scope): Promise<(Valid & { error?: DomainError })[]> {
  const ids = valid.flatMap((v) => ('id' in v.campaignRef ? [v.campaignRef.id] : []));
  const refs = valid.flatMap((v) => ('platform' in v.campaignRef ? [v.campaignRef] : []));
  const byId = new Map(
    ids.length === 0
      ? []
      : (
          await tx.$queryRaw<{ id: string; brand_id: string }[]>`
          select id, brand_id from campaigns where id = any(${ids}::uuid[])`
        ).map((r) => [r.id, r.brand_id]),
  );
  const byRef = new Map<string, { id: string; brand_id: string }[]>();
  if (refs.length > 0) {
    const rows = await tx.$queryRaw<{ id: string; brand_id: string; platform: string; external_campaign_id: string }[]>`
      select c.id, c.brand_id, c.platform, c.external_campaign_id
        from campaigns c
        join (select distinct * from unnest(${refs.map((r) => r.platform)}::text[], ${refs.map((r) => r.externalCampaignId)}::text[])) as k(platform, ext)
          on c.platform = k.platform and c.external_campaign_id = k.ext`;
    for (const r of rows) {
      const key = `${r.platform}\u0000${r.external_campaign_id}`;
      byRef.set(key, [...(byRef.get(key) ?? []), r]);
    }
  }
  return valid.map((v) => {
    const ref = v.campaignRef;
    if ('id' in ref) {
      const brandId = byId.get(ref.id);
      if (!brandId) return { ...v, error: new DomainError('NOT_FOUND', `no campaign with id ${ref.id}`, 'campaignId') };
      return { ...v, campaignId: ref.id, brandId };
    }
    const matches = (byRef.get(`${ref.platform}\u0000${ref.externalCampaignId}`) ?? []).filter(
      // a key limited to some brands resolves the reference among its own brands only
      (m) => (!ref.brandId || m.brand_id === ref.brandId) && mayAct(scope, m.brand_id),
    );
    if (matches.length === 0) {
      return {
        ...v,
        error: new DomainError(
          'NOT_FOUND',
          `no campaign with platform ${quote(ref.platform)} and externalCampaignId ${quote(ref.externalCampaignId)}${ref.brandId ? ' in that brand' : ''}`,
          'externalCampaignId',
        ),
      };
    }
    if (matches.length > 1) {
      return {
        ...v,
        error: new DomainError('INVALID_ARGUMENT', 'this platform and externalCampaignId exist in several brands: give brandId', 'brandId'),
      };
    }
    return { ...v, campaignId: matches[0]!.id, brandId: matches[0]!.brand_id };
  });
}

function validate(input: SpendInput, index: number, at: Date): Valid {
  const amount = parseMoney(input.amount, 'amount');
  if (amount === 0n) throw new DomainError('INVALID_MONEY', 'amount must not be zero', 'amount');
  const occurredAt = input.occurredAt ?? at;
  if (!(occurredAt instanceof Date) || Number.isNaN(occurredAt.getTime())) {
    throw new DomainError('INVALID_ARGUMENT', 'occurredAt must be a date-time', 'occurredAt');
  }
  if (occurredAt.getTime() > at.getTime() + FUTURE_SPEND_TOLERANCE_MS) {
    throw new DomainError('FUTURE_SPEND', `occurredAt ${occurredAt.toISOString()} is more than 5 minutes in the future`, 'occurredAt');
  }
  const description = parseText(input.description ?? '', 'description', { max: 1_000, multiline: true });
  const source = parseText(input.source ?? 'api', 'source', { min: 1, max: 100 });
  const externalId = input.externalId == null ? null : parseText(input.externalId, 'externalId', { min: 1, max: 200 });
  let campaignRef: Valid['campaignRef'];
  if (input.campaignId != null) {
    campaignRef = { id: parseId(input.campaignId, 'campaignId') };
  } else if (input.platform != null && input.externalCampaignId != null) {
    campaignRef = {
      platform: parseText(input.platform, 'platform', { min: 1, max: 100 }),
      externalCampaignId: parseText(input.externalCampaignId, 'externalCampaignId', { min: 1, max: 200 }),
      brandId: input.brandId == null ? null : parseId(input.brandId, 'brandId'),
    };
  } else {
    throw new DomainError('INVALID_ARGUMENT', 'give campaignId, or platform and externalCampaignId', 'campaignId');
  }
  return { index, id: randomUUID(), campaignRef, amount, occurredAt, description, source, externalId };
}
