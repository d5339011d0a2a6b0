import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, migrate } from '../../src/db/migrate.ts';
import { emptyDatabase } from '../helpers/db.ts';

const run = promisify(execFile);
const onDisk = readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
const drops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (drops.length) await drops.pop()!();
});

async function rows(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (
      await client.query(
        `select migration_name, checksum, finished_at, applied_steps_count from _prisma_migrations order by migration_name`,
      )
    ).rows;
  } finally {
    await client.end();
  }
}

describe('migrate', () => {
  it('applies every migration in order and records it as Prisma does', async () => {
    const d = await emptyDatabase();
    drops.push(d.drop);
    const result = await migrate(d.url);
    expect(result.applied).toEqual(onDisk);
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
    expect(again).toEqual({ applied: [], alreadyApplied: onDisk.length });
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
  });

  it('a failing migration rolls back whole, records nothing, and names itself', async () => {
    const d = await emptyDatabase();
    drops.push(d.drop);
    const { mkdtemp, mkdir, writeFile } = await import('node:fs/promises');
    const dir = await mkdtemp('/tmp/migrations-');
    await mkdir(`${dir}/20200101000000_ok`);
    await writeFile(`${dir}/20200101000000_ok/migration.sql`, 'create table ok (id int);');
    await mkdir(`${dir}/20200102000000_broken`);
    await writeFile(`${dir}/20200102000000_broken/migration.sql`, 'create table half (id int);\nselect no_such_function();');
    await expect(migrate(d.url, dir)).rejects.toThrow(/20200102000000_broken failed and was rolled back/);
    expect((await rows(d.url)).map((r) => r.migration_name)).toEqual(['20200101000000_ok']);
    const client = new pg.Client({ connectionString: d.url });
    await client.connect();
    const { rowCount } = await client.query(`select 1 from pg_tables where tablename = 'half'`);
    await client.end();
    expect(rowCount).toBe(0);
  });
});
