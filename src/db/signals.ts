// The names and numbers processes signal each other with through PostgreSQL, in TypeScript: the
// NOTIFY channels this code listens on or notifies, and the migrator's advisory lock. The
// database's own locks and channels are SQL functions (prisma/functions/20_signals.sql:
// take_events_lock(), take_admin_key_lock(), status_events_channel(), budget_alerts_channel()),
// which TypeScript calls to take those locks; test/db/signals.test.ts holds the channel names here
// equal to SQL's, and every lock id apart.

/** Status events (reconcile_campaigns notifies at commit); the payload is the largest event id the transaction wrote. */
export const EVENTS_CHANNEL = 'campaign_status_events';

/** Budget alerts (check_budget_alerts notifies at commit, under the same events lock); the payload is the largest alert id. */
export const ALERTS_CHANNEL = 'budget_alerts';

/** Brands whose spend figures moved: comma-separated ids, sent after the commit by the process that wrote (src/feed/spendWatch.ts). */
export const SPENDS_CHANNEL = 'brand_spends';

/**
 * The migrator's session advisory lock (src/db/migrate.ts): concurrent starters wait for each
 * other. Here, not in SQL: it is taken before any migration or function exists.
 */
export const MIGRATE_LOCK = 4_242_020_401;
