// Crontab task `enforce_dayparting` (SPEC section 4): see src/worker/crontab.ts for when it runs.
import type { Task } from 'graphile-worker';
import { runTask } from '../src/worker/runTask.ts';

export const enforce_dayparting: Task = (_payload, helpers) => runTask('ENFORCE_DAYPARTING', helpers);
