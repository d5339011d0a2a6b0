// `npm run bench`: the reconcile engine on 10,000 brands × 10 campaigns (SPEC section 4, issue 3:
// under 2 s), against a reference measured in the same run on the same database: one plain
// read of everything the reconcile must read (brands, campaigns, their windows, the month's
// totals), each table scanned once. The ratio says what the engine's logic costs over touching
// the data at all.
//
//   BENCH_BRANDS=10000 BENCH_CAMPAIGNS=10 BENCH_SPENDS=10 npm run bench
//   (DATABASE_URL=… to use another server; default: an embedded PostgreSQL in a temp dir)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { seed } from '../src/cli/seed.ts';
import { startEmbedded } from '../src/db/embedded.ts';
import { closeDb, db, LONG_TX, openDb } from '../src/db/index.ts';
import { migrate } from '../src/db/migrate.ts';
import { runEnforcement } from '../src/engine/enforcement.ts';
import { summaryOf } from '../src/engine/reconcile.ts';
import { SYSTEM } from '../src/domain/scope.ts';

const brands = Number(process.env.BENCH_BRANDS ?? 10_000);
const campaignsPerBrand = Number(process.env.BENCH_CAMPAIGNS ?? 10);
const spendsPerCampaign = Number(process.env.BENCH_SPENDS ?? 10);
const ROUNDS = 5;

async function main() {
  let stop = async () => {};
  let dir: string | null = null;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    dir = await mkdtemp(path.join(tmpdir(), 'budget-bench-'));
    const embedded = await startEmbedded({ dataDir: dir, database: 'postgres' });
    adminUrl = embedded.url;
    stop = embedded.stop;
  }
  const name = `bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  try {
    await migrate(url);
    openDb(url);
    const version = (await db().$queryRaw<{ v: string }[]>`select version() as v`)[0]!.v.split(' ').slice(0, 2).join(' ');
    console.log(`# ${brands} brands × ${campaignsPerBrand} campaigns × ${spendsPerCampaign} spends on ${version}`);
    let t = performance.now();
    await seed({ brands, campaignsPerBrand, spendsPerCampaign });
    console.log(`seed (with its reconcile): ${ms(t)} ms`);
    await db().$executeRawUnsafe('vacuum analyze');

    const reference: number[] = [];
    const steady: number[] = [];
    let summary = {};
    for (let i = 0; i < ROUNDS; i++) {
      t = performance.now();
      await db().$transaction(async (tx) => {
        await tx.$executeRaw`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`;
        await tx.$queryRaw`
          select (select count(*) from brands b where b.daily_budget is not null) as brands,
                 (select count(*) from campaigns c where c.archived_at is null) as campaigns,
                 (select count(*) from schedules s where s.is_active) as windows,
                 (select sum(t.amount) from brand_daily_spends t where t.spend_date >= date_trunc('month', now())::date - 1) as month`;
      });
      reference.push(performance.now() - t);
      t = performance.now();
      const result = await db().$transaction((tx) => runEnforcement(tx, 'ALL', new Date(), SYSTEM), LONG_TX);
      steady.push(performance.now() - t);
      summary = summaryOf(result);
    }
    console.log(
      `reconcile, nothing to change: median ${median(steady)} ms (runs: ${steady.map(Math.round).join(', ')}); last summary ${JSON.stringify(summary)}`,
    );
    console.log(
      `reference read of the same data: median ${median(reference)} ms → ratio ${(median(steady) / median(reference)).toFixed(2)}×`,
    );

    // Every campaign back to ACTIVE behind the engine's back: the next reconcile must change most of them.
    await db().$executeRaw`update campaigns set status = 'ACTIVE', pause_reason = null where archived_at is null`;
    t = performance.now();
    const busy = await db().$transaction((tx) => runEnforcement(tx, 'ALL', new Date(), SYSTEM), LONG_TX);
    console.log(`reconcile, ${busy.changes.length} changes (events written): ${ms(t)} ms; ${JSON.stringify(summaryOf(busy))}`);
    t = performance.now();
    const again = await db().$transaction((tx) => runEnforcement(tx, 'ALL', new Date(), SYSTEM), LONG_TX);
    console.log(`reconcile again: ${ms(t)} ms, ${again.changes.length} changes`);
    console.log(`memory: rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`);
  } finally {
    await closeDb();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    await stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

const ms = (from: number) => Math.round(performance.now() - from);
const median = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);

await main();
