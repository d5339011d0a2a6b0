// The one reconcile engine (the desired state, and the tasks' scopes) and the one path that writes campaign
// states. Given an instant and a reach, it computes the desired state of every non-archived
// campaign in reach in one set-based statement, applies the differences the task's scope admits,
// and writes one status event per change. Spends, budget, timezone and window changes, creating,
// pausing, resuming and archiving campaigns, the scheduled tasks, `budget reconcile` and
// previewEnforcement all come through here; nothing else updates a campaign's status.
import { preparedWhen } from '../db/client.ts';
import type { Tx } from '../db/index.ts';
import type { PauseReason } from '../domain/desiredState.ts';
import { taskOf, type Task } from '../domain/tasks.ts';
import { countChanges } from '../metrics.ts';
import { sqlSpan } from '../trace.ts';
import { changeOf, type ChangeRow, type StatusChange, type Trigger } from './events.ts';

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

interface ReconcileRow extends ChangeRow {
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
  // null admits any change
  const from = scope === 'ANY' ? null : [...scope.from];
  const to = scope === 'ANY' ? null : [...scope.to];
  const brandIds = options.brandIds ? [...options.brandIds] : null;
  const campaignIds = options.campaignIds ? [...options.campaignIds] : null;
  const pause = [...(options.pause ?? [])];
  const resume = [...(options.resume ?? [])];
  const created = [...(options.created ?? [])];
  // The statement is reconcile_campaigns (prisma/functions/50_reconcile.sql): it acts on the first
  // of the pause rules that holds (pause_rules, prisma/functions/40_rules.sql, in the order of the
  // pause_reason enum; src/domain/desiredState.ts is the reference the property test holds it to);
  // it writes the changes and their events unless dryRun.
  const rows = await sqlSpan(
    'reconcile_campaigns',
    () => tx.$queryRaw<ReconcileRow[]>`${preparedWhen(brandIds?.length === 1)}
    select event_id, campaign_id, brand_id, campaign_name, from_status::text, from_reason::text, to_status::text,
           to_reason::text, checked
      from reconcile_campaigns(${at}::timestamptz, ${brandIds}::uuid[], ${campaignIds}::uuid[], ${pause}::uuid[],
                               ${resume}::uuid[], ${created}::uuid[], ${from}::pause_reason[],
                               ${to}::pause_reason[], ${options.trigger}::status_trigger, ${options.actor},
                               ${dryRun})`,
  );
  const checked = Number(rows.find((r) => r.checked !== null)?.checked ?? 0);
  const changes: StatusChange[] = rows.filter((r) => r.campaign_id !== null).map(changeOf);
  if (!dryRun) countChanges(changes, options.trigger);
  return { ...summarize(checked, changes), changes };
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

/** The summary alone, without the list of changes. */
export function summaryOf({ checked, paused, resumed, relabeled, byReason }: Summary): Summary {
  return { checked, paused, resumed, relabeled, byReason };
}
