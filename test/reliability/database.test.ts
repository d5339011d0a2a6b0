// PostgreSQL stopped for 10 s and started again while writers write and a dashboard watches: the
// service answers 503 (/ready, and DATABASE_UNAVAILABLE to requests, fast, never hanging), does
// not crash, serves again within 10 s of the database's return, and the feed catches up: every
// event once, in order. Every spend the writers meant is in the ledger once (they retry with their
// externalId), and `budget verify`'s checks hold.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, db, openDb } from '../../src/db/index.ts';
import { startEmbedded, type EmbeddedDatabase } from '../../src/db/embedded.ts';
import { migrate } from '../../src/db/migrate.ts';
import { verify } from '../../src/reads/verify.ts';
import { testServer, type TestServer } from '../helpers/server.ts';
import { sleep, waitFor } from '../helpers/wait.ts';
import { wsSubscribe } from '../helpers/ws.ts';

let dir: string;
let pgdb: EmbeddedDatabase | null = null;
let s: TestServer | null = null;

afterAll(async () => {
  await s?.close();
  await closeDb();
  await pgdb?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const DOWN_MS = 10_000;

describe('the database stopped for 10 s under load', () => {
  it('503 meanwhile, fast; serving again within 10 s; no spend lost or doubled; the feed catches up', { timeout: 120_000 }, async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'budget-outage-'));
    pgdb = await startEmbedded({ dataDir: dir });
    const port = Number(new URL(pgdb.url).port);
    await migrate(pgdb.url);
    openDb(pgdb.url);
    s = await testServer(pgdb.url);
    const server = s;

    const brand = (await server.gql(`mutation { createBrand(input: { name: "Outage", dailyBudget: "100000.00" }) { id } }`)).data
      .createBrand.id;
    const campaigns: string[] = [];
    for (const name of ['A', 'B', 'C', 'D'])
      campaigns.push(
        (
          await server.gql(`mutation ($b: ID!, $n: String!) { createCampaign(input: { brandId: $b, name: $n }) { id } }`, {
            b: brand,
            n: name,
          })
        ).data.createCampaign.id,
      );
    const [{ max: before }] = (await db().$queryRaw<{ max: bigint }[]>`select coalesce(max(id), 0) as max from campaign_status_events`) as [
      { max: bigint },
    ];
    const sub = await wsSubscribe(server.url, `subscription ($b: ID) { campaignStatusChanged(brandId: $b) { id } }`, { b: brand });

    // four writers: a spend, then a pause or resume of their campaign, over and over; a refused request is retried as it was
    const outcomes = { ok: 0, unavailable: 0, other: [] as string[], slowestRefusalMs: 0 };
    const meant: bigint[] = [];
    let writing = true;
    const writer = async (w: number) => {
      for (let i = 0; writing; i++) {
        const cents = BigInt(1 + ((w * 31 + i * 7) % 500));
        meant.push(cents);
        const steps = [
          () =>
            server.gql(`mutation ($i: SpendInput!) { recordSpend(input: $i) { duplicate } }`, {
              i: {
                campaignId: campaigns[w],
                amount: `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`,
                source: 'outage-test',
                externalId: `w${w}-${i}`,
              },
            }),
          () => server.gql(`mutation ($id: ID!) { ${i % 2 ? 'resumeCampaign' : 'pauseCampaign'}(id: $id) { id } }`, { id: campaigns[w] }),
        ];
        for (const step of steps) {
          for (;;) {
            const started = performance.now();
            const r = await step().catch((e: Error) => ({
              status: 0,
              errors: [{ message: e.message, extensions: { code: 'TRANSPORT' } }],
            }));
            const code = r.errors?.[0]?.extensions?.code;
            if (!r.errors) {
              outcomes.ok++;
              break;
            }
            if (code === 'DATABASE_UNAVAILABLE') {
              expect(r.status).toBe(503);
              outcomes.unavailable++;
              outcomes.slowestRefusalMs = Math.max(outcomes.slowestRefusalMs, performance.now() - started);
            } else outcomes.other.push(`${code}: ${r.errors?.[0]?.message}`);
            await sleep(200); // time is the condition: a client pausing before it retries, not hammering a server that is down
          }
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    await waitFor(() => outcomes.ok >= 20, { what: 'the writers to be under way' });

    await pgdb.stop();
    const stoppedAt = performance.now();
    const ready = async () => (await fetch(`${server.url}/ready`)).status;
    await expect.poll(ready, { timeout: 5_000 }).toBe(503);
    const notReadyAfterMs = performance.now() - stoppedAt;
    await sleep(DOWN_MS - (performance.now() - stoppedAt)); // time is the condition: the database stays down for DOWN_MS

    pgdb = await startEmbedded({ dataDir: dir, port });
    const backAt = performance.now();
    await expect.poll(ready, { timeout: 10_000, interval: 100 }).toBe(200);
    const readyAfterMs = performance.now() - backAt;
    const servedBefore = outcomes.ok;
    await expect.poll(() => outcomes.ok > servedBefore, { timeout: 10_000, interval: 100 }).toBe(true);
    const servingAfterMs = performance.now() - backAt;
    await waitFor(() => outcomes.ok >= servedBefore + 20, { what: 'the writers to go on after the return' });
    writing = false;
    await Promise.all(writers);

    // every spend meant is in the ledger once
    // in cents, as meant (stored as thousandths of a major unit: src/domain/money.ts)
    const [ledger] = await db().$queryRaw<{ n: bigint; sum: bigint }[]>`
      select count(*)::bigint as n, coalesce(sum(amount), 0)::bigint / 10 as sum from spends where source = 'outage-test'`;
    expect(ledger!.n).toBe(BigInt(meant.length));
    expect(ledger!.sum).toBe(meant.reduce((a, b) => a + b, 0n));
    // the feed: every event of the brand since it subscribed, once, in order, including those written around the outage
    const events = (
      await db().$queryRaw<
        { id: bigint }[]
      >`select id from campaign_status_events where brand_id = ${brand}::uuid and id > ${before} order by id`
    ).map((e) => e.id.toString());
    await expect.poll(() => sub.items.length, { timeout: 10_000 }).toBe(events.length);
    expect(sub.items.map((e: { campaignStatusChanged: { id: string } }) => e.campaignStatusChanged.id)).toEqual(events);
    await sub.close();
    const checked = await verify(db());
    expect(checked.checks.filter((c) => !c.ok)).toEqual([]);

    console.log(
      `database outage: /ready said 503 after ${Math.round(notReadyAfterMs)} ms; ${outcomes.unavailable} requests refused with DATABASE_UNAVAILABLE (slowest ${Math.round(outcomes.slowestRefusalMs)} ms); ` +
        `ready ${Math.round(readyAfterMs)} ms and serving ${Math.round(servingAfterMs)} ms after the database was back; ${meant.length} spends meant, ${ledger!.n} in the ledger; ` +
        `${events.length} events, all delivered once in order; other errors: ${outcomes.other.length ? outcomes.other.slice(0, 5).join(' | ') : 'none'}`,
    );
    expect(outcomes.unavailable).toBeGreaterThan(0);
    expect(outcomes.slowestRefusalMs).toBeLessThan(6_000);
    expect(servingAfterMs).toBeLessThan(10_000);
    expect(outcomes.other).toEqual([]);
  });
});
