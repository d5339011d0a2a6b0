/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Stored encrypted (BUDGET_SECRET_KEY) and never answered. Google Ads: refreshToken (or an accessToken used as it is), and loginCustomerId when a manager account gives access. Meta: accessToken (a system user’s). */
export type AdAccountCredentialsInput = {
  accessToken?: string | null | undefined;
  /** Google: the manager account’s customer id, 10 digits (dashes allowed) */
  loginCustomerId?: string | null | undefined;
  refreshToken?: string | null | undefined;
};

export type AdAccountStatus =
  /** synced as it should be */
  | 'ACTIVE'
  /** the platform refuses the credentials (expired, revoked): updateAdAccountCredentials */
  | 'AUTH_FAILED'
  /** no longer synced */
  | 'DISCONNECTED'
  /** the last sync failed (lastError says why); the next poll tries again */
  | 'ERROR';

export type AdPlatform =
  | 'GOOGLE_ADS'
  | 'META';

/** admin: everything; operator: reads and writes; ingest: recordSpend(s); viewer: reads, previews, subscriptions. */
export type ApiKeyRole =
  | 'admin'
  | 'ingest'
  | 'operator'
  | 'viewer';

/** The brand-local day or month. */
export type BudgetPeriod =
  | 'DAILY'
  | 'MONTHLY';

export type CampaignStatus =
  | 'ACTIVE'
  | 'PAUSED';

export type ConnectAdAccountInput = {
  brandId: string | number;
  credentials: AdAccountCredentialsInput;
  /** Google: 123-456-7890 or 1234567890; Meta: act_123… or 123… */
  externalAccountId: string;
  platform: AdPlatform;
};

export type CreateBrandInput = {
  /** percents (1–100, at most 10) of each budget at which an alert fires; default [80, 95] */
  alertThresholds?: Array<number> | null | undefined;
  /** ISO 4217 code; default USD; cannot change later */
  currency?: string | null | undefined;
  /** null or absent = no daily limit; in the currency's unit */
  dailyBudget?: string | null | undefined;
  /** null or absent = no monthly limit; in the currency's unit */
  monthlyBudget?: string | null | undefined;
  name: string;
  /** IANA name; default UTC */
  timezone?: string | null | undefined;
};

export type CreateCampaignInput = {
  /** never changes */
  brandId: string | number;
  externalCampaignId?: string | null | undefined;
  /** unique within the brand */
  name: string;
  /** with externalCampaignId: the ad platform’s reference, unique within the brand */
  platform?: string | null | undefined;
};

export type CreateWebhookEndpointInput = {
  /** absent or null: every brand (a key limited to some brands must name one) */
  brandId?: string | number | null | undefined;
  description?: string | null | undefined;
  /** default: all */
  eventTypes?: Array<WebhookEventType> | null | undefined;
  /** https; http only to localhost, 127.0.0.1 or [::1]. A public address, unless the host is named in OUTBOUND_ALLOW_HOSTS */
  url: string;
};

export type DayOfWeek =
  | 'FRIDAY'
  | 'MONDAY'
  | 'SATURDAY'
  | 'SUNDAY'
  | 'THURSDAY'
  | 'TUESDAY'
  | 'WEDNESDAY';

/** What a campaign the service holds paused that runs on its ad platform (someone enabled it there) gets: REPAUSE pauses it again, REPORT leaves it running; either way a platform event and a budget alert say so. */
export type DriftPolicy =
  | 'REPAUSE'
  | 'REPORT';

export type NextChangeReason =
  /** a new brand-local day ends the daily budget pause */
  | 'NEW_DAY'
  /** a new brand-local month ends the monthly budget pause */
  | 'NEW_MONTH'
  /** an override that reaches it ends (`until`): the rules it lifted apply again */
  | 'OVERRIDE_ENDS'
  /** its state already differs from the rules: the next job run applies it */
  | 'PENDING'
  /** its last open window closes */
  | 'WINDOW_CLOSES'
  /** a dayparting window opens */
  | 'WINDOW_OPENS';

/** paceRatio against 1 ± band: OVER above, UNDER below, ON_TRACK within (edges included). */
export type PaceStatus =
  | 'ON_TRACK'
  | 'OVER'
  | 'UNDER';

/** CURVE: the brand's (campaign's) own hour-of-day spend curve of the 28 days before today, blended 3/4 with 1/4 flat; LINEAR: every open hour alike (fewer than 7 of those days had spend). */
export type PacingMethod =
  | 'CURVE'
  | 'LINEAR';

/** Why a campaign is paused, in order of precedence: MANUAL, MONTHLY_BUDGET, DAILY_BUDGET, DAYPARTING. */
export type PauseReason =
  | 'DAILY_BUDGET'
  | 'DAYPARTING'
  | 'MANUAL'
  | 'MONTHLY_BUDGET';

/** A campaign’s status on its platform (Meta’s ACTIVE is ENABLED; its ARCHIVED and DELETED are REMOVED). */
export type PlatformCampaignStatus =
  | 'ENABLED'
  | 'PAUSED'
  | 'REMOVED';

/** A campaign’s windows under the proposed policy ([]: none, it may run at any time). */
export type ProposedWindows = {
  campaignId: string | number;
  windows: Array<WindowInput>;
};

/** Identify the campaign by campaignId, or by platform + externalCampaignId (plus brandId where that pair exists in several brands). */
export type SpendInput = {
  /** not 0; negative for corrections; at most the brand's currency's decimals */
  amount: string;
  brandId?: string | number | null | undefined;
  campaignId?: string | number | null | undefined;
  description?: string | null | undefined;
  externalCampaignId?: string | null | undefined;
  /** idempotency key, unique per brand and source */
  externalId?: string | null | undefined;
  /** default: now; at most 5 minutes ahead */
  occurredAt?: string | null | undefined;
  platform?: string | null | undefined;
  /** default "api" */
  source?: string | null | undefined;
  /** instead of occurredAt: the brand-local date to book it on (it occurred at that date's start in the brand's timezone); not after the brand's today */
  spendDate?: string | null | undefined;
  /** default DAILY; MONTHLY (a monthly fee) counts toward the month only, never toward a day’s budget */
  spendType?: SpendType | null | undefined;
};

/** DAILY (the default) counts toward the spend’s brand-local day and its month; MONTHLY (a monthly fee) toward its month only: it never uses up a daily budget. */
export type SpendType =
  | 'DAILY'
  | 'MONTHLY';

/** campaignId (one campaign) or brandId (every campaign of the brand), not both. */
export type StartOverrideInput = {
  brandId?: string | number | null | undefined;
  campaignId?: string | number | null | undefined;
  /** any of MONTHLY_BUDGET, DAILY_BUDGET, DAYPARTING; never MANUAL */
  lifts: Array<PauseReason>;
  /** why, for the people who see it (1–500 characters) */
  reason: string;
  /** in the future, and at most the end of the brand’s month */
  until: string;
};

/** What caused a status change: a spend, a budget or timezone change, windows, an operator (MANUAL), a scheduled task, a reconcile, a new campaign (CREATE), an override started or cancelled by an operator (OVERRIDE), or one ending on its own at its `until` (OVERRIDE_END). */
export type StatusTrigger =
  | 'BUDGET_CHANGE'
  | 'CREATE'
  | 'ENFORCE_BUDGETS'
  | 'ENFORCE_DAYPARTING'
  | 'MANUAL'
  | 'OVERRIDE'
  | 'OVERRIDE_END'
  | 'RECONCILE'
  | 'RESET_DAILY'
  | 'RESET_MONTHLY'
  | 'SCHEDULE_CHANGE'
  | 'SPEND';

/** Absent fields stay as they are; a budget set to null means no limit. */
export type UpdateBrandInput = {
  /** replaces the list; [] = no alerts */
  alertThresholds?: Array<number> | null | undefined;
  /** may only repeat the current one: the currency is fixed at creation */
  currency?: string | null | undefined;
  dailyBudget?: string | null | undefined;
  driftPolicy?: DriftPolicy | null | undefined;
  monthlyBudget?: string | null | undefined;
  name?: string | null | undefined;
  timezone?: string | null | undefined;
};

/** Name and external reference only; absent fields stay as they are. */
export type UpdateCampaignInput = {
  externalCampaignId?: string | null | undefined;
  name?: string | null | undefined;
  platform?: string | null | undefined;
};

/** Absent fields stay as they are. A type taken up again starts from now (no backlog). */
export type UpdateWebhookEndpointInput = {
  description?: string | null | undefined;
  eventTypes?: Array<WebhookEventType> | null | undefined;
  url?: string | null | undefined;
};

/** CAMPAIGN_STATUS_CHANGED: a campaign paused or resumed (body type campaign.status_changed); BUDGET_ALERT: a budget threshold crossed (budget.alert); PLATFORM_EVENT: something on an ad platform an operator should know: drift, refused credentials, a failed push or sync, a recovery (platform.event). */
export type WebhookEventType =
  | 'BUDGET_ALERT'
  | 'CAMPAIGN_STATUS_CHANGED'
  | 'PLATFORM_EVENT';

export type WindowInput = {
  dayOfWeek: DayOfWeek;
  endTime: string;
  /** default true */
  isActive?: boolean | null | undefined;
  startTime: string;
};

export type CreateBrandMutationVariables = Exact<{
  input: CreateBrandInput;
}>;


export type CreateBrandMutation = { createBrand: { id: string } };

export type UpdateBrandMutationVariables = Exact<{
  id: string | number;
  input: UpdateBrandInput;
}>;


export type UpdateBrandMutation = { updateBrand: { id: string } };

export type BrandsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  name?: string | null | undefined;
  paused?: boolean | null | undefined;
  archived?: boolean | null | undefined;
}>;


export type BrandsQuery = { brands: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, archivedAt: string | null, currency: string, dailyBudget: string | null, dailySpend: string, monthlyBudget: string | null, monthlySpend: string, active: { totalCount: number }, paused: { totalCount: number }, overrides: Array<{ id: string }> } }> } };

export type OneBrandQueryVariables = Exact<{
  id: string | number;
}>;


export type OneBrandQuery = { brand: { id: string, name: string, archivedAt: string | null, currency: string, dailyBudget: string | null, dailySpend: string, monthlyBudget: string | null, monthlySpend: string, active: { totalCount: number }, paused: { totalCount: number }, overrides: Array<{ id: string }> } | null };

export type BrandPaceFragment = { id: string, timezone: string, pacing: { daily: { budget: string | null, projected: string, paceRatio: number | null, status: PaceStatus | null, budgetUsedUp: boolean, runsOutAt: string | null }, monthly: { budget: string | null, projected: string, paceRatio: number | null, status: PaceStatus | null, budgetUsedUp: boolean, runsOutAt: string | null } } };

export type BrandPacesQueryVariables = Exact<{
  after?: string | null | undefined;
  offset?: number | null | undefined;
  name?: string | null | undefined;
  paused?: boolean | null | undefined;
  archived?: boolean | null | undefined;
}>;


export type BrandPacesQuery = { brands: { edges: Array<{ node: { id: string, timezone: string, pacing: { daily: { budget: string | null, projected: string, paceRatio: number | null, status: PaceStatus | null, budgetUsedUp: boolean, runsOutAt: string | null }, monthly: { budget: string | null, projected: string, paceRatio: number | null, status: PaceStatus | null, budgetUsedUp: boolean, runsOutAt: string | null } } } }> } };

export type OneBrandPaceQueryVariables = Exact<{
  id: string | number;
}>;


export type OneBrandPaceQuery = { brand: { id: string, timezone: string, pacing: { daily: { budget: string | null, projected: string, paceRatio: number | null, status: PaceStatus | null, budgetUsedUp: boolean, runsOutAt: string | null }, monthly: { budget: string | null, projected: string, paceRatio: number | null, status: PaceStatus | null, budgetUsedUp: boolean, runsOutAt: string | null } } } | null };

export type SetSchedulesMutationVariables = Exact<{
  campaignId: string | number;
  windows: Array<WindowInput> | WindowInput;
}>;


export type SetSchedulesMutation = { setSchedules: Array<{ id: string }> };

export type AuditPageQueryVariables = Exact<{
  last: number;
  before?: string | null | undefined;
  brandId?: string | number | null | undefined;
  actor?: string | null | undefined;
  action?: string | null | undefined;
}>;


export type AuditPageQuery = { auditEntries: { totalCount: number, pageInfo: { hasPreviousPage: boolean, startCursor: string | null }, edges: Array<{ node: { id: string, actor: string, action: string, targetType: string, targetId: string, brandId: string | null, before: string | null, after: string | null, occurredAt: string } }> } };

export type BacktestCampaignsQueryVariables = Exact<{
  id: string | number;
}>;


export type BacktestCampaignsQuery = { brand: { campaigns: { edges: Array<{ node: { id: string, name: string, schedules: Array<{ dayOfWeek: DayOfWeek, startTime: string, endTime: string, isActive: boolean }> } }> } } | null };

export type BacktestRunQueryVariables = Exact<{
  brandId: string | number;
  from: string;
  to: string;
  daily?: string | null | undefined;
  monthly?: string | null | undefined;
  windows?: Array<ProposedWindows> | ProposedWindows | null | undefined;
}>;


export type BacktestRunQuery = { backtest: { paused: number, resumed: number, recordedChanges: number, spendWhilePaused: string, recordedSpendWhilePaused: string, changes: Array<{ at: string, campaignName: string, fromStatus: CampaignStatus | null, fromReason: PauseReason | null, toStatus: CampaignStatus, toReason: PauseReason | null, trigger: StatusTrigger }>, campaigns: Array<{ campaignId: string, campaignName: string, spendWhilePaused: string, recordedSpendWhilePaused: string }> } | null };

export type WebhookDeliveriesQueryVariables = Exact<{
  id: string | number;
  after?: string | null | undefined;
}>;


export type WebhookDeliveriesQuery = { webhookEndpoint: { id: string, deliveries: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, at: string, eventType: WebhookEventType, messageId: string, attempt: number, succeeded: boolean, statusCode: number | null, error: string | null, durationMs: number, redelivery: boolean } }> } } | null };

export type RedeliverWebhookMutationVariables = Exact<{
  deliveryId: string | number;
}>;


export type RedeliverWebhookMutation = { redeliverWebhook: { messageId: string, waiting: number } };

export type ApiKeysQueryVariables = Exact<{ [key: string]: never; }>;


export type ApiKeysQuery = { apiKeys: Array<{ id: string, name: string, role: ApiKeyRole, brandIds: Array<string>, createdAt: string, lastUsedAt: string | null, revokedAt: string | null }> };

export type BrandChoicesQueryVariables = Exact<{ [key: string]: never; }>;


export type BrandChoicesQuery = { brands: { totalCount: number, edges: Array<{ node: { id: string, name: string } }> } };

export type CreateApiKeyMutationVariables = Exact<{
  name: string;
  role: ApiKeyRole;
  brandIds?: Array<string | number> | string | number | null | undefined;
}>;


export type CreateApiKeyMutation = { createApiKey: { key: string, apiKey: { id: string, name: string } } };

export type RevokeApiKeyMutationVariables = Exact<{
  id: string;
}>;


export type RevokeApiKeyMutation = { revokeApiKey: { id: string, revokedAt: string | null } };

export type AllSpendsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
  search?: string | null | undefined;
  brandId?: string | number | null | undefined;
  campaignId?: string | number | null | undefined;
  source?: string | null | undefined;
  recordedBy?: string | null | undefined;
  from?: string | null | undefined;
  to?: string | null | undefined;
}>;


export type AllSpendsQuery = { spends: { totalCount: number, pageInfo: { startCursor: string | null, endCursor: string | null }, edges: Array<{ node: { id: string, amount: string, occurredAt: string, spendDate: string, spendType: SpendType, source: string, recordedBy: string | null, description: string, brand: { id: string, name: string, currency: string, timezone: string }, campaign: { id: string, name: string } } }> } };

export type SpendChoicesQueryVariables = Exact<{
  brandId?: string | number | null | undefined;
  withCampaigns: boolean;
}>;


export type SpendChoicesQuery = { brands: { edges: Array<{ node: { id: string, name: string } }> }, campaigns?: { edges: Array<{ node: { id: string, name: string } }> } };

export type EndpointFieldsFragment = { id: string, url: string, description: string, brandId: string | null, eventTypes: Array<WebhookEventType>, enabled: boolean, disabledAt: string | null, disabledReason: string | null, consecutiveFailures: number, nextAttemptAt: string | null, waitingRedeliveries: Array<string>, createdAt: string, brand: { id: string, name: string } | null };

export type WebhookEndpointsQueryVariables = Exact<{
  after?: string | null | undefined;
}>;


export type WebhookEndpointsQuery = { webhookEndpoints: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, url: string, description: string, brandId: string | null, eventTypes: Array<WebhookEventType>, enabled: boolean, disabledAt: string | null, disabledReason: string | null, consecutiveFailures: number, nextAttemptAt: string | null, waitingRedeliveries: Array<string>, createdAt: string, brand: { id: string, name: string } | null } }> } };

export type CreateWebhookEndpointMutationVariables = Exact<{
  input: CreateWebhookEndpointInput;
}>;


export type CreateWebhookEndpointMutation = { createWebhookEndpoint: { secret: string, endpoint: { id: string, url: string } } };

export type UpdateWebhookEndpointMutationVariables = Exact<{
  id: string | number;
  input: UpdateWebhookEndpointInput;
}>;


export type UpdateWebhookEndpointMutation = { updateWebhookEndpoint: { id: string, url: string, description: string, brandId: string | null, eventTypes: Array<WebhookEventType>, enabled: boolean, disabledAt: string | null, disabledReason: string | null, consecutiveFailures: number, nextAttemptAt: string | null, waitingRedeliveries: Array<string>, createdAt: string, brand: { id: string, name: string } | null } };

export type EnableWebhookEndpointMutationVariables = Exact<{
  id: string | number;
}>;


export type EnableWebhookEndpointMutation = { enableWebhookEndpoint: { id: string, url: string, description: string, brandId: string | null, eventTypes: Array<WebhookEventType>, enabled: boolean, disabledAt: string | null, disabledReason: string | null, consecutiveFailures: number, nextAttemptAt: string | null, waitingRedeliveries: Array<string>, createdAt: string, brand: { id: string, name: string } | null } };

export type DisableWebhookEndpointMutationVariables = Exact<{
  id: string | number;
}>;


export type DisableWebhookEndpointMutation = { disableWebhookEndpoint: { id: string, url: string, description: string, brandId: string | null, eventTypes: Array<WebhookEventType>, enabled: boolean, disabledAt: string | null, disabledReason: string | null, consecutiveFailures: number, nextAttemptAt: string | null, waitingRedeliveries: Array<string>, createdAt: string, brand: { id: string, name: string } | null } };

export type RotateWebhookSecretMutationVariables = Exact<{
  id: string | number;
}>;


export type RotateWebhookSecretMutation = { rotateWebhookSecret: { secret: string, endpoint: { id: string, url: string } } };

export type DeleteWebhookEndpointMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteWebhookEndpointMutation = { deleteWebhookEndpoint: string };

export type PickBrandsQueryVariables = Exact<{ [key: string]: never; }>;


export type PickBrandsQuery = { brands: { edges: Array<{ node: { id: string, name: string, timezone: string, currency: string, dailyBudget: string | null, monthlyBudget: string | null } }> } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { name: string, role: ApiKeyRole, brandIds: Array<string> | null } };

export type BrandAdAccountsQueryVariables = Exact<{
  id: string | number;
}>;


export type BrandAdAccountsQuery = { brand: { id: string, driftPolicy: DriftPolicy, adAccounts: Array<{ id: string, platform: AdPlatform, externalAccountId: string, name: string, currency: string, timeZone: string, status: AdAccountStatus, lastSyncAt: string | null, lastError: string | null, campaigns: { totalCount: number }, events: Array<{ id: string, kind: string, message: string, platformActor: string | null, occurredAt: string }> }> } | null };

export type ConnectAdAccountMutationVariables = Exact<{
  input: ConnectAdAccountInput;
}>;


export type ConnectAdAccountMutation = { connectAdAccount: { id: string, name: string } };

export type UpdateAdAccountCredentialsMutationVariables = Exact<{
  id: string | number;
  credentials: AdAccountCredentialsInput;
}>;


export type UpdateAdAccountCredentialsMutation = { updateAdAccountCredentials: { id: string, status: AdAccountStatus } };

export type DisconnectAdAccountMutationVariables = Exact<{
  id: string | number;
}>;


export type DisconnectAdAccountMutation = { disconnectAdAccount: string };

export type SyncAdAccountMutationVariables = Exact<{
  id: string | number;
}>;


export type SyncAdAccountMutation = { syncAdAccount: { error: string | null, pull: { dates: Array<string>, entries: number } | null, drift: { found: number, repaused: number, reported: number } | null, push: { paused: number, resumed: number, failed: number, retryAt: string | null } | null } };

export type ImportAdCampaignsMutationVariables = Exact<{
  adAccountId: string | number;
}>;


export type ImportAdCampaignsMutation = { importAdCampaigns: { linked: number, created: number, skipped: number } };

export type UpdateDriftPolicyMutationVariables = Exact<{
  id: string | number;
  driftPolicy: DriftPolicy;
}>;


export type UpdateDriftPolicyMutation = { updateBrand: { id: string, driftPolicy: DriftPolicy } };

export type BrandAuditQueryVariables = Exact<{
  brandId?: string | number | null | undefined;
}>;


export type BrandAuditQuery = { auditEntries: { edges: Array<{ node: { id: string, actor: string, action: string, targetType: string, targetId: string, before: string | null, after: string | null, occurredAt: string } }> } };

export type BrandPageQueryVariables = Exact<{
  id: string | number;
}>;


export type BrandPageQuery = { brand: { id: string, name: string, currency: string, timezone: string, dailyBudget: string | null, dailySpend: string, monthlyBudget: string | null, monthlySpend: string, alertThresholds: Array<number>, archivedAt: string | null, adAccounts: Array<{ id: string }>, overrides: Array<{ id: string, campaignId: string | null, lifts: Array<PauseReason>, until: string, reason: string, createdBy: string }>, pacing: { method: PacingMethod, daily: { budget: string | null, projected: string, paceRatio: number | null, status: PaceStatus | null, budgetUsedUp: boolean, runsOutAt: string | null }, monthly: { budget: string | null, projected: string, paceRatio: number | null, status: PaceStatus | null, budgetUsedUp: boolean, runsOutAt: string | null } }, campaigns: { totalCount: number, edges: Array<{ node: { id: string, name: string, platform: string | null, externalCampaignId: string | null, status: CampaignStatus, pauseReason: PauseReason | null, pauseReasons: Array<PauseReason>, archivedAt: string | null, dailySpend: string, monthlySpend: string, schedules: Array<{ dayOfWeek: DayOfWeek, startTime: string, endTime: string, isActive: boolean }> } }> } } | null };

export type ArchiveBrandMutationVariables = Exact<{
  id: string | number;
}>;


export type ArchiveBrandMutation = { archiveBrand: { id: string } };

export type UnarchiveBrandMutationVariables = Exact<{
  id: string | number;
}>;


export type UnarchiveBrandMutation = { unarchiveBrand: { id: string } };

export type BrandOverrideStateQueryVariables = Exact<{
  id: string | number;
}>;


export type BrandOverrideStateQuery = { brand: { id: string, campaigns: { edges: Array<{ node: { id: string, liftedReasons: Array<PauseReason>, overrides: Array<{ id: string }> } }> } } | null };

export type BrandPlatformStatesQueryVariables = Exact<{
  id: string | number;
}>;


export type BrandPlatformStatesQuery = { brand: { id: string, campaigns: { edges: Array<{ node: { id: string, adAccount: { id: string, platform: AdPlatform } | null, platformState: { desired: PlatformCampaignStatus | null, actual: PlatformCampaignStatus | null, pausedByUs: boolean, syncedAt: string | null, lastError: string | null } | null } }> } } | null };

export type PeriodPaceFragment = { budget: string | null, projected: string, paceRatio: number | null, status: PaceStatus | null, budgetUsedUp: boolean, runsOutAt: string | null };

export type BulkOutcomeFragment = { changed: Array<{ id: string }>, unchanged: Array<{ id: string }>, statusChanges: Array<{ campaignId: string, fromStatus: CampaignStatus | null, toStatus: CampaignStatus, toReason: PauseReason | null }> };

export type PauseCampaignsMutationVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type PauseCampaignsMutation = { pauseCampaigns: { changed: Array<{ id: string }>, unchanged: Array<{ id: string }>, statusChanges: Array<{ campaignId: string, fromStatus: CampaignStatus | null, toStatus: CampaignStatus, toReason: PauseReason | null }> } };

export type ResumeCampaignsMutationVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type ResumeCampaignsMutation = { resumeCampaigns: { changed: Array<{ id: string }>, unchanged: Array<{ id: string }>, statusChanges: Array<{ campaignId: string, fromStatus: CampaignStatus | null, toStatus: CampaignStatus, toReason: PauseReason | null }> } };

export type ArchiveCampaignsMutationVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type ArchiveCampaignsMutation = { archiveCampaigns: { changed: Array<{ id: string }>, unchanged: Array<{ id: string }>, statusChanges: Array<{ campaignId: string, fromStatus: CampaignStatus | null, toStatus: CampaignStatus, toReason: PauseReason | null }> } };

export type PauseBrandMutationVariables = Exact<{
  id: string | number;
}>;


export type PauseBrandMutation = { pauseBrand: { changed: Array<{ id: string }>, unchanged: Array<{ id: string }>, statusChanges: Array<{ campaignId: string, fromStatus: CampaignStatus | null, toStatus: CampaignStatus, toReason: PauseReason | null }> } };

export type ResumeBrandMutationVariables = Exact<{
  id: string | number;
}>;


export type ResumeBrandMutation = { resumeBrand: { changed: Array<{ id: string }>, unchanged: Array<{ id: string }>, statusChanges: Array<{ campaignId: string, fromStatus: CampaignStatus | null, toStatus: CampaignStatus, toReason: PauseReason | null }> } };

export type CreateCampaignMutationVariables = Exact<{
  input: CreateCampaignInput;
}>;


export type CreateCampaignMutation = { createCampaign: { id: string } };

export type PauseCampaignMutationVariables = Exact<{
  id: string | number;
}>;


export type PauseCampaignMutation = { pauseCampaign: { id: string } };

export type ResumeCampaignMutationVariables = Exact<{
  id: string | number;
}>;


export type ResumeCampaignMutation = { resumeCampaign: { id: string } };

export type ArchiveCampaignMutationVariables = Exact<{
  id: string | number;
}>;


export type ArchiveCampaignMutation = { archiveCampaign: { id: string } };

export type UnarchiveCampaignMutationVariables = Exact<{
  id: string | number;
}>;


export type UnarchiveCampaignMutation = { unarchiveCampaign: { id: string } };

export type UpdateCampaignMutationVariables = Exact<{
  id: string | number;
  input: UpdateCampaignInput;
}>;


export type UpdateCampaignMutation = { updateCampaign: { id: string } };

export type BrandNextChangesQueryVariables = Exact<{
  id: string | number;
}>;


export type BrandNextChangesQuery = { brand: { id: string, campaigns: { edges: Array<{ node: { id: string, name: string, status: CampaignStatus, nextChange: { at: string, reason: NextChangeReason, toStatus: CampaignStatus, toReason: PauseReason | null } | null } }> } } | null };

export type StartOverrideMutationVariables = Exact<{
  input: StartOverrideInput;
}>;


export type StartOverrideMutation = { startOverride: { id: string } };

export type CancelOverrideMutationVariables = Exact<{
  id: string | number;
}>;


export type CancelOverrideMutation = { cancelOverride: { id: string } };

export type RecordSpendMutationVariables = Exact<{
  input: SpendInput;
}>;


export type RecordSpendMutation = { recordSpend: { duplicate: boolean, spend: { amount: string }, statusChanges: Array<{ campaignName: string, toReason: PauseReason | null }> } };

export type BrandSpendsQueryVariables = Exact<{
  brandId?: string | number | null | undefined;
  campaignId?: string | number | null | undefined;
  from?: string | null | undefined;
  to?: string | null | undefined;
}>;


export type BrandSpendsQuery = { spends: { totalCount: number, edges: Array<{ node: { id: string, amount: string, occurredAt: string, spendDate: string, description: string, source: string, spendType: SpendType, recordedBy: string | null, campaign: { name: string } } }> } };

export type FeedEventFragment = { id: string, brandId: string, campaignId: string | null, campaignName: string, fromStatus: CampaignStatus | null, toStatus: CampaignStatus, toReason: PauseReason | null, trigger: StatusTrigger, actor: string, occurredAt: string, brand: { name: string, timezone: string } | null };

export type FeedAlertFragment = { id: string, brandId: string, period: BudgetPeriod, threshold: number, reached: number, spent: string, budget: string, occurredAt: string, brand: { name: string, timezone: string, currency: string } | null };

export type BrandRowFragment = { id: string, name: string, archivedAt: string | null, currency: string, dailyBudget: string | null, dailySpend: string, monthlyBudget: string | null, monthlySpend: string, active: { totalCount: number }, paused: { totalCount: number }, overrides: Array<{ id: string }> };

export type RecentEventsQueryVariables = Exact<{ [key: string]: never; }>;


export type RecentEventsQuery = { campaignStatusEvents: { edges: Array<{ node: { id: string, brandId: string, campaignId: string | null, campaignName: string, fromStatus: CampaignStatus | null, toStatus: CampaignStatus, toReason: PauseReason | null, trigger: StatusTrigger, actor: string, occurredAt: string, brand: { name: string, timezone: string } | null } }> } };

export type RecentAlertsQueryVariables = Exact<{ [key: string]: never; }>;


export type RecentAlertsQuery = { budgetAlerts: { edges: Array<{ node: { id: string, brandId: string, period: BudgetPeriod, threshold: number, reached: number, spent: string, budget: string, occurredAt: string, brand: { name: string, timezone: string, currency: string } | null } }> } };

export type AlertFeedSubscriptionVariables = Exact<{
  after?: string | number | null | undefined;
}>;


export type AlertFeedSubscription = { budgetAlert: { id: string, brandId: string, period: BudgetPeriod, threshold: number, reached: number, spent: string, budget: string, occurredAt: string, brand: { name: string, timezone: string, currency: string } | null } };

export type StatusFeedSubscriptionVariables = Exact<{
  after?: string | number | null | undefined;
}>;


export type StatusFeedSubscription = { campaignStatusChanged: { id: string, brandId: string, campaignId: string | null, campaignName: string, fromStatus: CampaignStatus | null, toStatus: CampaignStatus, toReason: PauseReason | null, trigger: StatusTrigger, actor: string, occurredAt: string, brand: { name: string, timezone: string } | null } };

export type SpendFeedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type SpendFeedSubscription = { brandSpendChanged: { id: string, name: string, archivedAt: string | null, currency: string, dailyBudget: string | null, dailySpend: string, monthlyBudget: string | null, monthlySpend: string, active: { totalCount: number }, paused: { totalCount: number }, overrides: Array<{ id: string }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const PeriodPaceFragmentDoc = new TypedDocumentString(`
    fragment PeriodPace on PeriodPacing {
  budget
  projected
  paceRatio
  status
  budgetUsedUp
  runsOutAt
}
    `, {"fragmentName":"PeriodPace"}) as unknown as TypedDocumentString<PeriodPaceFragment, unknown>;
export const BrandPaceFragmentDoc = new TypedDocumentString(`
    fragment BrandPace on Brand {
  id
  timezone
  pacing {
    daily {
      ...PeriodPace
    }
    monthly {
      ...PeriodPace
    }
  }
}
    fragment PeriodPace on PeriodPacing {
  budget
  projected
  paceRatio
  status
  budgetUsedUp
  runsOutAt
}`, {"fragmentName":"BrandPace"}) as unknown as TypedDocumentString<BrandPaceFragment, unknown>;
export const EndpointFieldsFragmentDoc = new TypedDocumentString(`
    fragment EndpointFields on WebhookEndpoint {
  id
  url
  description
  brandId
  brand {
    id
    name
  }
  eventTypes
  enabled
  disabledAt
  disabledReason
  consecutiveFailures
  nextAttemptAt
  waitingRedeliveries
  createdAt
}
    `, {"fragmentName":"EndpointFields"}) as unknown as TypedDocumentString<EndpointFieldsFragment, unknown>;
export const BulkOutcomeFragmentDoc = new TypedDocumentString(`
    fragment BulkOutcome on CampaignsOutcome {
  changed {
    id
  }
  unchanged {
    id
  }
  statusChanges {
    campaignId
    fromStatus
    toStatus
    toReason
  }
}
    `, {"fragmentName":"BulkOutcome"}) as unknown as TypedDocumentString<BulkOutcomeFragment, unknown>;
export const FeedEventFragmentDoc = new TypedDocumentString(`
    fragment FeedEvent on CampaignStatusEvent {
  id
  brandId
  campaignId
  campaignName
  fromStatus
  toStatus
  toReason
  trigger
  actor
  occurredAt
  brand {
    name
    timezone
  }
}
    `, {"fragmentName":"FeedEvent"}) as unknown as TypedDocumentString<FeedEventFragment, unknown>;
export const FeedAlertFragmentDoc = new TypedDocumentString(`
    fragment FeedAlert on BudgetAlert {
  id
  brandId
  period
  threshold
  reached
  spent
  budget
  occurredAt
  brand {
    name
    timezone
    currency
  }
}
    `, {"fragmentName":"FeedAlert"}) as unknown as TypedDocumentString<FeedAlertFragment, unknown>;
export const BrandRowFragmentDoc = new TypedDocumentString(`
    fragment BrandRow on Brand {
  id
  name
  archivedAt
  currency
  dailyBudget
  dailySpend
  monthlyBudget
  monthlySpend
  active: campaigns(status: ACTIVE, first: 0) {
    totalCount
  }
  paused: campaigns(status: PAUSED, first: 0) {
    totalCount
  }
  overrides {
    id
  }
}
    `, {"fragmentName":"BrandRow"}) as unknown as TypedDocumentString<BrandRowFragment, unknown>;
export const CreateBrandDocument = new TypedDocumentString(`
    mutation CreateBrand($input: CreateBrandInput!) {
  createBrand(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<CreateBrandMutation, CreateBrandMutationVariables>;
export const UpdateBrandDocument = new TypedDocumentString(`
    mutation UpdateBrand($id: ID!, $input: UpdateBrandInput!) {
  updateBrand(id: $id, input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<UpdateBrandMutation, UpdateBrandMutationVariables>;
export const BrandsDocument = new TypedDocumentString(`
    query Brands($first: Int, $after: String, $name: String, $paused: Boolean, $archived: Boolean) {
  brands(
    first: $first
    after: $after
    nameContains: $name
    withPausedCampaigns: $paused
    includeArchived: $archived
  ) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...BrandRow
      }
    }
  }
}
    fragment BrandRow on Brand {
  id
  name
  archivedAt
  currency
  dailyBudget
  dailySpend
  monthlyBudget
  monthlySpend
  active: campaigns(status: ACTIVE, first: 0) {
    totalCount
  }
  paused: campaigns(status: PAUSED, first: 0) {
    totalCount
  }
  overrides {
    id
  }
}`) as unknown as TypedDocumentString<BrandsQuery, BrandsQueryVariables>;
export const OneBrandDocument = new TypedDocumentString(`
    query OneBrand($id: ID!) {
  brand(id: $id) {
    ...BrandRow
  }
}
    fragment BrandRow on Brand {
  id
  name
  archivedAt
  currency
  dailyBudget
  dailySpend
  monthlyBudget
  monthlySpend
  active: campaigns(status: ACTIVE, first: 0) {
    totalCount
  }
  paused: campaigns(status: PAUSED, first: 0) {
    totalCount
  }
  overrides {
    id
  }
}`) as unknown as TypedDocumentString<OneBrandQuery, OneBrandQueryVariables>;
export const BrandPacesDocument = new TypedDocumentString(`
    query BrandPaces($after: String, $offset: Int, $name: String, $paused: Boolean, $archived: Boolean) {
  brands(
    first: 25
    after: $after
    offset: $offset
    nameContains: $name
    withPausedCampaigns: $paused
    includeArchived: $archived
  ) {
    edges {
      node {
        ...BrandPace
      }
    }
  }
}
    fragment BrandPace on Brand {
  id
  timezone
  pacing {
    daily {
      ...PeriodPace
    }
    monthly {
      ...PeriodPace
    }
  }
}
fragment PeriodPace on PeriodPacing {
  budget
  projected
  paceRatio
  status
  budgetUsedUp
  runsOutAt
}`) as unknown as TypedDocumentString<BrandPacesQuery, BrandPacesQueryVariables>;
export const OneBrandPaceDocument = new TypedDocumentString(`
    query OneBrandPace($id: ID!) {
  brand(id: $id) {
    ...BrandPace
  }
}
    fragment BrandPace on Brand {
  id
  timezone
  pacing {
    daily {
      ...PeriodPace
    }
    monthly {
      ...PeriodPace
    }
  }
}
fragment PeriodPace on PeriodPacing {
  budget
  projected
  paceRatio
  status
  budgetUsedUp
  runsOutAt
}`) as unknown as TypedDocumentString<OneBrandPaceQuery, OneBrandPaceQueryVariables>;
export const SetSchedulesDocument = new TypedDocumentString(`
    mutation SetSchedules($campaignId: ID!, $windows: [WindowInput!]!) {
  setSchedules(campaignId: $campaignId, windows: $windows) {
    id
  }
}
    `) as unknown as TypedDocumentString<SetSchedulesMutation, SetSchedulesMutationVariables>;
export const AuditPageDocument = new TypedDocumentString(`
    query AuditPage($last: Int!, $before: String, $brandId: ID, $actor: String, $action: String) {
  auditEntries(
    last: $last
    before: $before
    brandId: $brandId
    actor: $actor
    action: $action
  ) {
    totalCount
    pageInfo {
      hasPreviousPage
      startCursor
    }
    edges {
      node {
        id
        actor
        action
        targetType
        targetId
        brandId
        before
        after
        occurredAt
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AuditPageQuery, AuditPageQueryVariables>;
export const BacktestCampaignsDocument = new TypedDocumentString(`
    query BacktestCampaigns($id: ID!) {
  brand(id: $id) {
    campaigns(first: 500) {
      edges {
        node {
          id
          name
          schedules {
            dayOfWeek
            startTime
            endTime
            isActive
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<BacktestCampaignsQuery, BacktestCampaignsQueryVariables>;
export const BacktestRunDocument = new TypedDocumentString(`
    query BacktestRun($brandId: ID!, $from: DateTime!, $to: DateTime!, $daily: Money, $monthly: Money, $windows: [ProposedWindows!]) {
  backtest(
    brandId: $brandId
    from: $from
    to: $to
    dailyBudget: $daily
    monthlyBudget: $monthly
    windows: $windows
  ) {
    paused
    resumed
    recordedChanges
    spendWhilePaused
    recordedSpendWhilePaused
    changes {
      at
      campaignName
      fromStatus
      fromReason
      toStatus
      toReason
      trigger
    }
    campaigns {
      campaignId
      campaignName
      spendWhilePaused
      recordedSpendWhilePaused
    }
  }
}
    `) as unknown as TypedDocumentString<BacktestRunQuery, BacktestRunQueryVariables>;
export const WebhookDeliveriesDocument = new TypedDocumentString(`
    query WebhookDeliveries($id: ID!, $after: String) {
  webhookEndpoint(id: $id) {
    id
    deliveries(first: 20, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          at
          eventType
          messageId
          attempt
          succeeded
          statusCode
          error
          durationMs
          redelivery
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<WebhookDeliveriesQuery, WebhookDeliveriesQueryVariables>;
export const RedeliverWebhookDocument = new TypedDocumentString(`
    mutation RedeliverWebhook($deliveryId: ID!) {
  redeliverWebhook(deliveryId: $deliveryId) {
    messageId
    waiting
  }
}
    `) as unknown as TypedDocumentString<RedeliverWebhookMutation, RedeliverWebhookMutationVariables>;
export const ApiKeysDocument = new TypedDocumentString(`
    query ApiKeys {
  apiKeys {
    id
    name
    role
    brandIds
    createdAt
    lastUsedAt
    revokedAt
  }
}
    `) as unknown as TypedDocumentString<ApiKeysQuery, ApiKeysQueryVariables>;
export const BrandChoicesDocument = new TypedDocumentString(`
    query BrandChoices {
  brands(first: 500, includeArchived: true) {
    totalCount
    edges {
      node {
        id
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<BrandChoicesQuery, BrandChoicesQueryVariables>;
export const CreateApiKeyDocument = new TypedDocumentString(`
    mutation CreateApiKey($name: String!, $role: ApiKeyRole!, $brandIds: [ID!]) {
  createApiKey(name: $name, role: $role, brandIds: $brandIds) {
    key
    apiKey {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<CreateApiKeyMutation, CreateApiKeyMutationVariables>;
export const RevokeApiKeyDocument = new TypedDocumentString(`
    mutation RevokeApiKey($id: String!) {
  revokeApiKey(id: $id) {
    id
    revokedAt
  }
}
    `) as unknown as TypedDocumentString<RevokeApiKeyMutation, RevokeApiKeyMutationVariables>;
export const AllSpendsDocument = new TypedDocumentString(`
    query AllSpends($first: Int, $after: String, $last: Int, $before: String, $search: String, $brandId: ID, $campaignId: ID, $source: String, $recordedBy: String, $from: Date, $to: Date) {
  spends(
    first: $first
    after: $after
    last: $last
    before: $before
    search: $search
    brandId: $brandId
    campaignId: $campaignId
    source: $source
    recordedBy: $recordedBy
    from: $from
    to: $to
  ) {
    totalCount
    pageInfo {
      startCursor
      endCursor
    }
    edges {
      node {
        id
        amount
        occurredAt
        spendDate
        spendType
        source
        recordedBy
        description
        brand {
          id
          name
          currency
          timezone
        }
        campaign {
          id
          name
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<AllSpendsQuery, AllSpendsQueryVariables>;
export const SpendChoicesDocument = new TypedDocumentString(`
    query SpendChoices($brandId: ID, $withCampaigns: Boolean!) {
  brands(first: 500, includeArchived: true) {
    edges {
      node {
        id
        name
      }
    }
  }
  campaigns(brandId: $brandId, first: 500, includeArchived: true) @include(if: $withCampaigns) {
    edges {
      node {
        id
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SpendChoicesQuery, SpendChoicesQueryVariables>;
export const WebhookEndpointsDocument = new TypedDocumentString(`
    query WebhookEndpoints($after: String) {
  webhookEndpoints(first: 100, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...EndpointFields
      }
    }
  }
}
    fragment EndpointFields on WebhookEndpoint {
  id
  url
  description
  brandId
  brand {
    id
    name
  }
  eventTypes
  enabled
  disabledAt
  disabledReason
  consecutiveFailures
  nextAttemptAt
  waitingRedeliveries
  createdAt
}`) as unknown as TypedDocumentString<WebhookEndpointsQuery, WebhookEndpointsQueryVariables>;
export const CreateWebhookEndpointDocument = new TypedDocumentString(`
    mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) {
    secret
    endpoint {
      id
      url
    }
  }
}
    `) as unknown as TypedDocumentString<CreateWebhookEndpointMutation, CreateWebhookEndpointMutationVariables>;
export const UpdateWebhookEndpointDocument = new TypedDocumentString(`
    mutation UpdateWebhookEndpoint($id: ID!, $input: UpdateWebhookEndpointInput!) {
  updateWebhookEndpoint(id: $id, input: $input) {
    ...EndpointFields
  }
}
    fragment EndpointFields on WebhookEndpoint {
  id
  url
  description
  brandId
  brand {
    id
    name
  }
  eventTypes
  enabled
  disabledAt
  disabledReason
  consecutiveFailures
  nextAttemptAt
  waitingRedeliveries
  createdAt
}`) as unknown as TypedDocumentString<UpdateWebhookEndpointMutation, UpdateWebhookEndpointMutationVariables>;
export const EnableWebhookEndpointDocument = new TypedDocumentString(`
    mutation EnableWebhookEndpoint($id: ID!) {
  enableWebhookEndpoint(id: $id) {
    ...EndpointFields
  }
}
    fragment EndpointFields on WebhookEndpoint {
  id
  url
  description
  brandId
  brand {
    id
    name
  }
  eventTypes
  enabled
  disabledAt
  disabledReason
  consecutiveFailures
  nextAttemptAt
  waitingRedeliveries
  createdAt
}`) as unknown as TypedDocumentString<EnableWebhookEndpointMutation, EnableWebhookEndpointMutationVariables>;
export const DisableWebhookEndpointDocument = new TypedDocumentString(`
    mutation DisableWebhookEndpoint($id: ID!) {
  disableWebhookEndpoint(id: $id) {
    ...EndpointFields
  }
}
    fragment EndpointFields on WebhookEndpoint {
  id
  url
  description
  brandId
  brand {
    id
    name
  }
  eventTypes
  enabled
  disabledAt
  disabledReason
  consecutiveFailures
  nextAttemptAt
  waitingRedeliveries
  createdAt
}`) as unknown as TypedDocumentString<DisableWebhookEndpointMutation, DisableWebhookEndpointMutationVariables>;
export const RotateWebhookSecretDocument = new TypedDocumentString(`
    mutation RotateWebhookSecret($id: ID!) {
  rotateWebhookSecret(id: $id) {
    secret
    endpoint {
      id
      url
    }
  }
}
    `) as unknown as TypedDocumentString<RotateWebhookSecretMutation, RotateWebhookSecretMutationVariables>;
export const DeleteWebhookEndpointDocument = new TypedDocumentString(`
    mutation DeleteWebhookEndpoint($id: ID!) {
  deleteWebhookEndpoint(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteWebhookEndpointMutation, DeleteWebhookEndpointMutationVariables>;
export const PickBrandsDocument = new TypedDocumentString(`
    query PickBrands {
  brands(first: 500, includeArchived: true) {
    edges {
      node {
        id
        name
        timezone
        currency
        dailyBudget
        monthlyBudget
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PickBrandsQuery, PickBrandsQueryVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    name
    role
    brandIds
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const BrandAdAccountsDocument = new TypedDocumentString(`
    query BrandAdAccounts($id: ID!) {
  brand(id: $id) {
    id
    driftPolicy
    adAccounts {
      id
      platform
      externalAccountId
      name
      currency
      timeZone
      status
      lastSyncAt
      lastError
      campaigns(first: 0) {
        totalCount
      }
      events(first: 10) {
        id
        kind
        message
        platformActor
        occurredAt
      }
    }
  }
}
    `) as unknown as TypedDocumentString<BrandAdAccountsQuery, BrandAdAccountsQueryVariables>;
export const ConnectAdAccountDocument = new TypedDocumentString(`
    mutation ConnectAdAccount($input: ConnectAdAccountInput!) {
  connectAdAccount(input: $input) {
    id
    name
  }
}
    `) as unknown as TypedDocumentString<ConnectAdAccountMutation, ConnectAdAccountMutationVariables>;
export const UpdateAdAccountCredentialsDocument = new TypedDocumentString(`
    mutation UpdateAdAccountCredentials($id: ID!, $credentials: AdAccountCredentialsInput!) {
  updateAdAccountCredentials(id: $id, credentials: $credentials) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<UpdateAdAccountCredentialsMutation, UpdateAdAccountCredentialsMutationVariables>;
export const DisconnectAdAccountDocument = new TypedDocumentString(`
    mutation DisconnectAdAccount($id: ID!) {
  disconnectAdAccount(id: $id)
}
    `) as unknown as TypedDocumentString<DisconnectAdAccountMutation, DisconnectAdAccountMutationVariables>;
export const SyncAdAccountDocument = new TypedDocumentString(`
    mutation SyncAdAccount($id: ID!) {
  syncAdAccount(id: $id) {
    error
    pull {
      dates
      entries
    }
    drift {
      found
      repaused
      reported
    }
    push {
      paused
      resumed
      failed
      retryAt
    }
  }
}
    `) as unknown as TypedDocumentString<SyncAdAccountMutation, SyncAdAccountMutationVariables>;
export const ImportAdCampaignsDocument = new TypedDocumentString(`
    mutation ImportAdCampaigns($adAccountId: ID!) {
  importAdCampaigns(adAccountId: $adAccountId) {
    linked
    created
    skipped
  }
}
    `) as unknown as TypedDocumentString<ImportAdCampaignsMutation, ImportAdCampaignsMutationVariables>;
export const UpdateDriftPolicyDocument = new TypedDocumentString(`
    mutation UpdateDriftPolicy($id: ID!, $driftPolicy: DriftPolicy!) {
  updateBrand(id: $id, input: {driftPolicy: $driftPolicy}) {
    id
    driftPolicy
  }
}
    `) as unknown as TypedDocumentString<UpdateDriftPolicyMutation, UpdateDriftPolicyMutationVariables>;
export const BrandAuditDocument = new TypedDocumentString(`
    query BrandAudit($brandId: ID) {
  auditEntries(brandId: $brandId, last: 20) {
    edges {
      node {
        id
        actor
        action
        targetType
        targetId
        before
        after
        occurredAt
      }
    }
  }
}
    `) as unknown as TypedDocumentString<BrandAuditQuery, BrandAuditQueryVariables>;
export const BrandPageDocument = new TypedDocumentString(`
    query BrandPage($id: ID!) {
  brand(id: $id) {
    id
    name
    currency
    timezone
    dailyBudget
    dailySpend
    monthlyBudget
    monthlySpend
    alertThresholds
    archivedAt
    adAccounts {
      id
    }
    overrides {
      id
      campaignId
      lifts
      until
      reason
      createdBy
    }
    pacing {
      method
      daily {
        ...PeriodPace
      }
      monthly {
        ...PeriodPace
      }
    }
    campaigns(first: 500, includeArchived: true) {
      totalCount
      edges {
        node {
          id
          name
          platform
          externalCampaignId
          status
          pauseReason
          pauseReasons
          archivedAt
          dailySpend
          monthlySpend
          schedules {
            dayOfWeek
            startTime
            endTime
            isActive
          }
        }
      }
    }
  }
}
    fragment PeriodPace on PeriodPacing {
  budget
  projected
  paceRatio
  status
  budgetUsedUp
  runsOutAt
}`) as unknown as TypedDocumentString<BrandPageQuery, BrandPageQueryVariables>;
export const ArchiveBrandDocument = new TypedDocumentString(`
    mutation ArchiveBrand($id: ID!) {
  archiveBrand(id: $id) {
    id
  }
}
    `) as unknown as TypedDocumentString<ArchiveBrandMutation, ArchiveBrandMutationVariables>;
export const UnarchiveBrandDocument = new TypedDocumentString(`
    mutation UnarchiveBrand($id: ID!) {
  unarchiveBrand(id: $id) {
    id
  }
}
    `) as unknown as TypedDocumentString<UnarchiveBrandMutation, UnarchiveBrandMutationVariables>;
export const BrandOverrideStateDocument = new TypedDocumentString(`
    query BrandOverrideState($id: ID!) {
  brand(id: $id) {
    id
    campaigns(first: 500, includeArchived: true) {
      edges {
        node {
          id
          liftedReasons
          overrides {
            id
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<BrandOverrideStateQuery, BrandOverrideStateQueryVariables>;
export const BrandPlatformStatesDocument = new TypedDocumentString(`
    query BrandPlatformStates($id: ID!) {
  brand(id: $id) {
    id
    campaigns(first: 500, includeArchived: true) {
      edges {
        node {
          id
          adAccount {
            id
            platform
          }
          platformState {
            desired
            actual
            pausedByUs
            syncedAt
            lastError
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<BrandPlatformStatesQuery, BrandPlatformStatesQueryVariables>;
export const PauseCampaignsDocument = new TypedDocumentString(`
    mutation PauseCampaigns($ids: [ID!]!) {
  pauseCampaigns(ids: $ids) {
    ...BulkOutcome
  }
}
    fragment BulkOutcome on CampaignsOutcome {
  changed {
    id
  }
  unchanged {
    id
  }
  statusChanges {
    campaignId
    fromStatus
    toStatus
    toReason
  }
}`) as unknown as TypedDocumentString<PauseCampaignsMutation, PauseCampaignsMutationVariables>;
export const ResumeCampaignsDocument = new TypedDocumentString(`
    mutation ResumeCampaigns($ids: [ID!]!) {
  resumeCampaigns(ids: $ids) {
    ...BulkOutcome
  }
}
    fragment BulkOutcome on CampaignsOutcome {
  changed {
    id
  }
  unchanged {
    id
  }
  statusChanges {
    campaignId
    fromStatus
    toStatus
    toReason
  }
}`) as unknown as TypedDocumentString<ResumeCampaignsMutation, ResumeCampaignsMutationVariables>;
export const ArchiveCampaignsDocument = new TypedDocumentString(`
    mutation ArchiveCampaigns($ids: [ID!]!) {
  archiveCampaigns(ids: $ids) {
    ...BulkOutcome
  }
}
    fragment BulkOutcome on CampaignsOutcome {
  changed {
    id
  }
  unchanged {
    id
  }
  statusChanges {
    campaignId
    fromStatus
    toStatus
    toReason
  }
}`) as unknown as TypedDocumentString<ArchiveCampaignsMutation, ArchiveCampaignsMutationVariables>;
export const PauseBrandDocument = new TypedDocumentString(`
    mutation PauseBrand($id: ID!) {
  pauseBrand(id: $id) {
    ...BulkOutcome
  }
}
    fragment BulkOutcome on CampaignsOutcome {
  changed {
    id
  }
  unchanged {
    id
  }
  statusChanges {
    campaignId
    fromStatus
    toStatus
    toReason
  }
}`) as unknown as TypedDocumentString<PauseBrandMutation, PauseBrandMutationVariables>;
export const ResumeBrandDocument = new TypedDocumentString(`
    mutation ResumeBrand($id: ID!) {
  resumeBrand(id: $id) {
    ...BulkOutcome
  }
}
    fragment BulkOutcome on CampaignsOutcome {
  changed {
    id
  }
  unchanged {
    id
  }
  statusChanges {
    campaignId
    fromStatus
    toStatus
    toReason
  }
}`) as unknown as TypedDocumentString<ResumeBrandMutation, ResumeBrandMutationVariables>;
export const CreateCampaignDocument = new TypedDocumentString(`
    mutation CreateCampaign($input: CreateCampaignInput!) {
  createCampaign(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<CreateCampaignMutation, CreateCampaignMutationVariables>;
export const PauseCampaignDocument = new TypedDocumentString(`
    mutation PauseCampaign($id: ID!) {
  pauseCampaign(id: $id) {
    id
  }
}
    `) as unknown as TypedDocumentString<PauseCampaignMutation, PauseCampaignMutationVariables>;
export const ResumeCampaignDocument = new TypedDocumentString(`
    mutation ResumeCampaign($id: ID!) {
  resumeCampaign(id: $id) {
    id
  }
}
    `) as unknown as TypedDocumentString<ResumeCampaignMutation, ResumeCampaignMutationVariables>;
export const ArchiveCampaignDocument = new TypedDocumentString(`
    mutation ArchiveCampaign($id: ID!) {
  archiveCampaign(id: $id) {
    id
  }
}
    `) as unknown as TypedDocumentString<ArchiveCampaignMutation, ArchiveCampaignMutationVariables>;
export const UnarchiveCampaignDocument = new TypedDocumentString(`
    mutation UnarchiveCampaign($id: ID!) {
  unarchiveCampaign(id: $id) {
    id
  }
}
    `) as unknown as TypedDocumentString<UnarchiveCampaignMutation, UnarchiveCampaignMutationVariables>;
export const UpdateCampaignDocument = new TypedDocumentString(`
    mutation UpdateCampaign($id: ID!, $input: UpdateCampaignInput!) {
  updateCampaign(id: $id, input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<UpdateCampaignMutation, UpdateCampaignMutationVariables>;
export const BrandNextChangesDocument = new TypedDocumentString(`
    query BrandNextChanges($id: ID!) {
  brand(id: $id) {
    id
    campaigns(first: 500) {
      edges {
        node {
          id
          name
          status
          nextChange {
            at
            reason
            toStatus
            toReason
          }
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<BrandNextChangesQuery, BrandNextChangesQueryVariables>;
export const StartOverrideDocument = new TypedDocumentString(`
    mutation StartOverride($input: StartOverrideInput!) {
  startOverride(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<StartOverrideMutation, StartOverrideMutationVariables>;
export const CancelOverrideDocument = new TypedDocumentString(`
    mutation CancelOverride($id: ID!) {
  cancelOverride(id: $id) {
    id
  }
}
    `) as unknown as TypedDocumentString<CancelOverrideMutation, CancelOverrideMutationVariables>;
export const RecordSpendDocument = new TypedDocumentString(`
    mutation RecordSpend($input: SpendInput!) {
  recordSpend(input: $input) {
    duplicate
    spend {
      amount
    }
    statusChanges {
      campaignName
      toReason
    }
  }
}
    `) as unknown as TypedDocumentString<RecordSpendMutation, RecordSpendMutationVariables>;
export const BrandSpendsDocument = new TypedDocumentString(`
    query BrandSpends($brandId: ID, $campaignId: ID, $from: Date, $to: Date) {
  spends(
    brandId: $brandId
    campaignId: $campaignId
    from: $from
    to: $to
    first: 50
  ) {
    totalCount
    edges {
      node {
        id
        amount
        occurredAt
        spendDate
        description
        source
        spendType
        recordedBy
        campaign {
          name
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<BrandSpendsQuery, BrandSpendsQueryVariables>;
export const RecentEventsDocument = new TypedDocumentString(`
    query RecentEvents {
  campaignStatusEvents(last: 20) {
    edges {
      node {
        ...FeedEvent
      }
    }
  }
}
    fragment FeedEvent on CampaignStatusEvent {
  id
  brandId
  campaignId
  campaignName
  fromStatus
  toStatus
  toReason
  trigger
  actor
  occurredAt
  brand {
    name
    timezone
  }
}`) as unknown as TypedDocumentString<RecentEventsQuery, RecentEventsQueryVariables>;
export const RecentAlertsDocument = new TypedDocumentString(`
    query RecentAlerts {
  budgetAlerts(last: 10) {
    edges {
      node {
        ...FeedAlert
      }
    }
  }
}
    fragment FeedAlert on BudgetAlert {
  id
  brandId
  period
  threshold
  reached
  spent
  budget
  occurredAt
  brand {
    name
    timezone
    currency
  }
}`) as unknown as TypedDocumentString<RecentAlertsQuery, RecentAlertsQueryVariables>;
export const AlertFeedDocument = new TypedDocumentString(`
    subscription AlertFeed($after: ID) {
  budgetAlert(afterAlertId: $after) {
    ...FeedAlert
  }
}
    fragment FeedAlert on BudgetAlert {
  id
  brandId
  period
  threshold
  reached
  spent
  budget
  occurredAt
  brand {
    name
    timezone
    currency
  }
}`) as unknown as TypedDocumentString<AlertFeedSubscription, AlertFeedSubscriptionVariables>;
export const StatusFeedDocument = new TypedDocumentString(`
    subscription StatusFeed($after: ID) {
  campaignStatusChanged(afterEventId: $after) {
    ...FeedEvent
  }
}
    fragment FeedEvent on CampaignStatusEvent {
  id
  brandId
  campaignId
  campaignName
  fromStatus
  toStatus
  toReason
  trigger
  actor
  occurredAt
  brand {
    name
    timezone
  }
}`) as unknown as TypedDocumentString<StatusFeedSubscription, StatusFeedSubscriptionVariables>;
export const SpendFeedDocument = new TypedDocumentString(`
    subscription SpendFeed {
  brandSpendChanged {
    ...BrandRow
  }
}
    fragment BrandRow on Brand {
  id
  name
  archivedAt
  currency
  dailyBudget
  dailySpend
  monthlyBudget
  monthlySpend
  active: campaigns(status: ACTIVE, first: 0) {
    totalCount
  }
  paused: campaigns(status: PAUSED, first: 0) {
    totalCount
  }
  overrides {
    id
  }
}`) as unknown as TypedDocumentString<SpendFeedSubscription, SpendFeedSubscriptionVariables>;