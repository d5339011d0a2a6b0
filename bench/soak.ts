// `npm run soak` (not in CI; SOAK_MINUTES, default 10): the whole service (server and worker in
// one process, as `npm start` runs it) under mixed load: spends one by one and in batches, with
// corrections, overview reads, 1,000 graphql-ws subscribers (in another process), windows and
// budgets changing, enforcement runs on top of the crontab's. Its RSS is sampled every 10 s; every
// request must succeed; `budget verify` must pass at the end. The result is appended to
// BENCHMARKS.md.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { benchDatabase, cli, graphql, report, startService, table } from './lib.ts';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const SUBSCRIBERS = Number(process.env.SOAK_SUBSCRIBERS ?? 1000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// whole units: an amount every currency takes (the seed's brands are in USD, JPY, EUR…)
const money = (units: number) => String(units);

const db = await benchDatabase();
try {
  cli(db.url, 'seed', '--brands', '200', '--campaigns-per-brand', '5', '--spends-per-campaign', '5');
  const service = await startService(db.url, []);
  const key = (await graphql(service.url, 'mutation { createApiKey(name: "soak", role: operator) { key } }')).createApiKey.key as string;
  const campaigns = (await graphql(service.url, '{ campaigns(first: 500) { edges { node { id } } } }', {}, key)).campaigns.edges.map(
    (e: { node: { id: string } }) => e.node.id,
  ) as string[];
  const brands = (await graphql(service.url, '{ brands(first: 200) { edges { node { id } } } }', {}, key)).brands.edges.map(
    (e: { node: { id: string } }) => e.node.id,
  ) as string[];

  const subscribers = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/load/subscribers.ts', JSON.stringify({ url: service.url, key, count: SUBSCRIBERS })],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let subscriberErrors = 0;
  subscribers.stderr!.on('data', (c: Buffer) => (subscriberErrors += (c.toString().match(/subscription error/g) ?? []).length));
  const lines = createInterface({ input: subscribers.stdout! });
  const output: string[] = [];
  lines.on('line', (l) => output.push(l));
  while (!output.includes('ready')) await sleep(200);

  const errors: string[] = [];
  const counts = { spends: 0, batchItems: 0, reads: 0, changes: 0, runs: 0 };
  const call = async (query: string, variables: Record<string, unknown> = {}) => {
    try {
      await graphql(service.url, query, variables, key);
      return true;
    } catch (error) {
      errors.push((error as Error).message.slice(0, 200));
      return false;
    }
  };
  const until = Date.now() + MINUTES * 60_000;
  const loop = async (body: (i: number) => Promise<unknown>, pauseMs = 0) => {
    for (let i = 0; Date.now() < until; i++) {
      await body(i);
      if (pauseMs) await sleep(pauseMs);
    }
  };
  const rss: number[] = [];
  const sampler = setInterval(() => rss.push(service.rss()), 10_000);
  const started = Date.now();
  await Promise.all([
    ...Array.from({ length: 6 }, (_, w) =>
      loop(async (i) => {
        const units = i % 10 === 9 ? -(1 + (i % 40)) : 1 + ((w * 37 + i * 11) % 400);
        if (
          await call(`mutation ($i: SpendInput!) { recordSpend(input: $i) { duplicate } }`, {
            i: { campaignId: campaigns[(w * 7 + i) % campaigns.length], amount: money(units), source: 'soak', externalId: `s${w}-${i}` },
          })
        )
          counts.spends++;
      }),
    ),
    loop(async (i) => {
      const items = Array.from({ length: 200 }, (_, k) => ({
        campaignId: campaigns[(i * 3 + k) % campaigns.length],
        amount: money(1 + ((i + k) % 300)),
        source: 'soak-batch',
        externalId: `b${i}-${k}`,
      }));
      if (await call(`mutation ($i: [SpendInput!]!) { recordSpends(inputs: $i) { index } }`, { i: items }))
        counts.batchItems += items.length;
    }, 500),
    ...[0, 1].map(() =>
      loop(
        async () =>
          (await call(
            `{ brands(first: 50) { edges { node { dailySpend monthlySpend campaigns(first: 10) { edges { node { status dailySpend } } } } } } }`,
          )) && counts.reads++,
      ),
    ),
    loop(async (i) => {
      await call(`mutation ($c: ID!, $w: [WindowInput!]!) { setSchedules(campaignId: $c, windows: $w) { id } }`, {
        c: campaigns[i % 50],
        w:
          i % 2
            ? []
            : [
                { dayOfWeek: 'MONDAY', startTime: '08:00', endTime: '20:00' },
                { dayOfWeek: 'FRIDAY', startTime: '22:00', endTime: '02:00' },
              ],
      });
      await call(`mutation ($id: ID!, $d: Money) { updateBrand(id: $id, input: { dailyBudget: $d }) { id } }`, {
        id: brands[i % brands.length],
        d: i % 3 ? '40000' : '500000',
      });
      counts.changes += 2;
    }, 1_000),
    loop(async () => (await call(`mutation { runEnforcement(task: ALL) { checked } }`)) && counts.runs++, 15_000),
  ]);
  clearInterval(sampler);
  const minutes = (Date.now() - started) / 60_000;
  subscribers.stdin!.end();
  while (output.length < 2) await sleep(200);
  const received = Object.values(JSON.parse(output[1]!) as Record<string, number[]>).reduce((n, times) => n + times.length, 0);
  const verified = JSON.parse(cli(db.url, 'verify', '--json')) as {
    ok: boolean;
    checks: { name: string; ok: boolean; problems: string[] }[];
  };
  await service.stop();

  // flat: the last samples against those after the first minute (warm-up), by a least-squares slope
  const steady = rss.slice(6);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const xs = steady.map((_, i) => i / 6); // minutes
  const slope =
    steady.length > 2
      ? steady.reduce((s, y, i) => s + (xs[i]! - mean(xs)) * (y - mean(steady)), 0) / xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0)
      : 0;
  await report(
    'soak',
    `SOAK_MINUTES=${MINUTES} npm run soak`,
    db.version,
    table([
      ['what', 'result'],
      ['duration', `${minutes.toFixed(1)} min, server and worker in one process, ${SUBSCRIBERS} graphql-ws subscribers`],
      [
        'work done',
        `${counts.spends} single spends, ${counts.batchItems} in batches of 200, ${counts.reads} overview reads, ${counts.changes} window and budget changes, ${counts.runs} enforcement runs (plus the crontab's)`,
      ],
      [
        'errors',
        `${errors.length} failed requests${errors.length ? ` (first: ${errors[0]})` : ''}; ${subscriberErrors} subscription errors`,
      ],
      ['status events delivered', `${received} PAUSED deliveries across the subscribers`],
      [
        'server RSS (MiB), every 10 s',
        `first ${rss[0]}, after 1 min ${rss[6] ?? '-'}, max ${Math.max(...rss)}, last ${rss.at(-1)}; slope after the first minute ${slope.toFixed(1)} MiB/min`,
      ],
      [
        'budget verify at the end',
        verified.ok ? 'every invariant holds' : `FAILED: ${JSON.stringify(verified.checks.filter((c) => !c.ok)).slice(0, 300)}`,
      ],
    ]),
  );
  if (errors.length || subscriberErrors || !verified.ok) process.exitCode = 1;
} finally {
  await db.drop();
}
