// `budget verify`: the invariants, checked on a live database without writing.
//
// - ledger: every brand's and campaign's stored daily totals equal the sums of their spends (the
//   monthly figures are sums of the daily ones, so they hold with them);
// - windows: every campaign's dayparting (campaigns.dayparting, kept by a trigger on schedules, what
//   the reconcile tests) is what its active windows cover;
// - states: every campaign's (status, reason) is its desired state now. A scheduled task applies
//   what time alone changes (a window closing, a new day) within its period, so a difference is
//   only a failure once the task that admits it has had its period (and a minute) to apply it:
//   the desired state was already different then. A younger one is listed as pending;
// - events: every campaign's events chain (the first is its CREATE, each from-state is the
//   previous to-state) and the last one is its state now, so each change has exactly one event;
// - spends: every spend's campaign belongs to the spend's brand;
// - money: every spend and budget is a whole number of its brand's currency's unit. An amount
//   recorded before units were per currency may be finer (cents of yen): it is kept exact and
//   answered with the decimals it needs, so it is listed as a note, not a problem.
//
// Each check is one set-based statement (the states check: the reconcile engine's dry run, twice
// at most), so a million spends take seconds.
import type { Db } from '../db/index.ts';
import type { CampaignStatus, PauseReason } from '../domain/desiredState.ts';
import { decimalsOf, formatMoney, unitOf } from '../domain/money.ts';
import { admits, TASKS, type Task } from '../domain/tasks.ts';
import { previewEnforcement } from '../engine/enforcement.ts';
import type { StatusChange } from '../engine/events.ts';

export interface Check {
  name: 'ledger' | 'windows' | 'states' | 'events' | 'spends' | 'money';
  ok: boolean;
  /** what it looked at, in words */
  checked: string;
  /** what is wrong, one line each (at most LIMIT) */
  problems: string[];
  /** how many problems there are in all */
  count: number;
  /** differences a task will still apply (states only) */
  pending?: string[];
  /** what holds but is worth knowing (money only: amounts finer than their currency's unit) */
  notes?: string[];
}

export interface Verification {
  ok: boolean;
  at: string;
  ms: number;
  checks: Check[];
}

const LIMIT = 50;
const SYSTEM = { actor: 'verify', role: 'admin' as const, brandIds: null };

export async function verify(db: Db, at = new Date()): Promise<Verification> {
  const started = performance.now();
  const checks = [await ledger(db), await windows(db), await states(db, at), await events(db), await spends(db), await money(db)];
  return { ok: checks.every((c) => c.ok), at: at.toISOString(), ms: Math.round(performance.now() - started), checks };
}

function check(name: Check['name'], checked: string, problems: string[], count = problems.length): Check {
  return { name, ok: count === 0, checked, problems: problems.slice(0, LIMIT), count };
}

async function ledger(db: Db): Promise<Check> {
  // the day's whole amount, and its part booked MONTHLY (which counts toward the month only)
  const rows = await db.$queryRaw<
    {
      kind: string;
      brand_id: string;
      campaign_id: string | null;
      spend_date: Date;
      currency: string;
      ledger: bigint;
      stored: bigint;
      ledger_monthly: bigint;
      stored_monthly: bigint;
      days: bigint;
    }[]
  >`
    with brand_ledger as (
      select brand_id, spend_date, sum(amount)::bigint as amount,
             coalesce(sum(amount) filter (where spend_type = 'MONTHLY'), 0)::bigint as monthly, count(*)::bigint as n
        from spends group by brand_id, spend_date
    ), campaign_ledger as (
      select brand_id, campaign_id, spend_date, sum(amount)::bigint as amount,
             coalesce(sum(amount) filter (where spend_type = 'MONTHLY'), 0)::bigint as monthly, count(*)::bigint as n
        from spends group by brand_id, campaign_id, spend_date
    ), brand_diff as (
      select 'brand' as kind, brand_id, null::uuid as campaign_id, spend_date,
             coalesce(l.amount, 0) as ledger, coalesce(t.amount, 0)::bigint as stored,
             coalesce(l.monthly, 0) as ledger_monthly, coalesce(t.monthly_amount, 0)::bigint as stored_monthly,
             coalesce(l.n, 0) as ln, coalesce(t.count, 0)::bigint as tn
        from brand_ledger l full join brand_daily_spends t using (brand_id, spend_date)
    ), campaign_diff as (
      select 'campaign', brand_id, campaign_id, spend_date,
             coalesce(l.amount, 0), coalesce(t.amount, 0)::bigint, coalesce(l.monthly, 0), coalesce(t.monthly_amount, 0)::bigint,
             coalesce(l.n, 0), coalesce(t.count, 0)::bigint
        from campaign_ledger l full join campaign_daily_spends t using (brand_id, campaign_id, spend_date)
    ), every_diff as (select * from brand_diff union all select * from campaign_diff)
    select kind, brand_id::text, campaign_id::text, spend_date, (select currency from brands b where b.id = brand_id),
           ledger, stored, ledger_monthly, stored_monthly, (select count(*) from brand_ledger)::bigint as days
      from every_diff where ledger <> stored or ledger_monthly <> stored_monthly or ln <> tn
     union all
    select 'days', null, null, null, null, 0, 0, 0, 0, (select count(*) from brand_ledger)::bigint
     order by 1, 2, 3, 4`;
  const days = rows.find((r) => r.kind === 'days')?.days ?? 0n;
  const bad = rows.filter((r) => r.kind !== 'days');
  return check(
    'ledger',
    `${days} brand-days of spends against the stored daily totals of brands and campaigns (and their MONTHLY parts)`,
    bad.map((r) => {
      const money = (amount: bigint) => formatMoney(amount, r.currency);
      return (
        `${r.kind} ${r.campaign_id ?? r.brand_id} on ${r.spend_date.toISOString().slice(0, 10)}: spends sum to ${money(r.ledger)} ` +
        `(${money(r.ledger_monthly)} of it MONTHLY), the stored total is ${money(r.stored)} (${money(r.stored_monthly)} MONTHLY) ${r.currency}`
      );
    }),
  );
}

async function windows(db: Db): Promise<Check> {
  const rows = await db.$queryRaw<{ id: string; name: string; stored: string | null; windows: string | null; total: bigint }[]>`
    select c.id::text, c.name, c.dayparting::text as stored, w.dayparting::text as windows, count(*) over ()::bigint as total
      from campaigns c
      left join (select s.campaign_id, range_agg(window_week(s.day_of_week, s.start_time, s.end_time)) as dayparting
                   from schedules s where s.is_active group by s.campaign_id) w on w.campaign_id = c.id
     where c.dayparting is distinct from w.dayparting
     order by c.id limit ${LIMIT}`;
  const [{ n }] = (await db.$queryRaw<{ n: bigint }[]>`select count(*)::bigint as n from campaigns`) as [{ n: bigint }];
  return check(
    'windows',
    `${n} campaigns' active windows against the dayparting the reconcile reads (campaigns.dayparting, seconds of the week)`,
    rows.map(
      (r) => `campaign ${r.name} (${r.id}): its dayparting is ${r.stored ?? 'none'}, its active windows cover ${r.windows ?? 'nothing'}`,
    ),
    Number(rows[0]?.total ?? 0),
  );
}

/** Minutes between runs of a crontab line's minute field ("*", "*\/5"). */
function periodOf(cron: string): number {
  const minute = cron.split(' ')[0]!;
  return minute === '*' ? 1 : Number(/^\*\/(\d+)$/.exec(minute)?.[1] ?? 60);
}

const state = (status: CampaignStatus | null, reason: PauseReason | null) => (status === 'ACTIVE' ? 'ACTIVE' : `${status} / ${reason}`);

async function states(db: Db, at: Date): Promise<Check> {
  const preview = (when: Date) => db.$transaction((tx) => previewEnforcement(tx, 'ALL', when, SYSTEM), { timeout: 120_000 });
  const now = await preview(at);
  const scheduled = TASKS.filter((t) => t.cron !== null);
  // the task that applies a difference soonest, and how long it may take
  const dueBy = (c: StatusChange) => {
    const tasks = scheduled.filter((t) => admits(t.id as Task, c.fromReason, c.toReason));
    const period = Math.min(...tasks.map((t) => periodOf(t.cron!)));
    return { tasks: tasks.map((t) => t.identifier!), minutes: period + 1 };
  };
  // for each lookback: was the campaign already not in its desired state then? (a task that
  // admits the difference has run since, and it did not apply it)
  const lookbacks = [...new Set(now.changes.map((c) => dueBy(c).minutes))];
  const then = new Map<number, Set<string>>();
  for (const minutes of lookbacks) {
    const earlier = await preview(new Date(at.getTime() - minutes * 60_000));
    then.set(minutes, new Set(earlier.changes.map((c) => c.campaignId)));
  }
  const problems: string[] = [];
  const pending: string[] = [];
  for (const c of now.changes) {
    const { tasks, minutes } = dueBy(c);
    const line = `campaign ${c.campaignName} (${c.campaignId}) is ${state(c.fromStatus, c.fromReason)}, its desired state is ${state(c.toStatus, c.toReason)}`;
    if (then.get(minutes)!.has(c.campaignId))
      problems.push(
        `${line}, already ${minutes} minutes ago: ${tasks.join(' or ') || 'no task'} should have applied it (is a worker running?)`,
      );
    else pending.push(`${line}: ${tasks.join(' or ')} applies it within ${minutes - 1} minute${minutes === 2 ? '' : 's'}`);
  }
  return {
    ...check('states', `${now.checked} campaigns (archived ones are frozen) against their desired state at ${at.toISOString()}`, problems),
    pending: pending.slice(0, LIMIT),
  };
}

async function events(db: Db): Promise<Check> {
  const rows = await db.$queryRaw<{ campaign_id: string; problem: string; total: bigint; events: bigint }[]>`
    with e as (
      select campaign_id, id, from_status, from_reason, to_status, to_reason, trigger,
             lag(to_status) over w as prev_status, lag(to_reason) over w as prev_reason, row_number() over w as n
        from campaign_status_events where campaign_id is not null
      window w as (partition by campaign_id order by id)
    ), broken as (
      select campaign_id, case
               when n = 1 and trigger <> 'CREATE' then 'its first event (' || id || ') is not its CREATE'
               when n > 1 and trigger = 'CREATE' then 'event ' || id || ' is a second CREATE'
               else 'event ' || id || ' starts from ' || coalesce(from_status::text || ' / ' || coalesce(from_reason::text, '-'), 'nothing')
                    || ', the event before it ended at ' || prev_status || ' / ' || coalesce(prev_reason::text, '-')
             end as problem
        from e
       where (n = 1 and trigger <> 'CREATE') or (n > 1 and trigger = 'CREATE')
          or (n > 1 and (from_status, from_reason) is distinct from (prev_status, prev_reason))
    ), last_state as (
      select c.id as campaign_id,
             case when l.to_status is null then 'it has no events'
                  else 'its last event ended at ' || l.to_status || ' / ' || coalesce(l.to_reason::text, '-')
                       || ', it is ' || c.status || ' / ' || coalesce(c.pause_reason::text, '-') end as problem
        from campaigns c
        left join lateral (select to_status, to_reason from campaign_status_events x where x.campaign_id = c.id order by id desc limit 1) l on true
       where l.to_status is null or (l.to_status, l.to_reason) is distinct from (c.status, c.pause_reason)
    ), every_problem as (select * from broken union all select * from last_state)
    select campaign_id::text, problem, count(*) over ()::bigint as total, (select count(*) from campaign_status_events)::bigint as events
      from every_problem order by campaign_id limit ${LIMIT}`;
  const [{ n }] = (await db.$queryRaw<{ n: bigint }[]>`select count(*)::bigint as n from campaign_status_events`) as [{ n: bigint }];
  return check(
    'events',
    `${n} status events, chained per campaign, against every campaign's state`,
    rows.map((r) => `campaign ${r.campaign_id}: ${r.problem}`),
    Number(rows[0]?.total ?? 0),
  );
}

async function spends(db: Db): Promise<Check> {
  const rows = await db.$queryRaw<{ id: string; brand_id: string; campaign_id: string; total: bigint }[]>`
    select s.id::text, s.brand_id::text, s.campaign_id::text, count(*) over ()::bigint as total
      from spends s left join campaigns c on c.id = s.campaign_id and c.brand_id = s.brand_id
     where c.id is null limit ${LIMIT}`;
  const [{ n }] = (await db.$queryRaw<{ n: bigint }[]>`select count(*)::bigint as n from spends`) as [{ n: bigint }];
  return check(
    'spends',
    `${n} spends, each with its campaign in its brand`,
    rows.map((r) => `spend ${r.id} of brand ${r.brand_id}: its campaign ${r.campaign_id} is not a campaign of that brand`),
    Number(rows[0]?.total ?? 0),
  );
}

/**
 * Amounts finer than their brand's currency's unit, per currency. No input makes one (src/domain/money.ts
 * refuses it at its field): they were recorded in cents before units were per currency (or written
 * around the API). Counted by what they are not a multiple of (a thousandth is every unit's
 * multiple), so the table of units stays the money module's.
 */
async function money(db: Db): Promise<Check> {
  const rows = await db.$queryRaw<{ currency: string; kind: string; n: bigint; not_whole: bigint; not_cents: bigint }[]>`
    select b.currency, 'spends' as kind, count(*)::bigint as n,
           count(*) filter (where s.amount % 1000 <> 0)::bigint as not_whole, count(*) filter (where s.amount % 10 <> 0)::bigint as not_cents
      from spends s join brands b on b.id = s.brand_id group by b.currency
     union all
    select b.currency, 'budgets', count(*)::bigint,
           count(*) filter (where x.budget % 1000 <> 0)::bigint, count(*) filter (where x.budget % 10 <> 0)::bigint
      from brands b cross join lateral (values (b.daily_budget), (b.monthly_budget)) x(budget)
     where x.budget is not null group by b.currency
     order by 1, 2 desc`;
  const finer = (r: (typeof rows)[number]) => {
    const unit = unitOf(r.currency);
    return unit === 1000n ? r.not_whole : unit === 10n ? r.not_cents : 0n;
  };
  const count = (kind: string) => rows.filter((r) => r.kind === kind).reduce((n, r) => n + r.n, 0n);
  const notes = rows
    .filter((r) => finer(r) > 0n)
    .map(
      (r) =>
        `${finer(r)} of ${r.n} ${r.kind} in ${r.currency} are finer than its unit (${decimalsOf(r.currency)} decimals): ` +
        'recorded before units were per currency, kept exact and answered with the decimals they need',
    );
  return {
    ...check('money', `${count('spends')} spends and ${count('budgets')} budgets against their currency's unit`, []),
    notes: notes.slice(0, LIMIT),
  };
}
