// Every type module registers itself on the builder; this file gathers them into the schema.
import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.ts';
import './scalars.ts';
import './types/health.ts';
import './types/brand.ts';
import './types/campaign.ts';
import './types/spend.ts';
import './types/schedule.ts';
import './types/events.ts';
import './types/alerts.ts';
import './types/audit.ts';
import './types/enforcement.ts';
import './types/backtest.ts';
import './types/keys.ts';
import './types/webhooks.ts';
import './types/pacing.ts';
import './types/override.ts';
import './types/adAccounts.ts';

export const schema = builder.toSchema();

/** schema.graphql at the repo root is this text; a test fails when it is stale. */
export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
