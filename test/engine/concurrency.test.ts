// Concurrency: concurrent writers never lose or double-count a cent, decide on fresh state,
// and commit status events in id order (a reader asking "id > last seen" never skips one).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db, type Tx } from '../../src/db/index.ts';
import { reconcile } from '../../src/engine/reconcile.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import * as make from '../helpers/make.ts';
import { waitFor } from '../helpers/wait.ts';

let t: TestDb;
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(() => t.drop());

describe('concurrent writers', () => {
  it('50 concurrent spends on one brand sum exactly, and each campaign gets exactly one pause event', async () => {
    const at = new Date('2026-11-26T12:00:00Z');
    const b = await make.brand({ dailyBudget: '100.00' }, at);
    const campaigns = await make.campaigns(b.id, 5, at);
    // 50 × 2.37 = 118.50: the budget is crossed somewhere in the middle, by whichever commits then
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => make.spend(campaigns[i % 5]!.id, '2.37', at, { externalId: `c-${i}` })),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const [total] = await t.sql<{ amount: string; count: number }>(
      `select amount::text, count from brand_daily_spends where brand_id = $1`,
      [b.id],
    );
    expect(total).toEqual({ amount: '118500', count: 50 });
    const [ledger] = await t.sql<{ sum: string }>(`select sum(amount)::text as sum from spends where brand_id = $1`, [b.id]);
    expect(ledger!.sum).toBe('118500');
    for (const c of campaigns) {
      const ev = await make.events(c.id);
      expect(ev.filter((e) => e.trigger === 'SPEND').map((e) => e.toReason)).toEqual(['DAILY_BUDGET']);
    }
    // exactly one spend saw the crossing: the one whose answer carries the status changes
    const crossings = results.filter((r) => r.status === 'fulfilled' && r.value.statusChanges.length > 0);
    expect(crossings).toHaveLength(1);
  });

  /** A reader of the feed as subscribers read it: repeatedly "id > last seen". */
  function feedReader(from: string) {
    let last = from;
    const seen: string[] = [];
    return {
      seen,
      async poll() {
        const rows = await t.sql<{ id: string }>(`select id from campaign_status_events where id > $1 order by id`, [last]);
        for (const r of rows) seen.push((last = r.id));
        return rows.length;
      },
    };
  }
  const maxEventId = async () => (await t.sql<{ max: string }>(`select coalesce(max(id), 0) as max from campaign_status_events`))[0]!.max;
  /** An operator's pause (or resume) of one campaign: one status event, written by the engine. */
  const toggle = (tx: Tx, c: { id: string; brandId: string }, actor: string, pause = true) =>
    reconcile(tx, {
      task: 'ALL',
      trigger: 'MANUAL',
      actor,
      at: new Date(),
      brandIds: [c.brandId],
      campaignIds: [c.id],
      ...(pause ? { pause: [c.id] } : { resume: [c.id] }),
    });

  it('a writer that took an id first but commits last cannot be skipped', async () => {
    const b = await make.brand();
    const [a, c] = await make.campaigns(b.id, 2);
    const reader = feedReader(await maxEventId());
    let inserted!: () => void;
    let release!: () => void;
    const aInserted = new Promise<void>((r) => (inserted = r));
    const aMayCommit = new Promise<void>((r) => (release = r));
    const slow = db().$transaction(async (tx) => {
      await toggle(tx, a!, 'slow');
      inserted();
      await aMayCommit;
    });
    await aInserted;
    let fastDone = false;
    const fast = db()
      .$transaction((tx) => toggle(tx, c!, 'fast'))
      .finally(() => (fastDone = true));
    // the fast writer gets as far as it can: committed, or (events commit one writer at a time) waiting for the slow one's locks
    await waitFor(
      async () =>
        fastDone ||
        (
          await t.sql<{ n: number }>(
            `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
          )
        )[0]!.n > 0,
      { what: 'the fast writer to commit or wait for the lock' },
    );
    await reader.poll(); // without serialised commits this would see only the later id, and skip the earlier forever
    release();
    await Promise.all([slow, fast]);
    await reader.poll();
    const all = await t.sql<{ id: string; actor: string }>(`select id, actor from campaign_status_events where id > $1 order by id`, [
      reader.seen[0] ? String(BigInt(reader.seen[0]) - 1n) : '0',
    ]);
    expect(all.map((r) => r.actor)).toEqual(['slow', 'fast']);
    expect(reader.seen).toEqual(all.map((r) => r.id));
  });

  it('event ids become visible in order under many concurrent writers', async () => {
    const b = await make.brand();
    const campaigns = await make.campaigns(b.id, 20);
    const from = await maxEventId();
    const reader = feedReader(from);
    let writing = true;
    const reading = (async () => {
      while (writing) await reader.poll();
      await reader.poll();
    })();
    // 20 writers × 20 transactions, each holding its transaction open a random moment after inserting
    await Promise.all(
      campaigns.map(async (c) => {
        for (let i = 0; i < 20; i++) {
          await db().$transaction(async (tx) => {
            await toggle(tx, c, 'writer', i % 2 === 0);
            await tx.$executeRaw`select pg_sleep(random() * 0.01)`; // time is the condition: a transaction held open a while
          });
        }
      }),
    );
    writing = false;
    await reading;
    const all = await t.sql<{ id: string }>(`select id from campaign_status_events where id > $1 order by id`, [from]);
    expect(all).toHaveLength(400);
    expect(reader.seen).toEqual(all.map((r) => r.id)); // the polling reader missed none
  });
});
