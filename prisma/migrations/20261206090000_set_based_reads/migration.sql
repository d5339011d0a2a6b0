-- No table changes: holding_rules (40_rules.sql) and the set-based next_changes (80_boundaries.sql)
-- are function files, applied after the migrations. This migration tells older builds that the
-- functions moved on, so that they leave them alone (src/db/migrate.ts).
select 1;
