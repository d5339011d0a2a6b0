// What /ready, the `health` query and `budget health` report: the seed's shape
// ({ timestamp, status, checks: { database, campaigns, services } }) plus migrations and worker.
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
    worker: { status: 'healthy' | 'unhealthy' | 'disabled'; running: boolean };
  };
}

let migrations: Promise<Migration[]> | null = null;

export async function checkHealth(db: Db, worker: WorkerState, at = new Date()): Promise<Health> {
  migrations ??= readMigrations();
  const started = performance.now();
  let database: Health['checks']['database'];
  let counts = { active: 0, paused: 0 };
  let migrationCheck: Health['checks']['migrations'];
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
    }
  } catch (error) {
    database = { status: 'unhealthy', connection: 'failed', error: (error as Error).message.split('\n')[0] };
    migrationCheck = { status: 'unhealthy', applied: 0, pending: [] };
  }
  const workerCheck: Health['checks']['worker'] = worker.enabled
    ? { status: worker.running ? 'healthy' : 'unhealthy', running: worker.running }
    : { status: 'disabled', running: false };
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
