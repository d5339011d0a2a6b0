-- record_spends takes a spend's brand-local date (REST's spend_date, GraphQL's spendDate) beside its
-- instant: the function file (prisma/functions/70_ledger.sql) drops the old signature and defines the
-- new one. This migration holds no SQL of its own: it marks the database as made for this version, so
-- an older build started against it (a rollout) leaves the function files alone instead of putting
-- the old record_spends back.
select 1;
