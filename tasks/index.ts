// Every task the worker runs, by identifier: the enforcement tasks, and the outbox's tasks for
// each outgoing destination kind. A new destination kind is its adapter (src/delivery/) and its
// jobs (src/domain/jobs.ts) listed in DESTINATIONS here; a new scheduled task is a job in the job
// table and its task here. Settings reach tasks as arguments (tasksFor), never as module state.
import type { TaskList } from 'graphile-worker';
import { listenForOutbox } from '../src/delivery/listener.ts';
import { OUTBOX_DEFAULTS, type Destination, type OutboxOptions } from '../src/delivery/outbox.ts';
import { webhooks } from '../src/delivery/webhooks.ts';
import { enforcementTasks } from './enforce.ts';
import type { WorkerSetup } from '../src/worker/runner.ts';
import { outboxTasks } from './outbox.ts';

/** The outgoing destination kinds, each with its own options. */
export const DESTINATIONS: ReadonlyArray<{ destination: Destination; settings: 'webhooks' }> = [{ destination: webhooks, settings: 'webhooks' }];

export interface TaskSettings {
  webhooks?: OutboxOptions;
}

export function tasksFor(settings: TaskSettings = {}): TaskList {
  return {
    ...enforcementTasks,
    ...Object.assign({}, ...DESTINATIONS.map((d) => outboxTasks(d.destination, settings[d.settings] ?? OUTBOX_DEFAULTS))),
  };
}

/** What the worker runs: these tasks, and the outbox listener that queues dispatches as events commit. */
export function workerSetup(connectionString: string, settings: TaskSettings = {}): WorkerSetup {
  const destinations = DESTINATIONS.map((d) => d.destination);
  return { taskList: tasksFor(settings), listeners: [(addJob) => listenForOutbox(connectionString, addJob, destinations)] };
}

/** With the default settings. */
export const taskList: TaskList = tasksFor();
