// `npm run bench -- backtest`: the backtest query through the service's GraphQL API: a brand of 20
// campaigns and 93 days of ledger (a few thousand spends recorded as they occurred, enforcement run
// every hour, so its status events are real) replayed against a proposed policy giving each
// campaign 100 windows (some past midnight; Paris time, so half the year a change of daylight saving
// time falls in the range). Median of BENCH_ROUNDS, against a reference in the same run: a plain
// SQL read of the brand's ledger for the range (its spends and status events). The target: ≤ 1 s.
//   BENCH_ROUNDS=5 BENCH_DAYS=93 npm run bench -- backtest
import pg from 'pg';
import { mulberry32 } from '../src/cli/seed.ts';
import { closeDb, db, LONG_TX, openDb } from '../src/db/index.ts';
import { SYSTEM } from '../src/domain/scope.ts';
import { DAYS } from '../src/domain/time.ts';
import { createBrands } from '../src/engine/brands.ts';
import { createCampaigns } from '../src/engine/campaigns.ts';
import { runEnforcement } from '../src/engine/enforcement.ts';
import { recordSpends, type SpendInput } from '../src/engine/ledger.ts';
import { setSchedulesOf } from '../src/engine/schedules.ts';
import { benchDatabase, graphql, median, report, startService, table } from './lib.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const DAYS_BACK = Number(process.env.BENCH_DAYS ?? 93);
const CAMPAIGNS = 20;
const WINDOWS = 100;
const SPENDS_PER_DAY = 40;
const TARGET_MS = 1_000;
const HOUR = 3_600_000;

const BACKTEST = `query ($b: ID!, $from: DateTime!, $to: DateTime!, $w: [ProposedWindows!]) {
  backtest(brandId: $b, from: $from, to: $to, windows: $w) {
    paused resumed recordedChanges spendWhilePaused recordedSpendWhilePaused
    changes { at campaignId fromStatus fromReason toStatus toReason trigger }
    campaigns { campaignId spendWhilePaused recordedSpendWhilePaused } } }`;

const database = await benchDatabase();
openDb(database.url);
try {
  // the range: DAYS_BACK days up to the last whole hour; the brand and its campaigns made a day before
  const to = new Date(Math.floor(Date.now() / HOUR) * HOUR);
  const from = new Date(to.getTime() - DAYS_BACK * 86_400_000);
  const random = mulberry32(27);
  let t = performance.now();
  const [brand] = await db().$transaction((tx) =>
    createBrands(
      tx,
      [{ name: 'Backtest Outdoor Co.', timezone: 'Europe/Paris', currency: 'EUR', dailyBudget: '600.00', monthlyBudget: '15000.00' }],
      SYSTEM,
      new Date(from.getTime() - 86_400_000),
    ),
  );
  const campaigns = await db().$transaction(async (tx) => {
    const created = await createCampaigns(
      tx,
      Array.from({ length: CAMPAIGNS }, (_, i) => ({ brandId: brand!.id, name: `Campaign ${String(i + 1).padStart(2, '0')}` })),
      SYSTEM,
      new Date(from.getTime() - 86_400_000),
    );
    // a third of them with office hours of their own
    const office = DAYS.slice(0, 5).map((dayOfWeek) => ({ dayOfWeek, startTime: '08:00', endTime: '20:00' }));
    await setSchedulesOf(
      tx,
      created.filter((_, i) => i % 3 === 0).map((c) => ({ campaignId: c.id, windows: office })),
      SYSTEM,
      new Date(from.getTime() - 86_400_000),
    );
    return created;
  }, LONG_TX);
  // the history, hour by hour: enforcement at the hour's start, the spends that occurred in it recorded at its end
  let spends = 0;
  for (let hour = from.getTime(); hour < to.getTime(); hour += HOUR) {
    const inputs: SpendInput[] = [];
    const n = Math.floor(SPENDS_PER_DAY / 24) + (random() < (SPENDS_PER_DAY / 24) % 1 ? 1 : 0);
    for (let k = 0; k < n; k++) {
      inputs.push({
        campaignId: campaigns[Math.floor(random() * CAMPAIGNS)]!.id,
        amount: `${5 + Math.floor(random() * 25)}.${String(Math.floor(random() * 100)).padStart(2, '0')}`,
        occurredAt: new Date(hour + Math.floor(random() * HOUR)),
        source: 'bench',
      });
    }
    await db().$transaction(async (tx) => {
      await runEnforcement(tx, 'ALL', new Date(hour), SYSTEM);
      if (inputs.length) await recordSpends(tx, inputs, SYSTEM, new Date(hour + HOUR - 1));
    }, LONG_TX);
    spends += inputs.length;
  }
  await db().$executeRawUnsafe('vacuum analyze');
  const seeding = performance.now() - t;
  const [{ events }] = (await db().$queryRaw<{ events: number }[]>`
    select count(*)::int as events from campaign_status_events where brand_id = ${brand!.id}::uuid`) as [{ events: number }];

  // the proposed policy: 100 windows a campaign, one an hour around the week, each past the next hour's start
  const window = (i: number) => ({
    dayOfWeek: DAYS[i % 7]!,
    startTime: `${String(i % 24).padStart(2, '0')}:00`,
    endTime: `${String((i + 1) % 24).padStart(2, '0')}:30`,
  });
  const proposed = campaigns.map((c) => ({ campaignId: c.id, windows: Array.from({ length: WINDOWS }, (_, i) => window(i)) }));
  const variables = { b: brand!.id, from: from.toISOString(), to: to.toISOString(), w: proposed };

  const service = await startService(database.url);
  const reader = new pg.Client({ connectionString: database.url });
  await reader.connect();
  const viaApi: number[] = [];
  const reference: number[] = [];
  let answer: { paused: number; resumed: number; changes: unknown[] } | null = null;
  for (let i = 0; i < ROUNDS; i++) {
    t = performance.now();
    await reader.query('begin isolation level repeatable read');
    await reader.query(`select * from spends where brand_id = $1 and created_at < $3 and occurred_at >= $2 order by created_at`, [
      brand!.id,
      from,
      to,
    ]);
    await reader.query(`select * from campaign_status_events where brand_id = $1 and occurred_at >= $2 and occurred_at < $3 order by id`, [
      brand!.id,
      from,
      to,
    ]);
    await reader.query('commit');
    reference.push(performance.now() - t);
    t = performance.now();
    answer = (await graphql(service.url, BACKTEST, variables)).backtest;
    viaApi.push(performance.now() - t);
  }
  await reader.end();
  await service.stop();
  const ms = median(viaApi);
  await report(
    `backtest, ${CAMPAIGNS} campaigns × ${WINDOWS} proposed windows, ${DAYS_BACK} days`,
    'npm run bench -- backtest',
    database.version,
    table([
      ['what', 'result', 'reference (same run)', 'ratio', 'target'],
      [
        `backtest through the API (median of ${ROUNDS}): ${answer!.changes.length.toLocaleString('en')} changes, ${answer!.paused.toLocaleString('en')} paused, ${answer!.resumed.toLocaleString('en')} resumed`,
        `${ms} ms`,
        `the brand's ledger of the range read in SQL: ${median(reference)} ms`,
        `${(ms / median(reference)).toFixed(1)}×`,
        `≤ ${TARGET_MS.toLocaleString('en')} ms: ${ms <= TARGET_MS ? 'holds' : 'off'}`,
      ],
      [
        `the history (${spends.toLocaleString('en')} spends, ${events.toLocaleString('en')} status events, enforcement every hour)`,
        `seeded in ${(seeding / 1000).toFixed(1)} s`,
        '',
        '',
        '',
      ],
    ]),
  );
} finally {
  await closeDb();
  await database.drop();
}
