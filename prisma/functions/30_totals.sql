-- Periods, the one definition of "spend today" and "spend this month" at an instant: the
-- brand-local day and month of `at`, summed from the trigger-kept daily totals. A spend booked
-- MONTHLY (a monthly fee) counts toward its month only: the day's figure leaves out each day's
-- monthly_amount, so it never pauses a day's campaigns nor fires a daily alert. The reconcile
-- engine decides on these and GraphQL shows them. Set-returning SQL functions, not strict, with
-- one select: the planner inlines them into the statement that calls them (one set-based join,
-- not a call per row). They take the brands (campaigns) they are asked for: a plan kept for one
-- brand reaches it by index.

create or replace function brand_spend_totals(at timestamptz, brand_ids uuid[])
  returns table (brand_id uuid, daily bigint, monthly bigint)
  language sql stable parallel safe
  as $$
    select b.id,
           coalesce(sum(t.amount - t.monthly_amount) filter (where t.spend_date = local_clock(at, b.timezone)::date), 0)::bigint,
           coalesce(sum(t.amount), 0)::bigint
      from brands b
      left join brand_daily_spends t
        on t.brand_id = b.id
       and t.spend_date >= month_start(local_clock(at, b.timezone))
       and t.spend_date < next_month_start(local_clock(at, b.timezone))
     where b.id = any(brand_ids)
     group by b.id
  $$;

create or replace function campaign_spend_totals(at timestamptz, campaign_ids uuid[])
  returns table (campaign_id uuid, daily bigint, monthly bigint)
  language sql stable parallel safe
  as $$
    select c.id,
           coalesce(sum(t.amount - t.monthly_amount) filter (where t.spend_date = local_clock(at, b.timezone)::date), 0)::bigint,
           coalesce(sum(t.amount), 0)::bigint
      from campaigns c
      join brands b on b.id = c.brand_id
      left join campaign_daily_spends t
        on t.brand_id = c.brand_id and t.campaign_id = c.id
       and t.spend_date >= month_start(local_clock(at, b.timezone))
       and t.spend_date < next_month_start(local_clock(at, b.timezone))
     where c.id = any(campaign_ids)
     group by c.id
  $$;
