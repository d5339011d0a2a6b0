-- Emergency overrides (soft limits): an operator lets a campaign, or every campaign of a brand,
-- run despite its daily and/or monthly budget and/or its windows until an instant they give, with
-- a reason. An override is in force from created_at until `until`, or until it is cancelled
-- (override_span, prisma/functions/40_rules.sql); pause_rules leaves out what one in force lifts.
-- Never MANUAL (an operator's pause, archiving): only the three rules time and spend move.
-- Rows are kept once ended or cancelled (the history of who let what run, and why); they go with
-- their brand or campaign.

-- status events of the reconciles an override makes: OVERRIDE when an operator starts or cancels
-- one, OVERRIDE_END when one ends on its own at `until` (a job queued for that instant)
alter type status_trigger add value 'OVERRIDE';
alter type status_trigger add value 'OVERRIDE_END';

create table overrides (
  id uuid not null default gen_random_uuid(),
  brand_id uuid not null references brands (id) on delete cascade,
  -- null: every campaign of the brand
  campaign_id uuid,
  lifts pause_reason[] not null,
  until timestamptz not null,
  reason text not null,
  -- the key's name (`cli` for the command line)
  created_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  cancelled_at timestamptz,
  cancelled_by text,
  constraint overrides_pkey primary key (id),
  constraint overrides_campaign_fkey foreign key (brand_id, campaign_id) references campaigns (brand_id, id) on delete cascade,
  constraint overrides_lifts check (cardinality(lifts) between 1 and 3
                                    and lifts <@ array['MONTHLY_BUDGET', 'DAILY_BUDGET', 'DAYPARTING']::pause_reason[]),
  constraint overrides_until check (until > created_at),
  constraint overrides_cancelled check ((cancelled_at is null) = (cancelled_by is null) and cancelled_at >= created_at),
  constraint overrides_reason check (length(reason) between 1 and 500)
);
-- pause_rules looks for those of its brands not ended yet
create index overrides_brand_id_until_idx on overrides (brand_id, until);
create index overrides_campaign_id_idx on overrides (campaign_id) where campaign_id is not null;
