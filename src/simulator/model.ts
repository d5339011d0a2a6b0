// What the simulated platforms hold: ad accounts, campaigns, status changes, and the inputs the
// control API and seeds give for them. The World (world.ts) keeps and changes them.

import type { Segment } from './spend.ts';

export type Platform = 'GOOGLE_ADS' | 'META';
export const PLATFORMS: readonly Platform[] = ['GOOGLE_ADS', 'META'];

/** Each platform's statuses: the one that spends, and the terminal ones. */
export const STATUSES = {
  GOOGLE_ADS: { all: ['ENABLED', 'PAUSED', 'REMOVED'], running: 'ENABLED', terminal: ['REMOVED'] },
  META: { all: ['ACTIVE', 'PAUSED', 'ARCHIVED', 'DELETED'], running: 'ACTIVE', terminal: ['DELETED'] },
} as const;

/** What each platform lets a campaign spend past its own daily budget on a day (PLATFORMS.md). */
export const OVER_DELIVERY: Record<Platform, number> = { GOOGLE_ADS: 2, META: 1.75 };

export interface Account {
  platform: Platform;
  /** Google: the 10-digit customer id; Meta: act_<digits> */
  id: string;
  name: string;
  currency: string;
  timeZone: string;
  /** Google: refresh tokens granted this account; Meta: access tokens that may use it */
  credentials: Set<string>;
  /** Meta: tokens that now answer "session has expired" (code 190, subcode 463) */
  expired: Set<string>;
  /** Google: the manager account whose id must come as login-customer-id; null: none */
  managerId: string | null;
  /** how far (simulated ms) its reports trail the truth */
  lagMs: number;
  campaigns: Map<string, Campaign>;
}

export interface Revision {
  /** simulated instant it was made (reports show it once they reach this instant) */
  at: number;
  micros: bigint;
}

export interface Campaign {
  id: string;
  account: Account;
  name: string;
  status: string;
  createdAt: number;
  /** the account-date of createdAt: no report has spend before it */
  createdDate: string;
  updatedAt: number;
  segments: Segment[];
  /** per account-date: credits that lower its total (invalid clicks and the like) */
  revisions: Map<string, Revision[]>;
  /** the platform's daily budget (micros), or null */
  budget: bigint | null;
  /** how far past its budget the platform lets it spend on a day (2 = up to twice) */
  overDelivery: number;
}

export interface StatusChange {
  seq: number;
  /** simulated instant */
  at: number;
  /** real instant (ms), for latency: when the platform applied it */
  realAt: number;
  platform: Platform;
  accountId: string;
  campaignId: string;
  campaignName: string;
  from: string;
  to: string;
  /** through the API (a connector) or the UI (a person) */
  via: 'API' | 'UI';
  /** Google: the user's email; Meta: the actor's name */
  actor: string;
}

export interface AccountInput {
  platform?: unknown;
  id?: unknown;
  name?: unknown;
  currency?: unknown;
  timeZone?: unknown;
  credentials?: unknown;
  managerId?: unknown;
  lagSeconds?: unknown;
  campaigns?: unknown;
}

export interface CampaignInput {
  id?: unknown;
  name?: unknown;
  status?: unknown;
  /** average major units an hour over a day ("12.50") */
  hourlyRate?: unknown;
  /** the platform's daily budget, major units, or null */
  dailyBudget?: unknown;
  overDelivery?: unknown;
  curve?: unknown;
  /** ISO instant it has existed (and, if running, spent) since; default now */
  since?: unknown;
}
