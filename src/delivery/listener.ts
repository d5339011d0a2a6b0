// Prompt delivery: one dedicated connection LISTENs on the message catalogue's channels, and
// notifications queue each destination kind's dispatch job (its job key: a burst of notifications
// is one waiting job), at most one every DISPATCH_MS, and only while some destination of that kind
// is enabled (one small read on this connection). Under a burst of spends that pause and resume
// campaigns the worker so stays free for enforcement. A lost connection is made again; meanwhile
// the crontab's every-minute dispatch covers the gap, and delivery reads the tables by cursor, so
// a missed notification delays a message, never loses it.
import pg from 'pg';
import type { Runner } from 'graphile-worker';
import { log } from '../log.ts';
import type { JobDefinition } from '../domain/jobs.ts';
import { CHANNELS } from './catalogue.ts';
import { anyEnabledSql, type Destination } from './outbox.ts';

/** A kind of outgoing work this listener queues the dispatch of: a destination kind, or the ad platforms' pushes. */
export interface Dispatcher {
  /** one row with a boolean `any`: some destination of the kind could have work */
  anySql: string;
  dispatch: JobDefinition<null>;
}

export function dispatcherOf(d: Destination): Dispatcher {
  return { anySql: anyEnabledSql(d), dispatch: d.jobs.dispatch };
}

const logger = log.child({ module: 'outbox' });
const RECONNECT_MS = 1_000;
const DISPATCH_MS = 250;

export function listenForOutbox(
  connectionString: string,
  addJob: Runner['addJob'],
  dispatchers: readonly Dispatcher[],
): { stop(): Promise<void> } {
  let client: pg.Client | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  // one dispatch at a time, DISPATCH_MS apart: notifications meanwhile make one more after it
  let queuing = false;
  let again = false;
  const queueDispatches = async (c: pg.Client) => {
    for (const d of dispatchers) {
      if (!(await c.query<{ any: boolean }>(d.anySql)).rows[0]!.any) continue;
      const job = d.dispatch;
      await addJob(job.identifier, {}, { jobKey: job.jobKey(null), jobKeyMode: job.jobKeyMode });
    }
  };
  const dispatch = () => {
    if (queuing) {
      again = true;
      return;
    }
    const c = client;
    if (!c || stopped) return;
    queuing = true;
    queueDispatches(c)
      .catch((error: unknown) => logger.warn({ err: error }, 'could not queue a dispatch; the crontab will'))
      .then(() => new Promise((resolve) => setTimeout(resolve, DISPATCH_MS).unref()))
      .finally(() => {
        queuing = false;
        if (again && !stopped) {
          again = false;
          dispatch();
        }
      });
  };

  const connect = async () => {
    const c = new pg.Client({ connectionString, application_name: 'budget-outbox' });
    const lost = (error?: Error) => {
      if (client !== c) return;
      client = null;
      if (stopped) return;
      logger.warn({ err: error }, 'outbox listener connection lost; reconnecting');
      retry();
    };
    c.on('error', lost);
    c.on('end', () => lost());
    c.on('notification', dispatch);
    client = c;
    try {
      await c.connect();
      await c.query(CHANNELS.map((channel) => `listen ${channel}`).join('; '));
    } catch (error) {
      client = null;
      await c.end().catch(() => undefined);
      throw error;
    }
    if (stopped) await c.end().catch(() => undefined);
    else dispatch(); // whatever committed while we were not listening
  };

  const retry = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = null;
      connect().catch((error: unknown) => {
        logger.warn({ err: error }, 'outbox listener reconnect failed; retrying');
        retry();
      });
    }, RECONNECT_MS);
    timer.unref();
  };

  connect().catch((error: unknown) => {
    logger.warn({ err: error }, 'outbox listener could not connect; retrying');
    retry();
  });

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
