// Two server processes and two worker processes on one database under mixed load for 60 s:
// single and batched spends (with corrections), pauses and resumes, budget and window changes,
// enforcement runs, overview reads, and a subscriber on each server. Afterwards: every
// acknowledged spend is in the ledger once, each subscriber got every event once in order, each
// crontab tick ran once across both workers, and `budget verify`'s checks hold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded.ts';
import { db } from '../../src/db/index.ts';
import { verify } from '../../src/reads/verify.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import * as make from '../helpers/make.ts';
import { startProcess, type ServiceProcess } from '../helpers/processes.ts';
import { asAdmin } from '../helpers/server.ts';
import { sleep } from '../helpers/wait.ts';
import { wsSubscribe } from '../helpers/ws.ts';
import { formatMoney } from '../../src/domain/money.ts';

const SECONDS = Number(process.env.MIXED_SECONDS ?? 60);
let t: TestDb;
const running: ServiceProcess[] = [];
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(async () => {
  await Promise.all(running.map((p) => p.stop()));
  await t.drop();
});

// the brands are in USD: a cent is ten thousandths (src/domain/money.ts)
const money = (cents: number) => formatMoney(BigInt(cents) * 10n, 'USD');

async function gql(url: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { ...asAdmin, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
}

describe('two servers and two workers under mixed load', () => {
  it(`hold every invariant after ${SECONDS} s`, { timeout: (SECONDS + 120) * 1000 }, async () => {
    const campaigns: string[] = [];
    const brandIds: string[] = [];
    for (let b = 0; b < 6; b++) {
      const brand = await make.brand({
        dailyBudget: b % 2 ? '50.00' : '5000.00',
        timezone: ['UTC', 'Europe/Paris', 'Asia/Kolkata'][b % 3],
      });
      brandIds.push(brand.id);
      for (const c of await make.campaigns(brand.id, 4)) campaigns.push(c.id);
    }
    const [a, b] = await Promise.all([
      startProcess(t.url, ['--server-only'], await freePort()),
      startProcess(t.url, ['--server-only'], await freePort()),
    ]);
    const workers = await Promise.all([startProcess(t.url, ['--worker-only']), startProcess(t.url, ['--worker-only'])]);
    running.push(a, b, ...workers);
    const servers = [a.url, b.url];
    const [{ max: start }] = (await t.sql<{ max: string }>(`select coalesce(max(id), 0)::text as max from campaign_status_events`)) as [
      { max: string },
    ];
    const query = `subscription ($after: ID) { campaignStatusChanged(afterEventId: $after) { id } }`;
    const subscribers = await Promise.all(servers.map((url) => wsSubscribe(url, query, { after: start })));

    const meant = new Map<string, number>();
    const acknowledged = new Set<string>();
    const failures: string[] = [];
    const counts = { spends: 0, batches: 0, toggles: 0, budgetChanges: 0, windowChanges: 0, runs: 0, reads: 0 };
    const until = Date.now() + SECONDS * 1000;
    /** One kind of load for SECONDS: as fast as it goes, or pausing `everyMs` after each round (its pace). */
    const loop = async (body: (i: number) => Promise<void>, everyMs = 0) => {
      for (let i = 0; Date.now() < until; i++) {
        await body(i);
        if (everyMs) await sleep(everyMs); // time is the condition: the load's shape, each kind at its own pace
      }
    };
    const check = (what: string, r: { errors?: { message: string; extensions?: { code?: string } }[] }) => {
      if (r.errors) failures.push(`${what}: ${r.errors[0]!.extensions?.code} ${r.errors[0]!.message}`);
      return !r.errors;
    };
    const loops = [
      ...[0, 1, 2, 3, 4, 5].map((w) =>
        loop(async (i) => {
          const externalId = `m${w}-${i}`;
          const cents = i % 10 === 9 ? -(1 + (i % 50)) : 1 + ((w * 37 + i * 11) % 900);
          meant.set(externalId, cents);
          const r = await gql(servers[i % 2]!, `mutation ($i: SpendInput!) { recordSpend(input: $i) { duplicate } }`, {
            i: { campaignId: campaigns[(w * 5 + i) % campaigns.length], amount: money(cents), source: 'mixed', externalId },
          });
          if (check('recordSpend', r)) acknowledged.add(externalId);
          counts.spends++;
        }),
      ),
      loop(async (i) => {
        const items = Array.from({ length: 50 }, (_, k) => ({
          externalId: `batch-${i}-${k}`,
          cents: 1 + ((i + k) % 300),
          campaignId: campaigns[(i + k) % campaigns.length],
        }));
        for (const it of items) meant.set(it.externalId, it.cents);
        const r = await gql(servers[i % 2]!, `mutation ($i: [SpendInput!]!) { recordSpends(inputs: $i) { index error { code } } }`, {
          i: items.map((it) => ({ campaignId: it.campaignId, amount: money(it.cents), source: 'mixed', externalId: it.externalId })),
        });
        if (check('recordSpends', r))
          for (const [k, item] of r.data.recordSpends.entries()) if (!item.error) acknowledged.add(items[k]!.externalId);
        counts.batches++;
      }, 200),
      loop(async (i) => {
        check(
          'pause/resume',
          await gql(servers[i % 2]!, `mutation ($id: ID!) { ${i % 2 ? 'resumeCampaign' : 'pauseCampaign'}(id: $id) { id } }`, {
            id: campaigns[i % 7],
          }),
        );
        counts.toggles++;
      }),
      loop(async (i) => {
        check(
          'updateBrand',
          await gql(servers[i % 2]!, `mutation ($id: ID!, $d: Money) { updateBrand(id: $id, input: { dailyBudget: $d }) { id } }`, {
            id: brandIds[i % brandIds.length],
            d: i % 3 ? '80.00' : null,
          }),
        );
        counts.budgetChanges++;
      }, 300),
      loop(async (i) => {
        const day = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'][
          new Date().getUTCDay() === 0 ? 6 : new Date().getUTCDay() - 1
        ];
        const now = new Date();
        const hhmm = (m: number) => `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
        const minute = now.getUTCHours() * 60 + now.getUTCMinutes();
        check(
          'setSchedules',
          await gql(servers[i % 2]!, `mutation ($c: ID!, $w: [WindowInput!]!) { setSchedules(campaignId: $c, windows: $w) { id } }`, {
            c: campaigns[8 + (i % 4)],
            w: i % 2 ? [] : [{ dayOfWeek: day, startTime: hhmm(minute + 1), endTime: hhmm(minute + 3) }],
          }),
        );
        counts.windowChanges++;
      }, 500),
      loop(async (i) => {
        check('runEnforcement', await gql(servers[i % 2]!, `mutation { runEnforcement(task: ALL) { checked } }`));
        counts.runs++;
      }, 1_000),
      loop(async (i) => {
        check(
          'overview',
          await gql(
            servers[i % 2]!,
            `{ brands(first: 50) { edges { node { dailySpend monthlySpend campaigns { edges { node { status } } } } } } }`,
          ),
        );
        counts.reads++;
      }),
    ];
    await Promise.all(loops);

    // the ledger: every acknowledged spend once; nothing that was not meant
    const rows = await t.sql<{ external_id: string; amount: string }>(
      `select external_id, (amount / 10)::text as amount from spends where source = 'mixed'`,
    );
    const ledger = new Map(rows.map((r) => [r.external_id, Number(r.amount)]));
    expect(rows.length).toBe(ledger.size);
    for (const id of acknowledged) expect(ledger.get(id), id).toBe(meant.get(id));
    for (const [id, cents] of ledger) expect(meant.get(id)).toBe(cents);
    // each subscriber: every event once, in order
    const events = (
      await t.sql<{ event_id: string }>(`select id::text as event_id from campaign_status_events where id > $1 order by id`, [start])
    ).map((e) => e.event_id);
    for (const sub of subscribers) {
      await expect.poll(() => sub.items.length, { timeout: 15_000 }).toBe(events.length);
      expect(sub.items.map((e: { campaignStatusChanged: { id: string } }) => e.campaignStatusChanged.id)).toEqual(events);
      await sub.close();
    }
    // each crontab tick ran once, across both workers
    const tickLines = () =>
      workers.flatMap((w) => [...w.output().matchAll(/"task":"(\w+)".*?"tick":"([^"]+)"/g)].map((m) => `${m[1]} ${m[2]}`));
    // a minute boundary passed: its enforce_dayparting run may still be finishing under the load's tail
    if (SECONDS >= 60)
      await expect.poll(() => tickLines().some((tick) => tick.startsWith('enforce_dayparting')), { timeout: 20_000 }).toBe(true);
    const ticks = tickLines();
    expect(ticks.length).toBe(new Set(ticks).size);
    const checked = await verify(db());
    expect(checked.checks.filter((c) => !c.ok)).toEqual([]);
    expect(failures).toEqual([]);
    console.log(
      `mixed load, 2 servers + 2 workers, ${SECONDS} s: ${JSON.stringify(counts)}; ${acknowledged.size} spends acknowledged, ${ledger.size} in the ledger, each once; ` +
        `${events.length} events, each subscriber got all once in order; ${ticks.length} crontab runs (${ticks.join(', ')}), none twice; invariants hold` +
        (checked.checks.find((c) => c.name === 'states')?.pending?.length
          ? ` (${checked.checks.find((c) => c.name === 'states')!.pending!.length} pending for a task)`
          : ''),
    );
  });
});
