// Crontab task `reset_monthly` (SPEC section 4): see src/worker/crontab.ts for when it runs.
import type { Task } from 'graphile-worker';
import { runTask } from '../src/worker/runTask.ts';

export const reset_monthly: Task = (_payload, helpers) => runTask('RESET_MONTHLY', helpers);
