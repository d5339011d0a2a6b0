// Spend: the ledger's rows, the spends query, recordSpend and recordSpends.
import { db } from '../../db/index.ts';
import { DomainError } from '../../domain/errors.ts';
import { localIso } from '../../domain/time.ts';
import { MAX_LENGTH } from '../../domain/validate.ts';
import type { StatusChange } from '../../engine/events.ts';
import { MAX_BATCH, recordSpends, type SpendInput, type SpendRow } from '../../engine/ledger.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { actingScope, brandScope, moneyOf, offsetArg, optionalId, page, skipping } from '../helpers.ts';
import { SpendTypeEnum } from './enums.ts';
import { StatusChangeRef } from './events.ts';

const SpendRef = builder.prismaObject('Spend', {
  fields: (t) => ({
    id: t.exposeID('id'),
    campaign: t.relation('campaign'),
    campaignId: t.exposeID('campaignId'),
    brand: t.relation('brand'),
    brandId: t.exposeID('brandId'),
    amount: t.field({
      type: 'Money',
      description: 'negative = a correction (refund, platform credit)',
      resolve: (s, _args, ctx) => moneyOf(ctx, s.brandId, s.amount),
    }),
    occurredAt: t.expose('occurredAt', { type: 'DateTime' }),
    occurredAtLocal: t.string({
      description: 'occurredAt on the brand’s clock (its timezone now), ISO 8601 with the offset: "2026-12-06T10:30:00+01:00"',
      select: { brand: { select: { timezone: true } } },
      resolve: (s) => localIso(s.occurredAt, s.brand.timezone),
    }),
    spendDate: t.expose('spendDate', {
      type: 'Date',
      description: 'brand-local date of occurredAt, in the brand’s timezone when recorded',
    }),
    description: t.exposeString('description'),
    source: t.exposeString('source'),
    externalId: t.exposeString('externalId', { nullable: true }),
    spendType: t.expose('spendType', { type: SpendTypeEnum }),
    recordedBy: t.exposeString('recordedBy', {
      nullable: true,
      description:
        'the name of the API key that recorded it (cli: the command line); null for spends recorded before this was kept, or written around the API',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

/** Brand-local dates, both inclusive. */
export function spendDateFilter(from?: string | null, to?: string | null) {
  if (!from && !to) return {};
  return { spendDate: { ...(from ? { gte: new Date(`${from}T00:00:00Z`) } : {}), ...(to ? { lte: new Date(`${to}T00:00:00Z`) } : {}) } };
}

/** A text filter: null when not given (or empty), refused at its argument when longer than what it matches can be. */
function textFilter(value: string | null | undefined, field: string, max: number): string | null {
  if (value == null || value === '') return null;
  if (value.length > max)
    throw new DomainError('INVALID_ARGUMENT', `${field} must be at most ${max} characters (got ${value.length})`, field);
  return value;
}

/** A search matching more campaigns than this filters by a join instead of their ids (PostgreSQL takes at most 65,535 parameters). */
const MAX_SEARCH_IDS = 10_000;

interface SpendArgs {
  campaignId?: string | number | null;
  brandId?: string | number | null;
  from?: string | null;
  to?: string | null;
  search?: string | null;
  source?: string | null;
  recordedBy?: string | null;
}

// Set-based: search is first the campaigns whose name, or whose brand's, matches (a few rows of
// the small tables), then their spends by spends_campaign_id_occurred_at_id_idx: counting them is
// an index-only scan, where a join of every spend to its names reads the ledger whole. The order
// walks spends_occurred_at_id_idx.
async function spendFilter(args: SpendArgs, ctx: Context) {
  const search = textFilter(args.search, 'search', MAX_LENGTH.name);
  const source = textFilter(args.source, 'source', MAX_LENGTH.source);
  const recordedBy = textFilter(args.recordedBy, 'recordedBy', MAX_LENGTH.name);
  const contains = { contains: search ?? '', mode: 'insensitive' as const };
  const names = { OR: [{ name: contains }, { brand: { name: contains } }] };
  const matching = search
    ? await db().campaign.findMany({ where: { ...brandScope(ctx), ...names }, select: { id: true }, take: MAX_SEARCH_IDS + 1 })
    : null;
  const bySearch = !matching
    ? []
    : matching.length > MAX_SEARCH_IDS
      ? [{ campaign: names }]
      : [{ campaignId: { in: matching.map((c) => c.id) } }];
  return {
    AND: [brandScope(ctx), ...bySearch],
    ...(args.campaignId != null ? { campaignId: optionalId(args.campaignId, 'campaignId') } : {}),
    ...(args.brandId != null ? { brandId: optionalId(args.brandId, 'brandId') } : {}),
    ...(source ? { source } : {}),
    ...(recordedBy ? { recordedBy } : {}),
    ...spendDateFilter(args.from, args.to),
  };
}

builder.queryField('spends', (t) =>
  t.prismaConnection({
    type: 'Spend',
    cursor: 'brandId_id',
    ...page,
    description: 'Newest first (occurredAt, then id), across every brand the key sees. from/to are brand-local dates, both inclusive.',
    args: {
      offset: t.arg.int(offsetArg),
      campaignId: t.arg.id(),
      brandId: t.arg.id(),
      from: t.arg({ type: 'Date' }),
      to: t.arg({ type: 'Date' }),
      search: t.arg.string({ description: "the campaign's or the brand's name contains this, in any case (at most 100 characters)" }),
      source: t.arg.string({ description: 'recorded from this source, exactly ("api", "cli", an ad platform\'s sync)' }),
      recordedBy: t.arg.string({ description: 'recorded by the API key of this name, exactly ("cli": the command line)' }),
    },
    resolve: async (query, _root, args, ctx) =>
      db().spend.findMany({
        ...skipping(query, args.offset),
        where: await spendFilter(args, ctx),
        orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
      }),
    totalCount: async (_root, args, ctx) => db().spend.count({ where: await spendFilter(args, ctx) }),
  }),
);

const SpendInputRef = builder.inputType('SpendInput', {
  description:
    'Identify the campaign by campaignId, or by platform + externalCampaignId (plus brandId where that pair exists in several brands).',
  fields: (t) => ({
    campaignId: t.id(),
    platform: t.string(),
    externalCampaignId: t.string(),
    brandId: t.id(),
    amount: t.field({
      type: 'Money',
      required: true,
      description: "not 0; negative for corrections; at most the brand's currency's decimals",
    }),
    occurredAt: t.field({ type: 'DateTime', description: 'default: now; at most 5 minutes ahead' }),
    spendDate: t.field({
      type: 'Date',
      description:
        "instead of occurredAt: the brand-local date to book it on (it occurred at that date's start in the brand's timezone); not after the brand's today",
    }),
    description: t.string(),
    source: t.string({ description: 'default "api"' }),
    externalId: t.string({ description: 'idempotency key, unique per brand and source' }),
    spendType: t.field({
      type: SpendTypeEnum,
      description: 'default DAILY; MONTHLY (a monthly fee) counts toward the month only, never toward a day’s budget',
    }),
  }),
});

const toInput = (i: typeof SpendInputRef.$inferInput): SpendInput => ({
  ...i,
  campaignId: i.campaignId == null ? null : String(i.campaignId),
  brandId: i.brandId == null ? null : String(i.brandId),
});

// The spend is answered from the row the ledger wrote (or found): no read after the commit. Its
// relations, when selected, load as any Spend's do.
interface RecordSpendResult {
  spend: SpendRow;
  brandId: string;
  campaignId: string;
  duplicate: boolean;
  statusChanges: StatusChange[];
}

const RecordSpendPayload = builder.objectRef<RecordSpendResult>('RecordSpendPayload').implement({
  fields: (t) => ({
    spend: t.field({ type: SpendRef, resolve: (r) => r.spend }),
    duplicate: t.exposeBoolean('duplicate', { description: 'true: this (source, externalId) was recorded before; spend is the original' }),
    campaign: t.prismaField({
      type: 'Campaign',
      resolve: (query, r) => db().campaign.findUniqueOrThrow({ ...query, where: { id: r.campaignId } }),
    }),
    brand: t.prismaField({ type: 'Brand', resolve: (query, r) => db().brand.findUniqueOrThrow({ ...query, where: { id: r.brandId } }) }),
    statusChanges: t.field({
      type: [StatusChangeRef],
      description: 'campaigns this spend paused or resumed',
      resolve: (r) => r.statusChanges,
    }),
  }),
});

// A plain object, not the DomainError: GraphQL treats a returned Error as a thrown one.
const ItemError = builder.objectRef<{ code: string; field: string | null; message: string }>('ItemError').implement({
  fields: (t) => ({
    code: t.exposeString('code'),
    field: t.exposeString('field', { nullable: true }),
    message: t.exposeString('message'),
  }),
});

interface ItemResult {
  index: number;
  spend: SpendRow | null;
  duplicate: boolean;
  error: DomainError | null;
}

const RecordSpendsItem = builder.objectRef<ItemResult>('RecordSpendsItem').implement({
  fields: (t) => ({
    index: t.exposeInt('index', { description: 'position in inputs' }),
    spend: t.field({ type: SpendRef, nullable: true, resolve: (r) => r.spend }),
    duplicate: t.exposeBoolean('duplicate'),
    error: t.field({
      type: ItemError,
      nullable: true,
      resolve: ({ error }) => (error ? { code: error.code, field: error.field ?? null, message: error.message } : null),
    }),
  }),
});

builder.mutationFields((t) => ({
  recordSpend: t.field({
    type: RecordSpendPayload,
    skipTypeScopes: true,
    authScopes: { ingest: true },
    description: 'Records a spend; the spend that uses up a budget pauses every campaign of the brand before this answers.',
    args: { input: t.arg({ type: SpendInputRef, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      // through this process's group commit (src/engine/spendQueue.ts)
      const r = await ctx.spends.record(toInput(input), actingScope(ctx), ctx.at);
      if (!r.duplicate) ctx.feed.spent([r.brandId!]);
      return { spend: r.spend!, brandId: r.brandId!, campaignId: r.campaignId!, duplicate: r.duplicate, statusChanges: r.statusChanges };
    },
  }),
  recordSpends: t.field({
    type: [RecordSpendsItem],
    skipTypeScopes: true,
    authScopes: { ingest: true },
    description: `Up to ${MAX_BATCH} spends: every item answered (created, duplicate, or its error); the valid ones written; enforcement applied once per brand touched.`,
    args: { inputs: t.arg({ type: [SpendInputRef], required: true }) },
    // one statement, atomic on its own: no transaction around it
    resolve: async (_root, { inputs }, ctx) => {
      const { items } = await recordSpends(db(), inputs.map(toInput), actingScope(ctx), ctx.at);
      ctx.feed.spent(items.flatMap((i) => (i.spend && !i.duplicate && i.brandId ? [i.brandId] : [])));
      return items;
    },
  }),
}));
