// Webhook endpoints: created, changed, deleted, disabled and enabled again, their secret rotated, a message
// sent again. Every change is audited (never with the secret). A key limited to some brands
// manages only the endpoints of its brands, and cannot make one for every brand.
// Delivery itself is the outbox's (outbox.ts, with the adapter in webhooks.ts).
import type { WebhookEndpoint } from '../db/generated/prisma/client.ts';
import type { Tx } from '../db/index.ts';
import { DomainError, parseId, quote } from '../domain/errors.ts';
import { assertMayAct, mayAct, type Scope } from '../domain/scope.ts';
import { MAX_LENGTH, parseText } from '../domain/validate.ts';
import { newWebhookSecret } from '../domain/webhookSignature.ts';
import { audit } from '../engine/audit.ts';
import { brandOfMessage, messageId, MESSAGE_TYPES, newestIds, parseMessageId, type MessageType } from './catalogue.ts';
import { scheduleDelivery, scheduleRedelivery } from './outbox.ts';
import { whyRefused, type AllowHosts } from './outbound.ts';
import { webhooks } from './webhooks.ts';

/** What an endpoint may subscribe to: every kind of the message catalogue. */
export const WEBHOOK_EVENT_TYPES: readonly MessageType[] = MESSAGE_TYPES;
export type WebhookEventType = MessageType;

export interface EndpointInput {
  brandId?: string | null;
  url: string;
  description?: string | null;
  eventTypes?: readonly string[] | null;
}

export interface EndpointChange {
  url?: string | null;
  description?: string | null;
  eventTypes?: readonly string[] | null;
}

/** An endpoint with its secret: answered by creation and rotation only. */
export interface EndpointWithSecret {
  endpoint: WebhookEndpoint;
  secret: string;
}

// http is for a receiver on this machine (a local test receiver, a sidecar; named in OUTBOUND_ALLOW_HOSTS): nothing leaves it in clear.
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * An endpoint's URL: https (http to this machine), no credentials, and not an address the outbound
 * guard refuses as written (a name is judged at each delivery, on the address it resolves to).
 */
export function parseWebhookUrl(value: unknown, allowHosts: AllowHosts, field = 'url'): string {
  const text = parseText(value, field, { min: 1, max: 2_000 });
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DomainError(
      'INVALID_ARGUMENT',
      `${field} must be an absolute URL like https://hooks.example.com/budget; got ${quote(text)}`,
      field,
    );
  }
  const local = LOOPBACK.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new DomainError(
      'INVALID_ARGUMENT',
      `${field} must use https (http only to localhost, 127.0.0.1 or [::1]); got ${quote(text)}`,
      field,
    );
  }
  if (url.username || url.password) throw new DomainError('INVALID_ARGUMENT', `${field} must not carry a user name or password`, field);
  const refused = whyRefused(url, allowHosts);
  if (refused) {
    throw new DomainError(
      'INVALID_ARGUMENT',
      `${field} must lead to a public address (${refused}); a host on a private network is reached only if OUTBOUND_ALLOW_HOSTS names it`,
      field,
    );
  }
  return url.toString();
}

export function parseEventTypes(value: readonly string[] | null | undefined, field = 'eventTypes'): WebhookEventType[] {
  if (value == null) return [...WEBHOOK_EVENT_TYPES];
  const types = [...new Set(value)];
  const bad = types.find((t) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(t));
  if (bad !== undefined || types.length === 0) {
    throw new DomainError(
      'INVALID_ARGUMENT',
      `${field} must be one or more of ${WEBHOOK_EVENT_TYPES.join(', ')}; got ${quote(value)}`,
      field,
    );
  }
  return WEBHOOK_EVENT_TYPES.filter((t) => types.includes(t));
}

/**
 * What an audit entry shows of an endpoint: never the secret, and of the URL only its origin.
 * Viewers read the audit trail but not endpoints: a URL's path often carries a token of its own.
 */
function shown(e: Pick<WebhookEndpoint, 'url' | 'description' | 'eventTypes' | 'brandId' | 'enabled'>) {
  return { origin: new URL(e.url).origin, description: e.description, eventTypes: e.eventTypes, brandId: e.brandId, enabled: e.enabled };
}

export async function createWebhookEndpoint(
  tx: Tx,
  input: EndpointInput,
  scope: Scope,
  at: Date,
  allowHosts: AllowHosts,
): Promise<EndpointWithSecret> {
  const brandId = input.brandId == null ? null : parseId(input.brandId, 'brandId');
  const url = parseWebhookUrl(input.url, allowHosts);
  const description = parseText(input.description ?? '', 'description', { max: MAX_LENGTH.description, multiline: true });
  const eventTypes = parseEventTypes(input.eventTypes);
  if (brandId === null) {
    if (scope.brandIds !== null) {
      throw new DomainError('FORBIDDEN', 'this API key is limited to some brands: it cannot add an endpoint for every brand', 'brandId');
    }
  } else {
    const [brand] = await tx.$queryRaw<{ id: string }[]>`select id from brands where id = ${brandId}::uuid for share`;
    if (!brand) throw new DomainError('NOT_FOUND', `no brand with id ${brandId}`, 'brandId');
    assertMayAct(scope, brandId, 'brandId');
  }
  const secret = newWebhookSecret();
  // From now on: the cursors start at the newest ids.
  const newest = await newestIds(tx, MESSAGE_TYPES);
  const endpoint = await tx.webhookEndpoint.create({
    data: {
      brandId,
      url,
      description,
      secret,
      eventTypes,
      eventCursor: newest.CAMPAIGN_STATUS_CHANGED!,
      alertCursor: newest.BUDGET_ALERT!,
      platformEventCursor: newest.PLATFORM_EVENT!,
      createdAt: at,
      updatedAt: at,
    },
  });
  await audit(
    tx,
    scope,
    { action: 'webhook.create', targetType: 'WebhookEndpoint', targetId: endpoint.id, brandId, after: shown(endpoint) },
    at,
  );
  return { endpoint, secret };
}

/** The endpoint, locked, if the scope may manage it: NOT_FOUND, or FORBIDDEN for another brand's (or every brand's). */
export async function lockEndpoint(tx: Tx, id: string, scope: Scope, field = 'id'): Promise<WebhookEndpoint> {
  const endpointId = parseId(id, field);
  await tx.$executeRaw`select 1 from webhook_endpoints where id = ${endpointId}::uuid for update`;
  const endpoint = await tx.webhookEndpoint.findUnique({ where: { id: endpointId } });
  if (!endpoint) throw new DomainError('NOT_FOUND', `no webhook endpoint with id ${endpointId}`, field);
  if (!mayManage(scope, endpoint.brandId)) throw new DomainError('FORBIDDEN', 'this API key may not manage that webhook endpoint', field);
  return endpoint;
}

export function mayManage(scope: Scope, brandId: string | null): boolean {
  return brandId === null ? scope.brandIds === null : mayAct(scope, brandId);
}

export async function updateWebhookEndpoint(
  tx: Tx,
  id: string,
  change: EndpointChange,
  scope: Scope,
  at: Date,
  allowHosts: AllowHosts,
): Promise<WebhookEndpoint> {
  const before = await lockEndpoint(tx, id, scope);
  const url = change.url == null ? before.url : parseWebhookUrl(change.url, allowHosts);
  const description =
    change.description == null
      ? before.description
      : parseText(change.description, 'description', { max: MAX_LENGTH.description, multiline: true });
  const eventTypes = change.eventTypes == null ? (before.eventTypes as WebhookEventType[]) : parseEventTypes(change.eventTypes);
  // A type taken up again starts from now, like a new endpoint: no backlog of what it did not ask for.
  const added = eventTypes.filter((t) => !before.eventTypes.includes(t));
  const newest = await newestIds(tx, added);
  const after = await tx.webhookEndpoint.update({
    where: { id: before.id },
    data: {
      url,
      description,
      eventTypes,
      ...(newest.CAMPAIGN_STATUS_CHANGED === undefined ? {} : { eventCursor: newest.CAMPAIGN_STATUS_CHANGED }),
      ...(newest.BUDGET_ALERT === undefined ? {} : { alertCursor: newest.BUDGET_ALERT }),
      ...(newest.PLATFORM_EVENT === undefined ? {} : { platformEventCursor: newest.PLATFORM_EVENT }),
      updatedAt: at,
    },
  });
  await audit(
    tx,
    scope,
    {
      action: 'webhook.update',
      targetType: 'WebhookEndpoint',
      targetId: after.id,
      brandId: after.brandId,
      before: shown(before),
      after: shown(after),
    },
    at,
  );
  return after;
}

export async function deleteWebhookEndpoint(tx: Tx, id: string, scope: Scope, at: Date): Promise<WebhookEndpoint> {
  const endpoint = await lockEndpoint(tx, id, scope);
  await tx.webhookEndpoint.delete({ where: { id: endpoint.id } });
  await audit(
    tx,
    scope,
    { action: 'webhook.delete', targetType: 'WebhookEndpoint', targetId: endpoint.id, brandId: endpoint.brandId, before: shown(endpoint) },
    at,
  );
  return endpoint;
}

/** Enabled again (after repeated failures): failures forgotten, delivery resumes from its cursors, so nothing is lost. */
export async function enableWebhookEndpoint(tx: Tx, id: string, scope: Scope, at: Date): Promise<WebhookEndpoint> {
  const before = await lockEndpoint(tx, id, scope);
  const after = await tx.webhookEndpoint.update({
    where: { id: before.id },
    data: { enabled: true, disabledAt: null, disabledReason: null, consecutiveFailures: 0, nextAttemptAt: null, updatedAt: at },
  });
  await scheduleDelivery(tx, webhooks, after.id, at);
  if (!before.enabled) {
    await audit(
      tx,
      scope,
      {
        action: 'webhook.enable',
        targetType: 'WebhookEndpoint',
        targetId: after.id,
        brandId: after.brandId,
        before: { enabled: false, disabledReason: before.disabledReason, consecutiveFailures: before.consecutiveFailures },
        after: { enabled: true, disabledReason: null, consecutiveFailures: 0 },
      },
      at,
    );
  }
  return after;
}

/** Disabled by hand: nothing new is sent (a redelivery asked for still is) until it is enabled again, which sends what it missed. */
export async function disableWebhookEndpoint(tx: Tx, id: string, scope: Scope, at: Date): Promise<WebhookEndpoint> {
  const before = await lockEndpoint(tx, id, scope);
  if (!before.enabled) return before;
  const after = await tx.webhookEndpoint.update({
    where: { id: before.id },
    data: { enabled: false, disabledAt: at, disabledReason: `disabled by ${scope.actor}`, updatedAt: at },
  });
  await audit(
    tx,
    scope,
    {
      action: 'webhook.disable',
      targetType: 'WebhookEndpoint',
      targetId: after.id,
      brandId: after.brandId,
      before: { enabled: true },
      after: { enabled: false, disabledReason: after.disabledReason },
    },
    at,
  );
  return after;
}

/** A new secret, answered this once; the old one stops signing at once. */
export async function rotateWebhookSecret(tx: Tx, id: string, scope: Scope, at: Date): Promise<EndpointWithSecret> {
  const before = await lockEndpoint(tx, id, scope);
  const secret = newWebhookSecret();
  const endpoint = await tx.webhookEndpoint.update({ where: { id: before.id }, data: { secret, updatedAt: at } });
  await audit(
    tx,
    scope,
    {
      action: 'webhook.rotate_secret',
      targetType: 'WebhookEndpoint',
      targetId: endpoint.id,
      brandId: endpoint.brandId,
      // that it changed, never the secret itself
      before: { secret: 'the previous one' },
      after: { secret: 'a new one, answered once' },
    },
    at,
  );
  return { endpoint, secret };
}

/**
 * Asks for one message again (sent with its own id so the receiver can dedupe, logged as a
 * redelivery): by a delivery of the log, or by endpoint and message id. It waits in the
 * endpoint's row with the others asked for, each message once, at most MAX_REDELIVERIES
 * (LIMIT_REACHED beyond), and goes with the endpoint's next delivery (after its backoff, if any).
 */
export async function redeliverWebhook(
  tx: Tx,
  target: { deliveryId?: string | null; endpointId?: string | null; messageId?: string | null },
  scope: Scope,
  at: Date,
): Promise<{ endpoint: WebhookEndpoint; messageId: string; waiting: number }> {
  let endpointId: string;
  let message: { type: WebhookEventType; sourceId: bigint };
  if (target.deliveryId != null) {
    if (!/^[0-9]{1,18}$/.test(target.deliveryId))
      throw new DomainError('INVALID_ID', `deliveryId must be a delivery's id; got ${quote(target.deliveryId)}`, 'deliveryId');
    const delivery = await tx.webhookDelivery.findFirst({ where: { id: BigInt(target.deliveryId) } });
    if (!delivery) throw new DomainError('NOT_FOUND', `no webhook delivery with id ${target.deliveryId}`, 'deliveryId');
    endpointId = delivery.endpointId;
    message = { type: delivery.eventType as WebhookEventType, sourceId: delivery.sourceId };
  } else {
    if (target.endpointId == null) throw new DomainError('INVALID_ARGUMENT', 'give deliveryId, or endpointId and messageId', 'deliveryId');
    endpointId = parseId(target.endpointId, 'endpointId');
    message = parseMessageId(target.messageId, 'messageId');
  }
  const field = target.deliveryId != null ? 'deliveryId' : 'endpointId';
  const endpoint = await lockEndpoint(tx, endpointId, scope, field);
  const brandId = await brandOfMessage(tx, message.type, message.sourceId);
  if (!brandId || (endpoint.brandId !== null && brandId !== endpoint.brandId)) {
    throw new DomainError('NOT_FOUND', `no message ${messageId(message.type, message.sourceId)} for this endpoint`, 'messageId');
  }
  const id = messageId(message.type, message.sourceId);
  // the endpoint is locked above: it is there
  const waiting = (await scheduleRedelivery(tx, webhooks, endpoint.id, id, at, field))!;
  await audit(
    tx,
    scope,
    {
      action: 'webhook.redeliver',
      targetType: 'WebhookEndpoint',
      targetId: endpoint.id,
      brandId: endpoint.brandId,
      after: { messageId: id },
    },
    at,
  );
  return { endpoint, messageId: id, waiting };
}
