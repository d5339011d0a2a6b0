// The spend ledger: every spend recorded exactly once, to the cent. Idempotent on
// (brand, source, externalId); the brand's campaigns get their desired state applied in the same
// transaction, so the spend that uses up a budget pauses them before the write returns.
import { randomUUID } from 'node:crypto';
import { preparedWhen, Prisma } from '../db/client.ts';
import type { Tx } from '../db/index.ts';
import { DomainError, parseId, quote } from '../domain/errors.ts';
import { parseMoney, type Cents } from '../domain/money.ts';
import { mayAct, type Scope } from '../domain/scope.ts';
import { FUTURE_SPEND_TOLERANCE_MS } from '../domain/time.ts';
import { MAX_LENGTH, parseText } from '../domain/validate.ts';
import type { StatusChange } from './events.ts';
import { reconcile } from './reconcile.ts';

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

/** A ledger row, shaped as the Spend model (the API answers it without reading it again). */
export interface SpendRow {
  id: string;
  brandId: string;
  campaignId: string;
  amount: bigint;
  occurredAt: Date;
  spendDate: Date;
  description: string;
  source: string;
  externalId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const SPEND = Prisma.sql`id, brand_id as "brandId", campaign_id as "campaignId", amount, occurred_at as "occurredAt",
  spend_date as "spendDate", description, source, external_id as "externalId", created_at as "createdAt", updated_at as "updatedAt"`;

export interface SpendOutcome {
  index: number;
  /** the recorded spend, or the original one for a duplicate */
  spend: SpendRow | null;
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
    spend: null,
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
  // Lock first (in the same statement as the lookup): two spends crossing the budget must not both see room.
  for (const v of await resolveAndLock(tx, valid, scope)) {
    if (v.error) fail(v.index, v.error);
    else if (!mayAct(scope, v.brandId!)) {
      fail(v.index, new DomainError('FORBIDDEN', 'this API key may not record spend for that brand', 'campaignId'));
    } else resolved.push(v);
  }
  const brandIds = [...new Set(resolved.map((v) => v.brandId!))].sort();
  if (resolved.length === 0) return { items, statusChanges: [] };
  const inserted = new Map(
    // Joined to campaigns: one deleted between the lookup and the lock (deletion holds its brand's
    // lock) is not inserted, and its item answers NOT_FOUND, not a foreign-key failure of the batch.
    (
      await tx.$queryRaw<SpendRow[]>`${preparedWhen(resolved.length === 1)}
          insert into spends (id, brand_id, campaign_id, amount, occurred_at, spend_date, description, source, external_id, created_at, updated_at)
          select x.id, x.brand_id, x.campaign_id, x.amount, x.occurred_at, local_clock(x.occurred_at, b.timezone)::date,
                 x.description, x.source, x.external_id, ${at}::timestamptz, ${at}::timestamptz
            from unnest(${resolved.map((v) => v.id)}::uuid[], ${resolved.map((v) => v.brandId!)}::uuid[],
                        ${resolved.map((v) => v.campaignId!)}::uuid[], ${resolved.map((v) => v.amount.toString())}::bigint[],
                        ${resolved.map((v) => v.occurredAt)}::timestamptz[], ${resolved.map((v) => v.description)}::text[],
                        ${resolved.map((v) => v.source)}::text[], ${resolved.map((v) => v.externalId)}::text[])
              with ordinality as x(id, brand_id, campaign_id, amount, occurred_at, description, source, external_id, n)
            join brands b on b.id = x.brand_id
            join campaigns c on c.id = x.campaign_id and c.brand_id = x.brand_id
           order by x.n -- the first of two items with one (source, externalId) is the one recorded
          on conflict (brand_id, source, external_id) do nothing
          returning ${SPEND}`
    ).map((r) => [r.id, r]),
  );
  const skipped = resolved.filter((v) => !inserted.has(v.id));
  const originals =
    skipped.length === 0
      ? []
      : await tx.$queryRaw<SpendRow[]>`
      select ${SPEND}
        from spends
       where (brand_id, source, external_id) in (
               select * from unnest(${skipped.map((v) => v.brandId!)}::uuid[], ${skipped.map((v) => v.source)}::text[],
                                    ${skipped.map((v) => v.externalId)}::text[]))`;
  const byKey = new Map(originals.map((o) => [`${o.brandId}\u0000${o.source}\u0000${o.externalId}`, o]));
  for (const v of resolved) {
    const item = items[v.index]!;
    item.brandId = v.brandId!;
    item.campaignId = v.campaignId!;
    const spend = inserted.get(v.id);
    if (spend) {
      item.spend = spend;
      continue;
    }
    const original = byKey.get(`${v.brandId}\u0000${v.source}\u0000${v.externalId}`);
    if (!original) {
      fail(v.index, new DomainError('NOT_FOUND', `no campaign with id ${v.campaignId}`, 'campaignId'));
      continue;
    }
    if (original.amount !== v.amount || original.campaignId !== v.campaignId) {
      fail(
        v.index,
        new DomainError(
          'IDEMPOTENCY_CONFLICT',
          `externalId ${quote(v.externalId)} from source ${quote(v.source)} was already recorded with a different ${
            original.campaignId !== v.campaignId ? 'campaign' : 'amount'
          } (spend ${original.id})`,
          'externalId',
        ),
      );
      continue;
    }
    item.spend = original;
    item.duplicate = true;
  }
  const { changes } = await reconcile(tx, { task: 'ALL', trigger: 'SPEND', actor: scope.actor, at, brandIds });
  return { items, statusChanges: changes };
}

/**
 * Finds each item's campaign (by id, or by platform reference) and so its brand, and locks those
 * brands, in id order, in the same statement (one round trip on the hot path). A candidate of a
 * reference that turns out ambiguous or outside the scope is locked too, until the commit.
 */
async function resolveAndLock(tx: Tx, valid: Valid[], scope: Scope): Promise<(Valid & { error?: DomainError })[]> {
  const ids = [...new Set(valid.flatMap((v) => ('id' in v.campaignRef ? [v.campaignRef.id] : [])))];
  const refs = valid.flatMap((v) => ('platform' in v.campaignRef ? [v.campaignRef] : []));
  if (ids.length === 0 && refs.length === 0) return [];
  const rows = await tx.$queryRaw<
    { id: string; brand_id: string; platform: string | null; external_campaign_id: string | null }[]
  >`${preparedWhen(valid.length === 1)}
    with wanted as (
      select c.id, c.brand_id, c.platform, c.external_campaign_id from campaigns c where c.id = any(${ids}::uuid[])
      union
      select c.id, c.brand_id, c.platform, c.external_campaign_id
        from campaigns c
        join unnest(${refs.map((r) => r.platform)}::text[], ${refs.map((r) => r.externalCampaignId)}::text[]) as k(platform, ext)
          on c.platform = k.platform and c.external_campaign_id = k.ext
    )
    select w.id, w.brand_id, w.platform, w.external_campaign_id
      from wanted w join brands b on b.id = w.brand_id
     order by b.id
       for update of b`;
  const byId = new Map(rows.map((r) => [r.id, r.brand_id]));
  const byRef = new Map<string, { id: string; brand_id: string }[]>();
  for (const r of rows) {
    if (r.platform === null) continue;
    const key = `${r.platform}\u0000${r.external_campaign_id}`;
    byRef.set(key, [...(byRef.get(key) ?? []), r]);
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
  const description = parseText(input.description ?? '', 'description', { max: MAX_LENGTH.description, multiline: true });
  const source = parseText(input.source ?? 'api', 'source', { min: 1, max: MAX_LENGTH.source });
  const externalId = input.externalId == null ? null : parseText(input.externalId, 'externalId', { min: 1, max: MAX_LENGTH.externalId });
  let campaignRef: Valid['campaignRef'];
  if (input.campaignId != null) {
    campaignRef = { id: parseId(input.campaignId, 'campaignId') };
  } else if (input.platform != null && input.externalCampaignId != null) {
    campaignRef = {
      platform: parseText(input.platform, 'platform', { min: 1, max: MAX_LENGTH.platform }),
      externalCampaignId: parseText(input.externalCampaignId, 'externalCampaignId', { min: 1, max: MAX_LENGTH.externalCampaignId }),
      brandId: input.brandId == null ? null : parseId(input.brandId, 'brandId'),
    };
  } else {
    throw new DomainError('INVALID_ARGUMENT', 'give campaignId, or platform and externalCampaignId', 'campaignId');
  }
  return { index, id: randomUUID(), campaignRef, amount, occurredAt, description, source, externalId };
}
