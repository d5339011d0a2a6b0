// The graphile-worker runner: jobs and the crontab live in PostgreSQL, so any number of worker
// processes share them and a worker that was down catches up.
// What it runs is handed in (the task list of tasks/, and the listeners that queue jobs, such as
// the outbox's), so this room knows nothing of them.
import { run, type Runner, type TaskList } from 'graphile-worker';
import pg from 'pg';
import { log, workerLogger } from '../log.ts';
import { workerJobs } from '../metrics.ts';
import { crontab } from './crontab.ts';

const logger = log.child({ module: 'worker' });

export interface Worker {
  runner: Runner;
  /** waits for running jobs, then closes the worker's connections */
  stop(): Promise<void>;
}

export interface WorkerSetup {
  taskList: TaskList;
  /** started with the runner, stopped before it: each queues jobs on some signal */
  listeners?: ReadonlyArray<(addJob: Runner['addJob']) => { stop(): Promise<void> }>;
}

export async function startWorker(connectionString: string, setup: WorkerSetup): Promise<Worker> {
  // Our own pool, ended only after the runner has stopped: graphile-worker lets go of its error
  // listener on release, and an idle client cut by the server afterwards would crash the process.
  const pool = new pg.Pool({ connectionString, max: 5, application_name: 'budget-worker' });
  pool.on('error', (error) => logger.warn({ err: error }, 'worker connection lost'));
  // and on each client, for errors while it is checked out (graphile-worker asks for both)
  pool.on('connect', (client) => client.on('error', (error) => logger.warn({ err: error }, 'worker connection lost')));
  const runner = await run({
    pgPool: pool,
    concurrency: 2,
    noHandleSignals: true,
    pollInterval: 1_000,
    logger: workerLogger,
    taskList: setup.taskList,
    crontab,
  });
  runner.events.on('job:success', ({ job }) => workerJobs.inc({ task: job.task_identifier, outcome: 'success' }));
  // a last attempt's error is followed by job:failed, and counted there only
  runner.events.on('job:error', ({ job }) => {
    if (job.attempts < job.max_attempts) workerJobs.inc({ task: job.task_identifier, outcome: 'error' });
  });
  runner.events.on('job:failed', ({ job }) => workerJobs.inc({ task: job.task_identifier, outcome: 'failed' }));
  const listeners = (setup.listeners ?? []).map((listen) => listen(runner.addJob));
  return {
    runner,
    async stop() {
      await Promise.all(listeners.map((l) => l.stop()));
      await runner.stop();
      await pool.end();
    },
  };
}
