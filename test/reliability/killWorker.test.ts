// kill -9 of the worker while an enforcement job runs: its transaction dies with it (nothing
// half-written), and the next run, on a worker started again, leaves every campaign exactly where
// an uninterrupted run would have (the engine's own preview, taken before), with one event per
// change.
import { quickAddJob } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db/index.ts';
import { previewEnforcement } from '../../src/engine/enforcement.ts';
import { verify } from '../../src/reads/verify.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import * as make from '../helpers/make.ts';
import { startProcess, type ServiceProcess } from '../helpers/processes.ts';

let t: TestDb;
const running: ServiceProcess[] = [];
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(async () => {
  await Promise.all(running.map((p) => p.stop('SIGKILL')));
  await t.drop();
});

const state = () =>
  t.sql<{ id: string; status: string; pause_reason: string | null }>(`select id, status, pause_reason from campaigns order by id`);

describe('kill -9 of the worker during a job', () => {
  it('writes nothing half-way; the next run ends where an uninterrupted one would', { timeout: 120_000 }, async () => {
    // three brands; spends reach two of them around the API, past their daily budgets: enforce_budgets has 10 pauses to make
    const brands: { brand: { id: string }; campaigns: { id: string }[] }[] = [];
    for (let b = 0; b < 3; b++) {
      const brand = await make.brand({ dailyBudget: '100.00' });
      const campaigns = await make.campaigns(brand.id, 5);
      brands.push({ brand, campaigns });
      if (b < 2)
        await t.sql(`insert into spends (brand_id, campaign_id, amount, occurred_at) values ($1, $2, 150000, now())`, [
          brand.id,
          campaigns[0]!.id,
        ]);
    }
    const expected = await db().$transaction((tx) =>
      previewEnforcement(tx, 'ENFORCE_BUDGETS', new Date(), { actor: 'test', role: 'admin', brandIds: null }),
    );
    expect(expected.changes).toHaveLength(10);
    const before = await state();
    const [{ n: eventsBefore }] = (await t.sql<{ n: number }>(`select count(*)::int as n from campaign_status_events`)) as [{ n: number }];

    // hold one brand's row: the job takes its brand locks first, so it waits there, mid-run
    const holder = await t.db.$transaction(
      async (tx) => {
        await tx.$executeRaw`select 1 from brands where id = ${brands[1]!.brand.id}::uuid for update`;
        const worker = await startProcess(t.url, ['--worker-only']);
        running.push(worker);
        await quickAddJob({ connectionString: t.url }, 'enforce_budgets', {});
        await expect
          .poll(async () => (await t.sql<{ n: number }>(`select count(*)::int as n from pg_locks where not granted`))[0]!.n, {
            timeout: 15_000,
          })
          .toBeGreaterThan(0);
        await worker.stop('SIGKILL');
        return worker;
      },
      { timeout: 60_000 },
    );
    expect(holder.child.signalCode).toBe('SIGKILL');

    // nothing of the killed run was written
    expect(await state()).toEqual(before);
    const [{ n: eventsAfterKill }] = (await t.sql<{ n: number }>(`select count(*)::int as n from campaign_status_events`)) as [
      { n: number },
    ];
    expect(eventsAfterKill).toBe(eventsBefore);

    // a worker again, and the next run (as the crontab's next tick queues it)
    running.push(await startProcess(t.url, ['--worker-only']));
    await quickAddJob({ connectionString: t.url }, 'enforce_budgets', {});
    const byId = new Map(expected.changes.map((c) => [c.campaignId, c]));
    await expect
      .poll(async () => (await state()).filter((c) => byId.get(c.id)?.toReason === c.pause_reason && c.status === 'PAUSED').length, {
        timeout: 20_000,
      })
      .toBe(10);
    const after = await state();
    for (const c of after) {
      const change = byId.get(c.id);
      expect([c.status, c.pause_reason]).toEqual(
        change
          ? [change.toStatus, change.toReason]
          : [before.find((b) => b.id === c.id)!.status, before.find((b) => b.id === c.id)!.pause_reason],
      );
    }
    const [{ n: eventsAfter }] = (await t.sql<{ n: number }>(`select count(*)::int as n from campaign_status_events`)) as [{ n: number }];
    expect(eventsAfter - eventsBefore).toBe(10);
    expect((await verify(db())).checks.filter((c) => !c.ok)).toEqual([]);
    console.log(
      `kill -9 of the worker mid-job: nothing written by the killed run; the next run made the ${expected.changes.length} changes the preview foresaw, one event each`,
    );
  });
});
