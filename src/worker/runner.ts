// The graphile-worker runners: jobs and the crontab live in PostgreSQL, so any number of worker
// processes share them and a worker that was down catches up.
// A worker is lanes, each a runner of its own with its own job slots and connections: a runner
// only takes jobs of the tasks it knows, so one lane's jobs never wait for another's slots (the
// enforcement tasks never wait behind webhooks that hang). One lane also runs the crontab, which
// only queues jobs: each is run by the lane that knows its task.
// What the lanes run is handed in (the task lists of tasks/, and the listeners that queue jobs,
// such as the outbox's), so this room knows nothing of them.
import { run, type Runner, type TaskList } from 'graphile-worker';
import pg from 'pg';
import { log, workerLogger } from '../log.ts';
import { workerJobs } from '../metrics.ts';
import { crontab } from './crontab.ts';

const logger = log.child({ module: 'worker' });

export interface Lane {
  /** in logs and the connections' application_name */
  name: string;
  taskList: TaskList;
  /** jobs of this lane running at once */
  concurrency: number;
  /** this lane queues the crontab's jobs (one lane of a worker does) */
  crontab?: boolean;
}

export interface Worker {
  runners: readonly Runner[];
  /** settles when every lane has stopped; rejects when one stops with an error */
  promise: Promise<void>;
  /** waits for running jobs, then closes the worker's connections */
  stop(): Promise<void>;
}

export interface WorkerSetup {
  lanes: readonly Lane[];
  /** started with the runners, stopped before them: each queues jobs on some signal */
  listeners?: ReadonlyArray<(addJob: Runner['addJob']) => { stop(): Promise<void> }>;
}

export async function startWorker(connectionString: string, setup: WorkerSetup): Promise<Worker> {
  const started: { runner: Runner; pool: pg.Pool }[] = [];
  const stopLanes = async () => {
    await Promise.all(started.map((l) => l.runner.stop()));
    await Promise.all(started.map((l) => l.pool.end()));
  };
  try {
    // one after the other: each runner checks graphile-worker's own schema as it starts
    for (const lane of setup.lanes) started.push(await startLane(connectionString, lane));
  } catch (error) {
    await stopLanes();
    throw error;
  }
  const runners = started.map((l) => l.runner);
  const listeners = (setup.listeners ?? []).map((listen) => listen(runners[0]!.addJob));
  return {
    runners,
    promise: Promise.all(runners.map((r) => r.promise)).then(() => undefined),
    async stop() {
      await Promise.all(listeners.map((l) => l.stop()));
      await stopLanes();
    },
  };
}

async function startLane(connectionString: string, lane: Lane): Promise<{ runner: Runner; pool: pg.Pool }> {
  // Its own pool, ended only after the runner has stopped: graphile-worker lets go of its error
  // listener on release, and an idle client cut by the server afterwards would crash the process.
  // The tasks' queries use the engine's pool; this one fetches and completes jobs and listens.
  const pool = new pg.Pool({ connectionString, max: Math.min(lane.concurrency, 4) + 1, application_name: `budget-worker-${lane.name}` });
  pool.on('error', (error) => logger.warn({ err: error, lane: lane.name }, 'worker connection lost'));
  // and on each client, for errors while it is checked out (graphile-worker asks for both)
  pool.on('connect', (client) => client.on('error', (error) => logger.warn({ err: error, lane: lane.name }, 'worker connection lost')));
  try {
    const runner = await run({
      pgPool: pool,
      concurrency: lane.concurrency,
      noHandleSignals: true,
      pollInterval: 1_000,
      logger: workerLogger,
      taskList: lane.taskList,
      // none (not an empty crontab, which would send graphile-worker looking for a crontab file)
      ...(lane.crontab ? { crontab } : { parsedCronItems: [] }),
    });
    runner.events.on('job:success', ({ job }) => workerJobs.inc({ task: job.task_identifier, outcome: 'success' }));
    // a last attempt's error is followed by job:failed, and counted there only
    runner.events.on('job:error', ({ job }) => {
      if (job.attempts < job.max_attempts) workerJobs.inc({ task: job.task_identifier, outcome: 'error' });
    });
    runner.events.on('job:failed', ({ job }) => workerJobs.inc({ task: job.task_identifier, outcome: 'failed' }));
    return { runner, pool };
  } catch (error) {
    await pool.end();
    throw error;
  }
}
