-- The pause rules, the one definition (holding_rules: what holds for one campaign at one moment,
-- given that moment's inputs; pause_rules: every campaign in reach at an instant; next_changes,
-- 80_boundaries.sql: the pending ones at each boundary ahead). For each campaign of the brands in
-- reach at an instant (those of _campaign_ids when given, archived ones too), its state now and
-- every pause rule that holds, in precedence order, which is the order of the pause_reason enum
-- (test/db/rules.test.ts holds the two equal; src/domain/desiredState.ts is the reference the
-- property test holds this to):
--   MANUAL          an operator paused it (archived campaigns stay so), or _pause names it; and
--                   _resume does not name it
--   MONTHLY_BUDGET  the brand's spend in its local month has reached its monthly budget
--   DAILY_BUDGET    the brand's spend on its local day has reached its daily budget
--   DAYPARTING      it has active windows and none covers the brand's wall clock
-- A rule that an override in force at _at lifts, for the campaign or its whole brand, does not
-- apply (budgets are soft limits): it is left out of `reasons` and listed in `lifted` instead, so
-- a reader can say a campaign runs on an override. MANUAL is never lifted (overrides_lifts).
-- reconcile_campaigns acts on the first of `reasons` (none: ACTIVE); campaign_pause_rules lists
-- both. One select, language sql, stable and not strict: the planner inlines it into the statement
-- that calls it (one set-based join, as if written there), so the reconcile's plan is unchanged by it.
-- A new reason is a new value of the enum (a migration) and its line in holding_rules, in its place
-- (one an override may lift is also a value of overrides_lifts and a line of `lifts`).

-- When an override is in force: from its creation until `until`, or until it was cancelled
-- (cancelling at t ends it at t). One expression, inlined where it is used.
create or replace function override_span(created_at timestamptz, until timestamptz, cancelled_at timestamptz) returns tstzrange
  language sql immutable parallel safe
  as $$ select tstzrange(created_at, least(until, cancelled_at)) $$;

-- What holds for campaign c of brand b at one moment, in precedence order: `manual` (an operator
-- paused it, as the caller reckons it), the brand's spend in its local month and on its local day
-- then (brand_spend_totals), `inside` whether an active window covers its clock then (null: it has
-- none). The rule lines, read by pause_rules and next_changes. One expression: inlined where it is
-- called, and the fields of b read as columns (the whole row is never built).
create or replace function holding_rules(b brands, c campaigns, manual boolean, monthly bigint, daily bigint, inside boolean)
  returns pause_reason[]
  language sql immutable parallel safe
  as $$
    select array_remove(array[
             case when manual then 'MANUAL'::pause_reason end,
             case when b.monthly_budget is not null and monthly >= b.monthly_budget then 'MONTHLY_BUDGET'::pause_reason end,
             case when b.daily_budget is not null and daily >= b.daily_budget then 'DAILY_BUDGET'::pause_reason end,
             case when inside is false then 'DAYPARTING'::pause_reason end
           ], null)
  $$;

-- The return type changed (lifted), then the arguments (_spends): replaced, not redefined in place.
-- Nothing stores a reference to these (SQL and PL/pgSQL bodies are resolved when they run).
drop function if exists campaign_pause_rules(timestamptz, uuid[]);
drop function if exists pause_rules(timestamptz, uuid[], uuid[], uuid[], uuid[]);
drop function if exists pause_rules(timestamptz, uuid[], uuid[], uuid[], uuid[], brand_spend[]);

-- _spends: the brands' spend totals at _at when the caller has them already (brand_spend_totals'
-- `known`); null: computed here.
create or replace function pause_rules(_at timestamptz, _brand_ids uuid[], _campaign_ids uuid[], _pause uuid[], _resume uuid[],
                                       _spends brand_spend[] default null)
  returns table (campaign_id uuid, brand_id uuid, campaign_name text, status campaign_status, pause_reason pause_reason,
                 archived_at timestamptz, reasons pause_reason[], lifted pause_reason[])
  language sql stable parallel safe
  as $$
    -- what the overrides in force lift, per brand (campaign_id null: brand-wide) and campaign
    with lifts as materialized (
      select o.brand_id, o.campaign_id,
             bool_or(o.lifts @> '{MONTHLY_BUDGET}') as monthly, bool_or(o.lifts @> '{DAILY_BUDGET}') as daily,
             bool_or(o.lifts @> '{DAYPARTING}') as dayparting
        from overrides o
       -- (until > _at: what the index on (brand_id, until) finds; the span says the rest)
       where o.brand_id = any(_brand_ids) and o.until > _at and override_span(o.created_at, o.until, o.cancelled_at) @> _at
       group by o.brand_id, o.campaign_id
    )
    -- `holds` minus `lifts` (at most the three liftable rules, overrides_lifts: so three removals),
    -- and what they share, in precedence order. No override reaches most campaigns: for them `holds`
    -- is the answer as it is, without building `lifts` three times over.
    select r.id, r.brand_id, r.name, r.status, r.pause_reason, r.archived_at,
           case when r.overridden
                then array_remove(array_remove(array_remove(r.holds, r.lifts[1]), r.lifts[2]), r.lifts[3])
                else r.holds end,
           array_remove(array[case when r.lifts[1] = any(r.holds) then r.lifts[1] end,
                              case when r.lifts[2] = any(r.holds) then r.lifts[2] end,
                              case when r.lifts[3] = any(r.holds) then r.lifts[3] end], null)
      from (
        select c.id, c.brand_id, c.name, c.status, c.pause_reason, c.archived_at,
               holding_rules(b, c, c.id = any(_pause) or (c.pause_reason = 'MANUAL' and not c.id = any(_resume)),
                             t.monthly, t.daily, c.dayparting @> k.clock_second) as holds,
               array_remove(array[
                 case when ob.monthly or oc.monthly then 'MONTHLY_BUDGET'::pause_reason end,
                 case when ob.daily or oc.daily then 'DAILY_BUDGET'::pause_reason end,
                 case when ob.dayparting or oc.dayparting then 'DAYPARTING'::pause_reason end
               ], null) as lifts,
               ob.brand_id is not null or oc.campaign_id is not null as overridden
          -- each brand's wall clock as the second of its week, read once per brand (offset 0: not
          -- once per campaign) and tested against each campaign's active windows (campaigns.dayparting)
          from (select b.id, week_second(local_clock(_at, b.timezone)) as clock_second
                  from brands b
                 where b.id = any(_brand_ids)
                offset 0) k
          join brands b on b.id = k.id
          join campaigns c on c.brand_id = b.id
          join brand_spend_totals(_at, _brand_ids, _spends) t on t.brand_id = b.id
          left join lifts ob on ob.brand_id = b.id and ob.campaign_id is null
          left join lifts oc on oc.campaign_id = c.id
         where _campaign_ids is null or c.id = any(_campaign_ids)
      ) r
  $$;

-- Campaign.pauseReasons and Campaign.liftedReasons: every rule that holds for these campaigns (of
-- any brands) at _at, and those of them an override lifts.
create or replace function campaign_pause_rules(_at timestamptz, _campaign_ids uuid[])
  returns table (campaign_id uuid, reasons pause_reason[], lifted pause_reason[])
  language sql stable
  as $$
    select r.campaign_id, r.reasons, r.lifted
      from (select array_agg(distinct x.brand_id) as brand_ids from campaigns x where x.id = any(_campaign_ids)) k
     cross join lateral pause_rules(_at, k.brand_ids, _campaign_ids, '{}', '{}') r
  $$;

-- campaigns.dayparting, the DAYPARTING rule's input: the seconds of the week a campaign's active
-- windows cover (range_agg of window_week, prisma/functions/10_time.sql), null when it has none.
-- Kept by the statement triggers on schedules (insert, update, delete: one each, as a trigger with
-- transition tables has one event), for every writer: the seed's 220,000 windows cost one update
-- per campaign, and a write that leaves a campaign's windows as they were updates nothing.
create or replace function schedules_dayparting() returns trigger language plpgsql as $$
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
