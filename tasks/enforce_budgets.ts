// Crontab task `enforce_budgets` (SPEC section 4): see src/worker/crontab.ts for when it runs.
import type { Task } from 'graphile-worker';
import { runTask } from '../src/worker/runTask.ts';

export const enforce_budgets: Task = (_payload, helpers) => runTask('ENFORCE_BUDGETS', helpers);
