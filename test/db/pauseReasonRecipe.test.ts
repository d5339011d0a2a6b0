// README's "Adding a pause reason", followed on a scratch database with a throwaway reason, FROZEN
// (a brand an operator froze), between DAILY_BUDGET and DAYPARTING: a migration holding the new
// enum value (and here the column its rule reads), and the rule in holding_rules (40_rules.sql). It
// applies cleanly to an existing database and to a fresh one, and the rule acts: the reconcile
// pauses for it, in its place in the precedence. The recipe as it was (the rule in the migration
// that adds the value) is refused by PostgreSQL, and leaves nothing behind.
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { FUNCTIONS_DIR, MIGRATIONS_DIR, migrate } from '../../src/db/migrate.ts';
import { emptyDatabase } from '../helpers/db.ts';

const drops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (drops.length) await drops.pop()!();
});

const MIGRATION = `alter type pause_reason add value 'FROZEN' before 'DAYPARTING';
alter table brands add column frozen boolean not null default false;
`;
const DAYPARTING_RULE = `case when inside is false then 'DAYPARTING'::pause_reason end`;
const FROZEN_RULE = `case when b.frozen then 'FROZEN'::pause_reason end,\n             `;

async function scratchDirs(): Promise<{ migrationsDir: string; functionsDir: string; rules: string }> {
  const migrationsDir = await mkdtemp(path.join(tmpdir(), 'recipe-migrations-'));
  await cp(MIGRATIONS_DIR, migrationsDir, { recursive: true });
  const functionsDir = await mkdtemp(path.join(tmpdir(), 'recipe-functions-'));
  await cp(FUNCTIONS_DIR, functionsDir, { recursive: true });
  const file = path.join(functionsDir, '40_rules.sql');
  const before = await readFile(file, 'utf8');
  expect(before).toContain(DAYPARTING_RULE);
  const rules = before.replace(DAYPARTING_RULE, FROZEN_RULE + DAYPARTING_RULE);
  return { migrationsDir, functionsDir, rules };
}

async function addMigration(dir: string, sql: string): Promise<void> {
  await mkdir(path.join(dir, '29990101000000_pause_reason_frozen'));
  await writeFile(path.join(dir, '29990101000000_pause_reason_frozen', 'migration.sql'), sql);
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The rule at work: a frozen brand's new campaign is paused FROZEN; with every rule holding, the reasons are the enum's, in order. */
async function ruleActs(url: string): Promise<void> {
  await withClient(url, async (c) => {
    const q = async <T extends pg.QueryResultRow>(text: string, values?: unknown[]) => (await c.query<T>(text, values)).rows;
    const [b] = await q<{ id: string }>(`insert into brands (name, frozen) values ('Frozen', true) returning id`);
    const [camp] = await q<{ id: string }>(`insert into campaigns (brand_id, name) values ($1, 'c') returning id`, [b!.id]);
    const changes = await q(
      `select to_status::text, to_reason::text from reconcile_campaigns(now(), array[$1::uuid], null, '{}', '{}', array[$2::uuid],
                                                                      null, null, 'CREATE', 'recipe', false)
        where campaign_id is not null`,
      [b!.id, camp!.id],
    );
    expect(changes).toEqual([{ to_status: 'PAUSED', to_reason: 'FROZEN' }]);
    expect(await q(`select status::text, pause_reason::text from campaigns where id = $1`, [camp!.id])).toEqual([
      { status: 'PAUSED', pause_reason: 'FROZEN' },
    ]);
    // unfrozen, it runs again
    await q(`update brands set frozen = false where id = $1`, [b!.id]);
    await q(`select * from reconcile_campaigns(now(), array[$1::uuid], null, '{}', '{}', '{}', null, null, 'RECONCILE', 'recipe', false)`, [
      b!.id,
    ]);
    expect(await q(`select status::text, pause_reason from campaigns where id = $1`, [camp!.id])).toEqual([
      { status: 'ACTIVE', pause_reason: null },
    ]);

    // every rule holding: budgets of 0, an operator's pause, frozen, outside its one window
    const [all] = await q<{ id: string }>(
      `insert into brands (name, daily_budget, monthly_budget, frozen) values ('Everything', 0, 0, true) returning id`,
    );
    const [held] = await q<{ id: string }>(
      `insert into campaigns (brand_id, name, status, pause_reason) values ($1, 'held', 'PAUSED', 'MANUAL') returning id`,
      [all!.id],
    );
    await q(
      `insert into schedules (brand_id, campaign_id, day_of_week, start_time, end_time)
       select $1, $2, dow, time '00:00', time '00:01' from unnest(enum_range(null::day_of_week)) dow`,
      [all!.id, held!.id],
    );
    const [rules] = await q<{ reasons: string[]; precedence: string[] }>(
      `select r.reasons::text[] as reasons, enum_range(null::pause_reason)::text[] as precedence
         from campaign_pause_rules(date_trunc('day', now()) + interval '12 hours', array[$1::uuid]) r`,
      [held!.id],
    );
    expect(rules!.reasons).toEqual(['MANUAL', 'MONTHLY_BUDGET', 'DAILY_BUDGET', 'FROZEN', 'DAYPARTING']);
    expect(rules!.reasons).toEqual(rules!.precedence);
  });
}

describe('adding a pause reason, the README way', () => {
  it('the rule in the migration that adds the value is refused (unsafe use of new value), and nothing is left', async () => {
    const d = await emptyDatabase();
    drops.push(d.drop);
    await migrate(d.url);
    const { migrationsDir, rules } = await scratchDirs();
    await addMigration(migrationsDir, MIGRATION + rules);
    await expect(migrate(d.url, { migrationsDir })).rejects.toThrow(
      /29990101000000_pause_reason_frozen failed.*unsafe use of new value "FROZEN"/,
    );
    expect(
      await withClient(d.url, async (c) => (await c.query(`select enum_range(null::pause_reason)::text[] as r`)).rows[0].r),
    ).not.toContain('FROZEN');
  });

  it('the value in a migration of its own, the rule in the function file: applies cleanly and the rule acts', async () => {
    const { migrationsDir, functionsDir, rules } = await scratchDirs();
    await addMigration(migrationsDir, MIGRATION);
    await writeFile(path.join(functionsDir, '40_rules.sql'), rules);

    // an existing database, migrated before the reason existed, then upgraded
    const existing = await emptyDatabase();
    drops.push(existing.drop);
    await migrate(existing.url);
    const upgrade = await migrate(existing.url, { migrationsDir, functionsDir });
    expect(upgrade.applied).toEqual(['29990101000000_pause_reason_frozen']);
    expect(upgrade.functions).toContain('40_rules.sql');
    await ruleActs(existing.url);

    // a fresh database: every migration, then the function files
    const fresh = await emptyDatabase();
    drops.push(fresh.drop);
    expect((await migrate(fresh.url, { migrationsDir, functionsDir })).applied).toContain('29990101000000_pause_reason_frozen');
    await ruleActs(fresh.url);
  });
});
