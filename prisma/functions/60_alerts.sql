-- Threshold alerts (budget_alerts): a threshold crossed fires once per period, written the way
-- status events are (after the brand locks, under the events lock, pg_notify at commit); thresholds
-- crossed by one write make one alert, for the highest. A drop back below a threshold (a correction,
-- a raised budget) re-arms it. The caller holds the locks of the brands (reconcile_campaigns' callers do). One read when
-- nothing crosses or drops below a threshold (the usual spend); writes only when something does.
-- _spends: the brands' spend totals at _at when the caller has them already (brand_spend_totals'
-- `known`); null: computed here. (The arguments changed: replaced.)
drop function if exists check_budget_alerts(timestamptz, uuid[], status_trigger, text);
create or replace function check_budget_alerts(_at timestamptz, _brand_ids uuid[], _trigger status_trigger, _actor text,
                                               _spends brand_spend[] default null)
returns void
language plpgsql as $$
declare
  fire budget_alert_level[];
  rearm budget_alert_level[];
begin
  -- a null or zero budget has nothing to cross; `fired`: a mark for this period exists (a join, not
  -- a probe per threshold: the planner scans a few marks once, or probes many by index)
  select array_agg(l.level order by l.brand_id, l.period, l.threshold) filter (where l.crossed and not l.fired),
         array_agg(l.level) filter (where not l.crossed and l.fired)
    into fire, rearm
    from (select b.id as brand_id, p.period, th.threshold,
                 p.spent * 100 >= p.budget * th.threshold as crossed,
                 m.brand_id is not null as fired,
                 row(b.id, p.period, p.period_start, th.threshold, p.budget, p.spent,
                     p.spent * 100 >= p.budget * th.threshold)::budget_alert_level as level
            -- each brand's clock read once (offset 0), not once per period
            from (select b.id, b.daily_budget, b.monthly_budget, b.alert_thresholds, local_clock(_at, b.timezone) as clock
                    from brands b
                   where b.id = any(_brand_ids)
                  offset 0) b
            join brand_spend_totals(_at, _brand_ids, _spends) s on s.brand_id = b.id
           cross join lateral (values ('DAILY'::budget_period, b.clock::date, b.daily_budget, s.daily),
                                      ('MONTHLY'::budget_period, month_start(b.clock), b.monthly_budget, s.monthly))
                 p(period, period_start, budget, spent)
           cross join lateral unnest(b.alert_thresholds) th(threshold)
            left join budget_alert_marks m
              on m.brand_id = b.id and m.period = p.period and m.period_start = p.period_start and m.threshold = th.threshold
           where p.budget > 0) l;

  -- back below a threshold that fired this period (a correction, a raised budget): armed again
  if rearm is not null then
    delete from budget_alert_marks m
     using unnest(rearm) r
     where m.brand_id = r.brand_id and m.period = r.period and m.period_start = r.period_start
       and m.threshold = r.threshold;
  end if;
  if fire is null then
    return;
  end if;

  insert into budget_alert_marks (brand_id, period, period_start, threshold)
  select f.brand_id, f.period, f.period_start, f.threshold from unnest(fire) f;
  delete from budget_alert_marks m
   where m.brand_id in (select f.brand_id from unnest(fire) f) and m.period_start < _at::date - 40;

  -- ids visible in order, as for status events (src/engine/events.ts). One alert per brand and
  -- period, for the highest threshold crossed: a write that jumps past 80 and 95 at once says where
  -- the spend is once, not twice (every threshold it passed is marked as fired).
  perform take_events_lock();
  insert into budget_alerts (brand_id, period, period_start, threshold, budget, spent, currency, trigger, actor, occurred_at)
  select distinct on (f.brand_id, f.period)
         f.brand_id, f.period, f.period_start, f.threshold, f.budget, f.spent, b.currency, _trigger, _actor, _at
    from unnest(fire) f
    join brands b on b.id = f.brand_id
   order by f.brand_id, f.period, f.threshold desc;
  perform pg_notify(budget_alerts_channel(), currval(pg_get_serial_sequence('budget_alerts', 'id'))::text);
end $$;
