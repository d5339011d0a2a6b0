// Every task the worker runs, by identifier. A new kind of work is a file beside this one exporting
// tasks made with defineTask (src/worker/task.ts), added here; if it runs on a schedule, its line
// goes in src/worker/crontab.ts. Settings reach tasks as arguments (tasksFor), never as module state.
import type { TaskList } from 'graphile-worker';
import { WEBHOOK_DEFAULTS, type WebhookOptions } from '../src/delivery/webhooks.ts';
import { enforcementTasks } from './enforce.ts';
import { webhookTasks } from './webhooks.ts';

export function tasksFor(settings: { webhooks?: WebhookOptions } = {}): TaskList {
  return { ...enforcementTasks, ...webhookTasks(settings.webhooks ?? WEBHOOK_DEFAULTS) };
}

/** With the default settings. */
export const taskList: TaskList = tasksFor();
