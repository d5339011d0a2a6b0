// `npm run bench -- pause`: from a spend's request to its PAUSED event at the subscribers, with 1,
// 1,000 and 10,000 graphql-ws subscribers and 1 and 1,000 SSE subscribers connected (in another
// process), p50/p99 over 200 pauses.
// Reference: a raw LISTEN/NOTIFY round trip on the same database.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { benchDatabase, graphql, report, startService, table } from './lib.ts';

const PAUSES = Number(process.env.BENCH_PAUSES ?? 200);
const counts = (name: string, fallback: string) => (process.env[name] ?? fallback).split(',').filter(Boolean).map(Number);
const RUNS = [
  ...counts('BENCH_WS_SUBSCRIBERS', '1,1000,10000').map((count) => ({ transport: 'ws' as const, count })),
  ...counts('BENCH_SSE_SUBSCRIBERS', '1,1000').map((count) => ({ transport: 'sse' as const, count })),
];
const db = await benchDatabase();
try {
  const service = await startService(db.url);
  const key = (await graphql(service.url, 'mutation { createApiKey(name: "bench-viewer", role: viewer) { key } }')).createApiKey
    .key as string;
  const rows: (string | number)[][] = [['what', 'p50', 'p99', 'reference (same run)']];
  const reference = await notifyRoundTrip(db.url);
  for (const { transport, count } of RUNS) {
    // one brand per pause: a budget of 1.00, reached by a spend of 1.00
    const campaigns: string[] = [];
    for (let i = 0; i < PAUSES; i++) {
      const b = await graphql(
        service.url,
        `mutation { createBrand(input: { name: "Pause ${transport} ${count}-${i}", dailyBudget: "1.00" }) { id } }`,
      );
      const c = await graphql(
        service.url,
        `
          mutation ($b: ID!) {
            createCampaign(input: { brandId: $b, name: "C" }) {
              id
            }
          }
        `,
        { b: b.createBrand.id },
      );
      campaigns.push(c.createCampaign.id);
    }
    const subscribers = spawn(
      process.execPath,
      ['--import', 'tsx', 'bench/load/subscribers.ts', JSON.stringify({ url: service.url, key, count, transport })],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    const lines = createInterface({ input: subscribers.stdout! });
    const next = () => new Promise<string>((resolve) => lines.once('line', resolve));
    if ((await next()) !== 'ready') throw new Error('subscribers did not start');
    const sent = new Map<string, number>();
    for (const id of campaigns) {
      sent.set(id, performance.timeOrigin + performance.now());
      await graphql(
        service.url,
        `
          mutation ($c: ID!) {
            recordSpend(input: { campaignId: $c, amount: "1.00" }) {
              duplicate
            }
          }
        `,
        { c: id },
      );
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 2_000));
    const answer = next();
    subscribers.stdin!.end();
    const received = JSON.parse(await answer) as Record<string, number[]>;
    const latencies = campaigns.flatMap((id) => (received[id] ?? []).map((t) => t - sent.get(id)!));
    const missing = campaigns.length * count - latencies.length;
    rows.push([
      `spend request → PAUSED at ${count.toLocaleString('en')} ${transport === 'ws' ? 'graphql-ws' : 'SSE'} subscriber${count > 1 ? 's' : ''} (${latencies.length.toLocaleString('en')} deliveries${missing ? `, ${missing} missing` : ''})`,
      `${pct(latencies, 0.5)} ms`,
      `${pct(latencies, 0.99)} ms`,
      `LISTEN/NOTIFY round trip: p50 ${pct(reference, 0.5)} ms, p99 ${pct(reference, 0.99)} ms`,
    ]);
  }
  rows.push(['server RSS after', `${service.rss()} MiB`, '', '']);
  await service.stop();
  await report('pause-latency', 'npm run bench -- pause', db.version, table(rows));
} finally {
  await db.drop();
}

async function notifyRoundTrip(url: string): Promise<number[]> {
  const listener = new pg.Client({ connectionString: url });
  const notifier = new pg.Client({ connectionString: url });
  await Promise.all([listener.connect(), notifier.connect()]);
  await listener.query('listen bench_rtt');
  const times: number[] = [];
  for (let i = 0; i < PAUSES; i++) {
    const got = new Promise<void>((resolve) => listener.once('notification', () => resolve()));
    const t = performance.now();
    await notifier.query(`select pg_notify('bench_rtt', $1)`, [String(i)]);
    await got;
    times.push(performance.now() - t);
  }
  await Promise.all([listener.end(), notifier.end()]);
  return times;
}

function pct(xs: number[], p: number): string {
  if (xs.length === 0) return '–';
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!.toFixed(1);
}
