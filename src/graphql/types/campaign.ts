// Campaign: type, queries, mutations (create, rename, delete, archive, pause, resume; pause, resume
// and archive many at once, answered as a CampaignsOutcome).
import type { MaybePromise } from '@pothos/core';
import { db } from '../../db/index.ts';
import {
  archiveCampaign,
  archiveCampaigns,
  createCampaign,
  deleteCampaign,
  MAX_BULK,
  pauseCampaign,
  pauseCampaigns,
  resumeCampaign,
  resumeCampaigns,
  unarchiveCampaign,
  updateCampaign,
  type BulkOutcome,
} from '../../engine/campaigns.ts';
import type { CampaignStatus } from '../../domain/desiredState.ts';
import { NEXT_CHANGE_HORIZON_DAYS, type NextChange } from '../../reads/outlook.ts';
import { formatMoney } from '../../domain/money.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { brandScope, id, moneyOf, offsetArg, optionalId, page, skipping, write } from '../helpers.ts';
import { CampaignStatusEnum, PauseReasonEnum } from './enums.ts';
import { StatusChangeRef } from './events.ts';
import { spendDateFilter } from './spend.ts';

const NextChangeReasonEnum = builder.enumType('NextChangeReason', {
  values: {
    PENDING: { description: 'its state already differs from the rules: the next job run applies it' },
    OVERRIDE_ENDS: { description: 'an override that reaches it ends (`until`): the rules it lifted apply again' },
    WINDOW_OPENS: { description: 'a dayparting window opens' },
    WINDOW_CLOSES: { description: 'its last open window closes' },
    NEW_DAY: { description: 'a new brand-local day ends the daily budget pause' },
    NEW_MONTH: { description: 'a new brand-local month ends the monthly budget pause' },
  } as const,
});

const NextChangeRef = builder.objectRef<NextChange>('NextChange').implement({
  description: 'A change of state that time alone will make (the scheduled jobs apply it within their period).',
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime' }),
    reason: t.expose('reason', { type: NextChangeReasonEnum }),
    toStatus: t.expose('toStatus', { type: CampaignStatusEnum }),
    toReason: t.expose('toReason', { type: PauseReasonEnum, nullable: true }),
  }),
});

/**
 * A campaign's spend, written in its brand's currency: read with its row (brandPage), else one
 * query for a page's brands and campaigns.
 */
function spent(ctx: Context, c: { id: string; brandId: string }, period: 'daily' | 'monthly'): MaybePromise<string> {
  const known = ctx.figuresOf.get(c);
  if (known) return formatMoney(known[period], known.currency);
  return ctx.figures.load({ of: 'campaign', id: c.id }).then((f) => (f ? formatMoney(f[period], f.currency) : moneyOf(ctx, c.brandId, 0n)));
}

builder.prismaObject('Campaign', {
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    brand: t.relation('brand'),
    brandId: t.exposeID('brandId'),
    platform: t.exposeString('platform', { nullable: true }),
    externalCampaignId: t.exposeString('externalCampaignId', { nullable: true }),
    status: t.expose('status', { type: CampaignStatusEnum, description: 'the intent connectors apply on the ad platforms' }),
    pauseReason: t.expose('pauseReason', { type: PauseReasonEnum, nullable: true, description: 'null when active' }),
    archivedAt: t.expose('archivedAt', { type: 'DateTime', nullable: true }),
    pauseReasons: t.field({
      type: [PauseReasonEnum],
      description:
        'Every rule that holds now and applies, in order of precedence: more than one may (a campaign paused by an operator whose brand has also used its daily budget lists MANUAL and DAILY_BUDGET). Empty when none holds. The first is the pauseReason the rules want now; when it differs from pauseReason (a new day has begun and reset_daily has not run yet), nextChange says so with reason PENDING. Rules an override lifts are in liftedReasons instead.',
      resolve: async (c, _args, ctx) => (await ctx.outlook.rules.load(c.id)).reasons,
    }),
    liftedReasons: t.field({
      type: [PauseReasonEnum],
      description:
        'Rules that hold now but an override in force lifts (see overrides), in order of precedence: an ACTIVE campaign with any runs on an override.',
      resolve: async (c, _args, ctx) => (await ctx.outlook.rules.load(c.id)).lifted,
    }),
    nextChange: t.field({
      type: NextChangeRef,
      nullable: true,
      description: `When and why its state will change on its own: a window opening or closing, the brand-local midnight or month start, an override's end. The reconcile engine dry-run at each boundary (as previewEnforcement), with the spend as it is now. Null when nothing changes within ${NEXT_CHANGE_HORIZON_DAYS} days (or the next month start), and always for MANUAL and archived campaigns.`,
      resolve: (c, _args, ctx) => ctx.outlook.nextChange.load(c.id),
    }),
    dailySpend: t.field({
      type: 'Money',
      description: "this campaign's spend on its brand-local today",
      resolve: (c, _args, ctx) => spent(ctx, c, 'daily'),
    }),
    monthlySpend: t.field({
      type: 'Money',
      description: "this campaign's spend in its brand-local month",
      resolve: (c, _args, ctx) => spent(ctx, c, 'monthly'),
    }),
    schedules: t.relation('schedules', {
      authScopes: { viewer: true },
      query: { orderBy: [{ dayOfWeek: 'asc' }, { startTime: 'asc' }, { id: 'asc' }] },
    }),
    spends: t.relatedConnection('spends', {
      authScopes: { viewer: true },
      cursor: 'brandId_id',
      ...page,
      totalCount: true,
      args: { from: t.arg({ type: 'Date' }), to: t.arg({ type: 'Date' }) },
      query: (args) => ({ where: spendDateFilter(args.from, args.to), orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }] }),
    }),
    statusEvents: t.relatedConnection('statusEvents', {
      authScopes: { viewer: true },
      cursor: 'brandId_id',
      ...page,
      totalCount: true,
      query: () => ({ orderBy: { id: 'asc' } }),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.queryFields((t) => ({
  campaign: t.prismaField({
    type: 'Campaign',
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => db().campaign.findFirst({ ...query, where: { id: id(args.id), ...brandScope(ctx) } }),
  }),
  campaigns: t.prismaConnection({
    type: 'Campaign',
    cursor: 'id',
    ...page,
    args: {
      offset: t.arg.int(offsetArg),
      brandId: t.arg.id(),
      status: t.arg({ type: CampaignStatusEnum }),
      includeArchived: t.arg.boolean({ defaultValue: false, description: 'archived campaigns, and the campaigns of archived brands, too' }),
    },
    resolve: (query, _root, args, ctx) =>
      db().campaign.findMany({
        ...skipping(query, args.offset),
        where: campaignFilter(args, ctx),
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
      }),
    totalCount: (_root, args, ctx) => db().campaign.count({ where: campaignFilter(args, ctx) }),
  }),
}));

function campaignFilter(
  args: { brandId?: string | number | null; status?: CampaignStatus | null; includeArchived?: boolean | null },
  ctx: Context,
) {
  return {
    AND: [brandScope(ctx)],
    ...(args.brandId != null ? { brandId: optionalId(args.brandId, 'brandId') } : {}),
    ...(args.status ? { status: args.status } : {}),
    ...(args.includeArchived ? {} : { archivedAt: null, brand: { archivedAt: null } }),
  };
}

/** A bulk act's campaigns, read again in the order the act gives them. */
async function inOrder(query: object, rows: { id: string }[]) {
  const found = await db().campaign.findMany({ ...query, where: { id: { in: rows.map((r) => r.id) } } });
  const byId = new Map(found.map((c) => [c.id, c]));
  return rows.flatMap((r) => byId.get(r.id) ?? []);
}

export const CampaignsOutcomeRef = builder.objectRef<BulkOutcome>('CampaignsOutcome').implement({
  description: `What an act on many campaigns did (pauseCampaigns, resumeCampaigns, archiveCampaigns, pauseBrand, resumeBrand). All or nothing: one refused campaign refuses the act, naming it, and nothing is written.`,
  fields: (t) => ({
    changed: t.prismaField({
      type: ['Campaign'],
      description: 'the campaigns it changed, as they are now',
      resolve: (query, r) => inOrder(query, r.changed),
    }),
    unchanged: t.prismaField({
      type: ['Campaign'],
      description: 'the campaigns it left as they were: already paused by an operator, already archived',
      resolve: (query, r) => inOrder(query, r.unchanged),
    }),
    statusChanges: t.field({
      type: [StatusChangeRef],
      description: 'one for each change of (status, pauseReason): each wrote one CampaignStatusEvent (trigger MANUAL)',
      resolve: (r) => r.statusChanges,
    }),
  }),
});

const CreateCampaignInput = builder.inputType('CreateCampaignInput', {
  fields: (t) => ({
    brandId: t.id({ required: true, description: 'never changes' }),
    name: t.string({ required: true, description: 'unique within the brand' }),
    platform: t.string({ description: 'with externalCampaignId: the ad platform’s reference, unique within the brand' }),
    externalCampaignId: t.string(),
  }),
});

const UpdateCampaignInput = builder.inputType('UpdateCampaignInput', {
  description: 'Name and external reference only; absent fields stay as they are.',
  fields: (t) => ({ name: t.string(), platform: t.string(), externalCampaignId: t.string() }),
});

builder.mutationFields((t) => {
  const campaignAction = (description: string, action: typeof pauseCampaign) =>
    t.prismaField({
      type: 'Campaign',
      description,
      args: { id: t.arg.id({ required: true }) },
      resolve: async (query, _root, args, ctx) => {
        const campaign = await write(ctx, (tx, scope, at) => action(tx, id(args.id), scope, at));
        return db().campaign.findUniqueOrThrow({ ...query, where: { id: campaign.id } });
      },
    });
  const bulkAction = (description: string, action: typeof pauseCampaigns) =>
    t.field({
      type: CampaignsOutcomeRef,
      description: `${description} At most ${MAX_BULK} ids (each counted once); an unknown one is NOT_FOUND, one of a brand outside the key's FORBIDDEN, naming it. The brands are locked in id order; each campaign changed is audited.`,
      args: { ids: t.arg.idList({ required: true }) },
      resolve: (_root, args, ctx) => write(ctx, (tx, scope, at) => action(tx, args.ids.map(String), scope, at)),
    });
  return {
    createCampaign: t.prismaField({
      type: 'Campaign',
      description: 'Created in its desired state (paused at once if its brand is over budget): one CREATE event.',
      args: { input: t.arg({ type: CreateCampaignInput, required: true }) },
      resolve: async (query, _root, { input }, ctx) => {
        const campaign = await write(ctx, (tx, scope, at) => createCampaign(tx, { ...input, brandId: String(input.brandId) }, scope, at));
        return db().campaign.findUniqueOrThrow({ ...query, where: { id: campaign.id } });
      },
    }),
    updateCampaign: t.prismaField({
      type: 'Campaign',
      args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateCampaignInput, required: true }) },
      resolve: async (query, _root, args, ctx) => {
        const campaign = await write(ctx, (tx, scope, at) => updateCampaign(tx, id(args.id), args.input, scope, at));
        return db().campaign.findUniqueOrThrow({ ...query, where: { id: campaign.id } });
      },
    }),
    deleteCampaign: t.id({
      description: 'Deletes a campaign without spends (and its windows); answers its id. HAS_SPEND_HISTORY otherwise: archive it.',
      args: { id: t.arg.id({ required: true }) },
      resolve: async (_root, args, ctx) => {
        return (await write(ctx, (tx, scope, at) => deleteCampaign(tx, id(args.id), scope, at))).id;
      },
    }),
    archiveCampaign: campaignAction('Pauses it (MANUAL) and freezes it: no rule resumes an archived campaign.', archiveCampaign),
    unarchiveCampaign: campaignAction('It stays PAUSED / MANUAL until an operator resumes it.', unarchiveCampaign),
    pauseCampaign: campaignAction(
      'PAUSED / MANUAL until an operator resumes it. Pausing a paused campaign changes nothing.',
      pauseCampaign,
    ),
    pauseCampaigns: bulkAction(
      'pauseCampaign for many in one transaction: those paused by an operator already (archived ones too) are left as they are, with no event.',
      pauseCampaigns,
    ),
    resumeCampaigns: bulkAction(
      'resumeCampaign for many in one transaction: ARCHIVED if any is archived or of an archived brand.',
      resumeCampaigns,
    ),
    archiveCampaigns: bulkAction(
      'archiveCampaign for many in one transaction: those archived already are left as they are.',
      archiveCampaigns,
    ),
    resumeCampaign: campaignAction(
      'Clears MANUAL, then applies the desired state: it may stay PAUSED (e.g. DAILY_BUDGET), and succeeds. ARCHIVED for an archived campaign, or one of an archived brand.',
      resumeCampaign,
    ),
  };
});
