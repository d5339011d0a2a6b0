// The one reconcile engine (§3 desired state, §4 scopes) and the one path that writes campaign
// states. Given an instant and a reach, it computes the desired state of every non-archived
// campaign in reach in one set-based statement, applies the differences the task's scope admits,
// and writes one status event per change. Spends, budget, timezone and window changes, creating,
// pausing, resuming and archiving campaigns, the scheduled tasks, `budget reconcile` and
// previewEnforcement all come through here; nothing else updates a campaign's status.
import { preparedWhen } from '../db/client.ts';
import type { Tx } from '../db/index.ts';
import { statusOf, type PauseReason } from '../domain/desiredState.ts';
import { taskOf, type Task } from '../domain/tasks.ts';
import { writeEvents, type StatusChange, type Trigger } from './events.ts';

export interface ReconcileOptions {
  task: Task;
  trigger: Trigger;
  actor: string;
  at: Date;
  /** brands in reach; undefined = every brand */
  brandIds?: readonly string[];
  /** limit to these campaigns (of those brands) */
  campaignIds?: readonly string[];
  /** an operator's pause: these become PAUSED / MANUAL */
  pause?: readonly string[];
  /** an operator's resume: MANUAL is cleared for these before the rules apply */
  resume?: readonly string[];
  /** just inserted: their first state is written from null (one CREATE event each, even ACTIVE) */
  created?: readonly string[];
  /** compute only: no writes (previewEnforcement) */
  dryRun?: boolean;
}

export interface Summary {
  checked: number;
  paused: number;
  resumed: number;
  relabeled: number;
  byReason: { reason: PauseReason; count: number }[];
}

export interface ReconcileResult extends Summary {
  changes: StatusChange[];
}

interface DiffRow {
  campaign_id: string | null;
  brand_id: string | null;
  campaign_name: string | null;
  from_status: StatusChange['fromStatus'];
  from_reason: PauseReason | null;
  to_reason: PauseReason | null;
  checked: bigint | null;
}

/**
 * Writers and jobs lock the brand rows they act on, in id order, before reading totals and
 * statuses: a job and a spend never decide on stale state, and concurrent writers never deadlock.
 */
export async function lockBrands(tx: Tx, brandIds?: readonly string[]): Promise<void> {
  if (brandIds && brandIds.length === 0) return;
  const ids = brandIds ? [...brandIds] : null;
  await tx.$executeRaw`
    select 1 from brands where ${ids}::uuid[] is null or id = any(${ids}::uuid[])
     order by id for update`;
}

/**
 * Unless dryRun, the caller already holds the locks of the brands in reach (lockBrands): writers
 * take them before their own write, the tasks in runEnforcement before anything else.
 */
export async function reconcile(tx: Tx, options: ReconcileOptions): Promise<ReconcileResult> {
  const { task, at, dryRun = false } = options;
  const scope = taskOf(task).scope;
  const any = scope === 'ANY';
  const from = any ? [] : [...scope.from];
  const to = any ? [] : [...scope.to];
  const brandIds = options.brandIds ? [...options.brandIds] : null;
  const campaignIds = options.campaignIds ? [...options.campaignIds] : null;
  const pause = [...(options.pause ?? [])];
  const resume = [...(options.resume ?? [])];
  const created = [...(options.created ?? [])];
  // The CASE is §3's precedence, the order of the pause_reason enum (src/domain/desiredState.ts
  // is the reference the property test holds it to).
  const rows = await tx.$queryRaw<DiffRow[]>`${preparedWhen(brandIds?.length === 1)}
    with b as (
      select id, daily_budget, monthly_budget, local_clock(${at}::timestamptz, timezone) as clock
        from brands
       where ${brandIds}::uuid[] is null or id = any(${brandIds}::uuid[])
    ),
    c as materialized (
      select c.id, c.brand_id, c.name, c.status, c.pause_reason, c.id = any(${created}::uuid[]) as created
        from campaigns c join b on b.id = c.brand_id
       where c.archived_at is null
         and (${campaignIds}::uuid[] is null or c.id = any(${campaignIds}::uuid[]))
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
               when c.id = any(${pause}::uuid[]) then 'MANUAL'
               when c.pause_reason = 'MANUAL' and not c.id = any(${resume}::uuid[]) then 'MANUAL'
               when b.monthly_budget is not null and totals.monthly >= b.monthly_budget then 'MONTHLY_BUDGET'
               when b.daily_budget is not null and totals.daily >= b.daily_budget then 'DAILY_BUDGET'
               when w.inside is false then 'DAYPARTING'
             end::pause_reason as reason
        from c
        join b on b.id = c.brand_id
        join brand_spend_totals(${at}::timestamptz, ${brandIds}::uuid[]) totals on totals.brand_id = c.brand_id
        left join w on w.campaign_id = c.id
    )
    select d.id as campaign_id, d.brand_id, d.name as campaign_name,
           case when d.created then null else d.status::text end as from_status,
           case when d.created then null else d.pause_reason::text end as from_reason,
           d.reason::text as to_reason, null::bigint as checked
      from d
     where d.created
        or (d.pause_reason is distinct from d.reason
            and (${any}::boolean or d.pause_reason = any(${from}::pause_reason[]) or d.reason = any(${to}::pause_reason[])))
    union all
    select null, null, null, null, null, null, (select count(*) from c)`;

  const checked = Number(rows.find((r) => r.checked !== null)?.checked ?? 0);
  const changes: StatusChange[] = rows
    .filter((r) => r.campaign_id !== null)
    .map((r) => ({
      campaignId: r.campaign_id!,
      campaignName: r.campaign_name!,
      brandId: r.brand_id!,
      fromStatus: r.from_status,
      fromReason: r.from_reason,
      toStatus: statusOf(r.to_reason),
      toReason: r.to_reason,
    }));
  if (!dryRun && changes.length > 0) await apply(tx, changes, options);
  return { ...summarize(checked, changes), changes };
}

async function apply(tx: Tx, changes: StatusChange[], { trigger, actor, at }: ReconcileOptions): Promise<void> {
  await tx.$executeRaw`
    update campaigns c
       set status = x.status::campaign_status, pause_reason = x.reason::pause_reason, updated_at = ${at}
      from unnest(${changes.map((ch) => ch.campaignId)}::uuid[], ${changes.map((ch) => ch.toStatus)}::text[],
                  ${changes.map((ch) => ch.toReason)}::text[]) as x(id, status, reason)
     where c.id = x.id`;
  await writeEvents(tx, changes, trigger, actor, at);
}

/** Counts of a run; a first state (CREATE, from null) counts as paused when it is paused. */
export function summarize(checked: number, changes: StatusChange[]): Summary {
  const byReason = new Map<PauseReason, number>();
  let paused = 0;
  let resumed = 0;
  let relabeled = 0;
  for (const c of changes) {
    if (c.toStatus === 'ACTIVE') {
      if (c.fromStatus === 'PAUSED') resumed++;
    } else if (c.fromStatus === 'PAUSED') relabeled++;
    else paused++;
    if (c.toReason) byReason.set(c.toReason, (byReason.get(c.toReason) ?? 0) + 1);
  }
  return { checked, paused, resumed, relabeled, byReason: [...byReason].map(([reason, count]) => ({ reason, count })) };
}

/** The summary alone (SPEC section 4), without the list of changes. */
export function summaryOf({ checked, paused, resumed, relabeled, byReason }: Summary): Summary {
  return { checked, paused, resumed, relabeled, byReason };
}
