// What /ready, the `health` query and `budget health` report: the seed's shape
// ({ timestamp, status, checks: { database, campaigns, services } }) plus migrations and worker.
// A server reports its own process's worker (disabled with --server-only); `budget health` the
// service's: the worker processes whose heartbeat is current (src/worker/heartbeat.ts), wherever
// they run.
import type { Db } from './db/index.ts';
import { migrationStatus, readMigrations, type Migration } from './db/migrate.ts';

export interface WorkerState {
  /** false when this process runs with --server-only */
  enabled: boolean;
  running: boolean;
}

export interface Health {
  timestamp: string;
  status: 'healthy' | 'unhealthy';
  checks: {
    database: { status: 'healthy' | 'unhealthy'; connection: 'ok' | 'failed'; latencyMs?: number; error?: string };
    migrations: { status: 'healthy' | 'unhealthy'; applied: number; pending: string[] };
    campaigns: { status: 'healthy' | 'unknown'; active: number; paused: number };
    worker: {
      status: 'healthy' | 'unhealthy' | 'disabled';
      running: boolean;
      /** the service's: worker processes whose heartbeat is current */
      processes?: number;
      /** the service's: the newest heartbeat (null: none yet) */
      lastSeenAt?: string | null;
    };
  };
}

let migrations: Promise<Migration[]> | null = null;

/** `worker`: this process's; 'service': every worker process's, from their heartbeats. */
export async function checkHealth(db: Db, worker: WorkerState | 'service', at = new Date()): Promise<Health> {
  migrations ??= readMigrations();
  const started = performance.now();
  let database: Health['checks']['database'];
  let counts = { active: 0, paused: 0 };
  let migrationCheck: Health['checks']['migrations'];
  let workerCheck: Health['checks']['worker'] =
    worker === 'service'
      ? { status: 'unhealthy', running: false, processes: 0, lastSeenAt: null }
      : worker.enabled
        ? { status: worker.running ? 'healthy' : 'unhealthy', running: worker.running }
        : { status: 'disabled', running: false };
  try {
    await withTimeout(db.$queryRaw`select 1`, 2_000);
    database = { status: 'healthy', connection: 'ok', latencyMs: Math.round(performance.now() - started) };
    const status = await migrationStatus(db, await migrations);
    migrationCheck = { status: status.pending.length === 0 ? 'healthy' : 'unhealthy', ...status };
    if (status.pending.length === 0) {
      const [row] = await db.$queryRaw<{ active: bigint; paused: bigint }[]>`
        select count(*) filter (where status = 'ACTIVE') as active, count(*) filter (where status = 'PAUSED') as paused
          from campaigns where archived_at is null`;
      counts = { active: Number(row!.active), paused: Number(row!.paused) };
      if (worker === 'service') {
        const [beats] = await db.$queryRaw<{ alive: number; last: Date | null }[]>`
          select count(*) filter (where expires_at > now())::int as alive, max(seen_at) as last from worker_heartbeats`;
        const running = beats!.alive > 0;
        workerCheck = {
          status: running ? 'healthy' : 'unhealthy',
          running,
          processes: beats!.alive,
          lastSeenAt: beats!.last?.toISOString() ?? null,
        };
      }
    }
  } catch (error) {
    database = { status: 'unhealthy', connection: 'failed', error: (error as Error).message.split('\n')[0] };
    migrationCheck = { status: 'unhealthy', applied: 0, pending: [] };
  }
  const healthy = database.status === 'healthy' && migrationCheck.status === 'healthy' && workerCheck.status !== 'unhealthy';
  return {
    timestamp: at.toISOString(),
    status: healthy ? 'healthy' : 'unhealthy',
    checks: {
      database,
      migrations: migrationCheck,
      campaigns: { status: database.status === 'healthy' ? 'healthy' : 'unknown', ...counts },
      worker: workerCheck,
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** What this process runs (set by main), for health answers. */
export const processState: { worker: WorkerState } = {
  worker: { enabled: false, running: false },
};
