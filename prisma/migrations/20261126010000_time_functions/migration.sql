-- Time and periods, in one place: every brand-local date and window test of the engine goes
-- through these, so the rules live once (the TypeScript reference in src/domain/time.ts is only
-- checked against them).

-- The wall clock of a timezone at an instant.
create function local_clock(at timestamptz, tz text) returns timestamp
  language sql stable parallel safe
  return at at time zone tz;

-- §3 Dayparting: a window on dow from start_t to end_t covers [start, end) of the brand's wall
-- clock; end_t <= start_t runs past midnight into the next day (equal: a full day). A wall-clock
-- time skipped by a DST change is never the clock, so a spring-forward gap is simply not covered.
create function window_covers(dow day_of_week, start_t time, end_t time, clock timestamp) returns boolean
  language sql immutable parallel safe
  return (
    with d as (
      select array_position(enum_range(null::day_of_week), dow) as window_day,
             extract(isodow from clock)::int as clock_day,
             clock::time as t
    )
    select case
      when end_t > start_t then window_day = clock_day and t >= start_t and t < end_t
      else (window_day = clock_day and t >= start_t)
        or (window_day = case when clock_day = 1 then 7 else clock_day - 1 end and t < end_t)
    end
    from d
  );
