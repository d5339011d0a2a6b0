// Override (emergency, soft limits): the type, override(id) and the overrides list, startOverride
// and cancelOverride, and the overrides in force on Brand and Campaign.
import { db } from '../../db/index.ts';
import { LIFTABLE, MAX_OVERRIDE_REASON } from '../../domain/overrides.ts';
import { cancelOverride, startOverride } from '../../engine/overrides.ts';
import { builder } from '../builder.ts';
import { brandScope, id, optionalId, write } from '../helpers.ts';
import { PauseReasonEnum } from './enums.ts';

const OverrideRef = builder.prismaObject('Override', {
  description:
    'An emergency override: budgets are soft limits an operator may exceed on purpose. Until `until` (or its cancellation) the rules it lifts do not apply to its campaign, or to every campaign of its brand; MANUAL and archiving are never lifted, spends still count and alerts still fire. It ends on its own at `until`.',
  fields: (t) => ({
    id: t.exposeID('id'),
    brand: t.relation('brand'),
    brandId: t.exposeID('brandId'),
    campaign: t.relation('campaign', { nullable: true, description: 'null: every campaign of the brand' }),
    campaignId: t.exposeID('campaignId', { nullable: true }),
    lifts: t.expose('lifts', { type: [PauseReasonEnum], description: `any of ${LIFTABLE.join(', ')}` }),
    until: t.expose('until', { type: 'DateTime', description: 'when it ends on its own (at most the end of the brand’s month)' }),
    reason: t.exposeString('reason'),
    createdBy: t.exposeString('createdBy', { description: 'the name of the key that started it (`cli` for the command line)' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    cancelledAt: t.expose('cancelledAt', { type: 'DateTime', nullable: true, description: 'null unless an operator ended it early' }),
    cancelledBy: t.exposeString('cancelledBy', { nullable: true }),
  }),
});

/** At most this many in the overrides list (newest first). */
const MAX_LISTED = 500;

builder.queryFields((t) => ({
  override: t.prismaField({
    type: 'Override',
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => db().override.findFirst({ ...query, where: { id: id(args.id), ...brandScope(ctx) } }),
  }),
  overrides: t.prismaField({
    type: ['Override'],
    description: `Overrides the key sees, newest first (at most ${MAX_LISTED}): those in force now, or with includeEnded those that ended or were cancelled too. brandId: a brand's (brand-wide and its campaigns'); campaignId: that campaign's own and its brand's brand-wide ones.`,
    args: { brandId: t.arg.id(), campaignId: t.arg.id(), includeEnded: t.arg.boolean({ defaultValue: false }) },
    resolve: async (query, _root, args, ctx) => {
      const now = new Date();
      const campaignId = args.campaignId != null ? optionalId(args.campaignId, 'campaignId') : null;
      const campaign = campaignId ? await db().campaign.findUnique({ where: { id: campaignId }, select: { brandId: true } }) : null;
      if (campaignId && !campaign) return [];
      return db().override.findMany({
        ...query,
        where: {
          AND: [
            brandScope<'brandId'>(ctx),
            args.brandId != null ? { brandId: optionalId(args.brandId, 'brandId') } : {},
            campaign ? { brandId: campaign.brandId, OR: [{ campaignId }, { campaignId: null }] } : {},
            args.includeEnded ? {} : { cancelledAt: null, until: { gt: now }, createdAt: { lte: now } },
          ],
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: MAX_LISTED,
      });
    },
  }),
}));

const StartOverrideInput = builder.inputType('StartOverrideInput', {
  description: 'campaignId (one campaign) or brandId (every campaign of the brand), not both.',
  fields: (t) => ({
    campaignId: t.id(),
    brandId: t.id(),
    lifts: t.field({ type: [PauseReasonEnum], required: true, description: `any of ${LIFTABLE.join(', ')}; never MANUAL` }),
    until: t.field({ type: 'DateTime', required: true, description: 'in the future, and at most the end of the brand’s month' }),
    reason: t.string({ required: true, description: `why, for the people who see it (1–${MAX_OVERRIDE_REASON} characters)` }),
  }),
});

builder.mutationFields((t) => ({
  startOverride: t.prismaField({
    type: 'Override',
    description:
      'Lets a campaign (or every campaign of a brand) run despite the rules it lifts until `until`: the desired state applies to them at once (trigger OVERRIDE), and again at `until` (OVERRIDE_END). Audited. INVALID_ARGUMENT at `until` when it is not in the future or past the end of the brand’s month; ARCHIVED for an archived campaign.',
    args: { input: t.arg({ type: StartOverrideInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { override } = await write(ctx, (tx, scope, at) => startOverride(tx, input, scope, at));
      return db().override.findUniqueOrThrow({ ...query, where: { id: override.id } });
    },
  }),
  cancelOverride: t.prismaField({
    type: 'Override',
    description:
      'Ends an override now: the rules it lifted apply at once (trigger OVERRIDE). Audited. One that has already ended or was cancelled is answered as it is.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const { override } = await write(ctx, (tx, scope, at) => cancelOverride(tx, id(args.id), scope, at));
      return db().override.findUniqueOrThrow({ ...query, where: { id: override.id } });
    },
  }),
}));

builder.prismaObjectField('Brand', 'overrides', (t) =>
  t.field({
    type: [OverrideRef],
    description: 'The overrides in force now, brand-wide and for its campaigns, soonest end first.',
    authScopes: { viewer: true },
    resolve: (b, _args, ctx) => ctx.overrides.brand.load(b.id),
  }),
);

builder.prismaObjectField('Campaign', 'overrides', (t) =>
  t.field({
    type: [OverrideRef],
    description: 'The overrides in force now for it: its own and its brand’s brand-wide ones, soonest end first.',
    authScopes: { viewer: true },
    resolve: (c, _args, ctx) => ctx.overrides.campaign.load(c.id),
  }),
);
