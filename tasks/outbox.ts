// The tasks of an outgoing destination kind (src/delivery/outbox.ts), from its adapter: dispatch
// (every minute, and when the outbox listener hears of new events) queues a delivery job for each
// destination with work; deliver sends its redeliveries, then its messages past its cursors. A
// failed attempt does not fail the job: the outbox records it and schedules the retry itself (its
// own backoff, per destination). A redeliver job (queued before redeliveries waited in the
// destination's row) adds its message there, like redeliverWebhook.
import type { TaskList } from 'graphile-worker';
import { db } from '../src/db/index.ts';
import { deliver, dispatch, scheduleRedelivery, type Destination, type OutboxOptions } from '../src/delivery/outbox.ts';
import type { BrandShares } from '../src/delivery/shares.ts';
import { defineTask } from '../src/worker/task.ts';

const clock = () => new Date();

export function outboxTasks(dest: Destination, options: OutboxOptions, shares: BrandShares): TaskList {
  const { jobs } = dest;
  return {
    [jobs.dispatch.identifier]: defineTask(jobs.dispatch, async ({ at }) => ({
      destinations: await db().$transaction((tx) => dispatch(tx, dest, at)),
    })),
    [jobs.deliver.identifier]: defineTask(jobs.deliver, async ({ payload }) => ({
      ...payload,
      ...(await deliver(db(), dest, payload.destinationId, options, clock, shares)),
    })),
    [jobs.redeliver.identifier]: defineTask(jobs.redeliver, async ({ payload, at }) => ({
      ...payload,
      waiting: await db().$transaction((tx) => scheduleRedelivery(tx, dest, payload.destinationId, payload.messageId, at)),
    })),
  };
}
