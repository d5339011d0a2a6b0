-- A spend as the API answers it: money (thousandths of a major unit, src/domain/money.ts) and ids
-- as text (exact in JSON).
create or replace function spend_json(s spends) returns json
  language sql immutable parallel safe
  as $$
    select json_build_object('id', s.id, 'brandId', s.brand_id, 'campaignId', s.campaign_id, 'amount', s.amount::text,
                             'occurredAt', s.occurred_at, 'spendDate', s.spend_date, 'description', s.description,
                             'source', s.source, 'externalId', s.external_id, 'spendType', s.spend_type,
                             'recordedBy', s.recorded_by, 'createdAt', s.created_at, 'updatedAt', s.updated_at)
  $$;

-- The earlier record_spends: the 13-argument one, before an item could be given as a spend date
-- only; the 15-argument one, before amounts were checked against their brand's currency; the
-- 17-argument one, an array per field, that answered every spend whole. Replaced by the one below (a
-- new argument makes a new function, not a new definition of the old one): an older build's call
-- finds no function and fails before writing, rather than writing what it would misread.
drop function if exists record_spends(timestamptz, text, uuid[], uuid[], uuid[], text[], text[], uuid[], bigint[],
                                      timestamptz[], text[], text[], text[]);
drop function if exists record_spends(timestamptz, text, uuid[], uuid[], uuid[], text[], text[], uuid[], bigint[],
                                      timestamptz[], text[], text[], text[], date[], spend_type[]);
drop function if exists record_spends(timestamptz, text, uuid[], uuid[], uuid[], text[], text[], uuid[], bigint[],
                                      timestamptz[], text[], text[], text[], smallint[], jsonb, date[], spend_type[]);

-- The ledger's write: already-validated items for the brands in _scope (null: every brand).
-- _items is a JSON array of objects, item n at position n, with the keys id, campaign_id (or
-- platform, external_campaign_id and ref_brand_id), amount, occurred_at (or spend_date),
-- description, source, external_id, decimals and spend_type (a key left out is null): one text
-- for the client to send, not thirteen arrays of values (measured at 1,000 items: 4 ms of Node's
-- time against 8, for 1.4 ms more of PostgreSQL's). Resolves each item to one campaign (by id, or
-- by platform reference among the scope's brands), locks those brands in id order, inserts the
-- spends (the first of two items with one (source, externalId) is the one recorded), and applies
-- the desired state to every brand touched. An item given as a spend date only (no occurred_at)
-- occurred at the start of that brand-local date (local_start), so it counts toward that date and
-- its month; a date after the brand's today is FUTURE. Each spend is booked as its item's spend
-- type (none: DAILY) and recorded by _actor. Amounts are thousandths of a major unit; decimals are
-- the decimals each was written with, which may not exceed its brand's currency's (_minor_units:
-- the money module's table, currency → decimals where they are not two). Answers
--   {"items": [{n, outcome, brandId, campaignId, …}], "changes": [reconcile_campaigns' rows]}
-- where outcome is CREATED (with the spend's spendDate and occurredAt: the rest of it is the
-- item's, the actor's and _at), EXISTING (an earlier spend holds the key: spend is that one),
-- NOT_FOUND, AMBIGUOUS (a reference in several brands), FORBIDDEN (a brand outside the scope),
-- PRECISION (more decimals than its brand's currency has: currency names it) or FUTURE (a spend
-- date after the brand-local today).
-- Every statement reads the items once and reaches tables by index, so the plans PL/pgSQL keeps
-- (made for a few items) stay right for 10,000. Without JIT compilation (set here, so for the
-- reconcile and the triggers it runs too): PostgreSQL's costs read a 10,000-item call as a large
-- analytical query and, where it was built with LLVM, compiled its statements for longer than they
-- run (PostgreSQL 15, 10,000 items: 760-890 ms of the backend's CPU with JIT, 490-600 without).
create or replace function record_spends(_at timestamptz, _actor text, _scope uuid[], _items json, _minor_units jsonb)
returns json
language plpgsql
set jit = off
as $$
declare
  items spend_item[];
  touched uuid[];
  created jsonb := '{}';
  answer json;
  changes json := '[]';
begin
  -- Each item's campaign by index, then their brands joined once (a hash of the brands): joined
  -- inside the per-item lookup, PostgreSQL 15 hashed every brand once per item (a third of a
  -- 1,000-item call). The zone of a spend date is read before the brands are locked: a zone changed
  -- in between moves that spend's instant, and the insert dates it in the new zone.
  with x as materialized (
    select x.*, m.*
      from rows from (json_to_recordset(_items) as (id uuid, campaign_id uuid, platform text, external_campaign_id text,
                                                     ref_brand_id uuid, amount bigint, occurred_at timestamptz,
                                                     description text, source text, external_id text, decimals smallint,
                                                     spend_date date, spend_type spend_type))
             with ordinality x(id, campaign_id, platform, ext, ref_brand_id, amount, occurred_at, description, source,
                               external_id, decimals, spend_date, spend_type, n)
      cross join lateral (
        select count(*) as matches, min(m.id::text)::uuid as match_id, min(m.brand_id::text)::uuid as brand_id
          from (select c.id, c.brand_id from campaigns c where c.id = x.campaign_id
                union all
                -- a key limited to some brands resolves a reference among its own brands only
                select c.id, c.brand_id
                  from campaigns c
                 where x.campaign_id is null and c.platform = x.platform and c.external_campaign_id = x.ext
                   and (x.ref_brand_id is null or c.brand_id = x.ref_brand_id)
                   and (_scope is null or c.brand_id = any(_scope))) m
      ) m
  )
  select array_agg(row(x.n, x.id, x.match_id, x.brand_id,
                       case when x.matches = 0 then 'NOT_FOUND'
                            when x.matches > 1 then 'AMBIGUOUS'
                            when _scope is not null and not x.brand_id = any(_scope) then 'FORBIDDEN'
                            when x.decimals > coalesce((_minor_units ->> b.currency)::int, 2) then 'PRECISION'
                            when x.occurred_at is null and local_start(x.spend_date, b.timezone) > _at then 'FUTURE'
                       end,
                       x.amount, coalesce(x.occurred_at, local_start(x.spend_date, b.timezone)), x.description,
                       x.source, x.external_id, coalesce(x.spend_type, 'DAILY'))::spend_item order by x.n)
    into items
    from x left join brands b on b.id = x.brand_id;

  select array_agg(distinct i.brand_id order by i.brand_id) into touched
    from unnest(items) i where i.outcome is null;

  if touched is not null then
    -- Lock before writing: two spends crossing the budget must not both see room.
    perform 1 from brands b where b.id = any(touched) order by b.id for update;

    -- Joined to campaigns: one deleted between the lookup and the lock (deleting holds its
    -- brand's lock) is not inserted, and its item answers NOT_FOUND.
    with inserted as (
      insert into spends (id, brand_id, campaign_id, amount, occurred_at, spend_date, description, source,
                          external_id, spend_type, recorded_by, created_at, updated_at)
      select i.id, i.brand_id, i.campaign_id, i.amount, i.occurred_at, local_clock(i.occurred_at, b.timezone)::date,
             i.description, i.source, i.external_id, i.spend_type, _actor, _at, _at
        from unnest(items) i
        join brands b on b.id = i.brand_id
        join campaigns c on c.id = i.campaign_id and c.brand_id = i.brand_id
       where i.outcome is null
       order by i.n
      on conflict (brand_id, source, external_id) do nothing
      returning id, spend_date
    )
    -- id → spend date: looked up per item below, not joined (a join of two sets of items, planned
    -- once for a few, can nest-loop 10,000 × 10,000)
    select coalesce(jsonb_object_agg(id, spend_date), '{}') into created from inserted;

    select coalesce(json_agg(json_build_object(
             'event_id', e.event_id::text, 'campaign_id', e.campaign_id, 'brand_id', e.brand_id,
             'campaign_name', e.campaign_name, 'from_status', e.from_status, 'from_reason', e.from_reason,
             'to_status', e.to_status, 'to_reason', e.to_reason)
           order by e.campaign_id), '[]')
      into changes
      from reconcile_campaigns(_at, touched, null, '{}', '{}', '{}', null, null, 'SPEND', _actor, false) e
     where e.campaign_id is not null;
  end if;

  -- A spend it inserted is answered by what the caller does not know of it (its spend date, and
  -- its instant when given a date only); another item's spend is the one already holding its key,
  -- read in this later statement, which sees a concurrent write that held the key first.
  select json_agg(case when c.spend_date is not null
                       then json_build_object('n', i.n, 'outcome', 'CREATED', 'brandId', i.brand_id,
                                              'campaignId', i.campaign_id, 'spendDate', c.spend_date,
                                              'occurredAt', i.occurred_at)
                       else json_build_object('n', i.n,
                                              'outcome', coalesce(i.outcome, case when o.id is null then 'NOT_FOUND' else 'EXISTING' end),
                                              'brandId', i.brand_id, 'campaignId', i.campaign_id, 'currency', p.currency,
                                              'spend', spend_json(o)) end
         order by i.n)
    into answer
    from unnest(items) i
    cross join lateral (select created ->> i.id::text as spend_date) c
    -- by index, and only for the items that need it (limit 1: not flattened into a join of every spend)
    left join lateral (select p.currency from brands p where i.outcome = 'PRECISION' and p.id = i.brand_id limit 1) p on true
    left join lateral (select o.* from spends o
                        where i.outcome is null and c.spend_date is null
                          and o.brand_id = i.brand_id and o.source = i.source and o.external_id = i.external_id
                        limit 1) o on true;

  return json_build_object('items', answer, 'changes', changes);
end $$;

-- Periods: a spend counts toward the brand-local date of occurred_at. record_spends gives each
-- spend its spend_date itself, joined to its brand in the same statement (a query per row in a
-- trigger cost ~0.5 s of a 10,000-spend insert); this trigger (before insert, when spend_date is
-- null) does it for rows inserted any other way.
create or replace function spends_fill_spend_date() returns trigger language plpgsql as $$
begin
  select local_clock(new.occurred_at, b.timezone)::date into new.spend_date
    from brands b where b.id = new.brand_id;
  return new;
end $$;

-- Running totals per brand-local day (brand_daily_spends, campaign_daily_spends), kept by these
-- triggers on spends, so spends inserted by other means count too. monthly_amount is the part of
-- amount booked MONTHLY: it counts toward the month, never toward the day (30_totals.sql).
-- Statement-level with transition tables: a batch of 10,000 spends costs one upsert per
-- (brand, day), not one per row. Sorted so concurrent batches take row locks in one order.
create or replace function spends_totals_insert() returns trigger language plpgsql as $$
begin
  insert into brand_daily_spends as t (brand_id, spend_date, amount, monthly_amount, count)
    select brand_id, spend_date, sum(amount), coalesce(sum(amount) filter (where spend_type = 'MONTHLY'), 0), count(*)
      from new_rows
     group by brand_id, spend_date order by brand_id, spend_date
  on conflict (brand_id, spend_date)
    do update set amount = t.amount + excluded.amount, monthly_amount = t.monthly_amount + excluded.monthly_amount,
                  count = t.count + excluded.count;
  insert into campaign_daily_spends as t (brand_id, campaign_id, spend_date, amount, monthly_amount, count)
    select brand_id, campaign_id, spend_date, sum(amount), coalesce(sum(amount) filter (where spend_type = 'MONTHLY'), 0),
           count(*)
      from new_rows
     group by brand_id, campaign_id, spend_date order by brand_id, campaign_id, spend_date
  on conflict (brand_id, campaign_id, spend_date)
    do update set amount = t.amount + excluded.amount, monthly_amount = t.monthly_amount + excluded.monthly_amount,
                  count = t.count + excluded.count;
  return null;
end $$;

create or replace function spends_totals_delete() returns trigger language plpgsql as $$
begin
  update brand_daily_spends t
     set amount = t.amount - d.amount, monthly_amount = t.monthly_amount - d.monthly_amount, count = t.count - d.count
    from (select brand_id, spend_date, sum(amount) as amount,
                 coalesce(sum(amount) filter (where spend_type = 'MONTHLY'), 0) as monthly_amount, count(*) as count
            from old_rows
           group by brand_id, spend_date) d
   where t.brand_id = d.brand_id and t.spend_date = d.spend_date;
  update campaign_daily_spends t
     set amount = t.amount - d.amount, monthly_amount = t.monthly_amount - d.monthly_amount, count = t.count - d.count
    from (select brand_id, campaign_id, spend_date, sum(amount) as amount,
                 coalesce(sum(amount) filter (where spend_type = 'MONTHLY'), 0) as monthly_amount, count(*) as count
            from old_rows
           group by brand_id, campaign_id, spend_date) d
   where t.brand_id = d.brand_id and t.campaign_id = d.campaign_id and t.spend_date = d.spend_date;
  return null;
end $$;
