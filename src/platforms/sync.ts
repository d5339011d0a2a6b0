// The sync engine: one account's pull (cost totals → the ledger's exact corrections), drift check
// (the platform's statuses against ours) and push (our decisions → the platform), level-triggered.
import type { Db } from '../db/index.ts';
import type { PlatformSettings } from './types.ts';

export interface SyncOptions {
  platforms: PlatformSettings;
  /** BUDGET_SECRET_KEY's key (secrets.ts) */
  secretKey: Buffer;
  /** read the last 7 days, not only today and yesterday (once a day, or on demand) */
  full?: boolean;
}

export interface PullResult {
  /** account-dates read, oldest first */
  dates: string[];
  /** linked campaigns whose totals were compared */
  campaigns: number;
  /** ledger entries written (corrections; negative where a total went down) */
  entries: number;
  /** report rows of campaigns not linked to any of the brand's campaigns */
  unlinked: number;
}

export interface PushResult {
  paused: number;
  resumed: number;
  failed: number;
  /** set when the platform asked us to wait: the rest goes then */
  retryAt: Date | null;
}

export interface DriftResult {
  /** campaigns we hold paused found running on the platform */
  found: number;
  repaused: number;
  reported: number;
}

export interface SyncResult {
  accountId: string;
  pull: PullResult | null;
  push: PushResult | null;
  drift: DriftResult | null;
  /** what stopped the sync (the account's lastError), null when it ran through */
  error: string | null;
}

export async function syncAccount(db: Db, accountId: string, options: SyncOptions, clock: () => Date = () => new Date()): Promise<SyncResult> {
  void db;
  void options;
  void clock;
  return { accountId, pull: null, push: null, drift: null, error: 'not built yet' };
}
