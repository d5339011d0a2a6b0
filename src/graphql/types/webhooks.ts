// Webhook endpoints and their delivery log: operators and admins only (an endpoint's URL is
// sensitive: viewers and ingest keys get FORBIDDEN). The secret is answered once, by
// createWebhookEndpoint and rotateWebhookSecret. docs/webhooks.md says what is sent.
import { db } from '../../db/index.ts';
import type { WebhookEndpoint } from '../../db/generated/prisma/client.ts';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  disableWebhookEndpoint,
  enableWebhookEndpoint,
  redeliverWebhook,
  rotateWebhookSecret,
  updateWebhookEndpoint,
  WEBHOOK_EVENT_TYPES,
  type EndpointWithSecret,
} from '../../delivery/webhookEndpoints.ts';
import { MAX_REDELIVERIES } from '../../delivery/outbox.ts';
import { builder } from '../builder.ts';
import type { Context } from '../context.ts';
import { brandScope, id, optionalId, page, write } from '../helpers.ts';

const OPERATOR = { operator: true } as const;

const WebhookEventTypeEnum = builder.enumType('WebhookEventType', {
  values: WEBHOOK_EVENT_TYPES,
  description:
    'CAMPAIGN_STATUS_CHANGED: a campaign paused or resumed (body type campaign.status_changed); BUDGET_ALERT: a budget threshold crossed (budget.alert); PLATFORM_EVENT: something on an ad platform an operator should know: drift, refused credentials, a failed push or sync, a recovery (platform.event).',
});

const eventType = (value: string) => value as (typeof WEBHOOK_EVENT_TYPES)[number];

export const WebhookDeliveryRef = builder.prismaObject('WebhookDelivery', {
  description: 'One attempt to deliver a message to an endpoint, or a redelivery.',
  authScopes: OPERATOR,
  fields: (t) => ({
    id: t.id({ resolve: (d) => d.id.toString() }),
    messageId: t.exposeString('messageId', {
      description: 'the webhook-id header: evt_<event id>, alert_<alert id> or pev_<platform event id>, the same on every attempt',
    }),
    eventType: t.field({ type: WebhookEventTypeEnum, resolve: (d) => eventType(d.eventType) }),
    sourceId: t.id({ description: 'the CampaignStatusEvent, BudgetAlert or PlatformEvent id', resolve: (d) => d.sourceId.toString() }),
    brandId: t.exposeID('brandId', { description: 'the brand of the message' }),
    attempt: t.exposeInt('attempt', {
      description: 'counts the failures in a row before it; for a redelivery, the redeliveries of the message',
    }),
    statusCode: t.exposeInt('statusCode', { nullable: true, description: 'null when no answer came (refused, timed out)' }),
    succeeded: t.boolean({ description: 'answered 2xx', select: { error: true }, resolve: (d) => d.error === null }),
    error: t.exposeString('error', {
      nullable: true,
      description:
        'what went wrong, in a few words: answered HTTP 503, no answer within 10000 ms, address not allowed, could not connect (the detail is in the server log)',
    }),
    durationMs: t.exposeInt('durationMs'),
    redelivery: t.exposeBoolean('redelivery', { description: 'sent again on demand (redeliverWebhook)' }),
    at: t.expose('at', { type: 'DateTime' }),
  }),
});

export const WebhookEndpointRef = builder.prismaObject('WebhookEndpoint', {
  description:
    'An HTTPS endpoint receiving a brand’s (or every brand’s) status changes, budget alerts and platform events, signed per Standard Webhooks.',
  authScopes: OPERATOR,
  fields: (t) => ({
    id: t.exposeID('id'),
    brand: t.relation('brand', { nullable: true, description: 'null: every brand' }),
    brandId: t.exposeID('brandId', { nullable: true, description: 'null: every brand' }),
    url: t.exposeString('url'),
    description: t.exposeString('description'),
    eventTypes: t.field({ type: [WebhookEventTypeEnum], select: { eventTypes: true }, resolve: (e) => e.eventTypes.map(eventType) }),
    enabled: t.exposeBoolean('enabled'),
    disabledAt: t.expose('disabledAt', { type: 'DateTime', nullable: true }),
    disabledReason: t.exposeString('disabledReason', {
      nullable: true,
      description: 'why delivery stopped (enableWebhookEndpoint resumes it)',
    }),
    consecutiveFailures: t.exposeInt('consecutiveFailures'),
    nextAttemptAt: t.expose('nextAttemptAt', {
      type: 'DateTime',
      nullable: true,
      description: 'after a failure: no attempt before it (a disabled endpoint: no redelivery before it)',
    }),
    waitingRedeliveries: t.exposeStringList('redeliveries', {
      description: 'message ids asked for again (redeliverWebhook) and not sent yet, in the order they go',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    deliveries: t.relatedConnection('deliveries', {
      description: 'The delivery log, newest first.',
      cursor: 'brandId_id',
      ...page,
      totalCount: true,
      query: () => ({ orderBy: { id: 'desc' } }),
    }),
  }),
});

const WithSecret = builder.objectRef<EndpointWithSecret>('WebhookEndpointWithSecret').implement({
  authScopes: OPERATOR,
  fields: (t) => ({
    endpoint: t.prismaField({
      type: 'WebhookEndpoint',
      resolve: (query, r) => db().webhookEndpoint.findUniqueOrThrow({ ...query, where: { id: r.endpoint.id } }),
    }),
    secret: t.exposeString('secret', {
      description:
        'whsec_…: the key of the webhook-signature HMAC. Shown this once: no query answers it again (rotateWebhookSecret makes a new one).',
    }),
  }),
});

const Redelivery = builder.objectRef<{ endpoint: WebhookEndpoint; messageId: string; waiting: number }>('WebhookRedelivery').implement({
  authScopes: OPERATOR,
  fields: (t) => ({
    endpoint: t.prismaField({
      type: 'WebhookEndpoint',
      resolve: (query, r) => db().webhookEndpoint.findUniqueOrThrow({ ...query, where: { id: r.endpoint.id } }),
    }),
    messageId: t.exposeString('messageId', { description: 'waiting: the delivery log shows the attempt, redelivery: true' }),
    waiting: t.exposeInt('waiting', {
      description: 'redeliveries waiting for the endpoint, this one included (a message already waiting is not added twice)',
    }),
  }),
});

// A key limited to some brands sees the endpoints of those brands (not every-brand ones).
const endpointsWhere = (args: { brandId?: string | number | null }, ctx: Context) => ({
  AND: [brandScope(ctx), args.brandId != null ? { brandId: optionalId(args.brandId, 'brandId') } : {}],
});

builder.queryFields((t) => ({
  webhookEndpoint: t.prismaField({
    type: 'WebhookEndpoint',
    nullable: true,
    authScopes: OPERATOR,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      db().webhookEndpoint.findFirst({ ...query, where: { AND: [{ id: id(args.id) }, brandScope(ctx, 'brandId')] } }),
  }),
  webhookEndpoints: t.prismaConnection({
    type: 'WebhookEndpoint',
    authScopes: OPERATOR,
    cursor: 'id',
    ...page,
    description: 'Oldest first. With brandId: that brand’s endpoints (not the every-brand ones).',
    args: { brandId: t.arg.id() },
    resolve: (query, _root, args, ctx) =>
      db().webhookEndpoint.findMany({ ...query, where: endpointsWhere(args, ctx), orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    totalCount: (_root, args, ctx) => db().webhookEndpoint.count({ where: endpointsWhere(args, ctx) }),
  }),
}));

const CreateInput = builder.inputType('CreateWebhookEndpointInput', {
  fields: (t) => ({
    brandId: t.id({ description: 'absent or null: every brand (a key limited to some brands must name one)' }),
    url: t.string({
      required: true,
      description: 'https; http only to localhost, 127.0.0.1 or [::1]. A public address, unless the host is named in OUTBOUND_ALLOW_HOSTS',
    }),
    description: t.string(),
    eventTypes: t.field({ type: [WebhookEventTypeEnum], description: 'default: all' }),
  }),
});

const UpdateInput = builder.inputType('UpdateWebhookEndpointInput', {
  description: 'Absent fields stay as they are. A type taken up again starts from now (no backlog).',
  fields: (t) => ({
    url: t.string(),
    description: t.string(),
    eventTypes: t.field({ type: [WebhookEventTypeEnum] }),
  }),
});

builder.mutationFields((t) => ({
  createWebhookEndpoint: t.field({
    type: WithSecret,
    description: 'Receives what happens from now on. The answer holds the secret, shown this once.',
    args: { input: t.arg({ type: CreateInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      write(ctx, (tx, scope, at) =>
        createWebhookEndpoint(
          tx,
          { ...input, brandId: input.brandId == null ? null : String(input.brandId) },
          scope,
          at,
          ctx.outboundAllowHosts,
        ),
      ),
  }),
  updateWebhookEndpoint: t.prismaField({
    type: 'WebhookEndpoint',
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const e = await write(ctx, (tx, scope, at) =>
        updateWebhookEndpoint(tx, String(args.id), args.input, scope, at, ctx.outboundAllowHosts),
      );
      return db().webhookEndpoint.findUniqueOrThrow({ ...query, where: { id: e.id } });
    },
  }),
  deleteWebhookEndpoint: t.id({
    description: 'Deletes the endpoint and its delivery log; answers its id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => (await write(ctx, (tx, scope, at) => deleteWebhookEndpoint(tx, String(args.id), scope, at))).id,
  }),
  enableWebhookEndpoint: t.prismaField({
    type: 'WebhookEndpoint',
    description:
      'Enables an endpoint again (disabled after repeated failures): failures forgotten, delivery resumes where it stopped, nothing lost.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const e = await write(ctx, (tx, scope, at) => enableWebhookEndpoint(tx, String(args.id), scope, at));
      return db().webhookEndpoint.findUniqueOrThrow({ ...query, where: { id: e.id } });
    },
  }),
  disableWebhookEndpoint: t.prismaField({
    type: 'WebhookEndpoint',
    description:
      'Stops delivery by hand (disabledReason says who): nothing new is sent, a redelivery asked for still is. enableWebhookEndpoint sends what it missed. Disabling a disabled endpoint changes nothing.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const e = await write(ctx, (tx, scope, at) => disableWebhookEndpoint(tx, String(args.id), scope, at));
      return db().webhookEndpoint.findUniqueOrThrow({ ...query, where: { id: e.id } });
    },
  }),
  rotateWebhookSecret: t.field({
    type: WithSecret,
    description: 'A new secret, shown this once; the old one signs nothing more.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => write(ctx, (tx, scope, at) => rotateWebhookSecret(tx, String(args.id), scope, at)),
  }),
  redeliverWebhook: t.field({
    type: Redelivery,
    description:
      'Sends one message again, with its own webhook-id: by deliveryId, or by endpointId and messageId (evt_123, alert_45). ' +
      `It waits with the endpoint’s other redeliveries (each message once, at most ${MAX_REDELIVERIES}: LIMIT_REACHED beyond) and goes with its next delivery, after its backoff if it has one.`,
    args: { deliveryId: t.arg.id(), endpointId: t.arg.id(), messageId: t.arg.string() },
    resolve: (_root, args, ctx) =>
      write(ctx, (tx, scope, at) =>
        redeliverWebhook(
          tx,
          {
            deliveryId: args.deliveryId == null ? null : String(args.deliveryId),
            endpointId: args.endpointId == null ? null : String(args.endpointId),
            messageId: args.messageId,
          },
          scope,
          at,
        ),
      ),
  }),
}));
