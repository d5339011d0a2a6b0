// `npm run bench -- pause`: from a spend's request to its PAUSED event at the subscribers, with 1,
// 1,000 and 10,000 graphql-ws subscribers and 1 and 1,000 SSE subscribers connected (in other
// processes; BENCH_WS_SUBSCRIBERS and BENCH_SSE_SUBSCRIBERS choose others), p50/p99 over 200
// pauses, and every subscriber's events checked: each once, in the order of the pauses.
// Pauses come 20 ms apart; at 10,000 subscribers 250 ms apart (40,000 deliveries a second; 20 ms
// apart would be 500,000 a second, more than this machine's two cores write and read, and the
// figure would measure the queue).
// Reference: a raw LISTEN/NOTIFY round trip on the same database.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { benchDatabase, graphql, report, startService, table } from './lib.ts';

const PAUSES = Number(process.env.BENCH_PAUSES ?? 200);
const gapMs = (count: number) => Number(process.env.BENCH_PAUSE_GAP_MS ?? (count >= 10_000 ? 250 : 20));
/** subscribers are spread over this many processes (they share the machine's cores with the server) */
const loadProcesses = (count: number) => Number(process.env.BENCH_LOAD_PROCESSES ?? (count >= 1_000 ? 2 : 1));
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
  const rows: (string | number)[][] = [['what', 'p50', 'p99', 'reference (same run)', 'target']];
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
    // the subscribers, spread over processes; each prints "ready", then its answer once stdin ends
    const parts = loadProcesses(count);
    const load = Array.from({ length: parts }, (_, i) => {
      const share = Math.floor(count / parts) + (i < count % parts ? 1 : 0);
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'bench/load/subscribers.ts', JSON.stringify({ url: service.url, key, count: share, transport })],
        { stdio: ['pipe', 'pipe', 'inherit'] },
      );
      const lines = createInterface({ input: child.stdout! });
      return { child, next: () => new Promise<string>((resolve) => lines.once('line', resolve)) };
    });
    for (const answer of await Promise.all(load.map((l) => l.next()))) if (answer !== 'ready') throw new Error('subscribers did not start');
    const sent = new Map<string, number>();
    const gap = gapMs(count);
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
      await new Promise((r) => setTimeout(r, gap));
    }
    await new Promise((r) => setTimeout(r, 2_000));
    const answers = load.map((l) => l.next());
    for (const l of load) l.child.stdin!.end();
    const results = (await Promise.all(answers)).map(
      (line) => JSON.parse(line) as { received: Record<string, number[]>; order: string[]; otherOrders: number; errors: number },
    );
    const latencies = campaigns.flatMap((id) => results.flatMap((r) => (r.received[id] ?? []).map((t) => t - sent.get(id)!)));
    const missing = campaigns.length * count - latencies.length;
    // once each, in the order of the pauses: every process saw one order, the pauses' own
    const inOrder = results.every((r) => r.otherOrders === 0 && r.order.join() === campaigns.join());
    const errors = results.reduce((n, r) => n + r.errors, 0);
    rows.push([
      `spend request → PAUSED at ${count.toLocaleString('en')} ${transport === 'ws' ? 'graphql-ws' : 'SSE'} subscriber${count > 1 ? 's' : ''}, ${gap} ms apart (${latencies.length.toLocaleString('en')} deliveries${missing ? `, ${missing} missing` : ''}; ${inOrder ? 'each once, in order' : 'NOT each once in order'}${errors ? `; ${errors} errors` : ''})`,
      `${pct(latencies, 0.5)} ms`,
      `${pct(latencies, 0.99)} ms`,
      `LISTEN/NOTIFY round trip: p50 ${pct(reference, 0.5)} ms, p99 ${pct(reference, 0.99)} ms`,
      count === 1 ? 'p99 ≤ 50 ms: ' + holds(latencies, 50, missing, inOrder) : count === 10_000 ? 'p99 ≤ 250 ms: ' + holds(latencies, 250, missing, inOrder) : '',
    ]);
  }
  rows.push(['server RSS after', `${service.rss()} MiB`, '', '', '']);
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

function holds(latencies: number[], bound: number, missing: number, inOrder: boolean): string {
  return Number(pct(latencies, 0.99)) <= bound && missing === 0 && inOrder ? 'holds' : 'off';
}

function pct(xs: number[], p: number): string {
  if (xs.length === 0) return '–';
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!.toFixed(1);
}
