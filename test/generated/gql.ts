/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation CreateBrand($input: CreateBrandInput!) {\n    createBrand(input: $input) {\n      id\n      name\n      dailyBudget\n      monthlyBudget\n      timezone\n    }\n  }\n": typeof types.CreateBrandDocument,
    "\n  mutation CreateCampaign($input: CreateCampaignInput!) {\n    createCampaign(input: $input) {\n      id\n      status\n      pauseReason\n    }\n  }\n": typeof types.CreateCampaignDocument,
    "\n  mutation RecordSpend($input: SpendInput!) {\n    recordSpend(input: $input) {\n      duplicate\n      spend {\n        id\n        amount\n        spendDate\n      }\n      brand {\n        dailySpend\n        dailyRemaining\n      }\n      statusChanges {\n        campaignName\n        toStatus\n        toReason\n      }\n    }\n  }\n": typeof types.RecordSpendDocument,
    "\n  query BrandOverview($id: ID!) {\n    brand(id: $id) {\n      name\n      dailySpend\n      monthlySpend\n      campaigns {\n        totalCount\n        edges {\n          node {\n            name\n            status\n            pauseReason\n          }\n        }\n      }\n    }\n  }\n": typeof types.BrandOverviewDocument,
};
const documents: Documents = {
    "\n  mutation CreateBrand($input: CreateBrandInput!) {\n    createBrand(input: $input) {\n      id\n      name\n      dailyBudget\n      monthlyBudget\n      timezone\n    }\n  }\n": types.CreateBrandDocument,
    "\n  mutation CreateCampaign($input: CreateCampaignInput!) {\n    createCampaign(input: $input) {\n      id\n      status\n      pauseReason\n    }\n  }\n": types.CreateCampaignDocument,
    "\n  mutation RecordSpend($input: SpendInput!) {\n    recordSpend(input: $input) {\n      duplicate\n      spend {\n        id\n        amount\n        spendDate\n      }\n      brand {\n        dailySpend\n        dailyRemaining\n      }\n      statusChanges {\n        campaignName\n        toStatus\n        toReason\n      }\n    }\n  }\n": types.RecordSpendDocument,
    "\n  query BrandOverview($id: ID!) {\n    brand(id: $id) {\n      name\n      dailySpend\n      monthlySpend\n      campaigns {\n        totalCount\n        edges {\n          node {\n            name\n            status\n            pauseReason\n          }\n        }\n      }\n    }\n  }\n": types.BrandOverviewDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateBrand($input: CreateBrandInput!) {\n    createBrand(input: $input) {\n      id\n      name\n      dailyBudget\n      monthlyBudget\n      timezone\n    }\n  }\n"): (typeof documents)["\n  mutation CreateBrand($input: CreateBrandInput!) {\n    createBrand(input: $input) {\n      id\n      name\n      dailyBudget\n      monthlyBudget\n      timezone\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateCampaign($input: CreateCampaignInput!) {\n    createCampaign(input: $input) {\n      id\n      status\n      pauseReason\n    }\n  }\n"): (typeof documents)["\n  mutation CreateCampaign($input: CreateCampaignInput!) {\n    createCampaign(input: $input) {\n      id\n      status\n      pauseReason\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RecordSpend($input: SpendInput!) {\n    recordSpend(input: $input) {\n      duplicate\n      spend {\n        id\n        amount\n        spendDate\n      }\n      brand {\n        dailySpend\n        dailyRemaining\n      }\n      statusChanges {\n        campaignName\n        toStatus\n        toReason\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RecordSpend($input: SpendInput!) {\n    recordSpend(input: $input) {\n      duplicate\n      spend {\n        id\n        amount\n        spendDate\n      }\n      brand {\n        dailySpend\n        dailyRemaining\n      }\n      statusChanges {\n        campaignName\n        toStatus\n        toReason\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BrandOverview($id: ID!) {\n    brand(id: $id) {\n      name\n      dailySpend\n      monthlySpend\n      campaigns {\n        totalCount\n        edges {\n          node {\n            name\n            status\n            pauseReason\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query BrandOverview($id: ID!) {\n    brand(id: $id) {\n      name\n      dailySpend\n      monthlySpend\n      campaigns {\n        totalCount\n        edges {\n          node {\n            name\n            status\n            pauseReason\n          }\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;