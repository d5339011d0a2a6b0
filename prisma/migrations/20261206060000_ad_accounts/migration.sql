-- Ad accounts (Google Ads, Meta): a brand's connection to a platform, its campaigns' state there,
-- the cost totals read from it and what happened on it (docs/platforms.md).
create type ad_platform as enum ('GOOGLE_ADS', 'META');

-- How a brand answers a campaign it holds paused that runs on the platform (someone enabled it):
-- REPAUSE pauses it again; REPORT leaves it and says so.
alter table brands add column drift_policy text not null default 'REPAUSE'
  constraint brands_drift_policy_check check (drift_policy in ('REPAUSE', 'REPORT'));

create table ad_accounts (
  id uuid primary key default gen_random_uuid(),
  brand_id uuid not null references brands (id) on delete cascade,
  platform ad_platform not null,
  -- Google's 10-digit customer id; Meta's act_<digits>
  external_account_id text not null,
  name text not null default '',
  -- read from the platform at connect; equal to the brand's
  currency char(3) not null,
  time_zone text not null,
  -- AES-256-GCM of the credentials' JSON under BUDGET_SECRET_KEY (src/platforms/secrets.ts); never answered
  credentials bytea not null,
  -- ACTIVE | AUTH_FAILED (the platform refuses the credentials) | ERROR (the last sync failed) | DISCONNECTED
  status text not null default 'ACTIVE'
    constraint ad_accounts_status_check check (status in ('ACTIVE', 'AUTH_FAILED', 'ERROR', 'DISCONNECTED')),
  last_sync_at timestamptz,
  last_error text,
  -- the account-date the last 7 days were last read for (once a day)
  last_full_sync_date date,
  -- the circuit breaker: calls that failed in a row, and until when none is made (also a
  -- platform's retry delay: a rate limit, a day's quota)
  consecutive_failures int not null default 0,
  breaker_open_until timestamptz,
  -- the newest change-history instant read (drift's who-did-it)
  changes_read_until timestamptz,
  -- when the cost report and the status list last booked were read: an older read (a sync that
  -- overlapped a newer one) is never booked over a newer one
  costs_read_at timestamptz,
  statuses_read_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint ad_accounts_brand_platform_external_key unique (brand_id, platform, external_account_id),
  constraint ad_accounts_brand_id_id_key unique (brand_id, id)
);
-- an account's spend counts toward one brand only: it is connected to one brand at most
create unique index ad_accounts_platform_external_idx on ad_accounts (platform, external_account_id);

-- A campaign linked to an account: the platform's status as last read or set, and whether this
-- service paused it there (only that is resumed: a campaign someone else paused stays paused).
alter table campaigns add column ad_account_id uuid references ad_accounts (id) on delete set null;
create index campaigns_ad_account_id_idx on campaigns (ad_account_id) where ad_account_id is not null;

create table campaign_platform_states (
  campaign_id uuid not null,
  brand_id uuid not null,
  ad_account_id uuid not null,
  -- ENABLED | PAUSED | REMOVED, as last read from or set on the platform; null: never read
  actual text,
  paused_by_us boolean not null default false,
  -- REPORT policy: left running by the brand's choice until this service's decision changes
  -- (a status event of the campaign newer than this id)
  left_alone_after_event bigint,
  synced_at timestamptz,
  last_error text,
  updated_at timestamptz not null default now(),
  primary key (brand_id, campaign_id),
  constraint campaign_platform_states_campaign_fkey foreign key (brand_id, campaign_id)
    references campaigns (brand_id, id) on delete cascade,
  constraint campaign_platform_states_account_fkey foreign key (ad_account_id) references ad_accounts (id) on delete cascade
);
create index campaign_platform_states_account_idx on campaign_platform_states (ad_account_id);

-- Every cost total read from a platform that differed from the one before, per campaign and
-- account-date: the ledger's entries of that platform for the pair sum to the newest one's total.
create table platform_cost_snapshots (
  id bigserial,
  brand_id uuid not null references brands (id) on delete cascade,
  campaign_id uuid not null,
  ad_account_id uuid not null,
  account_date date not null,
  -- as the platform sent it: Google's cost_micros, Meta's spend
  reported text not null,
  -- thousandths of a major unit, rounded to the currency's unit (src/domain/money.ts)
  total bigint not null,
  polled_at timestamptz not null,
  primary key (brand_id, id)
);
create index platform_cost_snapshots_key_idx on platform_cost_snapshots (brand_id, campaign_id, account_date, id desc);

-- What happened on a platform that an operator should know: drift (paused again or reported),
-- credentials refused, pushes that failed. Append-only.
create table platform_events (
  id bigserial,
  brand_id uuid not null references brands (id) on delete cascade,
  ad_account_id uuid,
  campaign_id uuid,
  -- DRIFT_REPAUSED | DRIFT_REPORTED | AUTH_FAILED | PUSH_FAILED | SYNC_FAILED | RECOVERED
  kind text not null,
  message text not null,
  -- who did it on the platform, when it says (a person's email or name, an application)
  platform_actor text,
  occurred_at timestamptz not null default now(),
  primary key (brand_id, id)
);
create index platform_events_id_idx on platform_events (id);
create index platform_events_account_idx on platform_events (ad_account_id, id);
