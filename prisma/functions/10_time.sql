-- Time and periods, in one place: every brand-local date and window test of the engine goes
-- through these, so the rules live once (the TypeScript reference in src/domain/time.ts is only
-- checked against them). Each is a single SQL expression, so the planner inlines it into the
-- set-based reconcile instead of calling a function per row.

-- The wall clock of a timezone at an instant.
create or replace function local_clock(at timestamptz, tz text) returns timestamp
  language sql stable parallel safe
  as $$ select at at time zone tz $$;

-- §3 Periods: the brand-local month a wall clock falls in, as [month_start, next_month_start) of
-- spend dates (the day is simply clock::date). Plain comparisons, so the planner estimates them.
create or replace function month_start(clock timestamp) returns date
  language sql immutable parallel safe
  as $$ select date_trunc('month', clock)::date $$;

create or replace function next_month_start(clock timestamp) returns date
  language sql immutable parallel safe
  as $$ select (date_trunc('month', clock) + interval '1 month')::date $$;

-- 1 = Monday … 7 = Sunday, as extract(isodow …) counts.
create or replace function iso_day(dow day_of_week) returns int
  language sql immutable parallel safe
  as $$
    select case dow when 'MONDAY' then 1 when 'TUESDAY' then 2 when 'WEDNESDAY' then 3 when 'THURSDAY' then 4
                    when 'FRIDAY' then 5 when 'SATURDAY' then 6 when 'SUNDAY' then 7 end
  $$;

-- §3 Dayparting: a window on dow from start_t to end_t covers [start, end) of the brand's wall
-- clock; end_t <= start_t runs past midnight into the next day (equal: a full day). A wall-clock
-- time skipped by a DST change is never the clock, so a spring-forward gap is simply not covered.
create or replace function window_covers(dow day_of_week, start_t time, end_t time, clock timestamp) returns boolean
  language sql immutable parallel safe
  as $$
    select case
      when end_t > start_t then extract(isodow from clock) = iso_day(dow) and clock::time >= start_t and clock::time < end_t
      else (extract(isodow from clock) = iso_day(dow) and clock::time >= start_t)
        or (extract(isodow from clock - interval '1 day') = iso_day(dow) and clock::time < end_t)
    end
  $$;
