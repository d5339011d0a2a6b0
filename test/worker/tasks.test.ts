// The crontab's tasks run by graphile-worker itself, as the worker process runs them.
import { parseCrontab, quickAddJob, runOnce } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerLogger } from '../../src/log.ts';
import { TASKS } from '../../src/domain/tasks.ts';
import { crontab } from '../../src/worker/crontab.ts';
import { taskList } from '../../tasks/index.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import * as make from '../helpers/make.ts';
import { waitFor } from '../helpers/wait.ts';

let t: TestDb;
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(() => t.drop());

describe('worker tasks', () => {
  it('the crontab schedules the four enforcement tasks, UTC, at their intervals, and the webhooks catch-up', () => {
    const items = parseCrontab(crontab);
    expect(items.map((i) => [i.task, i.identifier, i.match.toString().length > 0])).toEqual([
      ['enforce_budgets', 'enforce_budgets', true],
      ['enforce_dayparting', 'enforce_dayparting', true],
      ['reset_daily', 'reset_daily', true],
      ['reset_monthly', 'reset_monthly', true],
      ['webhooks_dispatch', 'webhooks_dispatch', true],
    ]);
    expect(crontab.split('\n').map((l) => l.split(' ').slice(0, 5).join(' '))).toEqual([
      '*/5 * * * *',
      '* * * * *',
      '*/15 * * * *',
      '*/15 * * * *',
      '* * * * *',
    ]);
    const webhooks = ['webhook_deliver', 'webhook_redeliver', 'webhooks_dispatch'];
    expect(Object.keys(taskList).sort()).toEqual(['enforce_budgets', 'enforce_dayparting', 'reset_daily', 'reset_monthly', ...webhooks]);
    // every scheduled row of the task table, and only those, is an enforcement task of the worker
    expect(TASKS.flatMap((t) => (t.identifier ? [t.identifier] : [])).sort()).toEqual(
      Object.keys(taskList)
        .filter((k) => !webhooks.includes(k))
        .sort(),
    );
  });

  it('a task refuses a payload it does not take, and its job says why', async () => {
    await quickAddJob({ connectionString: t.url }, 'reset_daily', [1, 2, 3], { maxAttempts: 1 });
    await runOnce({ connectionString: t.url, taskList, logger: workerLogger });
    // graphile-worker records a job's outcome without awaiting it: runOnce may return first
    const error = await waitFor(
      async () => (await t.sql<{ last_error: string | null }>(`select last_error from graphile_worker.jobs`))[0]?.last_error,
      {
        what: "the job's recorded failure",
      },
    );
    expect(error).toMatch(/takes no payload; got \[1,2,3\]/);
    await t.sql(`delete from graphile_worker._private_jobs`);
  });

  it('enforce_budgets, run by graphile-worker, pauses a brand whose spends arrived around the API', async () => {
    const b = await make.brand({ dailyBudget: '5.00' });
    const [c] = await make.campaigns(b.id, 1);
    await t.sql(`insert into spends (brand_id, campaign_id, amount, occurred_at) values ($1, $2, 500, now())`, [b.id, c!.id]);
    await quickAddJob({ connectionString: t.url }, 'enforce_budgets', {});
    await runOnce({ connectionString: t.url, taskList, logger: workerLogger });
    expect(await make.statuses(b.id)).toEqual(['PAUSED/DAILY_BUDGET']);
    expect((await make.events(c!.id)).at(-1)).toMatchObject({ trigger: 'ENFORCE_BUDGETS', actor: 'system' });
    // completed, not left failing (its completion is recorded after runOnce may have returned)
    await waitFor(async () => (await t.sql<{ n: number }>(`select count(*)::int as n from graphile_worker.jobs`))[0]!.n === 0, {
      what: 'the job completed and gone',
    });
  });
});
