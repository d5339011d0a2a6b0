// Webhooks, the outbox's first destination kind: an endpoint (webhookEndpoints.ts) receives each
// message as a JSON POST signed the Standard Webhooks way (webhook-id, webhook-timestamp,
// webhook-signature: src/domain/webhookSignature.ts). Everything else (cursors, backoff, disable,
// redelivery, dispatch, brand shares) is the outbox's (outbox.ts).
import type { WebhookEndpoint } from '../db/generated/prisma/client.ts';
import type { Db, Tx } from '../db/index.ts';
import { WEBHOOK_JOBS } from '../domain/jobs.ts';
import { webhookHeaders } from '../domain/webhookSignature.ts';
import { send } from './http.ts';
import type { Destination, OutboxRow } from './outbox.ts';

export interface WebhookRow extends OutboxRow {
  url: string;
  secret: string;
}

function webhookRow(e: WebhookEndpoint): WebhookRow {
  return {
    id: e.id,
    brandId: e.brandId,
    eventTypes: e.eventTypes,
    cursors: { CAMPAIGN_STATUS_CHANGED: e.eventCursor, BUDGET_ALERT: e.alertCursor, PLATFORM_EVENT: e.platformEventCursor },
    enabled: e.enabled,
    consecutiveFailures: e.consecutiveFailures,
    nextAttemptAt: e.nextAttemptAt,
    redeliveries: e.redeliveries,
    url: e.url,
    secret: e.secret,
  };
}

export const webhooks: Destination<WebhookRow> = {
  name: 'webhook endpoint',
  jobs: WEBHOOK_JOBS,
  table: 'webhook_endpoints',
  log: { table: 'webhook_deliveries', destinationColumn: 'endpoint_id' },
  async load(db: Db | Tx, id: string) {
    const e = await db.webhookEndpoint.findUnique({ where: { id } });
    return e && webhookRow(e);
  },
  send: (e, m, at, { timeoutMs, allowHosts }) =>
    send({
      url: e.url,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'budget-control-webhooks',
        ...webhookHeaders(e.secret, m.id, at, m.body),
      },
      body: m.body,
      timeoutMs,
      allowHosts,
      about: { endpointId: e.id, messageId: m.id },
    }),
};
