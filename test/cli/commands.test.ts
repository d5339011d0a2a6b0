// The engine's commands as an operator types them, against this file's database.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { tasksOf } from '../../src/cli/enforce.ts';
import { startProcess } from '../helpers/processes.ts';
import * as make from '../helpers/make.ts';

const exec = promisify(execFile);
let t: TestDb;
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(() => t.drop());

async function budget(...args: string[]) {
  return exec(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    env: { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: 'warn' },
  }).catch((error: { code: number; stdout: string; stderr: string }) => ({ ...error, failed: true }));
}

describe('budget commands', { timeout: 90_000 }, () => {
  // each command is a process that loads the whole app (~3 s)
  it('seed writes realistic demo data and leaves every campaign in its desired state', { timeout: 60_000 }, async () => {
    const out = await budget('seed', '--brands', '30', '--campaigns-per-brand', '3', '--spends-per-campaign', '4');
    expect(out.stdout).toMatch(/^Seeded 30 brands × 3 campaigns × 4 spends\.\nReconcile completed: \{"checked":\d+,/m);
    const [counts] = await t.sql<{ brands: number; campaigns: number; spends: number; windows: number; zones: number }>(
      `select (select count(*)::int from brands) as brands, (select count(*)::int from campaigns) as campaigns,
              (select count(*)::int from spends) as spends, (select count(*)::int from schedules) as windows,
              (select count(distinct timezone)::int from brands) as zones`,
    );
    expect(counts).toMatchObject({ brands: 30, campaigns: 90, spends: 360, zones: 18 });
    // written through the engine, as the API writes: audit entries and one CREATE event per campaign, by `cli`
    const [trail] = await t.sql<{ brands: number; campaigns: number; created: number; actors: string[] }>(
      `select (select count(*)::int from audit_entries where action = 'brand.create') as brands,
              (select count(*)::int from audit_entries where action = 'campaign.create') as campaigns,
              (select count(*)::int from campaign_status_events where trigger = 'CREATE') as created,
              (select array_agg(distinct actor) from campaign_status_events) as actors`,
    );
    expect(trail).toEqual({ brands: 30, campaigns: 90, created: 90, actors: ['cli'] });
    // each brand's money in its currency's unit (thousandths stored): whole yen, fils, cents
    const [units] = await t.sql<{ yen: number; fils: number; finer: number }>(
      `with m as (select b.currency, s.amount from spends s join brands b on b.id = s.brand_id
                  union all select currency, daily_budget from brands union all select currency, monthly_budget from brands)
       select count(*) filter (where currency = 'JPY')::int as yen, count(*) filter (where currency = 'KWD' and amount % 10 <> 0)::int as fils,
              count(*) filter (where amount % case currency when 'JPY' then 1000 when 'KWD' then 1 else 10 end <> 0)::int as finer
         from m`,
    );
    expect(units!.yen).toBeGreaterThan(0);
    expect(units!.fils).toBeGreaterThan(0);
    expect(units!.finer).toBe(0);
    const again = await budget('reconcile');
    expect(again.stdout).toMatch(
      /^Reconcile completed: \{"checked":90,"paused":0,"resumed":0,"relabeled":0,"byReason":\[\]\} \(\d+ ms\)\n$/,
    );
  });

  it('enforce-budgets, enforce-dayparting and reset-spends print the seed-style summary line', async () => {
    expect((await budget('enforce-budgets')).stdout).toMatch(/^Budget enforcement completed: \{"checked":\d+,"paused":0,/);
    expect((await budget('enforce-dayparting')).stdout).toMatch(/^Dayparting enforcement completed: /);
    const both = await budget('reset-spends', '--both');
    expect(
      both.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(':')[0]),
    ).toEqual(['Daily reset completed', 'Monthly reset completed']);
  });

  it('the old system’s names run the same tasks: enforce_budgets, enforce_dayparting, reset_spends --daily|--monthly|--both', async () => {
    expect((await budget('enforce_budgets')).stdout).toMatch(/^Budget enforcement completed: \{"checked":\d+,/);
    const both = await budget('reset_spends', '--both', '--json');
    expect(JSON.parse(both.stdout).map((r: { task: string }) => r.task)).toEqual(['RESET_DAILY', 'RESET_MONTHLY']);
    // the same parse for every name (a process each would take seconds)
    expect(tasksOf('enforce_dayparting', new Set())).toEqual(['ENFORCE_DAYPARTING']);
    expect(tasksOf('reset_spends', new Set(['daily']))).toEqual(['RESET_DAILY']);
    expect(tasksOf('reset_spends', new Set(['monthly']))).toEqual(['RESET_MONTHLY']);
    expect(() => tasksOf('reset_spends', new Set())).toThrow('reset-spends needs --daily, --monthly or --both');
  });

  it('--json prints JSON only', async () => {
    const out = await budget('reconcile', '--json');
    expect(JSON.parse(out.stdout)).toMatchObject({ task: 'ALL', paused: 0, resumed: 0, relabeled: 0, byReason: [] });
  });

  it('a usage mistake says what is wrong and exits 2', async () => {
    const out = await budget('reset-spends');
    expect(out).toMatchObject({ failed: true, code: 2 });
    expect(out.stderr).toMatch(/^budget: reset-spends needs --daily, --monthly or --both/);
    const unknown = await budget('explode');
    expect(unknown).toMatchObject({ failed: true, code: 2 });
    expect(unknown.stderr).toMatch(/unknown command "explode"/);
    const bad = await budget('seed', '--brands', 'many');
    expect(bad.stderr).toMatch(/--brands must be a whole number/);
  });

  it('keys create prints the key once; list shows it without its secret; revoke by name', async () => {
    const created = await budget('keys', 'create', '--role', 'operator', '--name', 'connector');
    const token = /(bk_[0-9a-f]{32}_[A-Za-z0-9_-]{43})/.exec(created.stdout)?.[1];
    expect(token, created.stdout).toBeDefined();
    const listed = await budget('keys', 'list');
    expect(listed.stdout).toMatch(/connector\s+operator\s+active/);
    expect(listed.stdout).not.toContain(token!.slice('bk_'.length + 33));
    expect((await budget('keys', 'revoke', 'connector')).stdout).toMatch(/is revoked/);
    expect((await budget('keys', 'list', '--json')).stdout).toMatch(/"revokedAt":"/);
    const bad = await budget('keys', 'create', '--role', 'king', '--name', 'x');
    expect(bad).toMatchObject({ failed: true, code: 1 });
    expect(bad.stderr).toMatch(/INVALID_ARGUMENT \(role\)/);
    const audit = await t.sql(`select action, actor from audit_entries where target_type = 'ApiKey' order by id`);
    expect(audit).toEqual([
      { action: 'key.create', actor: 'cli' },
      { action: 'key.revoke', actor: 'cli' },
    ]);
  });

  it('health reports the running service’s workers, by their heartbeats, not its own process', { timeout: 120_000 }, async () => {
    const none = await budget('health', '--json');
    expect(none).toMatchObject({ failed: true, code: 1 });
    expect(JSON.parse(none.stdout)).toMatchObject({
      status: 'unhealthy',
      checks: { database: { status: 'healthy' }, worker: { status: 'unhealthy', running: false, processes: 0 } },
    });
    const worker = await startProcess(t.url, ['--worker-only']);
    try {
      const up = await budget('health', '--json');
      expect(JSON.parse(up.stdout)).toMatchObject({
        status: 'healthy',
        checks: {
          database: { status: 'healthy' },
          worker: { status: 'healthy', running: true, processes: 1, lastSeenAt: expect.any(String) },
        },
      });
    } finally {
      await worker.stop();
    }
    // a worker that stops says so at once (its row goes); one that dies is no longer vouched for once its row expires
    expect(JSON.parse((await budget('health', '--json')).stdout).checks.worker).toMatchObject({ status: 'unhealthy', processes: 0 });
    await t.sql(
      `insert into worker_heartbeats (id, host, pid, started_at, seen_at, expires_at)
       values (gen_random_uuid(), 'gone', 1, now() - interval '1 hour', now() - interval '1 minute', now() - interval '30 seconds')`,
    );
    const dead = JSON.parse((await budget('health', '--json')).stdout).checks.worker;
    expect(dead).toMatchObject({ status: 'unhealthy', running: false, processes: 0, lastSeenAt: expect.any(String) });
  });

  it('backtest replays a brand over a range, by name, with a proposed budget, and refuses a bad one naming it', async () => {
    const [brand] = await t.sql<{ name: string }>(`select name from brands where currency = 'USD' order by name limit 1`);
    const to = new Date(Date.now() + 60_000).toISOString();
    const from = new Date(Date.now() - 86_400_000).toISOString();
    const text = await budget('backtest', '--brand', brand!.name, '--from', from, '--to', to, '--daily', '0');
    expect(text.stdout).toMatch(new RegExp(`^Backtest of ${brand!.name} from .*: daily 0\\.00, monthly `));
    expect(text.stdout).toMatch(/\n\d+ changes \(recorded: \d+\); spend while paused \d+\.\d\d \(recorded: \d+\.\d\d\) USD\n$/);
    const json = JSON.parse((await budget('backtest', '--brand', brand!.name, '--from', from, '--to', to, '--json')).stdout);
    expect(json).toMatchObject({ from, to, recordedChanges: expect.any(Number), spendWhilePaused: expect.stringMatching(/^\d+\.\d\d$/) });
    const bad = await budget('backtest', '--brand', brand!.name, '--from', from, '--to', to, '--daily', '1.234');
    expect(bad).toMatchObject({ failed: true, code: 1 });
    expect(bad.stderr).toMatch(/INVALID_MONEY \(dailyBudget\)/);
    // a yen brand's budgets are in whole yen, and so are its figures
    const [yen] = await t.sql<{ name: string }>(`select name from brands where currency = 'JPY' order by name limit 1`);
    const fraction = await budget('backtest', '--brand', yen!.name, '--from', from, '--to', to, '--daily', '1234.5');
    expect(fraction.stderr).toMatch(/INVALID_MONEY \(dailyBudget\).*at most 0 decimals for JPY/);
    const whole = await budget('backtest', '--brand', yen!.name, '--from', from, '--to', to, '--daily', '1234');
    expect(whole.stdout).toMatch(/: daily 1234, monthly (\d+|no limit) \(JPY\)\n[\s\S]*spend while paused \d+ \(recorded: \d+\) JPY\n$/);
  });

  it('override start, list and cancel: the campaign runs on it, then its budget applies at once; a mistake names the flag', async () => {
    const b = await make.brand({ name: 'Override CLI', timezone: 'Europe/Paris', dailyBudget: '10.00' });
    const c = await make.campaign(b.id, { name: 'Launch' });
    await make.spend(c.id, '10.00');
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const started = await budget(
      'override',
      'start',
      '--campaign',
      c.id,
      '--lifts',
      'daily_budget',
      '--until',
      until,
      '--reason',
      'launch day',
    );
    expect(started.stdout).toMatch(
      new RegExp(
        `^Override [0-9a-f-]{36} started: Launch \\(Override CLI\\) runs despite daily budget until ${until} \\(.+ Europe/Paris\\) — launch day, by cli\n  Launch: PAUSED/DAILY_BUDGET -> ACTIVE\n$`,
      ),
    );
    const id = /^Override ([0-9a-f-]{36})/.exec(started.stdout)![1]!;
    expect((await budget('override', 'list', '--brand', b.id)).stdout).toMatch(
      new RegExp(`^${id}  Launch \\(Override CLI\\) runs despite`),
    );
    expect(await make.statuses(b.id)).toEqual(['ACTIVE']);
    const cancelled = await budget('override', 'cancel', id);
    expect(cancelled.stdout).toBe(
      `Override ${id} is cancelled: the rules it lifted apply again.\n  Launch: ACTIVE -> PAUSED/DAILY_BUDGET\n`,
    );
    expect((await budget('override', 'list', '--brand', b.id)).stdout).toBe('no overrides in force\n');
    const all = JSON.parse((await budget('override', 'list', '--all', '--json')).stdout);
    expect(all).toEqual([
      expect.objectContaining({ id, createdBy: 'cli', cancelledBy: 'cli', campaignName: 'Launch', lifts: ['DAILY_BUDGET'] }),
    ]);
    const late = await budget(
      'override',
      'start',
      '--brand',
      b.id,
      '--lifts',
      'DAILY_BUDGET',
      '--until',
      '2020-01-01T00:00:00Z',
      '--reason',
      'x',
    );
    expect(late).toMatchObject({ failed: true, code: 1 });
    expect(late.stderr).toMatch(/^budget: INVALID_ARGUMENT \(until\): until must be in the future/);
    const manual = await budget('override', 'start', '--brand', b.id, '--lifts', 'MANUAL', '--until', until, '--reason', 'x');
    expect(manual.stderr).toMatch(/INVALID_ARGUMENT \(lifts\[0\]\): an override never lifts MANUAL/);
  });
});
