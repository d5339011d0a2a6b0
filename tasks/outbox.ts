// The three tasks of an outgoing destination kind (src/delivery/outbox.ts), from its adapter:
// dispatch (every minute, and when the outbox listener hears of new events) queues a delivery
// job for each destination with messages past its cursors; deliver sends them; redeliver sends one
// message again on an operator's demand. A failed attempt does not fail the job: the outbox
// records it and schedules the retry itself (its own backoff, per destination).
import type { TaskList } from 'graphile-worker';
import { db } from '../src/db/index.ts';
import { deliver, dispatch, redeliver, type Destination, type OutboxOptions } from '../src/delivery/outbox.ts';
import { defineTask } from '../src/worker/task.ts';

const clock = () => new Date();

export function outboxTasks(dest: Destination, options: OutboxOptions): TaskList {
  const { jobs } = dest;
  return {
    [jobs.dispatch.identifier]: defineTask(jobs.dispatch, async ({ at }) => ({
      destinations: await db().$transaction((tx) => dispatch(tx, dest, at)),
    })),
    [jobs.deliver.identifier]: defineTask(jobs.deliver, async ({ payload }) => ({
      ...payload,
      ...(await deliver(db(), dest, payload.destinationId, options, clock)),
    })),
    [jobs.redeliver.identifier]: defineTask(jobs.redeliver, async ({ payload }) => ({
      ...payload,
      ...(await redeliver(db(), dest, payload.destinationId, payload.messageId, options, clock)),
    })),
  };
}
