// The sync engine: one account's pull (cost totals → the ledger's exact corrections, pull.ts),
// drift check (the platform's statuses against ours, drift.ts) and push (our decisions → the
// platform, push.ts), in that order, so a spend that uses up a budget is paused on the platform by
// the same sync that read it. The worker runs a sync of each account every poll interval and a
// push whenever a linked campaign's state changes (tasks/platforms.ts); syncAdAccount runs one
// now. A failure leaves the account's status, error and breaker (accountRow.ts) and answers when
// to try again; credentials are opened here, for the call, and never leave this room.
import type { Db } from '../db/index.ts';
import { LONG_TX } from '../db/index.ts';
import { platformQuota, platformSyncDuration } from '../metrics.ts';
import { loadAccount, recordFailure, recordSuccess, type AccountRow } from './accountRow.ts';
import { clientFor } from './clients.ts';
import { checkDrift, type DriftResult } from './drift.ts';
import { bookCosts, datesToRead, type PullResult } from './pull.ts';
import { push } from './push.ts';
import { openCredentials } from './secrets.ts';
import type { PlatformClient, PlatformSettings } from './types.ts';

export interface SyncOptions {
  platforms: PlatformSettings;
  /** BUDGET_SECRET_KEY's key (secrets.ts) */
  secretKey: Buffer;
  /** read the last 7 days, not only today and yesterday (once a day, or on demand) */
  full?: boolean;
}

export type { DriftResult, PullResult };

export interface PushResult {
  paused: number;
  resumed: number;
  failed: number;
  /** set when the platform asked us to wait: the rest goes then */
  retryAt: Date | null;
}

/** What a sync did; a step is null when it did not run (the sync stopped before it) or booked nothing (a newer read was booked meanwhile). */
export interface SyncResult {
  accountId: string;
  pull: PullResult | null;
  push: PushResult | null;
  drift: DriftResult | null;
  /** what stopped the sync (the account's lastError), null when it ran through */
  error: string | null;
  /** when a failed sync may try again (a retry delay, the breaker) */
  retryAt: Date | null;
}

export async function syncAccount(db: Db, accountId: string, options: SyncOptions, clock: () => Date = () => new Date()): Promise<SyncResult> {
  const result: SyncResult = { accountId, pull: null, push: null, drift: null, error: null, retryAt: null };
  const account = await loadAccount(db, accountId);
  if (!account || account.status === 'DISCONNECTED') return { ...result, error: 'the account is not connected' };
  const started = performance.now();
  let client: PlatformClient | null = null;
  let phase = 'opening the credentials';
  try {
    client = await clientOf(account, options);
    phase = 'reading cost';
    const costsReadAt = clock();
    const { dates, today, full } = await datesToRead(db, account, costsReadAt, Boolean(options.full));
    const rows = await client.costs(dates[0]!, dates[dates.length - 1]!);
    phase = 'reading statuses';
    const statusesReadAt = clock();
    const campaigns = await client.listCampaigns();
    const c = client;
    // One sync of an account books at a time, whatever the process (the account's lock), and a
    // read older than the one booked last (a sync that overlapped a newer one) is not booked over
    // it. Two transactions: a spend that pauses campaigns takes the events lock, held to its
    // commit, and must not be held across the change history's call that drift may make.
    await db.$transaction(async (tx) => {
      const locked = (await loadAccount(tx, accountId, true))!;
      if (locked.costsReadAt && locked.costsReadAt > costsReadAt) return;
      result.pull = await bookCosts(tx, locked, dates, rows, campaigns, clock());
      await tx.$executeRaw`update ad_accounts set costs_read_at = ${costsReadAt}::timestamptz where id = ${accountId}::uuid`;
    }, LONG_TX);
    await db.$transaction(async (tx) => {
      const locked = (await loadAccount(tx, accountId, true))!;
      if (locked.statusesReadAt && locked.statusesReadAt > statusesReadAt) return;
      const checkedAt = clock();
      const since = locked.changesReadUntil ?? new Date(checkedAt.getTime() - 3_600_000);
      result.drift = await checkDrift(tx, locked, campaigns, statusesReadAt, () => c.changes(since), checkedAt);
      await tx.$executeRaw`
        update ad_accounts set changes_read_until = ${checkedAt}::timestamptz, statuses_read_at = ${statusesReadAt}::timestamptz,
                               last_full_sync_date = case when ${full} then ${today}::date else last_full_sync_date end
         where id = ${accountId}::uuid`;
    }, LONG_TX);
    phase = 'setting statuses';
    result.push = { ...(await push(db, account, c, clock)), retryAt: null };
    await recordSuccess(db, account, clock(), true);
    platformSyncDuration.observe({ platform: account.platform, outcome: 'ok' }, (performance.now() - started) / 1000);
  } catch (error) {
    const failure = await recordFailure(db, account, error, clock(), phase);
    platformSyncDuration.observe({ platform: account.platform, outcome: 'error' }, (performance.now() - started) / 1000);
    result.error = failure.message;
    result.retryAt = failure.retryAt;
  } finally {
    if (client) noteQuota(account, client);
  }
  return result;
}

export interface PushRun extends PushResult {
  error: string | null;
}

/** The push alone (a linked campaign's state changed): what differs, now. */
export async function pushAccount(db: Db, accountId: string, options: SyncOptions, clock: () => Date = () => new Date()): Promise<PushRun> {
  const account = await loadAccount(db, accountId);
  if (!account || account.status === 'DISCONNECTED') return { paused: 0, resumed: 0, failed: 0, retryAt: null, error: 'the account is not connected' };
  let client: PlatformClient | null = null;
  try {
    client = await clientOf(account, options);
    const pushed = await push(db, account, client, clock);
    // only writes the platform took prove the account answers (a refused one is the campaign's)
    if (pushed.paused + pushed.resumed > 0) await recordSuccess(db, account, clock(), false);
    return { ...pushed, retryAt: null, error: null };
  } catch (error) {
    const failure = await recordFailure(db, account, error, clock(), client ? 'setting statuses' : 'opening the credentials');
    return { paused: 0, resumed: 0, failed: 0, retryAt: failure.retryAt, error: failure.message };
  } finally {
    if (client) noteQuota(account, client);
  }
}

async function clientOf(account: AccountRow, options: SyncOptions): Promise<PlatformClient> {
  const credentials = openCredentials(account.credentials, options.secretKey);
  return clientFor(account.platform, account.externalAccountId, credentials, options.platforms);
}

function noteQuota(account: AccountRow, client: PlatformClient): void {
  if (client.quota) platformQuota.set({ platform: account.platform }, client.quota.percent);
}

