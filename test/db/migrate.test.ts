import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { FUNCTIONS_DIR, MIGRATIONS_DIR, migrate } from '../../src/db/migrate.ts';
import { emptyDatabase } from '../helpers/db.ts';

const run = promisify(execFile);
const onDisk = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
const functionFiles = readdirSync(FUNCTIONS_DIR)
  .filter((n) => n.endsWith('.sql'))
  .sort();
const drops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (drops.length) await drops.pop()!();
});

async function query<T extends pg.QueryResultRow = Record<string, unknown>>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

const rows = (url: string) =>
  query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
    url,
    `select migration_name, checksum, finished_at, applied_steps_count from _prisma_migrations order by migration_name`,
  );

const recordedFunctions = (url: string) =>
  query<{ file_name: string; checksum: string }>(url, `select file_name, checksum from _budget_functions order by file_name`);

/** What a database is made of (but its rows): every function's definition, table, column, constraint, index, trigger and type. */
async function catalog(url: string) {
  const lines = async (text: string) => (await query<{ line: string }>(url, text)).map((r) => r.line);
  const inPublic = `(select oid from pg_namespace where nspname = 'public')`;
  return {
    functions: await lines(`select p.oid::regprocedure::text || E'\\n' || pg_get_functiondef(p.oid) as line
                              from pg_proc p where p.pronamespace = ${inPublic} order by 1`),
    columns: await lines(`select table_name || '.' || column_name || ' ' || udt_name || ' ' || is_nullable || ' ' ||
                                 coalesce(column_default, '') || ' #' || ordinal_position as line
                            from information_schema.columns where table_schema = 'public' order by 1`),
    constraints: await lines(`select conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) as line
                                from pg_constraint where connamespace = ${inPublic} order by 1`),
    indexes: await lines(`select pg_get_indexdef(i.indexrelid) as line from pg_index i join pg_class c on c.oid = i.indexrelid
                           where c.relnamespace = ${inPublic} order by 1`),
    triggers: await lines(`select pg_get_triggerdef(oid) as line from pg_trigger where not tgisinternal order by 1`),
    types: await lines(`select t.typname || ' ' || coalesce((select string_agg(e.enumlabel, ',' order by e.enumsortorder)
                                                               from pg_enum e where e.enumtypid = t.oid),
                                                              (select string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ',' order by a.attnum)
                                                                 from pg_attribute a where a.attrelid = t.typrelid and a.attnum > 0), '') as line
                          from pg_type t where t.typnamespace = ${inPublic} and t.typtype in ('e', 'c', 'd') order by 1`),
  };
}

/** A copy of the project's migrations (the first `count` of them) to change in a test. */
async function migrationsCopy(count = onDisk.length): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'migrations-'));
  for (const name of onDisk.slice(0, count)) await cp(path.join(MIGRATIONS_DIR, name), path.join(dir, name), { recursive: true });
  return dir;
}

async function functionsCopy(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'functions-'));
  await cp(FUNCTIONS_DIR, dir, { recursive: true });
  return dir;
}

describe('migrate', () => {
  it('applies every migration in order and records it as Prisma does, then every function file', async () => {
    const d = await emptyDatabase();
    drops.push(d.drop);
    const result = await migrate(d.url);
    expect(result.applied).toEqual(onDisk);
    expect(result.functions).toEqual(functionFiles);
    expect(await recordedFunctions(d.url)).toEqual(
      functionFiles.map((name) => ({
        file_name: name,
        checksum: createHash('sha256')
          .update(readFileSync(path.join(FUNCTIONS_DIR, name)))
          .digest('hex'),
      })),
    );
    const recorded = await rows(d.url);
    expect(recorded.map((r) => r.migration_name)).toEqual(onDisk);
    for (const r of recorded) {
      const sql = readFileSync(`${MIGRATIONS_DIR}/${r.migration_name}/migration.sql`);
      expect(r.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(r.finished_at).toBeInstanceOf(Date);
      expect(r.applied_steps_count).toBe(1);
    }
  });

  it('does nothing the second time', async () => {
    const d = await emptyDatabase();
    drops.push(d.drop);
    await migrate(d.url);
    const again = await migrate(d.url);
    expect(again).toEqual({ applied: [], alreadyApplied: onDisk.length, functions: [] });
  });

  it('two processes starting at once against an empty database: each migration applied exactly once', async () => {
    const d = await emptyDatabase();
    drops.push(d.drop);
    const env = { ...process.env, DATABASE_URL: d.url, LOG_LEVEL: 'warn' };
    const both = await Promise.all(
      [1, 2].map(() => run(process.execPath, ['--import', 'tsx', 'src/main.ts', 'migrate'], { env, cwd: process.cwd() })),
    );
    const applied = both.map((r) => Number(/Migrations: (\d+) applied/.exec(r.stdout)?.[1]));
    expect(applied.sort()).toEqual([0, onDisk.length]);
    expect((await rows(d.url)).map((r) => r.migration_name)).toEqual(onDisk);
    expect((await recordedFunctions(d.url)).map((r) => r.file_name)).toEqual(functionFiles);
  });

  it('a failing migration rolls back whole, records nothing, and names itself', async () => {
    const d = await emptyDatabase();
    drops.push(d.drop);
    const dir = await mkdtemp(path.join(tmpdir(), 'migrations-'));
    await mkdir(`${dir}/20200101000000_ok`);
    await writeFile(`${dir}/20200101000000_ok/migration.sql`, 'create table ok (id int);');
    await mkdir(`${dir}/20200102000000_broken`);
    await writeFile(`${dir}/20200102000000_broken/migration.sql`, 'create table half (id int);\nselect no_such_function();');
    await expect(migrate(d.url, { migrationsDir: dir, functionsDir: null })).rejects.toThrow(
      /20200102000000_broken failed and was rolled back/,
    );
    expect((await rows(d.url)).map((r) => r.migration_name)).toEqual(['20200101000000_ok']);
    const client = new pg.Client({ connectionString: d.url });
    await client.connect();
    const { rowCount } = await client.query(`select 1 from pg_tables where tablename = 'half'`);
    await client.end();
    expect(rowCount).toBe(0);
  });

  it('a fresh database and one migrated before function files existed end identical', async () => {
    const fresh = await emptyDatabase();
    drops.push(fresh.drop);
    await migrate(fresh.url);
    // every migration applied by the migrator as it was (no function files), then upgraded
    const old = await emptyDatabase();
    drops.push(old.drop);
    await migrate(old.url, { functionsDir: null });
    expect(await query(old.url, `select to_regclass('_budget_functions') as t`)).toEqual([{ t: null }]);
    const upgrade = await migrate(old.url);
    expect(upgrade).toEqual({ applied: [], alreadyApplied: onDisk.length, functions: functionFiles });
    // half of them then, the rest and the function files now
    const older = await emptyDatabase();
    drops.push(older.drop);
    await migrate(older.url, { migrationsDir: await migrationsCopy(4), functionsDir: null });
    expect((await migrate(older.url)).applied).toEqual(onDisk.slice(4));

    const expected = await catalog(fresh.url);
    expect(expected.functions.length).toBeGreaterThan(20);
    expect(await catalog(old.url)).toEqual(expected);
    expect(await catalog(older.url)).toEqual(expected);
  });

  it('an edited function file is applied again (all of them), and only then; a migration applied re-applies the files over it', async () => {
    const d = await emptyDatabase();
    drops.push(d.drop);
    const functionsDir = await functionsCopy();
    await migrate(d.url, { functionsDir });
    const file = path.join(functionsDir, '10_time.sql');
    await writeFile(
      file,
      `${await readFile(file, 'utf8')}\ncreate or replace function answer() returns int language sql immutable as $$ select 42 $$;\n`,
    );
    expect((await migrate(d.url, { functionsDir })).functions).toEqual(functionFiles);
    expect(await query(d.url, 'select answer()')).toEqual([{ answer: 42 }]);
    expect((await migrate(d.url, { functionsDir })).functions).toEqual([]);

    // a later migration that replaces a function (as the old recipe did) is overridden by its file at once
    const migrationsDir = await migrationsCopy();
    await mkdir(path.join(migrationsDir, '29990101000000_replaces'));
    await writeFile(
      path.join(migrationsDir, '29990101000000_replaces', 'migration.sql'),
      `create or replace function answer() returns int language sql immutable as $$ select 41 $$;`,
    );
    expect(await migrate(d.url, { migrationsDir, functionsDir })).toEqual({
      applied: ['29990101000000_replaces'],
      alreadyApplied: onDisk.length,
      functions: functionFiles,
    });
    expect(await query(d.url, 'select answer()')).toEqual([{ answer: 42 }]);

    // and when the function files fail after such a migration has committed, the next run applies them
    await mkdir(path.join(migrationsDir, '29990102000000_replaces_again'));
    await writeFile(
      path.join(migrationsDir, '29990102000000_replaces_again', 'migration.sql'),
      `create or replace function answer() returns int language sql immutable as $$ select 40 $$;`,
    );
    const broken = path.join(functionsDir, '95_broken.sql');
    await writeFile(broken, `select no_such_function();\n`);
    await expect(migrate(d.url, { migrationsDir, functionsDir })).rejects.toThrow(/function file 95_broken\.sql/);
    expect(await query(d.url, 'select answer()')).toEqual([{ answer: 40 }]);
    await rm(broken);
    expect((await migrate(d.url, { migrationsDir, functionsDir })).functions).toEqual(functionFiles);
    expect(await query(d.url, 'select answer()')).toEqual([{ answer: 42 }]);
  });

  it('an older build (the database has migrations it does not know) leaves the newer functions alone', async () => {
    const d = await emptyDatabase();
    drops.push(d.drop);
    // the newer build: one more migration, and a function file that changed with it
    const newer = await migrationsCopy();
    await mkdir(path.join(newer, '29990101000000_newer'));
    await writeFile(path.join(newer, '29990101000000_newer', 'migration.sql'), `select 1;`);
    const newerFunctions = await functionsCopy();
    await writeFile(
      path.join(newerFunctions, '99_newer.sql'),
      `create or replace function answer() returns int language sql immutable as $$ select 43 $$;\n`,
    );
    await migrate(d.url, { migrationsDir: newer, functionsDir: newerFunctions });
    const recorded = await recordedFunctions(d.url);

    // this build restarts during the rollout: it applies nothing and turns nothing back
    expect(await migrate(d.url)).toEqual({ applied: [], alreadyApplied: onDisk.length, functions: [] });
    expect(await query(d.url, 'select answer()')).toEqual([{ answer: 43 }]);
    expect(await recordedFunctions(d.url)).toEqual(recorded);
  });

  it('a failing function file rolls every file back, records nothing, and names itself and its line', async () => {
    const d = await emptyDatabase();
    drops.push(d.drop);
    await migrate(d.url);
    const functionsDir = await functionsCopy();
    await writeFile(
      path.join(functionsDir, '10_time.sql'),
      `${await readFile(path.join(functionsDir, '10_time.sql'), 'utf8')}\ncreate or replace function answer() returns int language sql as $$ select 42 $$;\n`,
    );
    await writeFile(
      path.join(functionsDir, '95_broken.sql'),
      `-- a comment\ncreate or replace function broken() returns int language sql as $$\n  select no_such_column from brands\n$$;\n`,
    );
    await expect(migrate(d.url, { functionsDir })).rejects.toThrow(
      /function file 95_broken\.sql \(line 3\) failed: every function file was rolled back/,
    );
    expect(await query(d.url, `select count(*)::int as n from pg_proc where proname in ('answer', 'broken')`)).toEqual([{ n: 0 }]);
    expect((await recordedFunctions(d.url)).map((r) => r.checksum)).toEqual(
      functionFiles.map((name) =>
        createHash('sha256')
          .update(readFileSync(path.join(FUNCTIONS_DIR, name)))
          .digest('hex'),
      ),
    );
  });

  it('names written before text was normalised take their composed form (NFC), audited; a spelling whose composed form is taken keeps its own', async () => {
    const d = await emptyDatabase();
    drops.push(d.drop);
    const before = onDisk.indexOf('20261206000000_names_in_nfc');
    await migrate(d.url, { migrationsDir: await migrationsCopy(before), functionsDir: null });
    const nfd = 'Cafe\u0301'; // "Café" as e + combining acute
    await query(
      d.url,
      `insert into brands (id, name) values
         ('00000000-0000-4000-8000-000000000001', '${nfd} Lyon'),
         ('00000000-0000-4000-8000-000000000002', 'Café Paris'), ('00000000-0000-4000-8000-000000000003', '${nfd} Paris'),
         ('00000000-0000-4000-8000-000000000004', 'Plain');
       insert into campaigns (brand_id, name) values
         ('00000000-0000-4000-8000-000000000004', '${nfd} search'), ('00000000-0000-4000-8000-000000000001', '${nfd} search');
       insert into api_keys (name, role, secret_hash) values ('${nfd} key', 'viewer', sha256('x'))`,
    );
    await migrate(d.url);
    const names = (table: string) => query<{ name: string }>(d.url, `select name from ${table} order by name`);
    expect((await names('brands')).map((r) => r.name)).toEqual(['Café Lyon', 'Café Paris', `${nfd} Paris`, 'Plain'].sort());
    expect((await names('campaigns')).map((r) => r.name)).toEqual(['Café search', 'Café search']);
    expect((await names('api_keys')).map((r) => r.name)).toEqual(['Café key']);
    const audit = await query<{ action: string; actor: string; before: unknown; after: unknown }>(
      d.url,
      `select action, actor, before, after from audit_entries order by action, target_id`,
    );
    expect(audit).toEqual([
      { action: 'brand.update', actor: 'system', before: { name: `${nfd} Lyon` }, after: { name: 'Café Lyon' } },
      { action: 'campaign.update', actor: 'system', before: { name: `${nfd} search` }, after: { name: 'Café search' } },
      { action: 'campaign.update', actor: 'system', before: { name: `${nfd} search` }, after: { name: 'Café search' } },
      { action: 'key.update', actor: 'system', before: { name: `${nfd} key` }, after: { name: 'Café key' } },
    ]);
  });
});
