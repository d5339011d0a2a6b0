// Prompt webhooks: one dedicated connection LISTENs on the event tables' channels, and
// notifications queue webhooks_dispatch (jobKey: a burst of notifications is one waiting job), at
// most one every DISPATCH_MS, and only while some endpoint is enabled (one small read on this
// connection). Under a burst of spends that pause and resume campaigns the worker so stays free
// for enforcement. A lost connection is made again; meanwhile the crontab's every-minute dispatch
// covers the gap, and delivery reads the tables by cursor, so a missed notification delays a
// message, never loses it.
import pg from 'pg';
import type { Runner } from 'graphile-worker';
import { ALERTS_CHANNEL, EVENTS_CHANNEL } from '../db/signals.ts';
import { log } from '../log.ts';

const logger = log.child({ module: 'webhooks' });
const RECONNECT_MS = 1_000;
const DISPATCH_MS = 250;

export function listenForWebhooks(connectionString: string, addJob: Runner['addJob']): { stop(): Promise<void> } {
  let client: pg.Client | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;

  // one dispatch at a time, DISPATCH_MS apart: notifications meanwhile make one more after it
  let queuing = false;
  let again = false;
  const anyEndpoint = async (c: pg.Client) =>
    (await c.query<{ any: boolean }>('select exists (select 1 from webhook_endpoints where enabled) as any')).rows[0]!.any;
  const dispatch = () => {
    if (queuing) {
      again = true;
      return;
    }
    const c = client;
    if (!c || stopped) return;
    queuing = true;
    anyEndpoint(c)
      .then((any) => (any ? addJob('webhooks_dispatch', {}, { jobKey: 'webhooks_dispatch', jobKeyMode: 'preserve_run_at' }) : undefined))
      .catch((error: unknown) => logger.warn({ err: error }, 'could not queue webhooks_dispatch; the crontab will'))
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
    const c = new pg.Client({ connectionString, application_name: 'budget-webhooks' });
    const lost = (error?: Error) => {
      if (client !== c) return;
      client = null;
      if (stopped) return;
      logger.warn({ err: error }, 'webhook listener connection lost; reconnecting');
      retry();
    };
    c.on('error', lost);
    c.on('end', () => lost());
    c.on('notification', dispatch);
    client = c;
    try {
      await c.connect();
      await c.query(`listen ${EVENTS_CHANNEL}; listen ${ALERTS_CHANNEL}`);
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
        logger.warn({ err: error }, 'webhook listener reconnect failed; retrying');
        retry();
      });
    }, RECONNECT_MS);
    timer.unref();
  };

  connect().catch((error: unknown) => {
    logger.warn({ err: error }, 'webhook listener could not connect; retrying');
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
