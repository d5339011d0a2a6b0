// Applies prisma/migrations/<timestamp>_<name>/migration.sql in order, each in its own
// transaction, recorded in _prisma_migrations the way Prisma records them (checksum = sha256 of
// the file). A session advisory lock on one dedicated connection makes concurrent starters wait:
// the second finds everything applied and does nothing.
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { projectPath } from '../paths.ts';
import pg from 'pg';
import { runMigrations as runWorkerMigrations } from 'graphile-worker';
import { log, workerLogger } from '../log.ts';
import type { Db } from './client.ts';

const logger = log.child({ module: 'migrate' });
export const MIGRATIONS_DIR = projectPath('prisma', 'migrations');
/** pg_advisory_lock key; any constant no other code uses */
const MIGRATE_LOCK = 4_242_020_401;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

const CREATE_TABLE = `
  create table if not exists _prisma_migrations (
    id varchar(36) primary key not null,
    checksum varchar(64) not null,
    finished_at timestamptz,
    migration_name varchar(255) not null,
    logs text,
    rolled_back_at timestamptz,
    started_at timestamptz not null default now(),
    applied_steps_count integer not null default 0
  )`;

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

export async function migrate(url: string, dir = MIGRATIONS_DIR): Promise<MigrateResult> {
  const migrations = await readMigrations(dir);
  const client = new pg.Client({ connectionString: url, application_name: 'budget-migrate' });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATE_LOCK]);
    await client.query(CREATE_TABLE);
    const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `select migration_name, checksum, finished_at from _prisma_migrations where rolled_back_at is null`,
    );
    const unfinished = rows.filter((r) => r.finished_at === null);
    if (unfinished.length > 0) {
      throw new Error(
        `migration ${unfinished[0]!.migration_name} started earlier and never finished; ` +
          `inspect the database, then delete or mark its _prisma_migrations row rolled back`,
      );
    }
    const done = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    const applied: string[] = [];
    for (const m of migrations) {
      const checksum = done.get(m.name);
      if (checksum !== undefined) {
        if (checksum !== m.checksum) logger.warn({ migration: m.name }, 'migration file changed after it was applied');
        continue;
      }
      await applyOne(client, m);
      applied.push(m.name);
      logger.info({ migration: m.name }, 'migration applied');
    }
    // graphile-worker keeps its jobs and crontab state in its own schema, migrated by itself.
    await runWorkerMigrations({ connectionString: url, logger: workerLogger });
    return { applied, alreadyApplied: migrations.length - applied.length };
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATE_LOCK]).catch(() => undefined);
    await client.end();
  }
}

async function applyOne(client: pg.Client, m: Migration): Promise<void> {
  const id = randomUUID();
  try {
    await client.query('begin');
    await client.query(`insert into _prisma_migrations (id, checksum, migration_name, started_at) values ($1, $2, $3, now())`, [
      id,
      m.checksum,
      m.name,
    ]);
    await client.query(m.sql);
    await client.query(`update _prisma_migrations set finished_at = now(), applied_steps_count = 1 where id = $1`, [id]);
    await client.query('commit');
  } catch (cause) {
    await client.query('rollback').catch(() => undefined);
    throw new Error(`migration ${m.name} failed and was rolled back (the database is unchanged): ${(cause as Error).message}`, {
      cause,
    });
  }
}

export interface MigrationStatus {
  applied: number;
  pending: string[];
}

/** For /ready: which migrations on disk the database has not recorded as finished. */
export async function migrationStatus(db: Db, migrations: Migration[]): Promise<MigrationStatus> {
  const rows = await db.$queryRaw<{ migration_name: string }[]>`
    select migration_name from _prisma_migrations where finished_at is not null and rolled_back_at is null`.catch(
    () => [] as { migration_name: string }[], // no table yet: nothing applied
  );
  const done = new Set(rows.map((r) => r.migration_name));
  return { applied: done.size, pending: migrations.filter((m) => !done.has(m.name)).map((m) => m.name) };
}
