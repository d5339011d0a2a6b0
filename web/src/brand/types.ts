// What the brand page's panels are handed: the brand page query's answer (BrandPage.tsx asks it),
// each campaign with the rules an override lifts for it and the overrides that reach it, and its ad
// account and state on its platform (each asked apart).
import type { BrandOverrideStateQuery, BrandPageQuery, BrandPlatformStatesQuery } from '../generated/graphql.ts';

type Page = NonNullable<BrandPageQuery['brand']>;
type OverrideState = NonNullable<BrandOverrideStateQuery['brand']>['campaigns']['edges'][number]['node'];
type PlatformState = NonNullable<BrandPlatformStatesQuery['brand']>['campaigns']['edges'][number]['node'];

export type BrandCampaign = Page['campaigns']['edges'][number]['node'] &
  Pick<OverrideState, 'liftedReasons' | 'overrides'> &
  Pick<PlatformState, 'adAccount' | 'platformState'>;
export type Brand = Omit<Page, 'campaigns'> & { campaigns: Omit<Page['campaigns'], 'edges'> & { edges: { node: BrandCampaign }[] } };
