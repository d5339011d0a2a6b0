/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type CampaignStatus =
  | 'ACTIVE'
  | 'PAUSED';

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

/** Why a campaign is paused, in order of precedence: MANUAL, MONTHLY_BUDGET, DAILY_BUDGET, DAYPARTING. */
export type PauseReason =
  | 'DAILY_BUDGET'
  | 'DAYPARTING'
  | 'MANUAL'
  | 'MONTHLY_BUDGET';

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

export type CreateBrandMutationVariables = Exact<{
  input: CreateBrandInput;
}>;


export type CreateBrandMutation = { createBrand: { id: string, name: string, dailyBudget: string | null, monthlyBudget: string | null, timezone: string } };

export type CreateCampaignMutationVariables = Exact<{
  input: CreateCampaignInput;
}>;


export type CreateCampaignMutation = { createCampaign: { id: string, status: CampaignStatus, pauseReason: PauseReason | null } };

export type RecordSpendMutationVariables = Exact<{
  input: SpendInput;
}>;


export type RecordSpendMutation = { recordSpend: { duplicate: boolean, spend: { id: string, amount: string, spendDate: string }, brand: { dailySpend: string, dailyRemaining: string | null }, statusChanges: Array<{ campaignName: string, toStatus: CampaignStatus, toReason: PauseReason | null }> } };

export type BrandOverviewQueryVariables = Exact<{
  id: string | number;
}>;


export type BrandOverviewQuery = { brand: { name: string, dailySpend: string, monthlySpend: string, campaigns: { totalCount: number, edges: Array<{ node: { name: string, status: CampaignStatus, pauseReason: PauseReason | null } }> } } | null };


export const CreateBrandDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateBrand"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateBrandInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createBrand"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"dailyBudget"}},{"kind":"Field","name":{"kind":"Name","value":"monthlyBudget"}},{"kind":"Field","name":{"kind":"Name","value":"timezone"}}]}}]}}]} as unknown as DocumentNode<CreateBrandMutation, CreateBrandMutationVariables>;
export const CreateCampaignDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateCampaign"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateCampaignInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createCampaign"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"pauseReason"}}]}}]}}]} as unknown as DocumentNode<CreateCampaignMutation, CreateCampaignMutationVariables>;
export const RecordSpendDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RecordSpend"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SpendInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordSpend"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"duplicate"}},{"kind":"Field","name":{"kind":"Name","value":"spend"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"spendDate"}}]}},{"kind":"Field","name":{"kind":"Name","value":"brand"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dailySpend"}},{"kind":"Field","name":{"kind":"Name","value":"dailyRemaining"}}]}},{"kind":"Field","name":{"kind":"Name","value":"statusChanges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"campaignName"}},{"kind":"Field","name":{"kind":"Name","value":"toStatus"}},{"kind":"Field","name":{"kind":"Name","value":"toReason"}}]}}]}}]}}]} as unknown as DocumentNode<RecordSpendMutation, RecordSpendMutationVariables>;
export const BrandOverviewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"BrandOverview"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"brand"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"dailySpend"}},{"kind":"Field","name":{"kind":"Name","value":"monthlySpend"}},{"kind":"Field","name":{"kind":"Name","value":"campaigns"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"pauseReason"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<BrandOverviewQuery, BrandOverviewQueryVariables>;