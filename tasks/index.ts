// Every task the worker runs, by identifier, in two lanes (src/worker/runner.ts), each with job
// slots of its own: enforcement (the crontab's tasks; it also queues the crontab's jobs) and
// delivery (the outbox's tasks for each outgoing destination kind, and the ad platforms' syncs and pushes). Enforcement so never waits
// behind a destination that hangs. A new destination kind is its adapter (src/delivery/) and its
// jobs (src/domain/jobs.ts) listed in DESTINATIONS here; a new scheduled task is a job in the job
// table and its task here. Settings reach tasks as arguments (tasksFor), never as module state.
import type { TaskList } from 'graphile-worker';
import { WORKER_DEFAULTS } from '../src/config.ts';
import { dispatcherOf, listenForOutbox } from '../src/delivery/listener.ts';
import { PLATFORM_JOBS } from '../src/domain/jobs.ts';
import { OUTBOX_DEFAULTS, type Destination, type OutboxOptions } from '../src/delivery/outbox.ts';
import { brandShare, brandShares } from '../src/delivery/shares.ts';
import { webhooks } from '../src/delivery/webhooks.ts';
import { enforcementTasks } from './enforce.ts';
import type { WorkerSetup } from '../src/worker/runner.ts';
import { outboxTasks } from './outbox.ts';
import { platformTasks, type PlatformTaskSettings } from './platforms.ts';

/** The outgoing destination kinds, each with its own options. */
export const DESTINATIONS: ReadonlyArray<{ destination: Destination; settings: 'webhooks' }> = [
  { destination: webhooks, settings: 'webhooks' },
];

export interface TaskSettings {
  webhooks?: OutboxOptions;
  /** delivery jobs running at once (BUDGET_DELIVERY_CONCURRENCY) */
  deliveryConcurrency?: number;
  /** the ad platforms' connectors; null or absent: no BUDGET_SECRET_KEY, their tasks do nothing */
  platforms?: PlatformTaskSettings | null;
}

/** The delivery lane's tasks: each destination kind's, sharing one count of attempts in flight per brand. */
function deliveryTasks(settings: TaskSettings): TaskList {
  const shares = brandShares(brandShare(settings.deliveryConcurrency ?? WORKER_DEFAULTS.deliveryConcurrency));
  return Object.assign(
    platformTasks(settings.platforms ?? null),
    ...DESTINATIONS.map((d) => outboxTasks(d.destination, settings[d.settings] ?? OUTBOX_DEFAULTS, shares)),
  );
}

/** Every task, in one list (a test's runOnce). */
export function tasksFor(settings: TaskSettings = {}): TaskList {
  return { ...enforcementTasks, ...deliveryTasks(settings) };
}

/** What the worker runs: the two lanes, and the outbox listener that queues dispatches as events commit. */
export function workerSetup(connectionString: string, settings: TaskSettings = {}): WorkerSetup {
  const dispatchers = [
    ...DESTINATIONS.map((d) => dispatcherOf(d.destination)),
    // status events of campaigns linked to an ad account: their pushes
    { anySql: `select exists (select 1 from ad_accounts where status <> 'DISCONNECTED') as any`, dispatch: PLATFORM_JOBS.dispatch },
  ];
  return {
    lanes: [
      // as many slots as enforcement tasks (the four scheduled ones and override_end): none waits
      // for another (at :00 all four are due)
      { name: 'enforcement', taskList: enforcementTasks, concurrency: Object.keys(enforcementTasks).length, crontab: true },
      {
        name: 'delivery',
        taskList: deliveryTasks(settings),
        concurrency: settings.deliveryConcurrency ?? WORKER_DEFAULTS.deliveryConcurrency,
      },
    ],
    listeners: [(addJob) => listenForOutbox(connectionString, addJob, dispatchers)],
  };
}

/** With the default settings. */
export const taskList: TaskList = tasksFor();
