// `npm run bench -- alerts`: what the threshold check costs a spend. The ledger's write
// (record_spends: one spend, its brand locked, reconcile_campaigns, then check_budget_alerts) is
// driven by pgbench straight into PostgreSQL, so only the database's work is measured, on brands
// with budgets that are never reached:
//   with alerts:    thresholds [80, 95] (the default): the check computes both periods' levels
//   without:        check_budget_alerts replaced by an empty function for the run (restored after)
// alternated three times each, 8 clients, 10 s a run; the reference is pgbench's TPC-B-like script
// on the same database in the same run.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { benchDatabase, cli, median, report, table, tpcb } from './lib.ts';

const CLIENTS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = 3;

const db = await benchDatabase();
const sql = new pg.Client({ connectionString: db.url });
await sql.connect();
try {
  cli(db.url, 'seed', '--brands', '200', '--campaigns-per-brand', '4', '--spends-per-campaign', '0');
  // budgets far above anything the run spends: no pause, no alert; only the checking is measured
  await sql.query(`update brands set daily_budget = 100000000000, monthly_budget = 900000000000`);
  await sql.query(`create table bench_campaigns (n serial primary key, id uuid not null)`);
  await sql.query(`insert into bench_campaigns (id) select id from campaigns order by id`);
  await sql.query('vacuum analyze');
  const { rows } = await sql.query<{ n: number }>('select count(*)::int as n from bench_campaigns');
  const script = path.join(tmpdir(), `alerts-${process.pid}.sql`);
  writeFileSync(
    script,
    `\\set c random(1, ${rows[0]!.n})
\\set amount random(1, 9999)
select record_spends(now(), 'bench', null,
                     json_build_array(json_build_object('id', gen_random_uuid(), 'campaign_id', (select id from bench_campaigns where n = :c),
                                                        'amount', :amount, 'decimals', 0, 'occurred_at', now(),
                                                        'description', '', 'source', 'bench')),
                     '{}'::jsonb);
`,
  );
  const run = (file: string) => {
    const out = execFileSync('pgbench', ['-n', '-c', String(CLIENTS), '-j', '2', '-T', String(SECONDS), '-f', file], {
      env: db.pgEnv,
      encoding: 'utf8',
    });
    return Math.round(Number(/tps = ([0-9.]+)/.exec(out)![1]));
  };
  const { rows: defs } = await sql.query<{ def: string }>(`select pg_get_functiondef('check_budget_alerts'::regproc) as def`);
  const withAlerts: number[] = [];
  const without: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    await sql.query(defs[0]!.def);
    withAlerts.push(run(script));
    await sql.query(`create or replace function check_budget_alerts(_at timestamptz, _brand_ids uuid[], _trigger status_trigger, _actor text) returns void
                       language plpgsql as $$ begin end $$`);
    without.push(run(script));
  }
  await sql.query(defs[0]!.def);
  const fired = (await sql.query<{ n: number }>('select count(*)::int as n from budget_alerts')).rows[0]!.n;
  const reference = tpcb(db.pgEnv, CLIENTS, SECONDS);
  const w = median(withAlerts);
  const o = median(without);
  const body = table([
    ['measure', 'result'],
    ['record_spends, thresholds [80, 95]', `${w} spends/s (runs: ${withAlerts.join(', ')})`],
    ['record_spends, the check emptied', `${o} spends/s (runs: ${without.join(', ')})`],
    ['cost of the check', `${(((o - w) / o) * 100).toFixed(1)} % of the write's throughput`],
    ['against pgbench TPC-B-like', `${(w / reference).toFixed(2)}× with alerts, ${(o / reference).toFixed(2)}× without (${reference} tps)`],
    ['alerts written', `${fired} (budgets never reached)`],
  ]);
  process.stdout.write(`${body}\n`);
  await report('alerts: the threshold check on the spend path', 'npm run bench -- alerts', db.version, body);
} finally {
  await sql.end();
  await db.drop();
}
