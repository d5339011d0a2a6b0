// Named operations with generated types (npm run codegen): what a typed client of the API writes.
import { graphql } from '../generated/index.js';

export const CreateBrand = graphql(`
  mutation CreateBrand($input: CreateBrandInput!) {
    createBrand(input: $input) {
      id
      name
      dailyBudget
      monthlyBudget
      timezone
    }
  }
`);

export const CreateCampaign = graphql(`
  mutation CreateCampaign($input: CreateCampaignInput!) {
    createCampaign(input: $input) {
      id
      status
      pauseReason
    }
  }
`);

export const RecordSpend = graphql(`
  mutation RecordSpend($input: SpendInput!) {
    recordSpend(input: $input) {
      duplicate
      spend {
        id
        amount
        spendDate
      }
      brand {
        dailySpend
        dailyRemaining
      }
      statusChanges {
        campaignName
        toStatus
        toReason
      }
    }
  }
`);

export const BrandOverview = graphql(`
  query BrandOverview($id: ID!) {
    brand(id: $id) {
      name
      dailySpend
      monthlySpend
      campaigns {
        totalCount
        edges {
          node {
            name
            status
            pauseReason
          }
        }
      }
    }
  }
`);
