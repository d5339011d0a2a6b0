// Brand: type, queries, mutations.
import { isDeepStrictEqual } from 'node:util';
import { completeValue, type MaybePromise } from '@pothos/core';
import { db } from '../../db/index.ts';
import { formatMoney, formatMoneyOrNull, remaining } from '../../domain/money.ts';
import {
  archiveBrand,
  createBrand,
  deleteBrand,
  DRIFT_POLICIES,
  pauseBrand,
  resumeBrand,
  unarchiveBrand,
  updateBrand,
} from '../../engine/brands.ts';
import type { CampaignStatus } from '../../domain/desiredState.ts';
import { brandPage, type FirstCampaigns } from '../../reads/brandPage.ts';
import type { Figures } from '../../reads/figures.ts';
import { builder } from '../builder.ts';
import { MAX_LENGTH, parseText } from '../../domain/validate.ts';
import { refresh, type Context } from '../context.ts';
import { brandScope, id, offsetArg, optionalId, page, skipping, write } from '../helpers.ts';
import { CampaignsOutcomeRef } from './campaign.ts';
import { CampaignStatusEnum, DriftPolicyEnum } from './enums.ts';

/**
 * The brand's spend today and this month: read with its row (brandPage), else one query for a
 * page's brands and campaigns; none: 0.
 */
const spent = (ctx: Context, b: { id: string }): MaybePromise<Pick<Figures, 'daily' | 'monthly'>> =>
  ctx.figuresOf.get(b) ?? ctx.figures.load({ of: 'brand', id: b.id }).then((f) => f ?? { daily: 0n, monthly: 0n });

export const Brand = builder.prismaObject('Brand', {
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    currency: t.exposeString('currency', { description: 'ISO 4217 code, fixed at creation' }),
    timezone: t.expose('timezone', { type: 'TimeZone' }),
    dailyBudget: t.field({
      type: 'Money',
      nullable: true,
      description: 'null = no daily limit',
      resolve: (b) => formatMoneyOrNull(b.dailyBudget, b.currency),
    }),
    monthlyBudget: t.field({
      type: 'Money',
      nullable: true,
      description: 'null = no monthly limit',
      resolve: (b) => formatMoneyOrNull(b.monthlyBudget, b.currency),
    }),
    alertThresholds: t.exposeIntList('alertThresholds', {
      description: 'percents of the daily and of the monthly budget at which a BudgetAlert fires, once per period',
    }),
    dailySpend: t.field({
      type: 'Money',
      description: "spend on the brand-local today, every campaign's (archived ones too)",
      resolve: (b, _args, ctx) => completeValue(spent(ctx, b), (f) => formatMoney(f.daily, b.currency)),
    }),
    monthlySpend: t.field({
      type: 'Money',
      description: 'spend in the brand-local month',
      resolve: (b, _args, ctx) => completeValue(spent(ctx, b), (f) => formatMoney(f.monthly, b.currency)),
    }),
    dailyRemaining: t.field({
      type: 'Money',
      nullable: true,
      description: 'dailyBudget − dailySpend (negative when overspent); null without a budget',
      select: { dailyBudget: true, currency: true },
      resolve: (b, _args, ctx) => completeValue(spent(ctx, b), (f) => formatMoneyOrNull(remaining(b.dailyBudget, f.daily), b.currency)),
    }),
    monthlyRemaining: t.field({
      type: 'Money',
      nullable: true,
      description: 'monthlyBudget − monthlySpend (negative when overspent); null without a budget',
      select: { monthlyBudget: true, currency: true },
      resolve: (b, _args, ctx) => completeValue(spent(ctx, b), (f) => formatMoneyOrNull(remaining(b.monthlyBudget, f.monthly), b.currency)),
    }),
    driftPolicy: t.field({
      type: DriftPolicyEnum,
      description: 'what a campaign held paused that runs on its ad platform gets',
      select: { driftPolicy: true },
      resolve: (b) => b.driftPolicy as (typeof DRIFT_POLICIES)[number],
    }),
    // Lists hanging off an object need a reader: an ingest key sees its answers, not the brand behind them.
    campaigns: t.relatedConnection('campaigns', {
      authScopes: { viewer: true },
      cursor: 'id',
      ...page,
      totalCount: true,
      args: { status: t.arg({ type: CampaignStatusEnum }), includeArchived: t.arg.boolean({ defaultValue: false }) },
      query: (args) => ({
        where: { ...(args.status ? { status: args.status } : {}), ...(args.includeArchived ? {} : { archivedAt: null }) },
        orderBy: [...CAMPAIGNS_ORDER],
      }),
    }),
    archivedAt: t.expose('archivedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'when it was archived (hidden from lists, its campaigns paused by an operator, its history kept); null unless archived',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const CAMPAIGNS_ORDER = [{ name: 'asc' }, { id: 'asc' }] as const;

/**
 * What brandPage answers of Brand.campaigns' planned query: the first rows in its order, filtered
 * by status and archiving only (no cursor, no relation beneath). Null for anything else.
 */
function firstCampaigns(planned: unknown): FirstCampaigns | null {
  if (planned == null || typeof planned !== 'object') return null;
  const { where = {}, orderBy, take, skip, ...rest } = planned as Record<string, unknown>;
  if (Object.keys(rest).length || skip !== 0 || typeof take !== 'number' || take <= 0) return null;
  if (!isDeepStrictEqual(orderBy, CAMPAIGNS_ORDER)) return null;
  const { status, archivedAt, ...other } = where as Record<string, unknown>;
  if (Object.keys(other).length || (archivedAt !== undefined && archivedAt !== null)) return null;
  if (status !== undefined && typeof status !== 'string') return null;
  return { take, status: status as CampaignStatus | undefined, includeArchived: archivedAt === undefined };
}

/** Matches the text as typed: LIKE's wildcards (% and _) and its escape (\\) stand for themselves. */
const nameFilter = (nameContains?: string | null) =>
  nameContains
    ? {
        name: {
          contains: parseText(nameContains, 'nameContains', { max: MAX_LENGTH.name }).replace(/[\\%_]/g, '\\$&'),
          mode: 'insensitive' as const,
        },
      }
    : {};

/** true: brands with a paused campaign (archived ones aside); false: brands with none. */
const pausedFilter = (withPausedCampaigns?: boolean | null) =>
  withPausedCampaigns == null
    ? {}
    : { campaigns: { [withPausedCampaigns ? 'some' : 'none']: { status: 'PAUSED' as const, archivedAt: null } } };

const brandsWhere = (
  args: { nameContains?: string | null; withPausedCampaigns?: boolean | null; includeArchived?: boolean | null },
  ctx: Context,
) => ({
  AND: [
    nameFilter(args.nameContains),
    pausedFilter(args.withPausedCampaigns),
    args.includeArchived ? {} : { archivedAt: null },
    brandScope(ctx, 'id'),
  ],
});

builder.queryFields((t) => ({
  brand: t.prismaField({
    type: 'Brand',
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => db().brand.findFirst({ ...query, where: { AND: [{ id: id(args.id) }, brandScope(ctx, 'id')] } }),
  }),
  brands: t.prismaConnection({
    type: 'Brand',
    cursor: 'id',
    ...page,
    args: {
      offset: t.arg.int(offsetArg),
      nameContains: t.arg.string(),
      withPausedCampaigns: t.arg.boolean({
        description: 'true: only brands with a paused campaign (archived ones aside); false: only brands with none',
      }),
      includeArchived: t.arg.boolean({ defaultValue: false, description: 'archived brands too (left out by default)' }),
    },
    resolve: async (query, _root, args, ctx) => {
      // the first campaigns of each brand and every figure from one statement (brandPage), when
      // that is all Brand.campaigns asks; Prisma's nested include otherwise
      const { campaigns, ...include } = query.include ?? {};
      const first = firstCampaigns(campaigns);
      const brands = await db().brand.findMany({
        ...skipping(first ? { ...query, include } : query, args.offset),
        where: brandsWhere(args, ctx),
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
      });
      if (!first) return brands;
      const pages = await brandPage(
        db(),
        brands.map((b) => b.id),
        first,
        ctx.at,
      );
      return brands.map((b) => {
        const page = pages.get(b.id);
        if (page) ctx.figuresOf.set(b, page.figures);
        for (const c of page?.campaigns ?? []) ctx.figuresOf.set(c.campaign, c.figures);
        return Object.assign(b, { campaigns: page?.campaigns.map((c) => c.campaign) ?? [] });
      });
    },
    totalCount: (_root, args, ctx) => db().brand.count({ where: brandsWhere(args, ctx) }),
  }),
}));

const CreateBrandInput = builder.inputType('CreateBrandInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    currency: t.string({ description: 'ISO 4217 code; default USD; cannot change later' }),
    timezone: t.field({ type: 'TimeZone', description: 'IANA name; default UTC' }),
    dailyBudget: t.field({ type: 'Money', description: "null or absent = no daily limit; in the currency's unit" }),
    monthlyBudget: t.field({ type: 'Money', description: "null or absent = no monthly limit; in the currency's unit" }),
    alertThresholds: t.intList({ description: 'percents (1–100, at most 10) of each budget at which an alert fires; default [80, 95]' }),
  }),
});

const UpdateBrandInput = builder.inputType('UpdateBrandInput', {
  description: 'Absent fields stay as they are; a budget set to null means no limit.',
  fields: (t) => ({
    name: t.string(),
    currency: t.string({ description: 'may only repeat the current one: the currency is fixed at creation' }),
    timezone: t.field({ type: 'TimeZone' }),
    dailyBudget: t.field({ type: 'Money' }),
    monthlyBudget: t.field({ type: 'Money' }),
    alertThresholds: t.intList({ description: 'replaces the list; [] = no alerts' }),
    driftPolicy: t.field({ type: DriftPolicyEnum }),
  }),
});

builder.mutationFields((t) => ({
  createBrand: t.prismaField({
    type: 'Brand',
    args: { input: t.arg({ type: CreateBrandInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const brand = await write(ctx, (tx, scope, at) => createBrand(tx, input, scope, at));
      return db().brand.findUniqueOrThrow({ ...query, where: { id: brand.id } });
    },
  }),
  updateBrand: t.prismaField({
    type: 'Brand',
    description: 'A budget or timezone change re-applies the desired state to the brand’s campaigns at once (trigger BUDGET_CHANGE).',
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateBrandInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const { brand } = await write(ctx, (tx, scope, at) => updateBrand(tx, id(args.id), args.input, scope, at));
      return db().brand.findUniqueOrThrow({ ...query, where: { id: brand.id } });
    },
  }),
  archiveBrand: t.prismaField({
    type: 'Brand',
    description:
      'Hides the brand from lists and stops its campaigns (each PAUSED / MANUAL, trigger MANUAL), keeping its history; resuming one of them is refused (ARCHIVED) until the brand is unarchived. Archiving an archived brand changes nothing.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const { brand } = await write(ctx, (tx, scope, at) => archiveBrand(tx, id(args.id), scope, at));
      return db().brand.findUniqueOrThrow({ ...query, where: { id: brand.id } });
    },
  }),
  unarchiveBrand: t.prismaField({
    type: 'Brand',
    description: 'Shows the brand in lists again; its campaigns stay PAUSED / MANUAL until an operator resumes them.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const brand = await write(ctx, (tx, scope, at) => unarchiveBrand(tx, id(args.id), scope, at));
      return db().brand.findUniqueOrThrow({ ...query, where: { id: brand.id } });
    },
  }),
  pauseBrand: t.field({
    type: CampaignsOutcomeRef,
    description:
      '"Pause all": every campaign of the brand (archived ones aside) PAUSED / MANUAL, one event each; those paused by an operator already are left as they are (unchanged).',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => write(ctx, (tx, scope, at) => pauseBrand(tx, id(args.id), scope, at)),
  }),
  resumeBrand: t.field({
    type: CampaignsOutcomeRef,
    description:
      '"Resume all": every campaign of the brand paused by an operator (archived ones aside) resumed, as resumeCampaign: each may stay PAUSED by a rule. ARCHIVED for an archived brand.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => write(ctx, (tx, scope, at) => resumeBrand(tx, id(args.id), scope, at)),
  }),
  deleteBrand: t.id({
    description:
      'Deletes a brand without spends, with its campaigns and windows; answers its id. HAS_SPEND_HISTORY otherwise: archive it instead (archiveBrand).',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      return (await write(ctx, (tx, scope, at) => deleteBrand(tx, id(args.id), scope, at))).id;
    },
  }),
}));

builder.subscriptionField('brandSpendChanged', (t) =>
  t.prismaField({
    type: 'Brand',
    description:
      'A brand whose spend figures moved (a spend or correction recorded through the API, by any server process), as of the moment it is read: for dashboards that show budgets live. Each brand at most once per 250 ms; a brand that moves while its reader is busy is given once, with its newest figures. Without brandId: every brand the key sees. Nothing is replayed: read the figures at start, and again when the subscription ends and you subscribe anew.',
    args: { brandId: t.arg.id() },
    // like campaignStatusChanged: a brandId outside the key's brands yields nothing (it reads as unknown)
    subscribe: (_root, args, ctx) =>
      ctx.feed.watchSpends(
        { brandIds: ctx.scope?.brandIds ?? null, brandId: optionalId(args.brandId, 'brandId') },
        ctx.principal?.keyId ?? null,
      ),
    resolve: (query, brandId: string, _args, ctx) => {
      refresh(ctx);
      return db().brand.findUniqueOrThrow({ ...query, where: { id: brandId } });
    },
  }),
);
