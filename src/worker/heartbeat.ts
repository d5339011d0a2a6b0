// A running worker process says it is alive: a row of worker_heartbeats, written when it starts and
// every `everyMs`, vouching for it until three beats ahead (expires_at), deleted when it stops. So
// `budget health`, run from any machine, reports the service's workers rather than its own
// process (src/health.ts reads the rows; a worker that died leaves its row to expire). The times
// are the database's, so no two machines' clocks are compared. One connection of its own: a beat
// never waits behind the jobs for the worker's pool.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import pg from 'pg';
import { log } from '../log.ts';

const logger = log.child({ module: 'heartbeat' });

export interface Heartbeat {
  id: string;
  /** deletes its row: the worker is no longer vouched for */
  stop(): Promise<void>;
}

export async function startHeartbeat(connectionString: string, { everyMs = 10_000 } = {}): Promise<Heartbeat> {
  const pool = new pg.Pool({ connectionString, max: 1, idleTimeoutMillis: everyMs * 3, application_name: 'budget-heartbeat' });
  pool.on('error', (error) => logger.warn({ err: error }, 'heartbeat connection lost'));
  const id = randomUUID();
  // rows of workers gone for a day are cleared by the beats of those still running
  const beat = () =>
    pool.query(
      `with gone as (delete from worker_heartbeats where expires_at < now() - interval '1 day')
       insert into worker_heartbeats (id, host, pid, started_at, seen_at, expires_at)
       values ($1, $2, $3, now(), now(), now() + $4 * interval '1 millisecond')
       on conflict (id) do update set seen_at = excluded.seen_at, expires_at = excluded.expires_at`,
      [id, hostname(), process.pid, everyMs * 3],
    );
  await beat();
  const timer = setInterval(() => beat().catch((error: unknown) => logger.warn({ err: error }, 'heartbeat not written')), everyMs);
  timer.unref();
  let stopped: Promise<void> | undefined;
  return {
    id,
    stop: () =>
      (stopped ??= (async () => {
        clearInterval(timer);
        await pool.query(`delete from worker_heartbeats where id = $1`, [id]).catch((error: unknown) => {
          logger.warn({ err: error }, 'heartbeat not removed: it expires on its own');
        });
        await pool.end();
      })()),
  };
}
