-- Time and periods, in one place: every brand-local date, period bound and window test of the
-- engine and its reads goes through these, so the rules live once (the TypeScript reference in
-- src/domain/time.ts is only checked against them). The ones the reconcile reads per row are a
-- single SQL expression, so the planner inlines them into the set-based statement instead of
-- calling a function per row; the period bounds (an aggregate, read once per brand) are called.

-- The wall clock of a timezone at an instant.
create or replace function local_clock(at timestamptz, tz text) returns timestamp
  language sql stable parallel safe
  as $$ select at at time zone tz $$;

-- Periods: the brand-local month a wall clock falls in, as [month_start, next_month_start) of
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

-- Dayparting. A window on dow from start_t to end_t spans [start, end) of the brand's wall clock;
-- end_t <= start_t runs past midnight into the next day (equal: a full day). Two views of the same
-- span: its occurrence on a date (window_span: when it opens and closes, for time_boundaries and
-- pacing's open time, src/reads/pacing.ts), and the seconds of every week it covers (window_opens,
-- window_length, window_week: whether it covers a clock, for the reconcile). test/db/time.test.ts
-- holds the two equal.

-- The window's occurrence that starts on the local date `day`. Empty when `day` is not dow (null
-- when an argument is).
create or replace function window_span(dow day_of_week, start_t time, end_t time, day date) returns tsrange
  language sql immutable parallel safe
  as $$
    select case extract(isodow from day) = iso_day(dow)
             when true then tsrange(day + start_t, day + end_t + case when end_t <= start_t then interval '1 day' else interval '0' end)
             when false then 'empty'
           end
  $$;

-- A wall clock as the second of its week, Monday 00:00 = 0 (a clock's fraction of a second is
-- dropped: windows start and end on whole minutes).
create or replace function week_second(clock timestamp) returns int
  language sql immutable parallel safe
  as $$ select floor(date_part('epoch', clock - date_trunc('week', clock)))::int $$;

-- The second of the week a window opens, and how many seconds it stays open.
create or replace function window_opens(dow day_of_week, start_t time) returns int
  language sql immutable parallel safe
  as $$ select (iso_day(dow) - 1) * 86400 + date_part('epoch', start_t)::int $$;

create or replace function window_length(start_t time, end_t time) returns int
  language sql immutable parallel safe
  as $$ select 86400 - (date_part('epoch', start_t - end_t)::int + 86400) % 86400 $$;

-- Whether a window covers a wall clock: the clock is less than the window's length past its last
-- opening (the week wraps: Sunday 22:00–02:00 covers Monday 01:00). A wall-clock time skipped by a
-- DST change is never the clock, so a spring-forward gap is simply not covered. Integer arithmetic
-- on a clock already computed (a column), not a timezone conversion to repeat per window.
create or replace function window_covers(dow day_of_week, start_t time, end_t time, clock timestamp) returns boolean
  language sql immutable parallel safe
  as $$ select (week_second(clock) - window_opens(dow, start_t) + 604800) % 604800 < window_length(start_t, end_t) $$;

-- The seconds of the week a window covers: one range, or two when it wraps past Sunday midnight.
-- A campaign's active windows together (range_agg) are campaigns.dayparting, which the reconcile
-- tests against week_second of the brand's clock: the same answer as window_covers for each.
create or replace function window_week(dow day_of_week, start_t time, end_t time) returns int4multirange
  language sql immutable parallel safe
  as $$
    select int4multirange(
             int4range(window_opens(dow, start_t), least(window_opens(dow, start_t) + window_length(start_t, end_t), 604800)),
             int4range(0, greatest(window_opens(dow, start_t) + window_length(start_t, end_t) - 604800, 0)))
  $$;

-- The instants at which tz's wall clock reads `wall`: one, or two when the clocks go back over it
-- (PostgreSQL's `at time zone` names the later; the earlier is found from the offset a day
-- before). A wall time a spring-forward skips is never read: for it, the instant it would be at
-- the offset before the change (PostgreSQL's choice; for a skipped midnight, the gap's end).
create or replace function wall_instants(wall timestamp, tz text) returns setof timestamptz
  language sql stable parallel safe
  as $$
    select v.at
      from (select wall at time zone tz as later) l
     cross join lateral (
       select l.later as at
       union
       select l.later - (local_clock(l.later - interval '1 day', tz) - ((l.later - interval '1 day') at time zone 'UTC'))
                      + (local_clock(l.later, tz) - (l.later at time zone 'UTC'))
     ) v
     where local_clock(v.at, tz) = wall or v.at = l.later
  $$;

-- Periods as instants. The instant a local date begins: the first at which tz's clock shows it
-- (the earlier midnight when the clocks go back over midnight, the gap's end when they skip it).
create or replace function local_start(day date, tz text) returns timestamptz
  language sql stable parallel safe
  as $$ select min(x) from wall_instants(day::timestamp, tz) x $$;

-- The brand-local day containing `at`, as [its start, the next day's start).
create or replace function local_day(at timestamptz, tz text) returns tstzrange
  language sql stable parallel safe
  as $$ select tstzrange(local_start(local_clock(at, tz)::date, tz), local_start(local_clock(at, tz)::date + 1, tz)) $$;

-- The brand-local month containing `at`, as [its start, the next month's start).
create or replace function local_month(at timestamptz, tz text) returns tstzrange
  language sql stable parallel safe
  as $$
    select tstzrange(local_start(month_start(local_clock(at, tz)), tz), local_start(next_month_start(local_clock(at, tz)), tz))
  $$;
