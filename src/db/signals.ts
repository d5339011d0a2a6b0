// The names and numbers processes signal each other with through PostgreSQL, in TypeScript: the
// NOTIFY channels this code listens on or notifies, and the migrator's advisory lock. The
// database's own locks and channels are SQL functions (prisma/functions/20_signals.sql:
// take_events_lock(), take_admin_key_lock(), status_events_channel(), budget_alerts_channel(),
// platform_events_channel()),
// which TypeScript calls to take those locks; test/db/signals.test.ts holds the channel names here
// equal to SQL's, and every lock id apart.

import type { Db, Tx } from './client.ts';

/** Status events (reconcile_campaigns notifies at commit); the payload is the largest event id the transaction wrote. */
export const EVENTS_CHANNEL = 'campaign_status_events';

/** Budget alerts (check_budget_alerts notifies at commit, under the same events lock); the payload is the largest alert id. */
export const ALERTS_CHANNEL = 'budget_alerts';

/** Platform events (src/platforms/accountRow.ts notifies at commit, under the same events lock); the payload is the largest id. */
export const PLATFORM_EVENTS_CHANNEL = 'platform_events';

/** Brands whose spend figures moved: comma-separated ids, sent after the commit by the process that wrote (src/feed/spendWatch.ts). */
export const SPENDS_CHANNEL = 'brand_spends';

/**
 * The migrator's session advisory lock (src/db/migrate.ts): concurrent starters wait for each
 * other. Here, not in SQL: it is taken before any migration or function exists.
 */
export const MIGRATE_LOCK = 4_242_020_401;

/** The append-only tables read by id, whose ids become visible in order (the events lock). */
export type EventTable = 'campaign_status_events' | 'budget_alerts' | 'platform_events';

/**
 * The largest id committed in an event table (0 when none): where a reader that starts "from now
 * on" starts. Exact only under the events lock (a smaller id could still be uncommitted otherwise):
 * the feeds take it as a floor and catch up by id, the outbox's cursors take the lock first.
 */
export async function newestId(db: Db | Tx, table: EventTable): Promise<bigint> {
  const [row] = await db.$queryRawUnsafe<{ max: bigint | null }[]>(`select max(id) as max from ${table}`);
  return row?.max ?? 0n;
}
