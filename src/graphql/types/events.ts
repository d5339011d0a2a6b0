// CampaignStatusEvent (the status audit and live feed), StatusChange (what a write or a task
// changed), the campaignStatusEvents query and the campaignStatusChanged subscription.
import { db } from '../../db/index.ts';
import type { StatusChange } from '../../engine/events.ts';
import { builder } from '../builder.ts';
import { refresh, type Context } from '../context.ts';
import { afterId, brandScope, optionalId, page } from '../helpers.ts';
import { CampaignStatusEnum, PauseReasonEnum, StatusTriggerEnum } from './enums.ts';

export const CampaignStatusEventRef = builder.prismaObject('CampaignStatusEvent', {
  fields: (t) => ({
    id: t.id({ description: 'increasing: events commit in id order', resolve: (e) => e.id.toString() }),
    campaign: t.relation('campaign', { nullable: true, description: 'null once the campaign is deleted' }),
    campaignId: t.exposeID('campaignId', { nullable: true }),
    campaignName: t.exposeString('campaignName'),
    brand: t.prismaField({
      type: 'Brand',
      nullable: true,
      description: 'null once the brand is deleted',
      select: { brandId: true },
      resolve: (query, e) => db().brand.findUnique({ ...query, where: { id: e.brandId } }),
    }),
    brandId: t.exposeID('brandId'),
    fromStatus: t.expose('fromStatus', { type: CampaignStatusEnum, nullable: true, description: 'null for CREATE' }),
    toStatus: t.expose('toStatus', { type: CampaignStatusEnum }),
    fromReason: t.expose('fromReason', { type: PauseReasonEnum, nullable: true }),
    toReason: t.expose('toReason', { type: PauseReasonEnum, nullable: true }),
    trigger: t.expose('trigger', { type: StatusTriggerEnum }),
    actor: t.exposeString('actor', { description: 'the API key’s name, cli, or system' }),
    occurredAt: t.expose('occurredAt', { type: 'DateTime' }),
  }),
});

export const StatusChangeRef = builder.objectRef<StatusChange>('StatusChange').implement({
  description: 'One campaign’s change of (status, pauseReason).',
  fields: (t) => ({
    campaign: t.prismaField({
      type: 'Campaign',
      nullable: true,
      resolve: (query, c) => db().campaign.findUnique({ ...query, where: { id: c.campaignId } }),
    }),
    campaignId: t.exposeID('campaignId'),
    campaignName: t.exposeString('campaignName'),
    brandId: t.exposeID('brandId'),
    fromStatus: t.expose('fromStatus', { type: CampaignStatusEnum, nullable: true }),
    toStatus: t.expose('toStatus', { type: CampaignStatusEnum }),
    fromReason: t.expose('fromReason', { type: PauseReasonEnum, nullable: true }),
    toReason: t.expose('toReason', { type: PauseReasonEnum, nullable: true }),
    eventId: t.id({
      nullable: true,
      description: 'the CampaignStatusEvent written; null in a preview',
      resolve: (c) => c.eventId?.toString() ?? null,
    }),
  }),
});

function eventFilter(args: { brandId?: string | number | null; campaignId?: string | number | null }, ctx: Context) {
  return {
    AND: [brandScope(ctx)],
    ...(args.brandId != null ? { brandId: optionalId(args.brandId, 'brandId') } : {}),
    ...(args.campaignId != null ? { campaignId: optionalId(args.campaignId, 'campaignId') } : {}),
  };
}

builder.queryField('campaignStatusEvents', (t) =>
  t.prismaConnection({
    type: 'CampaignStatusEvent',
    cursor: 'brandId_id',
    ...page,
    description: 'Oldest first (by id).',
    args: { brandId: t.arg.id(), campaignId: t.arg.id() },
    resolve: (query, _root, args, ctx) =>
      db().campaignStatusEvent.findMany({ ...query, where: eventFilter(args, ctx), orderBy: { id: 'asc' } }),
    totalCount: (_root, args, ctx) => db().campaignStatusEvent.count({ where: eventFilter(args, ctx) }),
  }),
);

builder.subscriptionField('campaignStatusChanged', (t) =>
  t.field({
    type: CampaignStatusEventRef,
    description:
      'Every pause and resume as it commits, from any process. With afterEventId: every matching event with a larger id first, then live ones, with no gap and no duplicate.',
    args: { brandId: t.arg.id(), campaignId: t.arg.id(), afterEventId: t.arg.id() },
    // A brandId outside the key's brands is not refused: the filter intersects, so it yields no
    // events (another brand reads as unknown).
    subscribe: (_root, args, ctx) =>
      ctx.feed.subscribe(
        {
          brandIds: ctx.scope?.brandIds ?? null,
          brandId: optionalId(args.brandId, 'brandId'),
          campaignId: optionalId(args.campaignId, 'campaignId'),
          afterEventId: afterId(args.afterEventId, 'afterEventId', 'an event id'),
        },
        ctx.principal?.keyId ?? null,
      ),
    resolve: (event, _args, ctx) => {
      refresh(ctx);
      return event;
    },
  }),
);
