-- The desired state, and the tasks' scopes. Computes the desired state of every non-archived campaign in reach
-- (_brand_ids; null: every brand) at _at in one set-based statement, applies the differences the
-- task admits (_admit_from / _admit_to; null admits any), writes one status event per change and
-- checks the brands' alert thresholds (check_budget_alerts). Answers the changes (with their event
-- ids unless _dry_run), then one row holding only `checked`. Unless _dry_run, the caller holds the
-- locks of the brands in reach. Called by src/engine/reconcile.ts, record_spends and next_changes.
create or replace function reconcile_campaigns(
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
-- Up to 64 brands (a spend, a group commit of concurrent spends, an operator's change) run a plan
-- kept per connection: planning the statement below costs more than running it for one brand
-- (1.2 ms against 0.2 ms, measured), and a group commit of 32 spends touches ~17 brands (with the
-- kept plan: 4.2 -> 0.9 ms a call, recordSpend 1,400 -> 2,060 spends/s on PostgreSQL 15). More
-- brands are planned for their own values, as one plan cannot serve 1 brand and 10,000.
-- This SET confines the set_config below to the call.
set plan_cache_mode = force_custom_plan
as $$
#variable_conflict use_column
declare
  changes status_change[];
  n bigint;
  -- many brands' spend totals, computed once for the rules and the alert thresholds
  spends brand_spend[];
begin
  if _brand_ids is null then
    _brand_ids := array(select id from brands);
  end if;
  if cardinality(_brand_ids) <= 64 then
    perform set_config('plan_cache_mode', 'force_generic_plan', true);
  else
    spends := array(select t from brand_spend_totals(_at, _brand_ids) t);
  end if;
  -- The pause rules (pause_rules, inlined here): the first that holds is the desired reason.
  with d as (
    select r.campaign_id as id, r.brand_id, r.campaign_name as name, r.status, r.pause_reason,
           r.campaign_id = any(_created) as created, r.reasons[1] as reason
      from pause_rules(_at, _brand_ids, _campaign_ids, _pause, _resume, spends) r
     where r.archived_at is null
    -- kept a subquery (offset 0): a campaign's reasons are computed once, not once per use below
    offset 0
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
    -- (the ids again, as an array: the changed rows are fetched by index, not found by hashing
    -- every campaign, ~2x faster at 10,000 changes of 100,000)
    update campaigns c
       set status = x.to_status, pause_reason = x.to_reason, updated_at = _at
      from unnest(changes) x
     where c.id = x.campaign_id and c.id = any(array(select y.campaign_id from unnest(changes) y));
    -- Event ids become visible in order: every event writer takes this lock, after its brand
    -- locks, before its ids are drawn (src/engine/events.ts).
    perform take_events_lock();
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
    perform pg_notify(status_events_channel(), currval(pg_get_serial_sequence('campaign_status_events', 'id'))::text);
  end if;
  -- the thresholds of the brands in reach, in the same transaction (budget_alerts)
  if not _dry_run then
    perform check_budget_alerts(_at, _brand_ids, _trigger, _actor, spends);
  end if;
  return query select null::bigint, null::uuid, null::uuid, null::text, null::campaign_status, null::pause_reason,
                      null::campaign_status, null::pause_reason, n;
end $$;
