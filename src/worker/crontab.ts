// The tasks this service runs and when (UTC). Task files live in the top-level tasks/ folder.
import type { TaskList } from 'graphile-worker';

export const taskList: TaskList = {};

/** graphile-worker crontab syntax; each line's id= never changes once deployed. */
export const crontab = '';
