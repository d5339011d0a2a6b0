-- check_budget_alerts (prisma/functions/60_alerts.sql) writes one alert per brand and period for the
-- thresholds one write crosses together, the highest: nothing to migrate, this marks the release
-- (src/db/migrate.ts: a changed function file ships a migration so older builds know it).
select 1;
