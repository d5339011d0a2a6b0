-- Each campaign's dayparting as one value: the seconds of the week (Monday 00:00 = 0, the brand's
-- wall clock) that its active windows cover, null when it has none. The reconcile tests it against
-- the brand's clock instead of aggregating every window on every run (~220,000 windows at 100,000
-- campaigns were the largest part of a run). A trigger on schedules keeps it, for every writer.
alter table campaigns add column dayparting int4multirange;

-- Room in each page for a campaign's next version: a status change (a reconcile's, 10,000 at a
-- midnight) and a new dayparting are updates of columns no index holds, so with room on the page
-- they are HOT updates that touch none of the six indexes. Measured at 10,000 changes of 100,000
-- (PostgreSQL 15, pages packed either way): 670 -> 502 ms of backend CPU; a run with nothing to
-- change reads the 25 % more pages in no measurable time. New pages follow it; a table already
-- filled gains it as its pages are rewritten (VACUUM FULL) or freed.
alter table campaigns set (fillfactor = 80);

-- What the trigger and the backfill below need, as prisma/functions/10_time.sql and 40_rules.sql
-- define them (those files, applied after the migrations, hold the current definitions).
create or replace function window_opens(dow day_of_week, start_t time) returns int
  language sql immutable parallel safe
  as $$ select (iso_day(dow) - 1) * 86400 + date_part('epoch', start_t)::int $$;

create or replace function window_length(start_t time, end_t time) returns int
  language sql immutable parallel safe
  as $$ select 86400 - (date_part('epoch', start_t - end_t)::int + 86400) % 86400 $$;

create or replace function window_week(dow day_of_week, start_t time, end_t time) returns int4multirange
  language sql immutable parallel safe
  as $$
    select int4multirange(
             int4range(window_opens(dow, start_t), least(window_opens(dow, start_t) + window_length(start_t, end_t), 604800)),
             int4range(0, greatest(window_opens(dow, start_t) + window_length(start_t, end_t) - 604800, 0)))
  $$;

create function schedules_dayparting() returns trigger language plpgsql as $$
declare
  ids uuid[];
begin
  if tg_op = 'INSERT' then
    ids := array(select distinct campaign_id from new_rows);
  elsif tg_op = 'DELETE' then
    ids := array(select distinct campaign_id from old_rows);
  else
    ids := array(select campaign_id from new_rows union select campaign_id from old_rows);
  end if;
  update campaigns c
     set dayparting = w.dayparting
    from (select i.id, (select range_agg(window_week(s.day_of_week, s.start_time, s.end_time))
                          from schedules s where s.campaign_id = i.id and s.is_active) as dayparting
            from unnest(ids) i(id)) w
   where c.id = w.id and c.dayparting is distinct from w.dayparting;
  return null;
end $$;
create trigger schedules_dayparting_insert after insert on schedules
  referencing new table as new_rows for each statement execute function schedules_dayparting();
create trigger schedules_dayparting_update after update on schedules
  referencing old table as old_rows new table as new_rows for each statement execute function schedules_dayparting();
create trigger schedules_dayparting_delete after delete on schedules
  referencing old table as old_rows for each statement execute function schedules_dayparting();

update campaigns c
   set dayparting = w.dayparting
  from (select s.campaign_id, range_agg(window_week(s.day_of_week, s.start_time, s.end_time)) as dayparting
          from schedules s where s.is_active group by s.campaign_id) w
 where w.campaign_id = c.id;

-- A brand's spend today and this month (brand_spend_totals' rows): a run over many brands computes
-- them once and hands them to pause_rules and check_budget_alerts, which computed them each.
create type brand_spend as (brand_id uuid, daily bigint, monthly bigint);
