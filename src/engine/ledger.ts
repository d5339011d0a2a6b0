// The spend ledger: every spend recorded exactly once, exact to its currency's unit. Idempotent on
// (brand, source, externalId); the brand's campaigns get their desired state applied in the same
// transaction, so the spend that uses up a budget pauses them before the write returns.
import { randomUUID } from 'node:crypto';
import { preparedWhen } from '../db/client.ts';
import type { Tx } from '../db/index.ts';
import { parseSpendType, type SpendType } from '../domain/desiredState.ts';
import { DomainError, parseId, quote } from '../domain/errors.ts';
import { finerThanUnit, MINOR_UNITS_JSON, scanMoney, type ScannedMoney } from '../domain/money.ts';
import { SYSTEM, type Scope } from '../domain/scope.ts';
import { FUTURE_SPEND_TOLERANCE_MS, isCalendarDate } from '../domain/time.ts';
import { MAX_LENGTH, parseText } from '../domain/validate.ts';
import { countChanges, spends as spendsMetric } from '../metrics.ts';
import { sqlSpan } from '../trace.ts';
import { changeOf, type ChangeRow, type StatusChange } from './events.ts';

/** the ad platforms' connectors' sources (platform:google_ads, platform:meta): only they write these */
export const CONNECTOR_SOURCE_PREFIX = 'platform:';

/** recordSpends answers at most this many items per call */
export const MAX_BATCH = 10_000;

export interface SpendInput {
  campaignId?: string | null;
  /** instead of campaignId: the platform's reference, plus brandId where it exists in several brands */
  platform?: string | null;
  externalCampaignId?: string | null;
  brandId?: string | null;
  /** a Money string in the brand's currency's unit; anything else is refused as INVALID_MONEY naming `amount` */
  amount?: unknown;
  occurredAt?: Date | null;
  /**
   * instead of occurredAt: the brand-local date (YYYY-MM-DD) the spend is booked on; it occurred
   * at that date's start in the brand's zone (record_spends), so it counts toward that date and its month
   */
  spendDate?: string | null;
  description?: string | null;
  source?: string | null;
  externalId?: string | null;
  /** DAILY (default) or MONTHLY: anything else is refused naming `spendType` */
  spendType?: unknown;
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
  spendType: SpendType;
  /** who recorded it (the key's name); null: recorded before this was kept, or around the API */
  recordedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

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
  /** its Amount and decimals: record_spends refuses it (PRECISION) when they are finer than its brand's currency */
  amount: ScannedMoney;
  /** null: the start of spendDate in the brand's zone, which record_spends knows */
  occurredAt: Date | null;
  spendDate: string | null;
  description: string;
  source: string;
  externalId: string | null;
  spendType: SpendType;
}

/** One spend: its error is thrown, as a mutation answers it. */
export async function recordSpend(tx: Tx, input: SpendInput, scope: Scope, at: Date) {
  const { items, statusChanges } = await recordSpends(tx, [input], scope, at);
  const item = items[0]!;
  if (item.error) throw item.error;
  return { ...item, statusChanges };
}

/** What record_spends answers for a valid item (n counts from 1 in the valid items). */
interface ItemRow {
  n: number;
  outcome: 'CREATED' | 'EXISTING' | 'NOT_FOUND' | 'AMBIGUOUS' | 'FORBIDDEN' | 'PRECISION' | 'FUTURE';
  brandId?: string;
  /** its brand's currency (PRECISION) */
  currency?: string;
  campaignId?: string;
  /** CREATED: what the item did not say of the spend it wrote (the rest is the item's) */
  spendDate?: string;
  occurredAt?: string;
  /** EXISTING: the spend that holds its key */
  spend?: Record<keyof SpendRow, string | null> | null;
}

/**
 * Validates every item, then writes the valid ones in one statement (record_spends,
 * prisma/functions/70_ledger.sql): it resolves each to its campaign, locks their brands, inserts, and applies the
 * desired state once per brand touched. Being one statement, it is atomic without a transaction
 * of the caller's: `tx` may be the database itself (one round trip per call).
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
  const valid: Valid[] = [];
  inputs.forEach((input, index) => {
    try {
      valid.push(validate(input, index, at, scope));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      items[index]!.error = error;
    }
  });
  if (valid.length === 0) return counted({ items, statusChanges: [] });
  const [{ result }] = await sqlSpan(
    'record_spends',
    () => tx.$queryRaw<[{ result: { items: ItemRow[]; changes: ChangeRow[] } }]>`${preparedWhen(valid.length === 1)}
    select record_spends(${at}::timestamptz, ${scope.actor}, ${scope.brandIds ? [...scope.brandIds] : null}::uuid[],
             ${JSON.stringify(valid.map(itemOf))}::json, ${MINOR_UNITS_JSON}::jsonb) as result`,
  );
  for (const row of result.items) {
    const v = valid[row.n - 1]!;
    const item = items[v.index]!;
    const error = errorOf(row, v);
    if (error) {
      item.error = error;
      continue;
    }
    item.brandId = row.brandId!;
    item.campaignId = row.campaignId!;
    item.duplicate = row.outcome === 'EXISTING';
    item.spend = item.duplicate ? spendOf(row.spend!) : written(v, row, scope, at);
  }
  return counted({ items, statusChanges: result.changes.map(changeOf) });
}

/** An item as record_spends reads it (prisma/functions/70_ledger.sql). */
function itemOf(v: Valid) {
  const ref = v.campaignRef;
  return {
    id: v.id,
    ...('id' in ref
      ? { campaign_id: ref.id }
      : { platform: ref.platform, external_campaign_id: ref.externalCampaignId, ref_brand_id: ref.brandId }),
    // an amount finer than any currency's unit goes as 0 with its decimals: record_spends refuses it (PRECISION)
    amount: (v.amount.amount ?? 0n).toString(),
    decimals: v.amount.decimals,
    occurred_at: v.occurredAt?.toISOString() ?? null, // a string: JSON.stringify of a Date costs twice as much
    spend_date: v.spendDate,
    description: v.description,
    source: v.source,
    external_id: v.externalId,
    spend_type: v.spendType,
  };
}

/** The metrics of a write: each item's outcome, each status change. */
function counted<T extends { items: SpendOutcome[]; statusChanges: StatusChange[] }>(result: T): T {
  const outcomes = { recorded: 0, duplicate: 0, refused: 0 };
  for (const item of result.items) outcomes[item.error ? 'refused' : item.duplicate ? 'duplicate' : 'recorded']++;
  for (const [outcome, n] of Object.entries(outcomes)) if (n) spendsMetric.inc({ outcome }, n);
  countChanges(result.statusChanges, 'SPEND');
  return result;
}

/** The item's error, if its outcome is one (an EXISTING spend with other facts is a conflict). */
function errorOf(row: ItemRow, v: Valid): DomainError | null {
  const ref = v.campaignRef;
  switch (row.outcome) {
    case 'CREATED':
      return null;
    case 'NOT_FOUND':
      return 'id' in ref
        ? new DomainError('NOT_FOUND', `no campaign with id ${ref.id}`, 'campaignId')
        : new DomainError(
            'NOT_FOUND',
            `no campaign with platform ${quote(ref.platform)} and externalCampaignId ${quote(ref.externalCampaignId)}${ref.brandId ? ' in that brand' : ''}`,
            'externalCampaignId',
          );
    case 'AMBIGUOUS':
      return new DomainError('INVALID_ARGUMENT', 'this platform and externalCampaignId exist in several brands: give brandId', 'brandId');
    case 'FORBIDDEN':
      return new DomainError('FORBIDDEN', 'this API key may not record spend for that brand', 'campaignId');
    case 'PRECISION':
      return finerThanUnit(v.amount, 'amount', row.currency!);
    case 'FUTURE':
      return new DomainError('FUTURE_SPEND', `spendDate ${v.spendDate} is after the brand's today`, 'spendDate');
    case 'EXISTING': {
      const original = row.spend!;
      const otherCampaign = original.campaignId !== row.campaignId;
      const differs = otherCampaign
        ? 'campaign'
        : BigInt(original.amount!) !== v.amount.amount
          ? 'amount'
          : original.spendType !== v.spendType
            ? 'spendType'
            : null;
      if (!differs) return null;
      return new DomainError(
        'IDEMPOTENCY_CONFLICT',
        `externalId ${quote(v.externalId)} from source ${quote(v.source)} was already recorded with a different ${differs} (spend ${original.id})`,
        'externalId',
      );
    }
  }
}

/** The spend an item wrote: its own facts, with its brand, campaign, date and instant as record_spends resolved them. */
function written(v: Valid, row: ItemRow, scope: Scope, at: Date): SpendRow {
  return {
    id: v.id,
    brandId: row.brandId!,
    campaignId: row.campaignId!,
    amount: v.amount.amount!,
    occurredAt: v.occurredAt ?? new Date(row.occurredAt!),
    spendDate: new Date(row.spendDate!),
    description: v.description,
    source: v.source,
    externalId: v.externalId,
    spendType: v.spendType,
    recordedBy: scope.actor,
    createdAt: at,
    updatedAt: at,
  };
}

function spendOf(s: Record<keyof SpendRow, string | null>): SpendRow {
  return {
    id: s.id!,
    brandId: s.brandId!,
    campaignId: s.campaignId!,
    amount: BigInt(s.amount!),
    occurredAt: new Date(s.occurredAt!),
    spendDate: new Date(s.spendDate!),
    description: s.description!,
    source: s.source!,
    externalId: s.externalId,
    spendType: s.spendType as SpendType,
    recordedBy: s.recordedBy,
    createdAt: new Date(s.createdAt!),
    updatedAt: new Date(s.updatedAt!),
  };
}

function validate(input: SpendInput, index: number, at: Date, scope: Scope): Valid {
  const amount = scanMoney(input.amount, 'amount');
  if (amount.amount === 0n) throw new DomainError('INVALID_MONEY', 'amount must not be zero', 'amount');
  const spendDate = input.spendDate == null ? null : parseSpendDate(input.spendDate);
  if (spendDate && input.occurredAt != null) {
    throw new DomainError('INVALID_ARGUMENT', 'give occurredAt or spendDate, not both', 'spendDate');
  }
  const occurredAt = spendDate ? null : (input.occurredAt ?? at);
  if (occurredAt !== null && (!(occurredAt instanceof Date) || Number.isNaN(occurredAt.getTime()))) {
    throw new DomainError('INVALID_ARGUMENT', 'occurredAt must be a date-time', 'occurredAt');
  }
  if (occurredAt !== null && occurredAt.getTime() > at.getTime() + FUTURE_SPEND_TOLERANCE_MS) {
    throw new DomainError('FUTURE_SPEND', `occurredAt ${occurredAt.toISOString()} is more than 5 minutes in the future`, 'occurredAt');
  }
  const description = parseText(input.description ?? '', 'description', { max: MAX_LENGTH.description, multiline: true });
  const source = parseText(input.source ?? 'api', 'source', { min: 1, max: MAX_LENGTH.source });
  // the ad platforms' connectors book their totals under these: another writer's entries would
  // break their sum (src/platforms/pull.ts)
  if (source.startsWith(CONNECTOR_SOURCE_PREFIX) && scope !== SYSTEM) {
    throw new DomainError('INVALID_ARGUMENT', `sources starting with "${CONNECTOR_SOURCE_PREFIX}" are the ad platforms' connectors'; got ${quote(source)}`, 'source');
  }
  const externalId = input.externalId == null ? null : parseText(input.externalId, 'externalId', { min: 1, max: MAX_LENGTH.externalId });
  const spendType = parseSpendType(input.spendType);
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
  return { index, id: randomUUID(), campaignRef, amount, occurredAt, spendDate, description, source, externalId, spendType };
}

/** A calendar date from 2000-01-01 to 2999-12-31, like the instants the service accepts. */
function parseSpendDate(value: unknown): string {
  if (!isCalendarDate(value) || value < '2000-01-01' || value > '2999-12-31') {
    throw new DomainError(
      'INVALID_ARGUMENT',
      `spendDate must be a date from 2000-01-01 to 2999-12-31, like "2026-11-26"; got ${quote(value)}`,
      'spendDate',
    );
  }
  return value;
}
