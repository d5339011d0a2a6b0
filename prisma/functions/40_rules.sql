-- The pause rules, the one definition: for each campaign of the brands in reach at an instant (those of
-- _campaign_ids when given, archived ones too), its state now and every pause rule that holds, in
-- precedence order, which is the order of the pause_reason enum (test/db/rules.test.ts holds the
-- two equal; src/domain/desiredState.ts is the reference the property test holds this to):
--   MANUAL          an operator paused it (archived campaigns stay so), or _pause names it; and
--                   _resume does not name it
--   MONTHLY_BUDGET  the brand's spend in its local month has reached its monthly budget
--   DAILY_BUDGET    the brand's spend on its local day has reached its daily budget
--   DAYPARTING      it has active windows and none covers the brand's wall clock
-- reconcile_campaigns acts on the first (none: ACTIVE); campaign_pause_rules lists them all. One
-- select, language sql, stable and not strict: the planner inlines it into the statement that
-- calls it (one set-based join, as if written there), so the reconcile's plan is unchanged by it.
-- A new reason is a new value of the enum (a migration) and its line here, in its place.
create or replace function pause_rules(_at timestamptz, _brand_ids uuid[], _campaign_ids uuid[], _pause uuid[], _resume uuid[])
  returns table (campaign_id uuid, brand_id uuid, campaign_name text, status campaign_status, pause_reason pause_reason,
                 archived_at timestamptz, reasons pause_reason[])
  language sql stable parallel safe
  as $$
    -- each brand's wall clock, read once: window_covers, inlined, reads its clock several times
    -- per window, and a timezone conversion for each would cost more than the rest of the test
    with clock as materialized (
      select b.id as brand_id, local_clock(_at, b.timezone) as clock from brands b where b.id = any(_brand_ids)
    )
    select c.id, c.brand_id, c.name, c.status, c.pause_reason, c.archived_at,
           array_remove(array[
             case when c.id = any(_pause) or (c.pause_reason = 'MANUAL' and not c.id = any(_resume)) then 'MANUAL'::pause_reason end,
             case when b.monthly_budget is not null and t.monthly >= b.monthly_budget then 'MONTHLY_BUDGET'::pause_reason end,
             case when b.daily_budget is not null and t.daily >= b.daily_budget then 'DAILY_BUDGET'::pause_reason end,
             case when w.inside is false then 'DAYPARTING'::pause_reason end
           ], null)
      from brands b
      join campaigns c on c.brand_id = b.id
      join brand_spend_totals(_at, _brand_ids) t on t.brand_id = b.id
      left join (
        select s.campaign_id, bool_or(window_covers(s.day_of_week, s.start_time, s.end_time, k.clock)) as inside
          from schedules s
          join clock k on k.brand_id = s.brand_id
         where s.is_active and (_campaign_ids is null or s.campaign_id = any(_campaign_ids))
         group by s.campaign_id
      ) w on w.campaign_id = c.id
     where b.id = any(_brand_ids)
       and (_campaign_ids is null or c.id = any(_campaign_ids))
  $$;

-- Campaign.pauseReasons: every rule that holds for these campaigns (of any brands) at _at.
create or replace function campaign_pause_rules(_at timestamptz, _campaign_ids uuid[])
  returns table (campaign_id uuid, reasons pause_reason[])
  language sql stable
  as $$
    select r.campaign_id, r.reasons
      from (select array_agg(distinct x.brand_id) as brand_ids from campaigns x where x.id = any(_campaign_ids)) k
     cross join lateral pause_rules(_at, k.brand_ids, _campaign_ids, '{}', '{}') r
  $$;
