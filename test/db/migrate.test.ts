import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDb, db, openDb } from '../../src/db/index.ts';
import { FUNCTIONS_DIR, MIGRATIONS_DIR, migrate } from '../../src/db/migrate.ts';
import { formatMoney } from '../../src/domain/money.ts';
import { CLI } from '../../src/domain/scope.ts';
import { recordSpend } from '../../src/engine/ledger.ts';
import { verify } from '../../src/reads/verify.ts';
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

  it('amounts stored as cents keep every value as thousandths (cents of yen too), and budget verify passes', async () => {
    const d = await emptyDatabase();
    drops.push(d.drop);
    // (an older database: its migrations and the functions they defined; this build's function files
    // read what later migrations add)
    await migrate(d.url, {
      migrationsDir: await migrationsCopy(onDisk.indexOf('20261206050000_money_in_thousandths')),
      functionsDir: null,
    });
    // the demo data as `budget seed` wrote it before: every amount in cents, whatever its currency
    // (¥3,230.58 a day), written around the engine with its events, as the engine would have
    const brand = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
    await query(
      d.url,
      `insert into brands (id, name, currency, timezone, daily_budget, monthly_budget) values
         ('${brand(1)}', 'Tokyo Demo', 'JPY', 'Asia/Tokyo', 323058, 9691740),
         ('${brand(2)}', 'Acme', 'USD', 'America/New_York', 1000000, null),
         ('${brand(3)}', 'Kuwait Demo', 'KWD', 'Asia/Kuwait', 500000, 15000000),
         ('${brand(4)}', 'Paris', 'EUR', 'Europe/Paris', null, 2000050);
       insert into campaigns (brand_id, name) select b.id, 'c' || k from brands b cross join generate_series(1, 2) k;
       insert into campaign_status_events (brand_id, campaign_id, campaign_name, to_status, trigger, actor)
         select brand_id, id, name, 'ACTIVE', 'CREATE', 'cli' from campaigns;
       insert into spends (brand_id, campaign_id, amount, occurred_at, source, external_id)
         select c.brand_id, c.id, x.amount, now() - x.ago, 'seed', c.id || '-' || x.n
           from campaigns c
           cross join lateral (values (1, 100012, interval '1 minute'), (2, 809897, interval '40 days'), (3, -1550, interval '2 minutes'),
                                      (4, 2550, interval '3 minutes')) x(n, amount, ago);
       insert into budget_alerts (brand_id, period, period_start, threshold, budget, spent, trigger, actor, occurred_at) values
         ('${brand(1)}', 'DAILY', current_date, 80, 323058, 258447, 'SPEND', 'seed', now()),
         ('00000000-0000-4000-8000-0000000000ff', 'MONTHLY', current_date, 95, 100000, 95001, 'SPEND', 'seed', now())`,
    );
    type Row = { key: string; value: string };
    const amounts = () =>
      query<Row>(
        d.url,
        `select 'brand ' || id || ' daily' as key, daily_budget::text as value from brands
          union all select 'brand ' || id || ' monthly', monthly_budget::text from brands
          union all select 'spend ' || id, amount::text from spends
          union all select 'brand day ' || brand_id || spend_date, amount || ' ' || monthly_amount from brand_daily_spends
          union all select 'campaign day ' || campaign_id || spend_date, amount || ' ' || monthly_amount from campaign_daily_spends
          union all select 'alert ' || id, budget || ' ' || spent from budget_alerts
          order by 1`,
      );
    const before = await amounts();
    expect(before.length).toBeGreaterThan(40);

    await migrate(d.url);

    // every amount the same value: cents × 10 = thousandths (a null budget stays null)
    const tenfold = (v: string | null) =>
      v &&
      v
        .split(' ')
        .map((x) => String(BigInt(x) * 10n))
        .join(' ');
    expect(await amounts()).toEqual(before.map((r) => ({ key: r.key, value: tenfold(r.value) })));
    // answered as they were, in each currency's unit, or with the decimals a cent of yen needs
    const shown = await query<{ currency: string; daily: string | null; monthly: string | null; amounts: string[] }>(
      d.url,
      `select b.currency, b.daily_budget::text as daily, b.monthly_budget::text as monthly,
              array(select distinct s.amount::text from spends s where s.brand_id = b.id order by 1) as amounts
         from brands b order by b.name`,
    );
    const money = (v: string | null, currency: string) => (v === null ? null : formatMoney(BigInt(v), currency));
    expect(
      shown.map((b) => [b.currency, money(b.daily, b.currency), money(b.monthly, b.currency), b.amounts.map((a) => money(a, b.currency))]),
    ).toEqual([
      ['USD', '10000.00', null, ['-15.50', '1000.12', '25.50', '8098.97']],
      ['KWD', '5000.000', '150000.000', ['-15.500', '1000.120', '25.500', '8098.970']],
      ['EUR', null, '20000.50', ['-15.50', '1000.12', '25.50', '8098.97']],
      ['JPY', '3230.58', '96917.4', ['-15.5', '1000.12', '25.5', '8098.97']],
    ]);
    // an alert keeps its brand's currency; one whose brand is gone, ISO's "no currency"
    expect(await query(d.url, `select currency, budget::text, spent::text from budget_alerts order by id`)).toEqual([
      { currency: 'JPY', budget: '3230580', spent: '2584470' },
      { currency: 'XXX', budget: '1000000', spent: '950010' },
    ]);
    // the input range is ±9,999,999,999 major units and their fraction
    await query(d.url, `update brands set daily_budget = 9999999999999 where id = '${brand(2)}'`);
    await expect(query(d.url, `update brands set daily_budget = 10000000000000 where id = '${brand(2)}'`)).rejects.toThrow(
      /money_thousandths_range/,
    );
    await query(d.url, `update brands set daily_budget = 10000000 where id = '${brand(2)}'`);

    openDb(d.url);
    try {
      const result = await verify(db());
      expect(result.checks.filter((c) => !c.ok)).toEqual([]);
      expect(result.ok).toBe(true);
      // the cents of yen are kept, and named
      expect(result.checks.find((c) => c.name === 'money')!.notes).toEqual([
        '8 of 8 spends in JPY are finer than its unit (0 decimals): recorded before units were per currency, kept exact and answered with the decimals they need',
        '2 of 2 budgets in JPY are finer than its unit (0 decimals): recorded before units were per currency, kept exact and answered with the decimals they need',
      ]);
      // and the ledger takes the currency's unit from now on
      const [yen] = await query<{ id: string }>(d.url, `select id from campaigns where brand_id = '${brand(1)}' limit 1`);
      const spend = await db().$transaction((tx) => recordSpend(tx, { campaignId: yen!.id, amount: '1200' }, CLI, new Date()));
      expect(spend.spend!.amount).toBe(1_200_000n);
      await expect(db().$transaction((tx) => recordSpend(tx, { campaignId: yen!.id, amount: '12.5' }, CLI, new Date()))).rejects.toThrow(
        'amount must have at most 0 decimals for JPY; got "12.5"',
      );
    } finally {
      await closeDb();
    }
  });
});
