// `budget verify`: green on seeded data; red, naming the reason, for each invariant broken behind
// the engine's back (a stored total, a campaign's state, an event out of its chain).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDb } from '../helpers/db.ts';

const exec = promisify(execFile);
let t: TestDb;
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(() => t.drop());

async function budget(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return exec(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    env: { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: 'warn' },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

describe('budget verify', { timeout: 120_000 }, () => {
  it('exits 0 after budget seed, and 1 with the reason after a total, a state or an event is changed behind the engine', async () => {
    await budget('seed', '--brands', '20', '--campaigns-per-brand', '3', '--spends-per-campaign', '5');
    const green = await budget('verify');
    expect(green.stdout).toMatch(/every invariant holds/);
    expect(green.stdout).toMatch(/ok {3}ledger: \d+ brand-days/);
    expect(green.code).toBe(0);

    // a stored daily total no longer equals its spends
    const [day] = await t.sql<{ brand_id: string; spend_date: string }>(
      `select brand_id, spend_date::text from brand_daily_spends limit 1`,
    );
    await t.sql(`update brand_daily_spends set amount = amount + 1 where brand_id = $1 and spend_date = $2`, [
      day!.brand_id,
      day!.spend_date,
    ]);
    const ledger = await budget('verify');
    expect(ledger.code).toBe(1);
    expect(ledger.stdout).toMatch(/FAIL ledger: .* 1 problem/);
    expect(ledger.stdout).toContain(`brand ${day!.brand_id} on ${day!.spend_date}: spends sum to`);
    await t.sql(`update brand_daily_spends set amount = amount - 1 where brand_id = $1 and spend_date = $2`, [
      day!.brand_id,
      day!.spend_date,
    ]);

    // a campaign's stored dayparting no longer what its windows cover (its windows' trigger bypassed)
    const [windowed] = await t.sql<{ id: string }>(`select id from campaigns where dayparting is not null order by id limit 1`);
    await t.sql(`alter table schedules disable trigger schedules_dayparting_update`);
    await t.sql(`update schedules set is_active = false where campaign_id = $1`, [windowed!.id]);
    await t.sql(`alter table schedules enable trigger schedules_dayparting_update`);
    const stale = await budget('verify');
    expect(stale.code).toBe(1);
    expect(stale.stdout).toMatch(/FAIL windows: .* 1 problem/);
    expect(stale.stdout).toMatch(new RegExp(`\\(${windowed!.id}\\): its dayparting is \\{.*\\}, its active windows cover nothing`));
    await t.sql(`update schedules set is_active = true where campaign_id = $1`, [windowed!.id]);

    // a campaign set ACTIVE behind the engine, although its brand is over budget: its state and its events disagree
    const [brand] = await t.sql<{ id: string }>(`select id from brands order by name limit 1`);
    await t.sql(`update brands set daily_budget = 0 where id = $1`, [brand!.id]);
    expect((await budget('enforce-budgets')).code).toBe(0); // its campaigns paused by the engine, with their events
    await t.sql(`update campaigns set status = 'ACTIVE', pause_reason = null where brand_id = $1 and archived_at is null`, [brand!.id]);
    const json = JSON.parse((await budget('verify', '--json')).stdout) as {
      ok: boolean;
      checks: { name: string; ok: boolean; count: number; problems: string[] }[];
    };
    expect(json.ok).toBe(false);
    const byName = Object.fromEntries(json.checks.map((c) => [c.name, c]));
    expect(byName.ledger!.ok).toBe(true);
    expect(byName.windows!.ok).toBe(true); // the trigger, back on, kept it again
    expect(byName.states!.ok).toBe(false);
    expect(byName.states!.problems[0]).toMatch(
      /is ACTIVE, its desired state is PAUSED \/ (DAILY|MONTHLY)_BUDGET, already 6 minutes ago: enforce_budgets should have applied it/,
    );
    expect(byName.events!.ok).toBe(false);
    expect(byName.events!.problems.join('\n')).toMatch(/its last event ended at PAUSED \/ \w+, it is ACTIVE \/ -/);
    // the engine puts the states right; the history keeps the change no event recorded
    expect((await budget('reconcile')).code).toBe(0);
    const after = JSON.parse((await budget('verify', '--json')).stdout) as typeof json;
    const afterByName = Object.fromEntries(after.checks.map((c) => [c.name, c]));
    expect(afterByName.states!.ok).toBe(true);
    expect(afterByName.events!.problems.join('\n')).toMatch(/starts from ACTIVE \/ -, the event before it ended at PAUSED \/ \w+/);

    // an event that does not follow its predecessor, in a brand nobody touched
    const [other] = await t.sql<{ id: string; brand_id: string; name: string; status: string }>(
      `select c.id, c.brand_id, c.name, c.status from campaigns c where c.brand_id <> $1 and c.pause_reason is null and c.archived_at is null limit 1`,
      [brand!.id],
    );
    await t.sql(
      `insert into campaign_status_events (brand_id, campaign_id, campaign_name, from_status, from_reason, to_status, to_reason, trigger, actor, occurred_at)
       values ($1, $2, $3, 'PAUSED', 'DAYPARTING', 'ACTIVE', null, 'SPEND', 'intruder', now())`,
      [other!.brand_id, other!.id, other!.name],
    );
    const chain = await budget('verify');
    expect(chain.code).toBe(1);
    expect(chain.stdout).toContain(`campaign ${other!.id}: event`);
    expect(chain.stdout).toMatch(/starts from PAUSED \/ DAYPARTING, the event before it ended at ACTIVE \/ -/);
  });
});
