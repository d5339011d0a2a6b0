-- Guards the triggers hold on every writer (psql, a connector, a bug), not only the engine.

-- A campaign never changes brand: its spends, windows and events are filed under it.
create or replace function campaigns_brand_is_fixed() returns trigger language plpgsql as $$
begin
  if new.brand_id <> old.brand_id then
    raise exception 'a campaign cannot move to another brand' using errcode = 'check_violation';
  end if;
  return new;
end $$;

-- The ledger is append-only: corrections are new (negative) rows.
create or replace function spends_immutable() returns trigger language plpgsql as $$
begin
  if (new.brand_id, new.campaign_id, new.amount, new.occurred_at, new.spend_date, new.source, new.external_id,
      new.spend_type, new.recorded_by)
     is distinct from
     (old.brand_id, old.campaign_id, old.amount, old.occurred_at, old.spend_date, old.source, old.external_id,
      old.spend_type, old.recorded_by) then
    raise exception 'spends are immutable: record a correction (a negative spend) instead'
      using errcode = 'check_violation';
  end if;
  new.updated_at := now();
  return new;
end $$;

create or replace function append_only() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only', tg_table_name using errcode = 'check_violation';
end $$;

-- The one update allowed: deleting a campaign detaches its events (on delete set null).
create or replace function campaign_status_events_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and new.campaign_id is null
     and (to_jsonb(new) - 'campaign_id') = (to_jsonb(old) - 'campaign_id') then
    return new;
  end if;
  raise exception 'campaign_status_events is append-only' using errcode = 'check_violation';
end $$;
