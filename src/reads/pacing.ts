// Pacing figures for reading (docs/pacing.md). One set-based statement for any number of brands
// and campaigns computes, in the brand's timezone, what needs one: the brand-local day and month
// containing `at`, the hour-of-day curve of the 28 days before today, and the open time of the
// month cut into pieces of one brand-local hour. src/domain/pacing.ts does the exact arithmetic.
//
// The periods are the engine's own (local_day, local_month: prisma/functions/10_time.sql). Open
// time is built on the wall clock, as window_covers reads it: window occurrences are the same
// spans (window_span) of local time, merged (range_agg), cut at each local hour, and each piece is placed in
// the real hour(s) of the month that read as that local hour (the offset is constant inside an
// hour that starts at a local hour). So a spring-forward gap is not covered and a repeated
// fall-back hour counts twice, exactly as the reconcile engine decides, and TypeScript does no
// timezone arithmetic.
//
// Cost, measured on a loaded 2-core machine (113,000 spends in the 28 days, windows every day):
// 1 brand ~20 ms, 50 brands 0.3–0.45 s, 500 campaigns 1.8–2.2 s; the curve's scan of the spends
// is most of it (an hourly totals table kept by the ledger's trigger would remove it).
import { Prisma } from '../db/client.ts';
import type { Db } from '../db/index.ts';
import { budgetUsed } from '../domain/desiredState.ts';
import { closeBetween, curveOf, periodPacing, type Curve, type PeriodPacing, type Piece } from '../domain/pacing.ts';

export interface Pacing {
  timezone: string;
  currency: string;
  at: Date;
  method: Curve['method'];
  daily: PeriodPacing;
  monthly: PeriodPacing;
  /** the month's open time, before a used-up budget closes any of it */
  open: Piece[];
}

interface Row {
  id: string;
  timezone: string;
  currency: string;
  day_start: Date;
  day_end: Date;
  month_start: Date;
  month_end: Date;
  daily_budget: bigint | null;
  monthly_budget: bigint | null;
  daily: bigint;
  monthly: bigint;
  /** the brand's (a campaign's brand's): what pauses every campaign */
  brand_daily_budget: bigint | null;
  brand_monthly_budget: bigint | null;
  brand_daily: bigint;
  brand_monthly: bigint;
  hist: bigint[];
  days_with_spend: number;
  starts: bigint[] | null;
  ends: bigint[] | null;
  hours: number[] | null;
}

/** Brands: their own budgets; open time is the union of their campaigns that could run. */
export async function brandPacing(db: Db, brandIds: readonly string[], at: Date): Promise<Map<string, Pacing>> {
  return pacing(db, [...brandIds], [], at);
}

/**
 * Campaigns: their own spend, curve and windows. A campaign has no budget of its own, so its
 * budget-based figures (ratio, status, run-out) are null: its brand's pacing holds them.
 */
export async function campaignPacing(db: Db, campaignIds: readonly string[], at: Date): Promise<Map<string, Pacing>> {
  return pacing(db, [], [...campaignIds], at);
}

async function pacing(db: Db, brandIds: string[], campaignIds: string[], at: Date): Promise<Map<string, Pacing>> {
  if (brandIds.length === 0 && campaignIds.length === 0) return new Map();
  // JIT would compile this statement for seconds (its estimates are large) to save milliseconds
  // (50 brands: 1.7–2.7 s with it, 0.35 s without, measured), and the curve's aggregates should
  // hash in memory: both for this statement's transaction only
  const [, rows] = await db.$transaction([
    db.$executeRaw`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`,
    db.$queryRaw<Row[]>(query(brandIds, campaignIds, at)),
  ]);
  return new Map(rows.map((r) => [r.id, figures(r, at)]));
}

function figures(r: Row, at: Date): Pacing {
  const curve = curveOf(r.hist, r.days_with_spend);
  const open: Piece[] = (r.starts ?? []).map((s, i) => ({ start: Number(s), end: Number(r.ends![i]), hour: r.hours![i]! }));
  // a used-up budget of the brand pauses every campaign to the end of its period: no open time left there
  const pausedUntil = budgetUsed(r.brand_monthly_budget, r.brand_monthly)
    ? r.month_end
    : budgetUsed(r.brand_daily_budget, r.brand_daily)
      ? r.day_end
      : at;
  const pieces = closeBetween(open, at.getTime(), pausedUntil.getTime());
  const period = (start: Date, end: Date, spent: bigint, budget: bigint | null) =>
    periodPacing({ start: start.getTime(), end: end.getTime(), at: at.getTime(), pieces, curve, spent, budget, currency: r.currency });
  return {
    timezone: r.timezone,
    currency: r.currency,
    at,
    method: curve.method,
    // the day lies inside the month: its open time is the month's pieces between its bounds
    daily: period(r.day_start, r.day_end, r.daily, r.daily_budget),
    monthly: period(r.month_start, r.month_end, r.monthly, r.monthly_budget),
    open,
  };
}

function query(brandIds: string[], campaignIds: string[], at: Date) {
  return Prisma.sql`
    with subject as (
      select b.id, b.id as brand_id, null::uuid as campaign_id from brands b where b.id = any(${brandIds}::uuid[])
      union all
      select c.id, c.brand_id, c.id from campaigns c where c.id = any(${campaignIds}::uuid[])
    ),
    p as (
      select s.*, b.timezone, b.currency, b.daily_budget, b.monthly_budget, k.clock, k.clock::date as today,
             lower(k.day) as day_start, upper(k.day) as day_end, lower(k.month) as month_start, upper(k.month) as month_end
        from subject s
        join brands b on b.id = s.brand_id
        cross join lateral (select local_clock(${at}::timestamptz, b.timezone) as clock, local_day(${at}::timestamptz, b.timezone) as day,
                                   local_month(${at}::timestamptz, b.timezone) as month) k
    ),
    -- whose open time counts: a campaign's own; a brand's campaigns that could run (not
    -- paused by an operator, not archived; a budget pause ends with the period)
    m as (
      select p.id, c.id as campaign_id
        from p join campaigns c on c.brand_id = p.brand_id
       where c.id = p.campaign_id
          or (p.campaign_id is null and c.archived_at is null and c.pause_reason is distinct from 'MANUAL')
    ),
    -- Dayparting on the wall clock; a campaign without active windows is open all the time
    occurrence as (
      select m.id, o.r
        from m
        join p on p.id = m.id
        join schedules w on w.campaign_id = m.campaign_id and w.is_active
       cross join lateral generate_series((month_start(p.clock) - 1)::timestamp, (next_month_start(p.clock) - 1)::timestamp, interval '1 day') d
       cross join lateral (select window_span(w.day_of_week, w.start_time, w.end_time, d::date) as r) o
       where not isempty(o.r)
      union all
      select m.id, tsrange(null, null)
        from m
       where not exists (select 1 from schedules w where w.campaign_id = m.campaign_id and w.is_active)
    ),
    open as (select id, range_agg(r) as time from occurrence group by id),
    -- the open wall-clock time of the month, cut at each local hour
    local_piece as (
      select o.id, x as r, hh as local_hour
        from open o
        join p on p.id = o.id
       cross join lateral unnest(o.time * tsmultirange(tsrange(month_start(p.clock), next_month_start(p.clock)))) x
       cross join lateral generate_series(date_trunc('hour', lower(x)), upper(x) - interval '1 microsecond', interval '1 hour') hh
    ),
    -- each real hour of the month from local midnight, read on the wall clock: a local hour a
    -- spring-forward skips has no slot, one a fall-back repeats has two. A slot is cut where a
    -- local hour starts inside it (only after a half-hour shift: Australia/Lord_Howe).
    slot as (
      select p.id, g as start_at, local_clock(g, p.timezone) as local_start
        from p cross join lateral generate_series(p.month_start, p.month_end - interval '1 microsecond', interval '1 hour') g
    ),
    slot_part as (
      select slot.*, date_trunc('hour', slot.local_start) + k.n * interval '1 hour' as local_hour
        from slot cross join (values (0), (1)) k(n)
       where k.n = 0 or slot.local_start <> date_trunc('hour', slot.local_start)
    ),
    piece as (
      select sp.id,
             sp.start_at + (greatest(lower(lp.r), lp.local_hour, sp.local_start) - sp.local_start) as s,
             sp.start_at + (least(upper(lp.r), lp.local_hour + interval '1 hour', sp.local_start + interval '1 hour') - sp.local_start) as e,
             extract(hour from lp.local_hour)::int as h
        from local_piece lp
        join slot_part sp on sp.id = lp.id and sp.local_hour = lp.local_hour
    ),
    pieces as (
      select id, array_agg(floor(extract(epoch from s) * 1000)::bigint order by s) as starts,
             array_agg(floor(extract(epoch from e) * 1000)::bigint order by s) as ends,
             array_agg(h order by s) as hours
        from piece where s < e group by id
    ),
    -- the curve: net spend per brand-local hour and day over the 28 days before today (a
    -- brand's: every campaign's, archived ones too). Spends booked MONTHLY (fees) are no part of
    -- the run rate: they count in the month's figure, not in how the days spend.
    history as (
      select p.id, sp.spend_date, extract(hour from local_clock(sp.occurred_at, p.timezone))::int as h, sum(sp.amount) as amount
        from p
        join spends sp on sp.brand_id = p.brand_id and sp.spend_date >= p.today - 28 and sp.spend_date < p.today
         and sp.spend_type = 'DAILY'
       where p.campaign_id is null
       group by 1, 2, 3
      union all
      select p.id, sp.spend_date, extract(hour from local_clock(sp.occurred_at, p.timezone))::int as h, sum(sp.amount) as amount
        from p
        join spends sp on sp.brand_id = p.brand_id and sp.campaign_id = p.campaign_id
         and sp.spend_date >= p.today - 28 and sp.spend_date < p.today and sp.spend_type = 'DAILY'
       group by 1, 2, 3
    ),
    curve as (
      select id, array_agg(amount order by h) as hist
        from (select ps.id, hh.h, coalesce(sum(hi.amount), 0)::bigint as amount
                from p ps
               cross join generate_series(0, 23) hh(h)
                left join history hi on hi.id = ps.id and hi.h = hh.h
               group by ps.id, hh.h) x
       group by id
    ),
    days as (
      select id, count(*)::int as n
        from (select id from history group by id, spend_date having sum(amount) > 0) x
       group by id
    ),
    brand_totals as (
      select * from brand_spend_totals(${at}::timestamptz, array(select distinct brand_id from p))
    ),
    totals as (
      select brand_id as id, daily, monthly from brand_totals where brand_id = any(${brandIds}::uuid[])
      union all
      select campaign_id, daily, monthly from campaign_spend_totals(${at}::timestamptz, ${campaignIds}::uuid[])
    )
    select p.id, p.timezone, p.currency, p.day_start, p.day_end, p.month_start, p.month_end,
           case when p.campaign_id is null then p.daily_budget end as daily_budget,
           case when p.campaign_id is null then p.monthly_budget end as monthly_budget,
           t.daily, t.monthly,
           p.daily_budget as brand_daily_budget, p.monthly_budget as brand_monthly_budget,
           bt.daily as brand_daily, bt.monthly as brand_monthly,
           curve.hist, coalesce(days.n, 0) as days_with_spend,
           pieces.starts, pieces.ends, pieces.hours
      from p
      join totals t on t.id = p.id
      join brand_totals bt on bt.brand_id = p.brand_id
      join curve on curve.id = p.id
      left join days on days.id = p.id
      left join pieces on pieces.id = p.id`;
}
