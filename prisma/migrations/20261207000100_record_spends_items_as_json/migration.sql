-- record_spends (prisma/functions/70_ledger.sql) takes its items as one JSON text and answers a
-- spend it wrote by what its caller does not know of it (its spend date and instant): the function
-- file drops the 17-argument one, so an older build's call finds no function and fails before
-- writing rather than misreading the answer. Nothing to migrate: this marks the release
-- (src/db/migrate.ts: a changed function file ships a migration so older builds know it).
select 1;
