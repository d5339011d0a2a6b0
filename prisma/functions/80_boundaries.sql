-- The instants in (_from, _to] at which time alone can change a brand's desired states: the
-- starts of its brand-local days (kind DAY, or MONTH on the first of a month: local_start) and
-- the openings and closings of the windows given (item n of the arrays is one window of campaign
-- _campaign_ids[n]: the ends of window_span). Around DST changes: a window's edge the clocks pass
-- twice gives both instants (wall_instants), and every change of the zone's UTC offset is a
-- boundary too (kind OFFSET: a window starting in a skipped hour begins covering there), so
-- window_covers, asked at these instants, sees every change.
create or replace function time_boundaries(_brand_id uuid, _from timestamptz, _to timestamptz, _campaign_ids uuid[],
                                           _days day_of_week[], _starts time[], _ends time[])
  returns table (at timestamptz, campaign_id uuid, kind text)
  language sql stable
  as $$
    with d as (
      select g::date as day, b.timezone as tz
        from brands b,
             generate_series(local_clock(_from, b.timezone)::date - 1, local_clock(_to, b.timezone)::date, interval '1 day') g
       where b.id = _brand_id
    ),
    w as (
      select * from unnest(_campaign_ids, _days, _starts, _ends) w(campaign_id, dow, start_t, end_t)
    ),
    x as (
      select local_start(d.day + 1, d.tz) as at, null::uuid as campaign_id,
             case when extract(day from d.day + 1) = 1 then 'MONTH' else 'DAY' end as kind
        from d
      union all
      select v.at, w.campaign_id, e.kind
        from d
       cross join w
       cross join lateral (select window_span(w.dow, w.start_t, w.end_t, d.day) as span) o
       cross join lateral (values (lower(o.span), 'WINDOW_OPENS'), (upper(o.span), 'WINDOW_CLOSES')) e(wall, kind)
       cross join lateral wall_instants(e.wall, d.tz) v(at)
       where not isempty(o.span)
      union all
      select g, null, 'OFFSET'
        from brands b,
             generate_series(date_trunc('hour', _from), _to, interval '15 minutes') g
       where b.id = _brand_id
         and local_clock(g, b.timezone) - (g at time zone 'UTC')
             <> local_clock(g - interval '15 minutes', b.timezone) - ((g - interval '15 minutes') at time zone 'UTC')
    )
    select x.at, x.campaign_id, x.kind from x where x.at > _from and x.at <= _to order by x.at, x.kind
  $$;

-- The next change of each campaign that time alone will make, within _horizon of _at (and at the
-- next month start and the ends of the overrides in force, however far): the reconcile engine's
-- dry run (as previewEnforcement runs it) at _at and then at each boundary in order, the first
-- difference from each campaign's state now. A difference already at _at is one the next job run
-- applies. override_ends: the change comes at the end of an override that reaches the campaign.
-- Only what can move is looked at (pending): a campaign with windows at their edges, one paused
-- for a budget at midnights (a month's at the month start), one an override reaches at the
-- override's end; MANUAL and archived campaigns never change on their own, and an active campaign
-- without windows or overrides only by a spend. A dry run changes nothing, so each campaign's
-- answer is the first of its brand's boundaries (those of all its pending campaigns) at which
-- the rules want another state: one statement evaluates the rules (holding_rules, with the
-- totals, windows and overrides of that moment, as pause_rules reads them) for every pending
-- campaign at every boundary of its brand, for all the brands at once. (It was a loop over the
-- brands and their boundaries, a reconcile_campaigns call each: 500 campaigns of 10 brands took
-- ~400 ms, most of it in ~500 calls.)
drop function if exists next_changes(timestamptz, uuid[], interval);
create or replace function next_changes(_at timestamptz, _campaign_ids uuid[], _horizon interval)
  returns table (campaign_id uuid, at timestamptz, from_status campaign_status, from_reason pause_reason,
                 to_status campaign_status, to_reason pause_reason, override_ends boolean)
  language sql stable
  as $$
    with movable as materialized (
      select c.id, c.brand_id, c.status, c.pause_reason
        from campaigns c
       where c.id = any(_campaign_ids) and c.archived_at is null and c.pause_reason is distinct from 'MANUAL'
    ),
    -- the rules now: a difference is due (a job has not applied it yet)
    now as materialized (
      select m.id as campaign_id, m.brand_id, m.status, m.pause_reason, r.reasons[1] as reason
        from campaign_pause_rules(_at, _campaign_ids) r
        join movable m on m.id = r.campaign_id
    ),
    -- the overrides in force now: their ends are boundaries for the campaigns they reach
    reach as materialized (
      select o.brand_id, o.campaign_id, upper(override_span(o.created_at, o.until, o.cancelled_at)) as end_at
        from overrides o
       where o.brand_id in (select m.brand_id from movable m) and o.until > _at
         and override_span(o.created_at, o.until, o.cancelled_at) @> _at
    ),
    pending as materialized (
      select n.campaign_id as id, n.brand_id, n.status, n.pause_reason
        from now n
       where n.pause_reason is not distinct from n.reason
         and (n.pause_reason in ('DAILY_BUDGET', 'MONTHLY_BUDGET')
              or exists (select 1 from schedules s where s.campaign_id = n.campaign_id and s.is_active)
              or exists (select 1 from reach o where o.brand_id = n.brand_id and (o.campaign_id is null or o.campaign_id = n.campaign_id)))
    ),
    brand as materialized (
      select p.brand_id, b.timezone,
             bool_or(p.pause_reason in ('DAILY_BUDGET', 'MONTHLY_BUDGET')) as days,
             bool_or(p.pause_reason = 'MONTHLY_BUDGET') as months
        from pending p
        join brands b on b.id = p.brand_id
       group by p.brand_id, b.timezone
    ),
    -- each pending campaign's active windows, and their text: campaigns of a brand with the same
    -- windows are covered alike, so coverage is computed once for them (covering)
    windows as materialized (
      select p.id, p.brand_id,
             string_agg(concat_ws(' ', s.day_of_week, s.start_time, s.end_time), ',' order by s.day_of_week, s.start_time, s.end_time) as shape,
             array_agg(s.day_of_week) as dows, array_agg(s.start_time) as starts, array_agg(s.end_time) as ends
        from pending p join schedules s on s.campaign_id = p.id and s.is_active
       group by p.id, p.brand_id
    ),
    -- the distinct windows of each brand's pending campaigns (with one campaign that has each):
    -- their edges are the brand's, read once however many campaigns share them
    edge as (
      select x.brand_id, array_agg(x.campaign_id) as campaign_ids, array_agg(x.d) as dows, array_agg(x.s) as starts,
             array_agg(x.e) as ends
        from (select distinct on (w.brand_id, u.d, u.s, u.e) w.brand_id, w.id as campaign_id, u.d, u.s, u.e
                from windows w cross join lateral unnest(w.dows, w.starts, w.ends) u(d, s, e)) x
       group by x.brand_id
    ),
    -- each brand's boundaries: its pending campaigns' window edges and the zone's offset changes,
    -- the local midnights when one is paused for a budget, the month start when one is for the
    -- month's, the ends of its overrides in force; and its clock there
    moment as materialized (
      select x.brand_id, x.at, local_clock(x.at, x.timezone) as clock
        from (
          select k.brand_id, k.timezone, e.at
            from brand k
            left join edge g on g.brand_id = k.brand_id
           cross join lateral time_boundaries(k.brand_id, _at, _at + _horizon, coalesce(g.campaign_ids, '{}'), coalesce(g.dows, '{}'),
                                              coalesce(g.starts, '{}'), coalesce(g.ends, '{}')) e
           where e.campaign_id is not null or e.kind = 'OFFSET' or (k.days and e.kind = 'DAY') or ((k.days or k.months) and e.kind = 'MONTH')
          union
          select k.brand_id, k.timezone, upper(local_month(_at, k.timezone)) from brand k where k.months
          union
          select k.brand_id, k.timezone, o.end_at from brand k join reach o on o.brand_id = k.brand_id
        ) x
    ),
    -- the totals at a moment move only with its local date: read once a date (brand_spend_totals)
    totals as materialized (
      select d.brand_id, d.day, t.daily, t.monthly
        from (select m.brand_id, m.clock::date as day, min(m.at) as at from moment m group by 1, 2) d
       cross join lateral brand_spend_totals(d.at, array[d.brand_id]) t
    ),
    -- the rules the overrides of these brands lift, one row each, while in force (any that may be
    -- after _at)
    lift as materialized (
      select o.brand_id, o.campaign_id, override_span(o.created_at, o.until, o.cancelled_at) as span, x as rule
        from overrides o
       cross join unnest(o.lifts) x
       where o.brand_id in (select k.brand_id from brand k) and o.until > _at
    ),
    -- whether an active window covers the clock, for each brand's window shapes at its moments
    covering as materialized (
      select w.brand_id, w.shape, m.at, bool_or(window_covers(x.d, x.s, x.e, m.clock)) as inside
        from (select distinct on (brand_id, shape) * from windows order by brand_id, shape, id) w
        join moment m on m.brand_id = w.brand_id
       cross join lateral unnest(w.dows, w.starts, w.ends) x(d, s, e)
       group by w.brand_id, w.shape, m.at
    ),
    -- the rules of every pending campaign at every moment of its brand, from pause_rules' inputs
    -- then (the totals, whether an active window covers its clock: null without any, what the
    -- overrides in force lift: distinct, so at most the three liftable rules); the first is the
    -- state wanted
    wanted as (
      select c.id, m.at, c.status, c.pause_reason, c.brand_id,
             (array_remove(array_remove(array_remove(
                holding_rules(b, c, c.pause_reason = 'MANUAL', t.monthly, t.daily, v.inside),
                l.lifts[1]), l.lifts[2]), l.lifts[3]))[1] as reason
        from pending p
        join campaigns c on c.id = p.id
        join brands b on b.id = c.brand_id
        join moment m on m.brand_id = c.brand_id
        join totals t on t.brand_id = m.brand_id and t.day = m.clock::date
        left join windows w on w.id = p.id
        left join covering v on v.brand_id = w.brand_id and v.shape = w.shape and v.at = m.at
        cross join lateral (
          select array_agg(distinct o.rule) as lifts
            from lift o where o.brand_id = c.brand_id and (o.campaign_id is null or o.campaign_id = c.id) and o.span @> m.at
        ) l
    )
    select n.campaign_id, _at, n.status, n.pause_reason,
           case when n.reason is null then 'ACTIVE' else 'PAUSED' end::campaign_status, n.reason, false
      from now n
     where n.pause_reason is distinct from n.reason
    union all
    select * from (
      select distinct on (w.id) w.id, w.at, w.status, w.pause_reason,
             case when w.reason is null then 'ACTIVE' else 'PAUSED' end::campaign_status, w.reason,
             exists (select 1 from reach o where o.brand_id = w.brand_id and o.end_at = w.at and (o.campaign_id is null or o.campaign_id = w.id))
        from wanted w
       where w.reason is distinct from w.pause_reason
       order by w.id, w.at
    ) x
  $$;
