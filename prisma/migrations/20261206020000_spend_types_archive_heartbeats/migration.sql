-- Spend types, who recorded a spend, archived brands, and the workers' heartbeats.

-- A spend is booked DAILY (the default: it counts toward its brand-local day and its month) or
-- MONTHLY (a monthly fee: toward its month only, never toward a day's budget). Every spend
-- recorded so far was a DAILY one.
create type spend_type as enum ('DAILY', 'MONTHLY');
alter table spends add column spend_type spend_type not null default 'DAILY';

-- Who recorded it: the API key's name (`cli` for the command line, `system` for jobs). Spends
-- recorded before this column, or written around the API, have none (shown as unknown): nothing
-- recorded who wrote them (the audit trail does not hold spends).
alter table spends add column recorded_by text;

-- The daily totals keep, beside the day's whole amount, its part booked MONTHLY: the day's figure
-- is amount - monthly_amount, the month's the sum of amount (prisma/functions/30_totals.sql).
alter table brand_daily_spends add column monthly_amount bigint not null default 0;
alter table campaign_daily_spends add column monthly_amount bigint not null default 0;

-- record_spends takes the items' spend types (a last argument with a default, so a build that
-- does not know spend types still records DAILY spends during a rollout): the old signature goes,
-- and prisma/functions/70_ledger.sql defines the new one.
alter type spend_item add attribute spend_type spend_type;
drop function record_spends(timestamptz, text, uuid[], uuid[], uuid[], text[], text[], uuid[], bigint[], timestamptz[], text[], text[],
                            text[]);

-- An archived brand is hidden from lists, its campaigns stopped (PAUSED / MANUAL), its history kept.
alter table brands add column archived_at timestamptz;

-- Each running worker process says it is alive (src/worker/heartbeat.ts), so `budget health`, run
-- from anywhere, reports the service's workers rather than its own process. A row vouches for its
-- worker until expires_at (the writer sets it a few beats ahead, so the reader needs no constant
-- of its own); a worker that stops deletes its row, one that dies leaves it to expire.
create table worker_heartbeats (
  id uuid primary key,
  host text not null,
  pid integer not null,
  started_at timestamptz not null,
  seen_at timestamptz not null,
  expires_at timestamptz not null
);
