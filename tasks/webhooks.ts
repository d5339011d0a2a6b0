// Webhook delivery (src/delivery/webhooks.ts): webhooks_dispatch (every minute, and on every
// pg_notify of the event tables, from the worker's listener) queues a webhook_deliver job for each
// endpoint with messages past its cursors; webhook_deliver sends them; webhook_redeliver sends one
// message again on an operator's demand. A failed HTTP attempt does not fail the job: the engine
// records it and schedules the retry itself (its own backoff, counted per endpoint).
import type { TaskList } from 'graphile-worker';
import { db } from '../src/db/index.ts';
import { DomainError, parseId } from '../src/domain/errors.ts';
import { deliverEndpoint, redeliverMessage, type WebhookOptions } from '../src/delivery/webhooks.ts';
import { dispatchWebhooks } from '../src/delivery/catalogue.ts';
import { defineTask, noPayload } from '../src/worker/task.ts';

const clock = () => new Date();

function endpointOf(raw: unknown): { endpointId: string } {
  const endpointId = (raw as { endpointId?: unknown } | null)?.endpointId;
  if (typeof endpointId !== 'string')
    throw new DomainError('INVALID_ARGUMENT', `payload must be { endpointId }; got ${JSON.stringify(raw)}`);
  return { endpointId: parseId(endpointId, 'endpointId') };
}

function redeliveryOf(raw: unknown): { endpointId: string; messageId: string } {
  const messageId = (raw as { messageId?: unknown } | null)?.messageId;
  if (typeof messageId !== 'string')
    throw new DomainError('INVALID_ARGUMENT', `payload must be { endpointId, messageId }; got ${JSON.stringify(raw)}`);
  return { ...endpointOf(raw), messageId };
}

export function webhookTasks(options: WebhookOptions): TaskList {
  return {
    webhooks_dispatch: defineTask('webhooks_dispatch', noPayload, async ({ at }) => ({
      endpoints: await db().$transaction((tx) => dispatchWebhooks(tx, at)),
    })),
    webhook_deliver: defineTask('webhook_deliver', endpointOf, async ({ payload }) => ({
      endpointId: payload.endpointId,
      ...(await deliverEndpoint(db(), payload.endpointId, options, clock)),
    })),
    webhook_redeliver: defineTask('webhook_redeliver', redeliveryOf, async ({ payload }) => ({
      ...payload,
      ...(await redeliverMessage(db(), payload.endpointId, payload.messageId, options, clock)),
    })),
  };
}
