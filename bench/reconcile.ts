// `npm run bench -- reconcile`: the reconcile engine over every campaign (what `budget reconcile`
// and the crontab's tasks run), with nothing to change and with ~10 % of campaigns changing,
// against a reference measured in the same run on the same database: one plain read of everything
// the reconcile must read (brands, campaigns, their active windows, the month's totals).
//   BENCH_BRANDS=10000 BENCH_CAMPAIGNS=10 BENCH_SPENDS=10 npm run bench -- reconcile
import { seed } from '../src/cli/seed.ts';
import { closeDb, db, LONG_TX, openDb } from '../src/db/index.ts';
import { SYSTEM } from '../src/domain/scope.ts';
import { runEnforcement } from '../src/engine/enforcement.ts';
import { benchDatabase, median, report, table } from './lib.ts';

const brands = Number(process.env.BENCH_BRANDS ?? 10_000);
const campaignsPerBrand = Number(process.env.BENCH_CAMPAIGNS ?? 10);
const spendsPerCampaign = Number(process.env.BENCH_SPENDS ?? 10);
const ROUNDS = 5;

const database = await benchDatabase();
openDb(database.url);
try {
  let t = performance.now();
  await seed({ brands, campaignsPerBrand, spendsPerCampaign });
  const seeding = ms(t);
  await db().$executeRawUnsafe('vacuum analyze');

  const reference: number[] = [];
  const steady: number[] = [];
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
    await db().$transaction((tx) => runEnforcement(tx, 'ALL', new Date(), SYSTEM), LONG_TX);
    steady.push(performance.now() - t);
  }
  // About 10 % of the campaigns put in the wrong state behind the engine's back: the run writes them back.
  await db().$executeRaw`
    update campaigns set status = case when status = 'ACTIVE' then 'PAUSED' else 'ACTIVE' end::campaign_status,
                         pause_reason = case when status = 'ACTIVE' then 'DAYPARTING' end::pause_reason
     where archived_at is null and coalesce(pause_reason, 'DAYPARTING') <> 'MANUAL' and random() < 0.1`;
  t = performance.now();
  const busy = await db().$transaction((tx) => runEnforcement(tx, 'ALL', new Date(), SYSTEM), LONG_TX);
  const changing = ms(t);
  const total = brands * campaignsPerBrand;
  await report(
    `reconcile, ${brands.toLocaleString('en')} brands × ${campaignsPerBrand} campaigns`,
    'npm run bench -- reconcile',
    database.version,
    table([
      ['what', 'result', 'reference (same run)', 'ratio'],
      [
        `reconcile, nothing to change (median of ${ROUNDS})`,
        `${median(steady)} ms`,
        `read the same inputs: ${median(reference)} ms`,
        `${(median(steady) / median(reference)).toFixed(1)}×`,
      ],
      [
        `reconcile, ${busy.changes.length.toLocaleString('en')} of ${total.toLocaleString('en')} campaigns changing (events written)`,
        `${changing} ms`,
        '',
        '',
      ],
      [
        `budget seed (${(total * spendsPerCampaign).toLocaleString('en')} spends through the engine)`,
        `${(seeding / 1000).toFixed(1)} s`,
        '',
        '',
      ],
    ]),
  );
} finally {
  await closeDb();
  await database.drop();
}

function ms(from: number): number {
  return Math.round(performance.now() - from);
}
