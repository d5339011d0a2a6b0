// `npm run bench -- ingest`: the spend hot path, measured against what this PostgreSQL does with
// the same shape of work in the same run.
//   ingest:       recordSpend over HTTP, ingest key, 32 connections, 20 s (autocannon, its own process)
//   reference:    pgbench, a TPC-B-like script (update an aggregate row, insert a ledger row) at the
//                 same concurrency and duration on the same database
//   ceiling:      the same service answering `{ __typename }` with the same key and connections:
//                 what HTTP + GraphQL cost here before any spend is written
//   ingest-batch: recordSpends with 1,000 and 10,000 items per request (target: 20,000 spends/s);
//                 reference: the same batches written by the engine's recordSpends in a process of
//                 its own (no HTTP, no GraphQL), after the service's
// Afterwards the ledger must hold exactly the spends the service acknowledged.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { benchDatabase, cli, graphql, report, runLoad, startService, table, tpcb } from './lib.ts';
import { decimalsOf } from '../src/domain/money.ts';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);

const db = await benchDatabase();
const sql = new pg.Client({ connectionString: db.url });
await sql.connect();
try {
  cli(db.url, 'seed', '--brands', '200', '--campaigns-per-brand', '5', '--spends-per-campaign', '0');
  await sql.query('vacuum analyze');
  // the load's amounts are cents ("0.37"): the campaigns of brands whose currency has them (a yen
  // brand refuses a fraction of a yen)
  const campaigns = (
    await sql.query<{ id: string; currency: string }>('select c.id, b.currency from campaigns c join brands b on b.id = c.brand_id')
  ).rows
    .filter((r) => decimalsOf(r.currency) >= 2)
    .map((r) => r.id);
  const service = await startService(db.url);
  const idle = service.rss();
  const key = (await graphql(service.url, 'mutation { createApiKey(name: "bench-ingest", role: ingest) { key } }')).createApiKey
    .key as string;

  const ackFile = path.join(tmpdir(), `acked-${process.pid}.json`);
  const ingest = await runLoad<{ acknowledged: number; refused: number; errors: number; perSecond: number; p50: number; p99: number }>(
    'ingest.ts',
    { url: service.url, key, campaigns, connections: CONNECTIONS, seconds: SECONDS, ackFile },
  );
  const underLoad = service.rss();
  const ceiling = await runLoad<{ perSecond: number; p50: number; p99: number }>('http.ts', {
    url: `${service.url}/graphql`,
    body: JSON.stringify({ query: '{ __typename }' }),
    headers: { authorization: `Bearer ${key}` },
    connections: CONNECTIONS,
    seconds: Math.min(SECONDS, 10),
  });
  // Every acknowledged spend is in the ledger, once (the unique index); the requests in flight when
  // the load stopped (at most one per connection) may be recorded too, unacknowledged.
  const acked = JSON.parse(readFileSync(ackFile, 'utf8')) as string[];
  const [ledger] = (
    await sql.query<{ recorded: string; found: string }>(
      `select count(*) as recorded, count(*) filter (where external_id = any($1)) as found from spends where source = 'bench'`,
      [acked],
    )
  ).rows.map((r) => ({ recorded: Number(r.recorded), found: Number(r.found) }));
  const exact = ledger!.found === acked.length && ledger!.recorded - ledger!.found <= CONNECTIONS;

  type Batches = { written: number; perSecond: number; msPerRequest: number };
  const BATCHES = [
    { size: 1_000, requests: 10 },
    { size: 10_000, requests: 3 },
  ];
  const batches: Batches[] = [];
  const engine: Batches[] = [];
  for (const b of BATCHES) {
    batches.push(await runLoad<Batches>('batch.ts', { url: service.url, key, campaigns, ...b }));
    engine.push(await runLoad<Batches>('batchEngine.ts', { url: db.url, campaigns, ...b }));
  }
  const after = service.rss();
  await service.stop();
  // every spend a batch answered written is in the ledger once, and the daily totals kept by the
  // triggers add up to the ledger's sum
  const [batchLedger] = (
    await sql.query<{ recorded: string; brand_days: boolean; campaign_days: boolean }>(
      `select (select count(*) from spends where source in ('bench-batch', 'bench-engine')) as recorded,
              (select sum(amount) from spends) = (select sum(amount) from brand_daily_spends) as brand_days,
              (select sum(amount) from spends) = (select sum(amount) from campaign_daily_spends) as campaign_days`,
    )
  ).rows;
  const answered = [...batches, ...engine].reduce((n, b) => n + b.written, 0);
  const batchesExact = Number(batchLedger!.recorded) === answered && batchLedger!.brand_days && batchLedger!.campaign_days;

  const reference = tpcb(db.pgEnv, CONNECTIONS, SECONDS);
  const rows: (string | number)[][] = [
    ['what', 'result', 'reference (same run)', 'ratio'],
    [
      `recordSpend, ${CONNECTIONS} connections, ${SECONDS} s (target ≥ 0.5× pgbench, p99 ≤ 25 ms: ${ingest.perSecond >= 0.5 * reference && ingest.p99 <= 25 ? 'holds' : 'off'})`,
      `${ingest.perSecond} spends/s, p50 ${ingest.p50} ms, p99 ${ingest.p99} ms`,
      `pgbench TPC-B-like: ${reference} tps`,
      `${(ingest.perSecond / reference).toFixed(2)}×`,
    ],
    [
      `\`{ __typename }\` through the same service, ${CONNECTIONS} connections`,
      `${ceiling.perSecond} requests/s, p50 ${ceiling.p50} ms, p99 ${ceiling.p99} ms`,
      'recordSpend against it',
      `${(ingest.perSecond / ceiling.perSecond).toFixed(2)}×`,
    ],
    [
      'ledger check',
      `${ingest.acknowledged} acknowledged, all ${ledger!.found} in the ledger once; ${ledger!.recorded - ledger!.found} more were in flight at the stop; ${ingest.refused} refused, ${ingest.errors} transport errors`,
      '',
      exact ? 'exact' : 'MISMATCH',
    ],
    ...BATCHES.map(({ size }, i) => [
      `recordSpends × ${size.toLocaleString('en')} (target ≥ 20,000 spends/s: ${batches[i]!.perSecond >= 20_000 ? 'holds' : 'off'})`,
      `${batches[i]!.perSecond} spends/s (${batches[i]!.msPerRequest} ms per request)`,
      `the engine's recordSpends alone, no HTTP or GraphQL: ${engine[i]!.perSecond} spends/s (${engine[i]!.msPerRequest} ms)`,
      `${(batches[i]!.perSecond / engine[i]!.perSecond).toFixed(2)}×`,
    ]),
    [
      'batches: ledger check',
      `${answered} answered written, ${batchLedger!.recorded} in the ledger; daily totals ${batchLedger!.brand_days && batchLedger!.campaign_days ? 'equal' : 'DIFFER FROM'} the ledger's sum`,
      '',
      batchesExact ? 'exact' : 'MISMATCH',
    ],
    ['server RSS', `idle ${idle} MiB, after ingest ${underLoad} MiB, after batches ${after} MiB`, '', ''],
  ];
  await report('ingest', 'npm run bench -- ingest', db.version, table(rows));
  if (!exact || !batchesExact) process.exitCode = 1;
} finally {
  await sql.end();
  await db.drop();
}
