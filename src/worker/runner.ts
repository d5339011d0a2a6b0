// The graphile-worker runner: jobs and the crontab live in PostgreSQL, so any number of worker
// processes share them and a worker that was down catches up.
import { run, type Runner } from 'graphile-worker';
import { workerLogger } from '../log.ts';
import { crontab, taskList } from './crontab.ts';

export async function startWorker(connectionString: string): Promise<Runner> {
  return run({
    connectionString,
    concurrency: 2,
    noHandleSignals: true,
    pollInterval: 1_000,
    logger: workerLogger,
    taskList,
    crontab,
  });
}
