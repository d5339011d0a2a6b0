-- Platform events are alerts (issue 25: "auth expired → an alert fires"; drift "says what
-- happened"): a kind of the outbox's message catalogue (webhooks' PLATFORM_EVENT, message id
-- pev_<id>: src/delivery/catalogue.ts) and a subscription feed (platformEvents: src/feed/alerts.ts).
-- Their writer (src/platforms/accountRow.ts) now takes the events lock before drawing ids, so they
-- commit in id order, and notifies platform_events_channel() at commit
-- (prisma/functions/20_signals.sql, which this migration ships with).

-- The account and campaign as they were when it happened: a message sent after a disconnect, a
-- rename or a redelivery still names them. Rows written before: from what is still there.
alter table platform_events
  add column platform ad_platform,
  add column external_account_id text,
  add column campaign_name text;
update platform_events e set platform = a.platform, external_account_id = a.external_account_id
  from ad_accounts a
 where a.id = e.ad_account_id;
update platform_events e set campaign_name = c.name
  from campaigns c
 where c.id = e.campaign_id;

-- Each endpoint's position in platform_events (the last id handled). Endpoints made before start
-- at its end, as a new one does: no backlog. The table lock waits for the writers in flight, so
-- no smaller id is still uncommitted.
lock table platform_events in exclusive mode;
alter table webhook_endpoints add column platform_event_cursor bigint;
update webhook_endpoints set platform_event_cursor = (select coalesce(max(id), 0) from platform_events);
alter table webhook_endpoints alter column platform_event_cursor set not null;

alter table webhook_endpoints
  drop constraint webhook_endpoints_event_types,
  add constraint webhook_endpoints_event_types
    check (cardinality(event_types) between 1 and 3
           and event_types <@ array['CAMPAIGN_STATUS_CHANGED', 'BUDGET_ALERT', 'PLATFORM_EVENT']);
alter table webhook_deliveries
  drop constraint webhook_deliveries_event_type,
  add constraint webhook_deliveries_event_type check (event_type in ('CAMPAIGN_STATUS_CHANGED', 'BUDGET_ALERT', 'PLATFORM_EVENT'));
