// The crontab's tasks run by graphile-worker itself, as the worker process runs them.
import { parseCrontab, quickAddJob, run, runOnce } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerLogger } from '../../src/log.ts';
import { TASKS } from '../../src/domain/tasks.ts';
import { crontab } from '../../src/worker/crontab.ts';
import { db } from '../../src/db/index.ts';
import { createWebhookEndpoint } from '../../src/delivery/webhookEndpoints.ts';
import { scheduleDelivery } from '../../src/delivery/outbox.ts';
import { webhooks } from '../../src/delivery/webhooks.ts';
import { ENFORCEMENT_JOBS, JOBS, OVERRIDE_END_JOB, WEBHOOK_JOBS } from '../../src/domain/jobs.ts';
import { SYSTEM } from '../../src/domain/scope.ts';
import { startOverride } from '../../src/engine/overrides.ts';
import { DESTINATIONS, taskList, workerSetup } from '../../tasks/index.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import * as make from '../helpers/make.ts';
import { waitFor } from '../helpers/wait.ts';

let t: TestDb;
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(() => t.drop());

describe('worker tasks', () => {
  it('the crontab schedules the four enforcement tasks, UTC, at their intervals, the webhooks catch-up and the ad platforms\' polls', () => {
    const items = parseCrontab(crontab);
    expect(items.map((i) => [i.task, i.identifier, i.match.toString().length > 0])).toEqual([
      ['enforce_budgets', 'enforce_budgets', true],
      ['enforce_dayparting', 'enforce_dayparting', true],
      ['reset_daily', 'reset_daily', true],
      ['reset_monthly', 'reset_monthly', true],
      ['webhooks_dispatch', 'webhooks_dispatch', true],
      ['platform_poll', 'platform_poll', true],
      ['platforms_dispatch', 'platforms_dispatch', true],
    ]);
    expect(crontab.split('\n').map((l) => l.split(' ').slice(0, 5).join(' '))).toEqual([
      '*/5 * * * *',
      '* * * * *',
      '*/15 * * * *',
      '*/15 * * * *',
      '* * * * *',
      '* * * * *',
      '* * * * *',
    ]);
    const platform = ['platform_poll', 'platform_push', 'platform_sync', 'platforms_dispatch'];
    const others = ['override_end', ...platform, 'webhook_deliver', 'webhook_redeliver', 'webhooks_dispatch'];
    expect(Object.keys(taskList).sort()).toEqual(
      ['enforce_budgets', 'enforce_dayparting', 'override_end', 'reset_daily', 'reset_monthly', ...others.slice(1)].sort(),
    );
    // every scheduled row of the task table, and only those, is an enforcement task of the worker
    expect(TASKS.flatMap((t) => (t.identifier ? [t.identifier] : [])).sort()).toEqual(
      Object.keys(taskList)
        .filter((k) => !others.includes(k))
        .sort(),
    );
  });

  it('runs in two lanes with job slots of their own: enforcement (which queues the crontab’s jobs) and delivery', () => {
    const { lanes } = workerSetup('postgresql://unused');
    const enforcement = [...ENFORCEMENT_JOBS.map((e) => e.job.identifier), OVERRIDE_END_JOB.identifier].sort();
    expect(lanes.map((l) => [l.name, Object.keys(l.taskList).sort(), l.crontab ?? false, l.concurrency])).toEqual([
      ['enforcement', enforcement, true, enforcement.length],
      ['delivery', ['platform_poll', 'platform_push', 'platform_sync', 'platforms_dispatch', 'webhook_deliver', 'webhook_redeliver', 'webhooks_dispatch'], false, 8],
    ]);
    expect(workerSetup('postgresql://unused', { deliveryConcurrency: 3 }).lanes[1]!.concurrency).toBe(3);
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
    await t.sql(`insert into spends (brand_id, campaign_id, amount, occurred_at) values ($1, $2, 5000, now())`, [b.id, c!.id]); // 5.00 in thousandths
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

describe('an override’s end', () => {
  it(
    'is a job at its `until`: graphile-worker runs it then, and the budget applies again at that instant',
    { timeout: 60_000 },
    async () => {
      const b = await make.brand({ dailyBudget: '5.00' });
      const [c] = await make.campaigns(b.id, 1);
      await make.spend(c!.id, '5.00');
      const at = new Date();
      const until = new Date(at.getTime() + 2_000);
      await db().$transaction((tx) =>
        startOverride(tx, { campaignId: c!.id, lifts: ['DAILY_BUDGET'], until, reason: 'launch' }, SYSTEM, at),
      );
      expect(await make.statuses(b.id)).toEqual(['ACTIVE']);
      // only this task, without the crontab (whose enforce_budgets would apply it too, a minute later at most)
      const runner = await run({
        connectionString: t.url,
        taskList: { override_end: taskList.override_end! },
        pollInterval: 100,
        logger: workerLogger,
        noHandleSignals: true,
      });
      try {
        await waitFor(async () => (await make.statuses(b.id))[0] === 'PAUSED/DAILY_BUDGET', {
          timeout: 30_000,
          what: 'the override to end',
        });
      } finally {
        await runner.stop();
      }
      const ended = (await make.events(c!.id)).at(-1)!;
      expect(ended).toMatchObject({ trigger: 'OVERRIDE_END', actor: 'system', toReason: 'DAILY_BUDGET' });
      const lag = ended.occurredAt.getTime() - until.getTime();
      expect(lag).toBeGreaterThanOrEqual(0);
      process.stderr.write(`override_end ran ${lag} ms after its until\n`);
      expect(lag).toBeLessThan(15_000); // a poll of 100 ms; generous for a busy machine
    },
  );
});

describe('the job table', () => {
  it('has the jobs of every outgoing destination, so each has its every-minute dispatch', () => {
    const identifiers = JOBS.map((j) => j.identifier);
    for (const { destination } of DESTINATIONS) {
      for (const job of [destination.jobs.dispatch, destination.jobs.deliver, destination.jobs.redeliver]) {
        expect(identifiers).toContain(job.identifier);
        expect(Object.keys(taskList)).toContain(job.identifier);
      }
      expect(parseCrontab(crontab).map((i) => i.task)).toContain(destination.jobs.dispatch.identifier);
    }
  });

  it('webhook jobs queued before the outbox was generic ({ endpointId }) still run, and new ones carry both names for a rollout', async () => {
    const id = '00000000-0000-4000-8000-000000000001';
    expect(WEBHOOK_JOBS.deliver.parse({ endpointId: id })).toEqual({ destinationId: id });
    expect(WEBHOOK_JOBS.redeliver.parse({ endpointId: id, messageId: 'evt_1' })).toEqual({ destinationId: id, messageId: 'evt_1' });
    expect(() => WEBHOOK_JOBS.deliver.parse({ endpoint: id })).toThrow(/payload must be \{ destinationId \}/);
    expect(WEBHOOK_JOBS.payload(id)).toEqual({ destinationId: id, endpointId: id });

    const b = await make.brand();
    const { endpoint } = await db().$transaction((tx) =>
      createWebhookEndpoint(tx, { brandId: b.id, url: 'http://127.0.0.1:9/hook' }, SYSTEM, new Date(), ['127.0.0.1']),
    );
    await db().$transaction((tx) => scheduleDelivery(tx, webhooks, endpoint.id, new Date()));
    const jobs = await t.sql<{ task_identifier: string; payload: object; queue_name: string; key: string }>(
      `select t.identifier as task_identifier, j.payload, q.queue_name, j.key from graphile_worker._private_jobs j
         join graphile_worker._private_tasks t on t.id = j.task_id
         left join graphile_worker._private_job_queues q on q.id = j.job_queue_id`,
    );
    expect(jobs).toEqual([
      {
        task_identifier: 'webhook_deliver',
        payload: { destinationId: endpoint.id, endpointId: endpoint.id },
        queue_name: `webhook:${endpoint.id}`,
        key: `webhook:${endpoint.id}`,
      },
    ]);
    await t.sql(`delete from graphile_worker._private_jobs`);
  });

  it('a redelivery job queued before redeliveries waited in the endpoint’s row still runs: its message joins them, and is sent', async () => {
    const b = await make.brand();
    const { endpoint } = await db().$transaction((tx) =>
      createWebhookEndpoint(tx, { brandId: b.id, url: 'http://127.0.0.1:9/hook' }, SYSTEM, new Date(), ['127.0.0.1']),
    );
    const [c] = await make.campaigns(b.id, 1);
    const messageId = `evt_${(await make.events(c!.id))[0]!.id}`;
    await t.sql(`delete from graphile_worker._private_jobs`);
    await quickAddJob({ connectionString: t.url }, 'webhook_redeliver', { endpointId: endpoint.id, messageId });
    await runOnce({ connectionString: t.url, taskList, logger: workerLogger });
    // nothing listens on port 9: the attempt fails, and is logged as a redelivery
    const [logged] = await waitFor(() => db().webhookDelivery.findMany({ where: { endpointId: endpoint.id, redelivery: true } }), {
      what: 'the redelivery’s log row',
    });
    expect(logged).toMatchObject({ messageId, statusCode: null });
    await t.sql(`delete from graphile_worker._private_jobs`);
  });
});
