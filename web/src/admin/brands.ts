// The brands an admin page offers to pick from (the key's, archived ones too, by name): their
// names, zones and budgets.
import { gql, graphql } from '../api.ts';
import type { PickBrandsQuery } from '../generated/graphql.ts';

const PickBrands = graphql(`
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
`);

export type PickBrand = PickBrandsQuery['brands']['edges'][number]['node'];

export const pickBrands = async (): Promise<PickBrand[]> => (await gql(PickBrands)).brands.edges.map((e) => e.node);
