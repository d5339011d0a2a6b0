// `npm run bench -- memory`: the server's resident memory (RSS of its process, sampled by `ps`)
//   idle:         after start and a first request, with 200 brands × 5 campaigns
//   under ingest: the peak while recordSpend runs at 32 connections for 20 s
//   after:        10 s after the load stopped (does it come back near idle?)
//   subscribers:  with 10,000 idle graphql-ws subscriptions connected (from another process)
// The reference is the same process's own idle figure: the ratios say what load and
// subscribers add.
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { benchDatabase, cli, graphql, report, runLoad, startService, table } from './lib.ts';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const db = await benchDatabase();
const sql = new pg.Client({ connectionString: db.url });
await sql.connect();
try {
  cli(db.url, 'seed', '--brands', '200', '--campaigns-per-brand', '5', '--spends-per-campaign', '0');
  const campaigns = (await sql.query<{ id: string }>('select id from campaigns')).rows.map((r) => r.id);
  const service = await startService(db.url);
  const key = (await graphql(service.url, 'mutation { createApiKey(name: "bench-memory", role: admin) { key } }')).createApiKey
    .key as string;
  await sleep(5_000);
  const idle = service.rss();

  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, service.rss())), 250);
  const ingest = await runLoad<{ perSecond: number }>('ingest.ts', {
    url: service.url,
    key,
    campaigns,
    connections: 32,
    seconds: SECONDS,
    ackFile: path.join(tmpdir(), `memory-acked-${process.pid}.json`),
  });
  clearInterval(sampler);
  await sleep(10_000);
  const after = service.rss();

  const started = Date.now();
  const subscribers = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/load/subscribers.ts', JSON.stringify({ url: service.url, key, count: SUBSCRIBERS })],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: subscribers.stdout! });
  const ready = await new Promise<string>((resolve) => lines.once('line', resolve));
  if (ready !== 'ready') throw new Error('subscribers did not start');
  const connectSeconds = ((Date.now() - started) / 1000).toFixed(0);
  await sleep(5_000);
  const withSubscribers = service.rss();
  const closed = new Promise<void>((resolve) => subscribers.once('exit', () => resolve()));
  subscribers.stdin!.end();
  await closed;
  await sleep(10_000);
  const afterSubscribers = service.rss();
  await service.stop();

  const n = SUBSCRIBERS.toLocaleString('en');
  const rows: (string | number)[][] = [
    ['what', 'RSS', 'against idle'],
    ['idle (200 brands × 5 campaigns, after a first request)', `${idle} MiB`, ''],
    [`peak under ingest (recordSpend, 32 connections, ${SECONDS} s, ${ingest.perSecond} spends/s)`, `${peak} MiB`, `+${peak - idle} MiB`],
    ['10 s after the load', `${after} MiB`, `+${after - idle} MiB`],
    [
      `${n} idle graphql-ws subscribers (connected in ${connectSeconds} s)`,
      `${withSubscribers} MiB`,
      `+${withSubscribers - after} MiB (${(((withSubscribers - after) * 1024) / SUBSCRIBERS).toFixed(1)} KiB each)`,
    ],
    ['10 s after they disconnected', `${afterSubscribers} MiB`, `+${afterSubscribers - idle} MiB`],
  ];
  await report('memory', 'npm run bench -- memory', db.version, table(rows));
} finally {
  await sql.end();
  await db.drop();
}
