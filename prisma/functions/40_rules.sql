-- §3's rules at an instant, every one that holds (reconcile_campaigns answers only the first, by
-- precedence): MANUAL (an operator's pause, or archived), MONTHLY_BUDGET, DAILY_BUDGET,
-- DAYPARTING (active windows, none covering the brand's wall clock).
create or replace function campaign_pause_rules(_at timestamptz, _campaign_ids uuid[])
  returns table (campaign_id uuid, reasons pause_reason[])
  language sql stable
  as $$
    select c.id,
           array_remove(array[
             case when c.pause_reason = 'MANUAL' then 'MANUAL'::pause_reason end,
             case when b.monthly_budget is not null and t.monthly >= b.monthly_budget then 'MONTHLY_BUDGET'::pause_reason end,
             case when b.daily_budget is not null and t.daily >= b.daily_budget then 'DAILY_BUDGET'::pause_reason end,
             case when w.inside is false then 'DAYPARTING'::pause_reason end
           ], null)
      from campaigns c
      join brands b on b.id = c.brand_id
      join brand_spend_totals(_at, array(select distinct x.brand_id from campaigns x where x.id = any(_campaign_ids))) t
        on t.brand_id = c.brand_id
      left join lateral (
        select bool_or(window_covers(s.day_of_week, s.start_time, s.end_time, local_clock(_at, b.timezone))) as inside
          from schedules s
         where s.campaign_id = c.id and s.is_active
      ) w on true
     where c.id = any(_campaign_ids)
  $$;
