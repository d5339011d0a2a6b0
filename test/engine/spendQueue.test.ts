// Group commit of single spends: concurrent requests share one write, and each still gets the
// answer it would get alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db/index.ts';
import { DomainError } from '../../src/domain/errors.ts';
import type { Scope } from '../../src/domain/scope.ts';
import { createSpendQueue } from '../../src/engine/spendQueue.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import * as make from '../helpers/make.ts';

let t: TestDb;
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(() => t.drop());

const INGEST: Scope = { actor: 'ingest-key', role: 'ingest', brandIds: null };
const at = new Date('2026-11-26T12:00:00Z');

describe('the spend queue (group commit)', () => {
  it('concurrent spends share writes; the sum is exact and one answer carries the pause', async () => {
    const b = await make.brand({ dailyBudget: '100.00' }, at);
    const campaigns = await make.campaigns(b.id, 5, at);
    let statements = 0;
    const counted = new Proxy(db(), {
      get: (target, name, receiver) =>
        name === '$queryRaw'
          ? (...args: unknown[]) => (statements++, (target.$queryRaw as (...a: unknown[]) => unknown)(...args))
          : Reflect.get(target, name, receiver),
    });
    const queue = createSpendQueue(counted, { parallel: 2 });
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        queue.record({ campaignId: campaigns[i % 5]!.id, amount: '2.37', externalId: `q-${i}` }, INGEST, at),
      ),
    );
    expect(statements).toBeLessThan(20); // shared: fewer writes than requests
    expect(answers.every((a) => a.spend && !a.duplicate && !a.error)).toBe(true);
    const [ledger] = await t.sql<{ sum: string; count: string }>(
      `select sum(amount)::text as sum, count(*)::text as count from spends where brand_id = $1`,
      [b.id],
    );
    expect(ledger).toEqual({ sum: '142200', count: '60' }); // 60 × 2.37, in thousandths
    const carrying = answers.filter((a) => a.statusChanges.length > 0);
    expect(carrying).toHaveLength(1);
    expect(carrying[0]!.statusChanges.map((c) => c.toReason)).toEqual(Array(5).fill('DAILY_BUDGET'));
    expect(carrying[0]!.statusChanges.every((c) => c.eventId !== undefined)).toBe(true);
  });

  it("one request's error is its own; a repeated externalId in one write is a duplicate", async () => {
    const b = await make.brand({}, at);
    const [c] = await make.campaigns(b.id, 1, at);
    const queue = createSpendQueue(db(), { parallel: 1 });
    const results = await Promise.allSettled([
      queue.record({ campaignId: c!.id, amount: '1.00', externalId: 'first' }, INGEST, at),
      queue.record({ campaignId: c!.id, amount: '1.00', externalId: 'same' }, INGEST, at),
      queue.record({ campaignId: '00000000-0000-4000-8000-000000000000', amount: '1.00' }, INGEST, at),
      queue.record({ campaignId: c!.id, amount: '1.001' }, INGEST, at),
      queue.record({ campaignId: c!.id, amount: '1.00', externalId: 'same' }, INGEST, at),
      queue.record({ campaignId: c!.id, amount: '2.00', externalId: 'same' }, INGEST, at),
    ]);
    const [first, same, missing, badMoney, again, conflict] = results;
    expect(first.status === 'fulfilled' && !first.value.duplicate).toBe(true);
    expect(same.status === 'fulfilled' && !same.value.duplicate).toBe(true);
    expect(missing.status === 'rejected' && (missing.reason as DomainError).code).toBe('NOT_FOUND');
    expect(badMoney.status === 'rejected' && (badMoney.reason as DomainError).code).toBe('INVALID_MONEY');
    expect(again.status === 'fulfilled' && again.value.duplicate).toBe(true);
    expect(again.status === 'fulfilled' && same.status === 'fulfilled' && again.value.spend!.id).toBe(
      same.status === 'fulfilled' && same.value.spend!.id,
    );
    expect(conflict.status === 'rejected' && (conflict.reason as DomainError).code).toBe('IDEMPOTENCY_CONFLICT');
    const [ledger] = await t.sql<{ count: string }>(`select count(*)::text as count from spends where brand_id = $1`, [b.id]);
    expect(ledger!.count).toBe('2');
  });

  it('a pause is answered to a spend written by the write, not to a duplicate; a failed write answers its error to each request, unretried', async () => {
    const b = await make.brand({ dailyBudget: '10.00' }, at);
    const [c] = await make.campaigns(b.id, 1, at);
    await make.spend(c!.id, '1.00', at, { externalId: 'earlier' });
    const queue = createSpendQueue(db(), { parallel: 1 });
    const [, crossing, duplicate] = await Promise.all([
      queue.record({ campaignId: c!.id, amount: '1.00', externalId: 'first' }, INGEST, at),
      queue.record({ campaignId: c!.id, amount: '9.00', externalId: 'crossing' }, INGEST, at),
      queue.record({ campaignId: c!.id, amount: '1.00', externalId: 'earlier' }, INGEST, at),
    ]);
    expect(duplicate.duplicate).toBe(true);
    expect(duplicate.statusChanges).toEqual([]);
    expect(crossing.statusChanges.map((ch) => ch.toReason)).toEqual(['DAILY_BUDGET']);

    let calls = 0;
    const down = new Proxy(db(), {
      get: (target, name, receiver) =>
        name === '$queryRaw' ? () => (calls++, Promise.reject(new Error('connection lost'))) : Reflect.get(target, name, receiver),
    });
    const failing = createSpendQueue(down, { parallel: 1 });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => failing.record({ campaignId: c!.id, amount: '1.00', externalId: `lost-${i}` }, INGEST, at)),
    );
    expect(results.every((r) => r.status === 'rejected' && String(r.reason).includes('connection lost'))).toBe(true);
    expect(calls).toBeLessThanOrEqual(2); // the first alone, then the other four together; no retries
  });

  it('keys with different reach never share a write', async () => {
    const [a, other] = [await make.brand({}, at), await make.brand({}, at)];
    const [ca] = await make.campaigns(a.id, 1, at);
    const [co] = await make.campaigns(other.id, 1, at);
    const queue = createSpendQueue(db(), { parallel: 1 });
    const limited: Scope = { actor: 'limited', role: 'ingest', brandIds: [a.id] };
    const results = await Promise.allSettled([
      queue.record({ campaignId: ca!.id, amount: '1.00' }, INGEST, at),
      queue.record({ campaignId: co!.id, amount: '1.00' }, limited, at),
      queue.record({ campaignId: co!.id, amount: '1.00' }, INGEST, at),
      queue.record({ campaignId: ca!.id, amount: '1.00' }, limited, at),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(((results[1] as PromiseRejectedResult).reason as DomainError).code).toBe('FORBIDDEN');
  });
});
