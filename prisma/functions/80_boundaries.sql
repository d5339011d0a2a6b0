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
-- next month start and the ends of the overrides in force, however far): the reconcile engine,
-- dry-run (as previewEnforcement runs it), brand by brand, at _at and then at each boundary in
-- order, until every campaign has its first difference from its state now. A difference already at
-- _at is one the next job run applies. override_ends: the change comes at the end of an override
-- that reaches the campaign. Only what can move is looked at: a campaign with windows at their
-- edges, one paused for a budget at midnights (a month's at the month start), one an override
-- reaches at the override's end; MANUAL and archived campaigns never change on their own, and an
-- active campaign without windows or overrides only by a spend.
drop function if exists next_changes(timestamptz, uuid[], interval);
create or replace function next_changes(_at timestamptz, _campaign_ids uuid[], _horizon interval)
  returns table (campaign_id uuid, at timestamptz, from_status campaign_status, from_reason pause_reason,
                 to_status campaign_status, to_reason pause_reason, override_ends boolean)
  language plpgsql
  as $$
#variable_conflict use_column
  declare
    brand record;
    t timestamptz;
    r record;
    pending uuid[];
    days boolean;
    months boolean;
    -- the brand's overrides in force at _at: whom each reaches (null: every campaign) and when it ends
    reached uuid[];
    ends timestamptz[];
  begin
    for brand in
      select c.brand_id as id, b.timezone as tz, array_agg(c.id) as campaign_ids
        from campaigns c join brands b on b.id = c.brand_id
       where c.id = any(_campaign_ids) and c.archived_at is null and c.pause_reason is distinct from 'MANUAL'
       group by c.brand_id, b.timezone
    loop
      -- due now (a job has not applied it yet)
      for r in
        select * from reconcile_campaigns(_at, array[brand.id], brand.campaign_ids, '{}', '{}', '{}', null, null, 'RECONCILE',
                                          'preview', true) e
         where e.campaign_id is not null
      loop
        campaign_id := r.campaign_id; at := _at; from_status := r.from_status; from_reason := r.from_reason;
        to_status := r.to_status; to_reason := r.to_reason; override_ends := false;
        return next;
        brand.campaign_ids := array_remove(brand.campaign_ids, r.campaign_id);
      end loop;
      -- the overrides of the brand in force now: their ends are boundaries for the campaigns they reach
      select coalesce(array_agg(o.campaign_id), '{}'), coalesce(array_agg(upper(override_span(o.created_at, o.until, o.cancelled_at))), '{}')
        into reached, ends
        from overrides o
       where o.brand_id = brand.id and o.until > _at and override_span(o.created_at, o.until, o.cancelled_at) @> _at;
      select array_agg(c.id),
             coalesce(bool_or(c.pause_reason in ('DAILY_BUDGET', 'MONTHLY_BUDGET')), false),
             coalesce(bool_or(c.pause_reason = 'MONTHLY_BUDGET'), false)
        into pending, days, months
        from campaigns c
       where c.id = any(brand.campaign_ids)
         and (c.pause_reason in ('DAILY_BUDGET', 'MONTHLY_BUDGET')
              or exists (select 1 from schedules s where s.campaign_id = c.id and s.is_active)
              or exists (select 1 from unnest(reached) o(campaign_id) where o.campaign_id is null or o.campaign_id = c.id));
      continue when pending is null;
      for t in
        select x.at
          from time_boundaries(brand.id, _at, _at + _horizon,
                               array(select s.campaign_id from schedules s where s.campaign_id = any(pending) and s.is_active order by s.id),
                               array(select s.day_of_week from schedules s where s.campaign_id = any(pending) and s.is_active order by s.id),
                               array(select s.start_time from schedules s where s.campaign_id = any(pending) and s.is_active order by s.id),
                               array(select s.end_time from schedules s where s.campaign_id = any(pending) and s.is_active order by s.id)) x
         where x.campaign_id is not null or x.kind = 'OFFSET' or (days and x.kind = 'DAY') or ((days or months) and x.kind = 'MONTH')
        union
        select upper(local_month(_at, brand.tz)) where months
        union
        select e from unnest(ends) e
        order by 1
      loop
        for r in
          select * from reconcile_campaigns(t, array[brand.id], pending, '{}', '{}', '{}', null, null, 'RECONCILE', 'preview', true) e
           where e.campaign_id is not null
        loop
          campaign_id := r.campaign_id; at := t; from_status := r.from_status; from_reason := r.from_reason;
          to_status := r.to_status; to_reason := r.to_reason;
          override_ends := exists (select 1 from unnest(reached, ends) o(campaign_id, end_at)
                                    where o.end_at = t and (o.campaign_id is null or o.campaign_id = r.campaign_id));
          return next;
          pending := array_remove(pending, r.campaign_id);
        end loop;
        exit when cardinality(pending) = 0;
      end loop;
    end loop;
  end $$;
