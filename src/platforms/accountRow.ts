// An ad account as the sync engine needs it, and what a sync or push leaves on it: its status,
// last error, circuit breaker, and the platform events that tell an operator (credentials refused,
// a call that keeps failing, recovery). The breaker: after BREAKER_AFTER failures in a row the
// account is left alone for 30 s × 2^(failures − BREAKER_AFTER), at most 30 minutes; its jobs
// wait for it. A rate limit is not a failure: the platform said when to come back.
import type { Db, Tx } from '../db/index.ts';
import { log } from '../log.ts';
import { platformErrors } from '../metrics.ts';
import { CredentialsUnreadable } from './secrets.ts';
import { PlatformError, type AdPlatform } from './types.ts';

const logger = log.child({ module: 'platforms' });

export const BREAKER_AFTER = 5;
const BREAKER_BASE_MS = 30_000;
const BREAKER_MAX_MS = 30 * 60_000;

export interface AccountRow {
  id: string;
  brandId: string;
  platform: AdPlatform;
  externalAccountId: string;
  currency: string;
  timeZone: string;
  status: string;
  credentials: Buffer;
  lastFullSyncDate: string | null;
  consecutiveFailures: number;
  breakerOpenUntil: Date | null;
  changesReadUntil: Date | null;
  /** when the cost report and the status list last booked were read */
  costsReadAt: Date | null;
  statusesReadAt: Date | null;
  /** the brand's: REPAUSE or REPORT */
  driftPolicy: 'REPAUSE' | 'REPORT';
}

/**
 * The account. `lock`: the caller's transaction first takes the account's own lock (an advisory
 * lock, not its row: writers that lock a brand and then its accounts' rows, such as an import or
 * a disconnect, never wait in a circle with a sync, which locks the account and then its brand),
 * so one sync or push of an account books at a time, whatever the process.
 */
export async function loadAccount(db: Db | Tx, id: string, lock = false): Promise<AccountRow | null> {
  if (lock) await lockAccount(db, id);
  const rows = await db.$queryRawUnsafe<AccountRow[]>(
    `select a.id, a.brand_id as "brandId", a.platform::text as platform, a.external_account_id as "externalAccountId",
            a.currency, a.time_zone as "timeZone", a.status, a.credentials,
            to_char(a.last_full_sync_date, 'YYYY-MM-DD') as "lastFullSyncDate",
            a.consecutive_failures as "consecutiveFailures", a.breaker_open_until as "breakerOpenUntil",
            a.changes_read_until as "changesReadUntil", a.costs_read_at as "costsReadAt",
            a.statuses_read_at as "statusesReadAt", b.drift_policy as "driftPolicy"
       from ad_accounts a join brands b on b.id = a.brand_id
      where a.id = $1::uuid`,
    id,
  );
  return rows[0] ?? null;
}

/** The account's lock, to the end of the caller's transaction (see loadAccount). */
export async function lockAccount(tx: Db | Tx, id: string): Promise<void> {
  await tx.$executeRaw`select pg_advisory_xact_lock(hashtextextended('ad_account:' || ${id}, 0))`;
}

export interface PlatformEventInput {
  brandId: string;
  accountId: string;
  campaignId?: string | null;
  kind: string;
  message: string;
  actor?: string | null;
  at: Date;
}

/**
 * Platform events (append-only), written last in the caller's transaction: they are alerts
 * (webhooks' PLATFORM_EVENT, the platformEvents subscription), so, as status events and budget
 * alerts, under the events lock (ids visible in order: src/engine/events.ts), with a notification
 * at commit that wakes the outbox and the feeds. The caller waits on nothing after this. The
 * account and campaign are copied as they are now, so a later message still names them.
 */
export async function platformEvents(tx: Tx, events: readonly PlatformEventInput[]): Promise<void> {
  if (!events.length) return;
  await tx.$executeRaw`select take_events_lock()`;
  await tx.$executeRaw`
    with e as (
      insert into platform_events (brand_id, ad_account_id, platform, external_account_id, campaign_id, campaign_name, kind, message,
                                   platform_actor, occurred_at)
      select e.brand_id, e.account_id, a.platform, a.external_account_id, e.campaign_id, c.name, e.kind, e.message, e.actor, e.at
        from unnest(${events.map((e) => e.brandId)}::uuid[], ${events.map((e) => e.accountId)}::uuid[],
                    ${events.map((e) => e.campaignId ?? null)}::uuid[], ${events.map((e) => e.kind)}::text[],
                    ${events.map((e) => e.message)}::text[], ${events.map((e) => e.actor ?? null)}::text[],
                    ${events.map((e) => e.at.toISOString())}::timestamptz[])
             with ordinality as e(brand_id, account_id, campaign_id, kind, message, actor, at, n)
        left join ad_accounts a on a.id = e.account_id
        left join campaigns c on c.brand_id = e.brand_id and c.id = e.campaign_id
       order by e.n
      returning id
    )
    select pg_notify(platform_events_channel(), (select max(id) from e)::text)`;
}

/** One platform event: platformEvents. */
export function platformEvent(tx: Tx, e: PlatformEventInput): Promise<void> {
  return platformEvents(tx, [e]);
}

/** The account answered: ACTIVE again, failures cleared; a recovery from AUTH_FAILED or ERROR is said once. */
export async function recordSuccess(db: Db, account: AccountRow, at: Date, synced: boolean): Promise<void> {
  await db.$transaction(async (tx) => {
    const [before] = await tx.$queryRaw<{ status: string }[]>`select status from ad_accounts where id = ${account.id}::uuid for update`;
    if (!before) return;
    await tx.$executeRaw`
      update ad_accounts set status = 'ACTIVE', last_error = null, consecutive_failures = 0, breaker_open_until = null,
                             last_sync_at = case when ${synced} then ${at}::timestamptz else last_sync_at end, updated_at = ${at}::timestamptz
       where id = ${account.id}::uuid`;
    if (before.status === 'AUTH_FAILED' || before.status === 'ERROR') {
      await platformEvent(tx, { brandId: account.brandId, accountId: account.id, kind: 'RECOVERED', message: 'the account answers again', at });
    }
  });
}

export interface FailureOutcome {
  /** when the account's jobs may call again (the platform's retry delay, or the breaker) */
  retryAt: Date;
  message: string;
}

/**
 * A call failed: the account says so (AUTH_FAILED when the credentials are refused, ERROR once
 * the breaker opens or the failure is not transient; a rate limit leaves the status alone), with an
 * event when its status changes. Answers when to call again.
 */
export async function recordFailure(db: Db, account: AccountRow, error: unknown, at: Date, what: string): Promise<FailureOutcome> {
  const e = asPlatformError(error, account);
  platformErrors.inc({ platform: account.platform, kind: e.kind });
  const message = `${what}: ${e.message.replace(/\.+$/, '')}`;
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ status: string; consecutive_failures: number }[]>`
      select status, consecutive_failures from ad_accounts where id = ${account.id}::uuid for update`;
    if (!row) return { retryAt: at, message };
    const rateLimited = e.kind === 'RATE_LIMIT';
    const failures = rateLimited ? row.consecutive_failures : row.consecutive_failures + 1;
    const breakerMs = failures >= BREAKER_AFTER ? Math.min(BREAKER_BASE_MS * 2 ** (failures - BREAKER_AFTER), BREAKER_MAX_MS) : 0;
    const waitMs =
      e.kind === 'RATE_LIMIT' ? (e.retryAfterMs ?? 60_000)
      : e.kind === 'QUOTA' ? 3_600_000
      : Math.max(breakerMs, Math.min(5_000 * 2 ** Math.max(0, failures - 1), 60_000));
    const retryAt = new Date(at.getTime() + waitMs);
    // no call before then, by any job of the account: the breaker's wait, or the platform's own
    const holdOff = breakerMs > 0 || e.kind === 'RATE_LIMIT' || e.kind === 'QUOTA';
    const status =
      e.kind === 'AUTH' || e.kind === 'PERMISSION' ? 'AUTH_FAILED'
      : rateLimited ? row.status
      : failures >= BREAKER_AFTER || e.kind === 'INVALID' || e.kind === 'QUOTA' ? 'ERROR'
      : row.status;
    await tx.$executeRaw`
      update ad_accounts set status = ${status}, last_error = ${message}, consecutive_failures = ${failures},
                             breaker_open_until = ${holdOff ? retryAt : null}::timestamptz, updated_at = ${at}::timestamptz
       where id = ${account.id}::uuid`;
    if (status !== row.status) {
      const kind = status === 'AUTH_FAILED' ? 'AUTH_FAILED' : 'SYNC_FAILED';
      const text =
        status === 'AUTH_FAILED'
          ? `${message}. Replace the credentials (updateAdAccountCredentials); until then nothing reaches this account`
          : `${message}. ${failures} failures in a row: calls wait until ${retryAt.toISOString()}`;
      await platformEvent(tx, { brandId: account.brandId, accountId: account.id, kind, message: text, at });
    }
    return { retryAt, message };
  });
}

/** What the engine acts on: a platform's own error, credentials that cannot be opened (AUTH), or a defect (logged whole). */
function asPlatformError(error: unknown, account: AccountRow): PlatformError {
  if (error instanceof PlatformError) return error;
  if (error instanceof CredentialsUnreadable) return new PlatformError('AUTH', error.message);
  logger.error({ err: error, adAccountId: account.id }, 'ad account sync failed unexpectedly');
  return new PlatformError('TRANSIENT', 'unexpected failure (the server log has it)');
}

export function describe(platform: AdPlatform): string {
  return platform === 'GOOGLE_ADS' ? 'Google Ads' : 'Meta';
}
