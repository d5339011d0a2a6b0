-- Advisory locks and NOTIFY channels: each number and name is written here, once. SQL calls these
-- functions; TypeScript takes the locks through them too, and listens on the channels named in
-- src/db/signals.ts (test/db/signals.test.ts holds the names equal and the lock ids apart). The
-- migrator's own lock is taken before any function exists: its number is in src/db/signals.ts.

-- The events lock. A sequence hands out ids at insert, not at commit, so every transaction that
-- writes status events, budget alerts or platform events (or reads "the newest id" as a cursor)
-- takes this lock first: those commits are serialised and ids become visible in order
-- (src/engine/events.ts).
-- Writers take it last, after their brand locks, and wait on nothing after it.
create or replace function take_events_lock() returns void
  language sql
  as $$ select pg_advisory_xact_lock(4242020402) $$;

-- Two processes starting at once on an empty key table make one admin key between them
-- (src/engine/keys.ts).
create or replace function take_admin_key_lock() returns void
  language sql
  as $$ select pg_advisory_xact_lock(4242020403) $$;

-- The channels written at commit; each payload is the largest id the transaction wrote.
create or replace function status_events_channel() returns text
  language sql immutable parallel safe
  as $$ select 'campaign_status_events'::text $$;

create or replace function budget_alerts_channel() returns text
  language sql immutable parallel safe
  as $$ select 'budget_alerts'::text $$;

create or replace function platform_events_channel() returns text
  language sql immutable parallel safe
  as $$ select 'platform_events'::text $$;
