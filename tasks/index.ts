// Every task the worker runs, by identifier. A new kind of work (say, webhook delivery) is a file
// beside this one exporting a task made with defineTask (src/worker/task.ts), added here; if it runs
// on a schedule, its line goes in src/worker/crontab.ts.
import type { TaskList } from 'graphile-worker';
import { enforcementTasks } from './enforce.ts';

export const taskList: TaskList = { ...enforcementTasks };
