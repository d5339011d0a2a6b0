-- Budget control: the whole data model. Money is integer cents (bigint).
-- Rules the database can hold live here as CHECKs, foreign keys and triggers, so a row written
-- by any client (psql, a connector, a bug) cannot break them.

create type campaign_status as enum ('ACTIVE', 'PAUSED');
create type pause_reason as enum ('MANUAL', 'MONTHLY_BUDGET', 'DAILY_BUDGET', 'DAYPARTING');
create type day_of_week as enum ('MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY');
create type status_trigger as enum (
  'SPEND', 'BUDGET_CHANGE', 'SCHEDULE_CHANGE', 'MANUAL', 'ENFORCE_BUDGETS', 'ENFORCE_DAYPARTING',
  'RESET_DAILY', 'RESET_MONTHLY', 'RECONCILE', 'CREATE'
);
create type api_key_role as enum ('admin', 'operator', 'ingest', 'viewer');

create function set_updated_at() returns trigger language plpgsql as $$
begin
  new.updated_at := now();
  return new;
end $$;

-- ±9,999,999,999.99: the largest amount or budget an input may carry.
create domain money_cents as bigint check (value between -999999999999 and 999999999999);

create table brands (
  id uuid primary key default gen_random_uuid(),
  name text not null constraint brands_name_key unique
    constraint brands_name_length check (char_length(name) between 1 and 200),
  currency char(3) not null default 'USD' constraint brands_currency_iso check (currency ~ '^[A-Z]{3}$'),
  daily_budget money_cents constraint brands_daily_budget_nonnegative check (daily_budget >= 0),
  monthly_budget money_cents constraint brands_monthly_budget_nonnegative check (monthly_budget >= 0),
  timezone text not null default 'UTC',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create trigger brands_updated_at before update on brands for each row execute function set_updated_at();

create table campaigns (
  id uuid primary key default gen_random_uuid(),
  brand_id uuid not null references brands (id) on delete cascade,
  name text not null constraint campaigns_name_length check (char_length(name) between 1 and 200),
  platform text,
  external_campaign_id text,
  status campaign_status not null default 'ACTIVE',
  pause_reason pause_reason,
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint campaigns_brand_id_name_key unique (brand_id, name),
  constraint campaigns_brand_id_platform_external_campaign_id_key unique (brand_id, platform, external_campaign_id),
  -- target of the composite foreign keys below: a spend or window belongs to its campaign's brand
  constraint campaigns_brand_id_id_key unique (brand_id, id),
  constraint campaigns_reason_matches_status check ((status = 'ACTIVE') = (pause_reason is null)),
  constraint campaigns_archived_paused_manual
    check (archived_at is null or (status = 'PAUSED' and pause_reason = 'MANUAL')),
  constraint campaigns_external_ref_pair check ((platform is null) = (external_campaign_id is null))
);
create trigger campaigns_updated_at before update on campaigns for each row execute function set_updated_at();
-- A campaign never changes brand: its spends, windows and events are filed under it.
create function campaigns_brand_is_fixed() returns trigger language plpgsql as $$
begin
  if new.brand_id <> old.brand_id then
    raise exception 'a campaign cannot move to another brand' using errcode = 'check_violation';
  end if;
  return new;
end $$;
create trigger campaigns_brand_fixed before update of brand_id on campaigns
  for each row execute function campaigns_brand_is_fixed();

-- The ledger. Append-only: corrections are new (negative) rows.
create table spends (
  id uuid not null default gen_random_uuid(),
  brand_id uuid not null references brands (id) on delete restrict,
  campaign_id uuid not null,
  amount money_cents not null constraint spends_amount_nonzero check (amount <> 0),
  occurred_at timestamptz not null,
  spend_date date not null,
  description text not null default '',
  source text not null default 'api' constraint spends_source_nonempty check (char_length(source) between 1 and 100),
  external_id text constraint spends_external_id_length check (char_length(external_id) between 1 and 200),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint spends_pkey primary key (brand_id, id),
  constraint spends_campaign_fkey foreign key (brand_id, campaign_id)
    references campaigns (brand_id, id) on delete restrict,
  constraint spends_brand_id_source_external_id_key unique (brand_id, source, external_id)
);
create index spends_brand_id_spend_date_idx on spends (brand_id, spend_date);
create index spends_campaign_id_occurred_at_id_idx on spends (campaign_id, occurred_at desc, id desc);
create index spends_brand_id_occurred_at_id_idx on spends (brand_id, occurred_at desc, id desc);

-- Running totals per brand-local day, kept by the triggers on spends below.
create table brand_daily_spends (
  brand_id uuid not null references brands (id) on delete cascade,
  spend_date date not null,
  amount bigint not null,
  count integer not null,
  constraint brand_daily_spends_pkey primary key (brand_id, spend_date)
);
create table campaign_daily_spends (
  brand_id uuid not null references brands (id) on delete cascade,
  campaign_id uuid not null,
  spend_date date not null,
  amount bigint not null,
  count integer not null,
  constraint campaign_daily_spends_pkey primary key (brand_id, campaign_id, spend_date),
  constraint campaign_daily_spends_campaign_fkey foreign key (brand_id, campaign_id)
    references campaigns (brand_id, id) on delete cascade
);

-- §3 Periods: a spend counts toward the brand-local date of occurred_at, in the brand's timezone
-- at the time it is recorded. Computed here, in one place, for every writer.
create function spends_fill_spend_date() returns trigger language plpgsql as $$
begin
  if new.spend_date is null then
    select (new.occurred_at at time zone b.timezone)::date into new.spend_date
      from brands b where b.id = new.brand_id;
  end if;
  return new;
end $$;
create trigger spends_fill_spend_date before insert on spends
  for each row execute function spends_fill_spend_date();

create function spends_immutable() returns trigger language plpgsql as $$
begin
  if (new.brand_id, new.campaign_id, new.amount, new.occurred_at, new.spend_date, new.source, new.external_id)
     is distinct from
     (old.brand_id, old.campaign_id, old.amount, old.occurred_at, old.spend_date, old.source, old.external_id) then
    raise exception 'spends are immutable: record a correction (a negative spend) instead'
      using errcode = 'check_violation';
  end if;
  new.updated_at := now();
  return new;
end $$;
create trigger spends_immutable before update on spends for each row execute function spends_immutable();

-- Statement-level with transition tables: a batch of 10,000 spends costs one upsert per
-- (brand, day), not one per row. Sorted so concurrent batches take row locks in one order.
create function spends_totals_insert() returns trigger language plpgsql as $$
begin
  insert into brand_daily_spends as t (brand_id, spend_date, amount, count)
    select brand_id, spend_date, sum(amount), count(*) from new_rows
     group by brand_id, spend_date order by brand_id, spend_date
  on conflict (brand_id, spend_date)
    do update set amount = t.amount + excluded.amount, count = t.count + excluded.count;
  insert into campaign_daily_spends as t (brand_id, campaign_id, spend_date, amount, count)
    select brand_id, campaign_id, spend_date, sum(amount), count(*) from new_rows
     group by brand_id, campaign_id, spend_date order by brand_id, campaign_id, spend_date
  on conflict (brand_id, campaign_id, spend_date)
    do update set amount = t.amount + excluded.amount, count = t.count + excluded.count;
  return null;
end $$;
create trigger spends_totals_insert after insert on spends
  referencing new table as new_rows for each statement execute function spends_totals_insert();

create function spends_totals_delete() returns trigger language plpgsql as $$
begin
  update brand_daily_spends t set amount = t.amount - d.amount, count = t.count - d.count
    from (select brand_id, spend_date, sum(amount) as amount, count(*) as count from old_rows
           group by brand_id, spend_date) d
   where t.brand_id = d.brand_id and t.spend_date = d.spend_date;
  update campaign_daily_spends t set amount = t.amount - d.amount, count = t.count - d.count
    from (select brand_id, campaign_id, spend_date, sum(amount) as amount, count(*) as count from old_rows
           group by brand_id, campaign_id, spend_date) d
   where t.brand_id = d.brand_id and t.campaign_id = d.campaign_id and t.spend_date = d.spend_date;
  return null;
end $$;
create trigger spends_totals_delete after delete on spends
  referencing old table as old_rows for each statement execute function spends_totals_delete();

-- Dayparting windows: [start_time, end_time) on day_of_week, brand-local wall clock;
-- end_time <= start_time runs past midnight into the next day.
create table schedules (
  id uuid primary key default gen_random_uuid(),
  brand_id uuid not null,
  campaign_id uuid not null,
  day_of_week day_of_week not null,
  start_time time(0) not null constraint schedules_start_whole_minute check (date_trunc('minute', start_time) = start_time),
  end_time time(0) not null constraint schedules_end_whole_minute check (date_trunc('minute', end_time) = end_time),
  is_active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint schedules_campaign_fkey foreign key (brand_id, campaign_id)
    references campaigns (brand_id, id) on delete cascade
);
create index schedules_campaign_id_idx on schedules (campaign_id);
create index schedules_brand_id_idx on schedules (brand_id);
create trigger schedules_updated_at before update on schedules for each row execute function set_updated_at();

-- Status audit and the subscription feed. Append-only; kept after its campaign or brand is gone.
create table campaign_status_events (
  id bigint generated by default as identity,
  brand_id uuid not null,
  campaign_id uuid references campaigns (id) on delete set null,
  campaign_name text not null,
  from_status campaign_status,
  to_status campaign_status not null,
  from_reason pause_reason,
  to_reason pause_reason,
  trigger status_trigger not null,
  actor text not null,
  occurred_at timestamptz not null default now(),
  constraint campaign_status_events_pkey primary key (brand_id, id),
  constraint campaign_status_events_to_reason check ((to_status = 'ACTIVE') = (to_reason is null)),
  constraint campaign_status_events_from_reason check (from_status = 'PAUSED' or from_reason is null),
  constraint campaign_status_events_create check ((trigger = 'CREATE') = (from_status is null))
);
create index campaign_status_events_id_idx on campaign_status_events (id);
create index campaign_status_events_campaign_id_id_idx on campaign_status_events (campaign_id, id);

create table audit_entries (
  id bigint generated by default as identity primary key,
  actor text not null,
  action text not null,
  target_type text not null,
  target_id text not null,
  brand_id uuid,
  before jsonb,
  after jsonb,
  occurred_at timestamptz not null default now()
);
create index audit_entries_target_id_id_idx on audit_entries (target_id, id);
create index audit_entries_brand_id_id_idx on audit_entries (brand_id, id);

create function append_only() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only', tg_table_name using errcode = 'check_violation';
end $$;
-- The one update allowed: deleting a campaign detaches its events (on delete set null).
create function campaign_status_events_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and new.campaign_id is null
     and (to_jsonb(new) - 'campaign_id') = (to_jsonb(old) - 'campaign_id') then
    return new;
  end if;
  raise exception 'campaign_status_events is append-only' using errcode = 'check_violation';
end $$;
create trigger campaign_status_events_append_only before update or delete on campaign_status_events
  for each row execute function campaign_status_events_append_only();
create trigger audit_entries_append_only before update or delete on audit_entries
  for each row execute function append_only();

create table api_keys (
  id uuid primary key default gen_random_uuid(),
  name text not null constraint api_keys_name_key unique
    constraint api_keys_name_length check (char_length(name) between 1 and 200),
  role api_key_role not null,
  secret_hash bytea not null constraint api_keys_secret_hash_sha256 check (octet_length(secret_hash) = 32),
  brand_ids uuid[] not null default '{}',
  last_used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create trigger api_keys_updated_at before update on api_keys for each row execute function set_updated_at();
