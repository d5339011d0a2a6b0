// `npm run bench -- memory`: the server's resident memory (RSS of its process, sampled by `ps`),
// started as `npm start` runs it (bin/budget.js: the compiled build, dist/main.js, built first):
//   idle:         after start and a first request, with 200 brands × 5 campaigns
//   under ingest: the peak while recordSpend runs at 32 connections for 20 s
//   after:        10 s after the load stopped: back to idle?
//   subscribers:  10,000 idle graphql-ws subscriptions connected (from another process), then
//                 10 s after they all left: back to idle?
// Each figure against the target (idle ≤ 150 MiB, under load ≤ 250 MiB, back within
// 15 MiB of idle after), with V8's heap (used / committed, from /metrics) beside it, and the same
// run's references: a bare Node process, and the server's own idle figure. glibc's malloc arenas
// are what the environment says: `MALLOC_ARENA_MAX=2 npm run bench -- memory` measures the service
// as the Docker image runs it (docs/operations.md, "Memory").
import { execFileSync, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { ADMIN_KEY, benchDatabase, cli, graphql, report, runLoad, startService, table, type Service } from './lib.ts';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const IDLE_TARGET = 150;
const LOAD_TARGET = 250;
/** "back to idle": within this of the idle figure */
const BACK_WITHIN = 15;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** V8's heap of the service, used / committed in MiB, from its /metrics */
async function heap(service: Service): Promise<string> {
  const text = await (await fetch(`${service.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).text();
  const mib = (name: string) => Math.round(Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1]) / 2 ** 20);
  return `${mib('nodejs_heap_size_used_bytes')} / ${mib('nodejs_heap_size_total_bytes')} MiB`;
}

/** RSS of a Node process doing nothing, MiB: the floor any Node service starts from */
async function bareNode(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10_000)'], { stdio: 'ignore' });
  await sleep(1_000);
  const rss = Math.round(Number(execFileSync('ps', ['-o', 'rss=', '-p', String(child.pid)], { encoding: 'utf8' }).trim()) / 1024);
  child.kill();
  return rss;
}

const holds = (ok: boolean) => (ok ? 'holds' : 'off');

execFileSync(process.execPath, ['scripts/buildServer.mjs'], { stdio: 'inherit' });
const db = await benchDatabase();
const sql = new pg.Client({ connectionString: db.url });
await sql.connect();
try {
  cli(db.url, 'seed', '--brands', '200', '--campaigns-per-brand', '5', '--spends-per-campaign', '0');
  const campaigns = (await sql.query<{ id: string }>('select id from campaigns')).rows.map((r) => r.id);
  const floor = await bareNode();
  const service = await startService(db.url, ['--server-only'], 'bin/budget.js');
  const key = (await graphql(service.url, 'mutation { createApiKey(name: "bench-memory", role: admin) { key } }')).createApiKey
    .key as string;
  await sleep(10_000);
  const idle = service.rss();
  const idleHeap = await heap(service);

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
  const peakHeap = await heap(service);
  await sleep(10_000);
  const after = service.rss();
  const afterHeap = await heap(service);

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
  const subscribersHeap = await heap(service);
  const closed = new Promise<void>((resolve) => subscribers.once('exit', () => resolve()));
  subscribers.stdin!.end();
  await closed;
  await sleep(10_000);
  const afterSubscribers = service.rss();
  const afterSubscribersHeap = await heap(service);
  await service.stop();

  const n = SUBSCRIBERS.toLocaleString('en');
  const back = `back to idle (≤ ${idle + BACK_WITHIN} MiB)`;
  /** a figure against idle, signed */
  const againstIdle = (rss: number) => `${rss >= idle ? '+' : ''}${rss - idle} MiB`;
  const rows: (string | number)[][] = [
    ['what', 'RSS', 'V8 heap (used / committed)', 'against idle', 'target', ''],
    ['a bare Node process (reference, same run)', `${floor} MiB`, '', '', '', ''],
    [
      'idle (200 brands × 5 campaigns, after a first request)',
      `${idle} MiB`,
      idleHeap,
      '',
      `≤ ${IDLE_TARGET} MiB`,
      holds(idle <= IDLE_TARGET),
    ],
    [
      `peak under ingest (recordSpend, 32 connections, ${SECONDS} s, ${ingest.perSecond} spends/s)`,
      `${peak} MiB`,
      `${peakHeap} (at the end)`,
      againstIdle(peak),
      `≤ ${LOAD_TARGET} MiB`,
      holds(peak <= LOAD_TARGET),
    ],
    [
      '10 s after the load',
      `${after} MiB`,
      afterHeap,
      againstIdle(after),
      back,
      holds(after <= idle + BACK_WITHIN),
    ],
    [
      `${n} idle graphql-ws subscribers (connected in ${connectSeconds} s)`,
      `${withSubscribers} MiB`,
      subscribersHeap,
      `${againstIdle(withSubscribers)} (${(((withSubscribers - after) * 1024) / SUBSCRIBERS).toFixed(1)} KiB each)`,
      '',
      '',
    ],
    [
      '10 s after they disconnected',
      `${afterSubscribers} MiB`,
      afterSubscribersHeap,
      againstIdle(afterSubscribers),
      back,
      holds(afterSubscribers <= idle + BACK_WITHIN),
    ],
  ];
  const arenas = process.env.MALLOC_ARENA_MAX
    ? `glibc malloc arenas: MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX} (as the Docker image)`
    : 'glibc malloc arenas: the default, one per thread (as `npm start` on a host)';
  await report('memory', 'npm run bench -- memory', db.version, `${arenas}\n\n${table(rows)}`);
} finally {
  await sql.end();
  await db.drop();
}
