-- One round trip per write. The reconcile engine and the ledger's write are PL/pgSQL functions:
-- a spend is one statement in autocommit, where it was an interactive transaction whose
-- connection waited on Node between five statements (under load PostgreSQL's backends sat "idle
-- in transaction, ClientRead"). PL/pgSQL also keeps each statement's plan per connection.
-- src/engine/reconcile.ts and src/engine/ledger.ts are their only callers: the rules still live
-- in one place, and src/domain/desiredState.ts is still the reference they are tested against.

-- The period totals take the brands (campaigns) they are asked for; null no longer means every
-- one (no caller asked that): without the `is null or`, a plan kept for one brand reaches it by
-- index.
create or replace function brand_spend_totals(at timestamptz, brand_ids uuid[])
  returns table (brand_id uuid, daily bigint, monthly bigint)
  language sql stable parallel safe
  as $$
    select b.id,
           coalesce(sum(t.amount) filter (where t.spend_date = local_clock(at, b.timezone)::date), 0)::bigint,
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
           coalesce(sum(t.amount) filter (where t.spend_date = local_clock(at, b.timezone)::date), 0)::bigint,
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

-- A campaign's change of state, as reconcile_campaigns decides it.
create type status_change as (
  campaign_id uuid,
  brand_id uuid,
  campaign_name text,
  from_status campaign_status,
  from_reason pause_reason,
  to_status campaign_status,
  to_reason pause_reason
);

-- §3 desired state, §4 scopes. Computes the desired state of every non-archived campaign in reach
-- (_brand_ids; null: every brand) at _at in one set-based statement, applies the differences the task admits (_admit_from /
-- _admit_to; null admits any) and writes one status event per change. Answers the changes (with
-- their event ids unless _dry_run), then one row holding only `checked`. Unless _dry_run, the
-- caller holds the locks of the brands in reach.
create function reconcile_campaigns(
  _at timestamptz,
  _brand_ids uuid[],
  _campaign_ids uuid[],
  _pause uuid[],
  _resume uuid[],
  _created uuid[],
  _admit_from pause_reason[],
  _admit_to pause_reason[],
  _trigger status_trigger,
  _actor text,
  _dry_run boolean)
returns table (event_id bigint, campaign_id uuid, brand_id uuid, campaign_name text, from_status campaign_status,
               from_reason pause_reason, to_status campaign_status, to_reason pause_reason, checked bigint)
language plpgsql
-- A few brands (a spend, an operator's change) run a plan kept per connection (planning the
-- statement below costs more than running it for one brand: 1.2 ms against 0.2 ms, measured);
-- more brands are planned for their own values, as one plan cannot serve 1 brand and 10,000.
-- This SET confines the set_config below to the call.
set plan_cache_mode = force_custom_plan
as $$
#variable_conflict use_column
declare
  changes status_change[];
  n bigint;
begin
  if _brand_ids is null then
    _brand_ids := array(select id from brands);
  elsif cardinality(_brand_ids) <= 8 then
    perform set_config('plan_cache_mode', 'force_generic_plan', true);
  end if;
  -- The CASE is §3's precedence, the order of the pause_reason enum.
  with b as (
    select b.id, b.daily_budget, b.monthly_budget, local_clock(_at, b.timezone) as clock
      from brands b
     where b.id = any(_brand_ids)
  ),
  c as materialized (
    select c.id, c.brand_id, c.name, c.status, c.pause_reason, c.id = any(_created) as created
      from campaigns c join b on b.id = c.brand_id
     where c.archived_at is null
       and (_campaign_ids is null or c.id = any(_campaign_ids))
  ),
  w as (
    select s.campaign_id, bool_or(window_covers(s.day_of_week, s.start_time, s.end_time, b.clock)) as inside
      from schedules s
      join c on c.id = s.campaign_id
      join b on b.id = s.brand_id
     where s.is_active
     group by s.campaign_id
  ),
  d as (
    select c.*,
           case
             when c.id = any(_pause) then 'MANUAL'
             when c.pause_reason = 'MANUAL' and not c.id = any(_resume) then 'MANUAL'
             when b.monthly_budget is not null and totals.monthly >= b.monthly_budget then 'MONTHLY_BUDGET'
             when b.daily_budget is not null and totals.daily >= b.daily_budget then 'DAILY_BUDGET'
             when w.inside is false then 'DAYPARTING'
           end::pause_reason as reason
      from c
      join b on b.id = c.brand_id
      join brand_spend_totals(_at, _brand_ids) totals on totals.brand_id = c.brand_id
      left join w on w.campaign_id = c.id
  )
  select count(*),
         coalesce(array_agg(row(d.id, d.brand_id, d.name,
                                case when d.created then null else d.status end,
                                case when d.created then null else d.pause_reason end,
                                case when d.reason is null then 'ACTIVE' else 'PAUSED' end,
                                d.reason)::status_change order by d.id)
                    filter (where d.created
                               or (d.pause_reason is distinct from d.reason
                                   and (_admit_from is null or d.pause_reason = any(_admit_from) or d.reason = any(_admit_to)))),
                  '{}')
    into n, changes
    from d;

  if _dry_run or cardinality(changes) = 0 then
    return query select null::bigint, x.*, null::bigint from unnest(changes) x;
  else
    update campaigns c
       set status = x.to_status, pause_reason = x.to_reason, updated_at = _at
      from unnest(changes) x
     where c.id = x.campaign_id;
    -- Event ids become visible in order: every event writer takes this lock, after its brand
    -- locks, before its ids are drawn (src/engine/events.ts).
    perform pg_advisory_xact_lock(4242020402);
    return query
      with e as (
        insert into campaign_status_events
          (brand_id, campaign_id, campaign_name, from_status, from_reason, to_status, to_reason, trigger, actor, occurred_at)
        select x.brand_id, x.campaign_id, x.campaign_name, x.from_status, x.from_reason, x.to_status, x.to_reason,
               _trigger, _actor, _at
          from unnest(changes) x
         order by x.campaign_id
        returning *
      )
      select e.id, e.campaign_id, e.brand_id, e.campaign_name, e.from_status, e.from_reason, e.to_status, e.to_reason,
             null::bigint
        from e;
    -- the payload: the largest id this transaction drew (the sequence's last value in this session)
    perform pg_notify('campaign_status_events', currval(pg_get_serial_sequence('campaign_status_events', 'id'))::text);
  end if;
  return query select null::bigint, null::uuid, null::uuid, null::text, null::campaign_status, null::pause_reason,
                      null::campaign_status, null::pause_reason, n;
end $$;

-- A spend as the API answers it: money and ids as text (exact in JSON).
create function spend_json(s spends) returns json
  language sql immutable parallel safe
  as $$
    select json_build_object('id', s.id, 'brandId', s.brand_id, 'campaignId', s.campaign_id, 'amount', s.amount::text,
                             'occurredAt', s.occurred_at, 'spendDate', s.spend_date, 'description', s.description,
                             'source', s.source, 'externalId', s.external_id, 'createdAt', s.created_at,
                             'updatedAt', s.updated_at)
  $$;

-- A valid item of a write, and where it went: its campaign and brand, or why it has none.
create type spend_item as (
  n bigint,
  id uuid,
  campaign_id uuid,
  brand_id uuid,
  outcome text,
  amount bigint,
  occurred_at timestamptz,
  description text,
  source text,
  external_id text
);

-- The ledger's write: already-validated items (one array per field, item n at position n) for
-- the brands in _scope (null: every brand). Resolves each item to one campaign (by id, or by
-- platform reference among the scope's brands), locks those brands in id order, inserts the
-- spends (the first of two items with one (source, externalId) is the one recorded), and applies
-- the desired state to every brand touched. Answers
--   {"items": [{n, outcome, brandId, campaignId, spend}], "changes": [reconcile_campaigns' rows]}
-- where outcome is CREATED, EXISTING (an earlier spend holds the key: spend is that one),
-- NOT_FOUND, AMBIGUOUS (a reference in several brands) or FORBIDDEN (a brand outside the scope).
-- Every statement reads the items from one array and reaches tables by index, so the plans
-- PL/pgSQL keeps (made for a few items) stay right for 10,000.
create function record_spends(
  _at timestamptz,
  _actor text,
  _scope uuid[],
  _ids uuid[],
  _campaign_ids uuid[],
  _platforms text[],
  _external_campaign_ids text[],
  _ref_brand_ids uuid[],
  _amounts bigint[],
  _occurred_ats timestamptz[],
  _descriptions text[],
  _sources text[],
  _external_ids text[])
returns json
language plpgsql as $$
declare
  items spend_item[];
  touched uuid[];
  answer json;
  changes json := '[]';
begin
  select array_agg(row(x.n, x.id, m.campaign_id, m.brand_id,
                       case when m.matches = 0 then 'NOT_FOUND'
                            when m.matches > 1 then 'AMBIGUOUS'
                            when _scope is not null and not m.brand_id = any(_scope) then 'FORBIDDEN'
                       end,
                       x.amount, x.occurred_at, x.description, x.source, x.external_id)::spend_item order by x.n)
    into items
    from unnest(_ids, _campaign_ids, _platforms, _external_campaign_ids, _ref_brand_ids, _amounts, _occurred_ats,
                _descriptions, _sources, _external_ids)
           with ordinality x(id, campaign_id, platform, ext, ref_brand_id, amount, occurred_at, description, source,
                             external_id, n)
    cross join lateral (
      select count(*) as matches, min(m.id::text)::uuid as campaign_id, min(m.brand_id::text)::uuid as brand_id
        from (select c.id, c.brand_id from campaigns c where c.id = x.campaign_id
              union all
              -- a key limited to some brands resolves a reference among its own brands only
              select c.id, c.brand_id
                from campaigns c
               where x.campaign_id is null and c.platform = x.platform and c.external_campaign_id = x.ext
                 and (x.ref_brand_id is null or c.brand_id = x.ref_brand_id)
                 and (_scope is null or c.brand_id = any(_scope))) m
    ) m;

  select array_agg(distinct i.brand_id order by i.brand_id) into touched
    from unnest(items) i where i.outcome is null;

  if touched is not null then
    -- Lock before writing: two spends crossing the budget must not both see room.
    perform 1 from brands b where b.id = any(touched) order by b.id for update;

    -- Joined to campaigns: one deleted between the lookup and the lock (deleting holds its
    -- brand's lock) is not inserted, and its item answers NOT_FOUND.
    insert into spends (id, brand_id, campaign_id, amount, occurred_at, spend_date, description, source,
                        external_id, created_at, updated_at)
    select i.id, i.brand_id, i.campaign_id, i.amount, i.occurred_at, local_clock(i.occurred_at, b.timezone)::date,
           i.description, i.source, i.external_id, _at, _at
      from unnest(items) i
      join brands b on b.id = i.brand_id
      join campaigns c on c.id = i.campaign_id and c.brand_id = i.brand_id
     where i.outcome is null
     order by i.n
    on conflict (brand_id, source, external_id) do nothing;

    select coalesce(json_agg(json_build_object(
             'event_id', e.event_id::text, 'campaign_id', e.campaign_id, 'brand_id', e.brand_id,
             'campaign_name', e.campaign_name, 'from_status', e.from_status, 'from_reason', e.from_reason,
             'to_status', e.to_status, 'to_reason', e.to_reason)
           order by e.campaign_id), '[]')
      into changes
      from reconcile_campaigns(_at, touched, null, '{}', '{}', '{}', null, null, 'SPEND', _actor, false) e
     where e.campaign_id is not null;
  end if;

  -- An item's spend is the one it inserted (its id), or the one already holding its key.
  select json_agg(json_build_object(
           'n', i.n,
           'outcome', coalesce(i.outcome, case when s.id is not null then 'CREATED'
                                               when o.id is not null then 'EXISTING'
                                               else 'NOT_FOUND' end),
           'brandId', i.brand_id,
           'campaignId', i.campaign_id,
           'spend', case when s.id is not null then spend_json(s) when o.id is not null then spend_json(o) end)
         order by i.n)
    into answer
    from unnest(items) i
    left join spends s on i.outcome is null and s.brand_id = i.brand_id and s.id = i.id
    left join spends o on i.outcome is null and s.id is null
                      and o.brand_id = i.brand_id and o.source = i.source and o.external_id = i.external_id;

  return json_build_object('items', answer, 'changes', changes);
end $$;

-- Platform references are looked up without their brand (a key may reach several).
create index campaigns_platform_external_campaign_id_idx on campaigns (platform, external_campaign_id)
  where platform is not null;
