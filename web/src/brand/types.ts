// What the brand page's panels are handed: the brand page query's answer (BrandPage.tsx asks it).
import type { BrandPageQuery } from '../generated/graphql.ts';

export type Brand = NonNullable<BrandPageQuery['brand']>;
export type BrandCampaign = Brand['campaigns']['edges'][number]['node'];
