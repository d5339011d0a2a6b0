// The ad platforms' tasks (src/platforms/, jobs in src/domain/jobs.ts): platform_poll queues a
// sync of every account whose poll interval has passed (and whose breaker is closed);
// platform_sync runs one (pull, drift, push); platforms_dispatch queues a push for every account
// with a campaign whose platform status differs from the desired one (every minute, and at once
// when the outbox listener hears status events commit); platform_push runs one. A platform that
// asked us to wait gets its job again at that instant; nothing is lost meanwhile, since a push
// reads the desired states when it runs.
import type { TaskList } from 'graphile-worker';
import { db } from '../src/db/index.ts';
import { enqueue, enqueueMany } from '../src/db/jobs.ts';
import { PLATFORM_JOBS } from '../src/domain/jobs.ts';
import { ACCOUNTS_WITH_WORK_SQL } from '../src/platforms/push.ts';
import { pushAccount, syncAccount, type SyncOptions } from '../src/platforms/sync.ts';
import { defineTask } from '../src/worker/task.ts';

export interface PlatformTaskSettings {
  sync: SyncOptions;
  /** BUDGET_PLATFORM_POLL_SECONDS */
  pollSeconds: number;
}

/** `settings` null: no BUDGET_SECRET_KEY, so no account's credentials can be opened: the tasks do nothing. */
export function platformTasks(settings: PlatformTaskSettings | null): TaskList {
  const clock = () => new Date();
  return {
    [PLATFORM_JOBS.poll.identifier]: defineTask(PLATFORM_JOBS.poll, async ({ at }) => {
      if (!settings) return { accounts: 0 };
      const due = await db().$queryRaw<{ id: string; run_at: Date }[]>`
        select id, greatest(coalesce(breaker_open_until, ${at}::timestamptz), ${at}::timestamptz) as run_at from ad_accounts
         -- refused credentials wait for new ones (updateAdAccountCredentials); syncAdAccount still tries
         where status not in ('DISCONNECTED', 'AUTH_FAILED')
           and (last_sync_at is null or last_sync_at <= ${at}::timestamptz - ${settings.pollSeconds} * interval '1 second')
         order by id`;
      await db().$transaction((tx) =>
        enqueueMany(tx, PLATFORM_JOBS.sync, due.map((d) => ({ payload: { adAccountId: d.id }, runAt: d.run_at }))),
      );
      return { accounts: due.length };
    }),
    [PLATFORM_JOBS.sync.identifier]: defineTask(PLATFORM_JOBS.sync, async ({ payload }) => {
      if (!settings) return { skipped: 'BUDGET_SECRET_KEY is not set' };
      const result = await syncAccount(db(), payload.adAccountId, settings.sync, clock);
      return { adAccountId: payload.adAccountId, pull: result.pull, drift: result.drift, push: result.push, error: result.error };
    }),
    [PLATFORM_JOBS.dispatch.identifier]: defineTask(PLATFORM_JOBS.dispatch, async ({ at }) => {
      if (!settings) return { accounts: 0 };
      const due = await db().$queryRawUnsafe<{ id: string; run_at: Date }[]>(
        `select w.id, greatest(coalesce(a.breaker_open_until, $1::timestamptz), $1::timestamptz) as run_at
           from (${ACCOUNTS_WITH_WORK_SQL}) w join ad_accounts a on a.id = w.id order by w.id`,
        at,
      );
      await db().$transaction((tx) =>
        enqueueMany(tx, PLATFORM_JOBS.push, due.map((d) => ({ payload: { adAccountId: d.id }, runAt: d.run_at }))),
      );
      return { accounts: due.length };
    }),
    [PLATFORM_JOBS.push.identifier]: defineTask(PLATFORM_JOBS.push, async ({ payload }) => {
      if (!settings) return { skipped: 'BUDGET_SECRET_KEY is not set' };
      const run = await pushAccount(db(), payload.adAccountId, settings.sync, clock);
      // the platform asked us to wait (or the breaker is open): the same push, then
      if (run.retryAt) await db().$transaction((tx) => enqueue(tx, PLATFORM_JOBS.push, payload, run.retryAt!, 'replace'));
      return { adAccountId: payload.adAccountId, ...run };
    }),
  };
}
