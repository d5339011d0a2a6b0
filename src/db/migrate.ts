// Applies prisma/migrations/<timestamp>_<name>/migration.sql in order, each in its own
// transaction, recorded in _prisma_migrations the way Prisma records them (checksum = sha256 of
// the file). A session advisory lock on one dedicated connection makes concurrent starters wait:
// the second finds everything applied and does nothing.
//
// Then the function files, prisma/functions/*.sql: the current definition of every SQL function
// (`create or replace function …`), repeatable, in file-name order. A migration is applied once
// and never edited; a function file is edited in place and applied again. They are applied
// together, all of them, in one transaction of their own after the migrations have committed,
// whenever one of them changed (or one was added or removed) and whenever a migration was
// applied (a migration that replaced a function is overridden by its file at once: each migration
// empties the record in its own transaction, so this holds even if the files then fail). So a fresh
// database (every migration, then the files) and an older one (its missing migrations, then the
// files) end with the same functions, and a function file may use an enum value a migration of
// the same run added (PostgreSQL refuses a new enum value in the transaction that added it). What
// was applied is recorded in _budget_functions (file name, checksum), a table of the migrator's
// own beside _prisma_migrations, which keeps Prisma's meaning: a migration each. A build that
// finds migrations it does not know (the database is ahead of it) leaves the functions alone, so
// an older process restarting during a rollout never turns the SQL back; a release that changes a
// function file ships a migration too (an empty one will do), so that older builds know it.
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { projectPath } from '../paths.ts';
import pg from 'pg';
import { runMigrations as runWorkerMigrations } from 'graphile-worker';
import { log, workerLogger } from '../log.ts';
import type { Db } from './client.ts';
import { MIGRATE_LOCK } from './signals.ts';

const logger = log.child({ module: 'migrate' });
export const MIGRATIONS_DIR = projectPath('prisma', 'migrations');
export const FUNCTIONS_DIR = projectPath('prisma', 'functions');

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

/** The function files, in the order they are applied (their names'). */
export async function readFunctionFiles(dir = FUNCTIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isFile() && e.name.endsWith('.sql'))
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name), 'utf8');
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

const CREATE_FUNCTIONS_TABLE = `
  create table if not exists _budget_functions (
    file_name varchar(255) primary key not null,
    checksum varchar(64) not null,
    applied_at timestamptz not null default now()
  )`;

export interface MigrateResult {
  /** the migrations applied now */
  applied: string[];
  alreadyApplied: number;
  /** the function files applied now: every one when one changed or a migration was applied, else none */
  functions: string[];
}

export interface MigrateOptions {
  migrationsDir?: string;
  /** null: the migrations only (what the migrator did before function files) */
  functionsDir?: string | null;
}

export async function migrate(
  url: string,
  { migrationsDir = MIGRATIONS_DIR, functionsDir = FUNCTIONS_DIR }: MigrateOptions = {},
): Promise<MigrateResult> {
  const migrations = await readMigrations(migrationsDir);
  const functionFiles = functionsDir === null ? null : await readFunctionFiles(functionsDir);
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
    if (functionFiles) await client.query(CREATE_FUNCTIONS_TABLE);
    const applied: string[] = [];
    for (const m of migrations) {
      const checksum = done.get(m.name);
      if (checksum !== undefined) {
        if (checksum !== m.checksum) logger.warn({ migration: m.name }, 'migration file changed after it was applied');
        continue;
      }
      await applyOne(client, m, functionFiles !== null);
      applied.push(m.name);
      logger.info({ migration: m.name }, 'migration applied');
    }
    // A database ahead of this build (an older process restarting during a rollout, or a rollback)
    // keeps the newer build's functions: applying this build's files would turn its SQL back.
    const ahead = rows.map((r) => r.migration_name).filter((name) => !migrations.some((m) => m.name === name));
    if (functionFiles && ahead.length) {
      logger.warn({ unknownMigrations: ahead }, 'the database is ahead of this build: its function files are left as they are');
    }
    const functions = functionFiles && !ahead.length ? await applyFunctionFiles(client, functionFiles) : [];
    // graphile-worker keeps its jobs and crontab state in its own schema, migrated by itself.
    await runWorkerMigrations({ connectionString: url, logger: workerLogger });
    return { applied, alreadyApplied: migrations.length - applied.length, functions };
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATE_LOCK]).catch(() => undefined);
    await client.end();
  }
}

/** `functions`: the function files are tracked, and applying a migration makes every one due again. */
async function applyOne(client: pg.Client, m: Migration, functions: boolean): Promise<void> {
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
    if (functions) await client.query('delete from _budget_functions');
    await client.query('commit');
  } catch (cause) {
    await client.query('rollback').catch(() => undefined);
    throw new Error(`migration ${m.name} failed and was rolled back (the database is unchanged): ${(cause as Error).message}`, {
      cause,
    });
  }
}

/**
 * Every function file, in one transaction, when one differs from what was last applied (a
 * migration applied since empties the record); answers the names of the files applied.
 */
async function applyFunctionFiles(client: pg.Client, files: Migration[]): Promise<string[]> {
  const { rows } = await client.query<{ file_name: string; checksum: string }>(`select file_name, checksum from _budget_functions`);
  const recorded = new Map(rows.map((r) => [r.file_name, r.checksum]));
  const changed = files.filter((f) => recorded.get(f.name) !== f.checksum).map((f) => f.name);
  const removed = [...recorded.keys()].filter((name) => !files.some((f) => f.name === name));
  if (changed.length === 0 && removed.length === 0) return [];
  await client.query('begin');
  let current = '';
  try {
    for (const f of files) {
      current = f.name;
      await client.query(f.sql);
    }
    current = '';
    await client.query('delete from _budget_functions');
    await client.query(`insert into _budget_functions (file_name, checksum) select * from unnest($1::text[], $2::text[])`, [
      files.map((f) => f.name),
      files.map((f) => f.checksum),
    ]);
    await client.query('commit');
  } catch (cause) {
    await client.query('rollback').catch(() => undefined);
    const where = current
      ? `function file ${current}${lineOf(files.find((f) => f.name === current)!.sql, cause)}`
      : 'recording the function files';
    throw new Error(`${where} failed: every function file was rolled back (the functions are as they were): ${(cause as Error).message}`, {
      cause,
    });
  }
  // a function whose file is gone stays in the database until a migration drops it
  if (removed.length) logger.warn({ removed }, 'function files removed: drop their functions in a migration');
  logger.info({ changed, files: files.length }, 'function files applied');
  return files.map((f) => f.name);
}

/** " (line N)" for an error PostgreSQL places in the text (its position counts characters from 1). */
function lineOf(sql: string, cause: unknown): string {
  const position = Number((cause as { position?: string }).position);
  return position > 0 ? ` (line ${sql.slice(0, position - 1).split('\n').length})` : '';
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
