// What the service needs of an ad platform, whichever it is: the one interface the sync engine
// (sync.ts) calls, implemented by a thin client per platform (google.ts, meta.ts) speaking its wire
// format over the outbound guard (src/delivery/outbound.ts). Statuses are normalized here
// (Meta's ACTIVE is ENABLED; ARCHIVED and DELETED are REMOVED); money stays exact (micros, bigint).
import { PLATFORM_URL_DEFAULTS } from '../config.ts';
import type { AllowHosts } from '../delivery/outbound.ts';

export const AD_PLATFORMS = ['GOOGLE_ADS', 'META'] as const;
export type AdPlatform = (typeof AD_PLATFORMS)[number];

/** What an operator pastes in; stored encrypted (secrets.ts), never answered. */
export interface Credentials {
  /** Google: the OAuth refresh token (exchanged for access tokens) */
  refreshToken?: string | null;
  /** Meta: the system user's token; Google: an access token used as it is (no refresh token) */
  accessToken?: string | null;
  /** Google: the manager account acting for this one (login-customer-id), 10 digits */
  loginCustomerId?: string | null;
}

/** GOOGLE_ADS_* and META_* settings, and the outbound guard's allow-list. */
export interface PlatformSettings {
  google: { apiUrl: string; apiVersion: string; tokenUrl: string; clientId: string | null; clientSecret: string | null };
  meta: { apiUrl: string; apiVersion: string };
  /** OUTBOUND_ALLOW_HOSTS */
  allowHosts: AllowHosts;
  /** how long one call waits for its answer */
  timeoutMs: number;
}

/** The real APIs (config.ts's defaults), no allowed hosts, 30 s a call. */
export const PLATFORM_DEFAULTS: PlatformSettings = Object.freeze({
  google: {
    apiUrl: PLATFORM_URL_DEFAULTS.googleAdsApiUrl,
    apiVersion: PLATFORM_URL_DEFAULTS.googleAdsApiVersion,
    tokenUrl: PLATFORM_URL_DEFAULTS.googleOauthTokenUrl,
    clientId: null,
    clientSecret: null,
  },
  meta: { apiUrl: PLATFORM_URL_DEFAULTS.metaGraphApiUrl, apiVersion: PLATFORM_URL_DEFAULTS.metaGraphApiVersion },
  allowHosts: [],
  timeoutMs: 30_000,
});

export interface AccountInfo {
  externalAccountId: string;
  name: string;
  /** ISO 4217, as the platform has it */
  currency: string;
  /** IANA, as the platform has it */
  timeZone: string;
}

export type PlatformStatus = 'ENABLED' | 'PAUSED' | 'REMOVED';

export interface PlatformCampaign {
  externalCampaignId: string;
  name: string;
  status: PlatformStatus;
}

/** A campaign's running total on one account-date, as reported (rows with no cost are absent). */
export interface CostRow {
  externalCampaignId: string;
  /** the account-date, YYYY-MM-DD */
  date: string;
  /** exact micros of the account currency (Google's cost_micros; Meta's spend × 10^6, no float) */
  micros: bigint;
  /** as the platform sent it ("12500000", "5339.5") */
  reported: string;
}

/** One status change on the platform, from its change history (Google change_event, Meta activities). */
export interface ChangeRecord {
  externalCampaignId: string;
  at: Date;
  /** the new status, when the history says */
  status: PlatformStatus | null;
  /** who: a person's email or name, or an application's name */
  actor: string | null;
  /** made through the API (most likely by this service) rather than the platform's UI */
  viaApi: boolean;
}

export type StatusWrite = { externalCampaignId: string; status: 'ENABLED' | 'PAUSED' };
/** Each write's outcome, in the order asked; error null when the platform took it. */
export type WriteOutcome = { externalCampaignId: string; error: PlatformError | null };

export interface PlatformClient {
  readonly platform: AdPlatform;
  readAccount(): Promise<AccountInfo>;
  /** every campaign of the account but removed/deleted ones' history, with its current status */
  listCampaigns(): Promise<PlatformCampaign[]>;
  /** running totals per campaign and account-date, `from` to `to` inclusive (YYYY-MM-DD) */
  costs(from: string, to: string): Promise<CostRow[]>;
  /**
   * Sets statuses, as few calls as the platform allows (Google: one mutate with partialFailure;
   * Meta: one call per campaign, sequential). A whole-call failure (rate limit, auth, 5xx) throws
   * PlatformError whose details.done holds the outcomes of the writes made before it (a prefix);
   * one campaign's refusal is its outcome's error.
   */
  setStatuses(writes: readonly StatusWrite[]): Promise<WriteOutcome[]>;
  /** status changes made since `since` (up to now), newest first */
  changes(since: Date): Promise<ChangeRecord[]>;
  /** the last answer's quota use, in percent (Meta's usage headers), when the platform says */
  readonly quota: { percent: number; at: Date } | null;
}

/**
 * What went wrong, in the kinds the engine acts on:
 * - RATE_LIMIT: wait retryAfterMs (Google's retryDelay, Meta's estimated_time_to_regain_access), then again;
 * - QUOTA: the day's quota is used up (Google RESOURCE_EXHAUSTED without a delay): wait long;
 * - AUTH: the credentials are refused (expired, revoked): the account needs new ones;
 * - PERMISSION: the credentials do not reach this account;
 * - TRANSIENT: 5xx, a timeout, a connection cut: retry with backoff;
 * - INVALID: the platform refused the request itself (a campaign removed, a bad id): do not retry it.
 */
export type PlatformErrorKind = 'RATE_LIMIT' | 'QUOTA' | 'AUTH' | 'PERMISSION' | 'TRANSIENT' | 'INVALID';

export interface PlatformErrorDetails {
  /** the HTTP status */
  status?: number;
  /** the platform's error code (Google's enum value, Meta's number) */
  code?: string;
  retryAfterMs?: number;
  /**
   * setStatuses only: the outcomes of the writes made before the call that failed (in the order
   * asked, a prefix of the writes), so a batch stopped by a rate limit or a refused token does not
   * lose what it changed; the writes after them were not tried.
   */
  done?: WriteOutcome[];
}

export class PlatformError extends Error {
  constructor(
    readonly kind: PlatformErrorKind,
    message: string,
    readonly details: PlatformErrorDetails = {},
  ) {
    super(message);
    this.name = 'PlatformError';
  }
  get retryAfterMs(): number | undefined {
    return this.details.retryAfterMs;
  }
}
