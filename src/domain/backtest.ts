// The backtest's replay, as a pure function: a brand's recorded ledger and operator actions over a
// past range, replayed against a policy (budgets and windows held fixed over the range) with the
// pause rules (reasonFor, the same rule table as the engine's reference). Overrides are operators'
// acts too: those recorded are in force in the replay as they were (src/domain/overrides.ts). The
// brand's wall clock is read in SQL at each boundary (the instants where time can change a state)
// and holds until the next one; the policy's windows are tested against it with windowCovers, once
// per campaign and position in the week.
import { countsTowardDay, reasonFor, statusOf, type CampaignStatus, type PauseReason, type SpendType } from './desiredState.ts';
import { liftedFor, type OverrideFacts } from './overrides.ts';
import { windowCovers, type LocalClock, type Window } from './time.ts';
import type { StatusTrigger } from '../db/generated/prisma/enums.ts';

/** Spends of one type recorded at one instant toward one brand-local day, summed: they count from then on. */
export interface CountedSpend {
  /** when they were recorded (before `from`: they count from the start) */
  createdAt: number;
  /** YYYY-MM-DD, the brand-local day they count toward (MONTHLY ones: its month only) */
  spendDate: string;
  spendType: SpendType;
  amount: bigint;
}

/** Spends of one campaign that occurred at one instant in the range, summed. */
export interface OccurredSpend {
  campaignId: string;
  occurredAt: number;
  amount: bigint;
}

export interface RecordedEvent {
  campaignId: string;
  at: number;
  fromStatus: CampaignStatus | null;
  fromReason: PauseReason | null;
  toStatus: CampaignStatus;
  toReason: PauseReason | null;
  trigger: StatusTrigger;
}

/** The brand's wall clock at a boundary: `from`, a local midnight, a window's edge, a change of UTC offset. */
export interface Boundary {
  at: number;
  clock: LocalClock;
}

export interface ReplayInput {
  from: number;
  to: number;
  dailyBudget: bigint | null;
  monthlyBudget: bigint | null;
  /** the policy's active windows of each campaign that has some */
  windows: ReadonlyMap<string, readonly Window[]>;
  /** each campaign's state just before `from` (its last event); campaigns created later are absent */
  initial: ReadonlyMap<string, { status: CampaignStatus; reason: PauseReason | null }>;
  /** what was recorded before `to` toward a day of the range's months */
  counted: readonly CountedSpend[];
  /** what occurred in the range, for the spend inside paused time */
  occurred: readonly OccurredSpend[];
  /** the recorded status events of [from, to), in id order */
  events: readonly RecordedEvent[];
  /** `from` first, in time order */
  boundaries: readonly Boundary[];
  /** the brand's overrides in force at some time of the range, as recorded */
  overrides: readonly OverrideFacts[];
}

export interface ReplayChange {
  at: number;
  campaignId: string;
  fromStatus: CampaignStatus | null;
  fromReason: PauseReason | null;
  toStatus: CampaignStatus;
  toReason: PauseReason | null;
  trigger: StatusTrigger;
}

export interface ReplayResult {
  changes: ReplayChange[];
  /** per campaign: spend that occurred in the range while it was paused, under the policy and as recorded */
  spendWhilePaused: Map<string, { replayed: bigint; recorded: bigint }>;
}

interface Bucket {
  spends: CountedSpend[];
  operator: RecordedEvent[];
  boundaries: Boundary[];
  /** an override starts or is cancelled here (OVERRIDE), or ends on its own (OVERRIDE_END) */
  override?: StatusTrigger;
}

/** One campaign as the replay follows it. */
interface Track {
  id: string;
  /** in the replay now: in `initial`, or created in the range */
  present: boolean;
  status: CampaignStatus | null;
  reason: PauseReason | null;
  manual: boolean;
  /** its windows under the policy (null: none), their coverage per place in the week, and now */
  windows: readonly Window[] | null;
  covered: Map<number, boolean>;
  inside: boolean;
  /** an operator's last act on it: when, and its trigger */
  actedAt: number;
  acted: StatusTrigger | null;
}

export function replay(input: ReplayInput): ReplayResult {
  const dayTotals = new Map<string, bigint>();
  const monthTotals = new Map<string, bigint>();
  const count = (s: CountedSpend) => {
    if (countsTowardDay(s.spendType)) dayTotals.set(s.spendDate, (dayTotals.get(s.spendDate) ?? 0n) + s.amount);
    const month = s.spendDate.slice(0, 7);
    monthTotals.set(month, (monthTotals.get(month) ?? 0n) + s.amount);
  };
  const buckets = new Map<number, Bucket>();
  const bucket = (at: number) => {
    let b = buckets.get(at);
    if (!b) buckets.set(at, (b = { spends: [], operator: [], boundaries: [] }));
    return b;
  };
  for (const s of input.counted) {
    if (s.createdAt < input.from) count(s);
    else if (s.createdAt < input.to) bucket(s.createdAt).spends.push(s);
  }
  // operators' acts are facts of the range, not policy: pauses, resumes, archiving, new campaigns
  for (const e of input.events) if (e.trigger === 'MANUAL' || e.trigger === 'CREATE') bucket(e.at).operator.push(e);
  for (const b of input.boundaries) bucket(b.at).boundaries.push(b);
  for (const o of input.overrides) {
    const ends =
      o.cancelledAt !== null && o.cancelledAt < o.until
        ? { at: o.cancelledAt, trigger: 'OVERRIDE' as const }
        : { at: o.until, trigger: 'OVERRIDE_END' as const };
    for (const edge of [{ at: o.createdAt, trigger: 'OVERRIDE' as const }, ends]) {
      if (edge.at >= input.from && edge.at < input.to) bucket(edge.at).override = edge.trigger;
    }
  }

  // each campaign followed on one record; those with windows tested once per place in the week
  // (a campaign's coverage depends only on the clock's place in the week)
  const tracks = new Map<string, Track>();
  for (const id of new Set([...input.initial.keys(), ...input.windows.keys(), ...input.events.map((e) => e.campaignId)])) {
    const s = input.initial.get(id);
    const windows = input.windows.get(id);
    tracks.set(id, {
      id,
      present: s !== undefined,
      status: s?.status ?? null,
      reason: s?.reason ?? null,
      manual: s?.reason === 'MANUAL',
      windows: windows?.length ? windows : null,
      covered: new Map(),
      inside: false,
      actedAt: NaN,
      acted: null,
    });
  }
  const windowed = [...tracks.values()].filter((t) => t.windows);
  let localDate = '';
  /** the campaigns, in id order (null: to sort again) */
  let order: Track[] | null = null;
  const changes: ReplayChange[] = [];

  for (const at of [...buckets.keys()].sort((a, b) => a - b)) {
    const here = buckets.get(at)!;
    for (const s of here.spends) count(s);
    for (const { clock } of here.boundaries) {
      localDate = clock.date;
      const place = clock.isoDow * 86_400 + clock.secondOfDay;
      for (const t of windowed) {
        let covered = t.covered.get(place);
        if (covered === undefined) t.covered.set(place, (covered = t.windows!.some((w) => windowCovers(w, clock))));
        t.inside = covered;
      }
    }
    for (const e of here.operator) {
      const t = tracks.get(e.campaignId)!;
      if (e.trigger === 'CREATE') {
        if (!t.present) order = null;
        Object.assign(t, { present: true, status: null, reason: null });
      }
      Object.assign(t, { manual: e.toReason === 'MANUAL', actedAt: at, acted: e.trigger });
    }
    // the brand's figures hold for every campaign at this instant: the rules are asked once per
    // distinct set of facts a campaign adds (paused by hand, outside its windows, what is lifted)
    const dailySpend = dayTotals.get(localDate) ?? 0n;
    const monthlySpend = monthTotals.get(localDate.slice(0, 7)) ?? 0n;
    const reasons = new Map<number | string, PauseReason | null>();
    // in campaign id order, as reconcile_campaigns writes its events
    order ??= [...tracks.values()].filter((t) => t.present).sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    for (const t of order) {
      const outsideWindows = t.windows !== null && !t.inside;
      const lifted = input.overrides.length ? liftedFor(input.overrides, t.id, at) : NONE_LIFTED;
      const key = (t.manual ? 1 : 0) + (outsideWindows ? 2 : 0) + (lifted.length ? `:${lifted.join()}` : '');
      let reason = reasons.get(key);
      if (reason === undefined) {
        const { dailyBudget, monthlyBudget } = input;
        reason = reasonFor({ manual: t.manual, outsideWindows, lifted, dailyBudget, monthlyBudget, dailySpend, monthlySpend });
        reasons.set(key, reason);
      }
      if (t.status !== null && t.reason === reason) continue;
      const trigger =
        (t.actedAt === at ? t.acted : null) ??
        (at === input.from ? 'RECONCILE' : here.spends.length > 0 ? 'SPEND' : (here.override ?? timeTrigger(t.reason, reason)));
      const status = statusOf(reason);
      changes.push({ at, campaignId: t.id, fromStatus: t.status, fromReason: t.reason, toStatus: status, toReason: reason, trigger });
      t.status = status;
      t.reason = reason;
    }
  }

  const recorded = input.events.map((e) => ({ at: e.at, campaignId: e.campaignId, toStatus: e.toStatus }));
  const spendWhilePaused = new Map<string, { replayed: bigint; recorded: bigint }>();
  const pausedAt = timelines(input.initial, changes);
  const recordedPausedAt = timelines(input.initial, recorded);
  for (const s of input.occurred) {
    if (s.occurredAt < input.from || s.occurredAt >= input.to) continue;
    const sums = spendWhilePaused.get(s.campaignId) ?? { replayed: 0n, recorded: 0n };
    if (pausedAt(s.campaignId, s.occurredAt)) sums.replayed += s.amount;
    if (recordedPausedAt(s.campaignId, s.occurredAt)) sums.recorded += s.amount;
    spendWhilePaused.set(s.campaignId, sums);
  }
  return { changes, spendWhilePaused };
}

const NONE_LIFTED: readonly PauseReason[] = [];

/** Which scheduled task would make a change time alone causes (the tasks' scopes). */
function timeTrigger(from: PauseReason | null, to: PauseReason | null): StatusTrigger {
  if (from === 'DAILY_BUDGET') return 'RESET_DAILY';
  if (from === 'MONTHLY_BUDGET') return 'RESET_MONTHLY';
  if (from === 'DAYPARTING' || to === 'DAYPARTING') return 'ENFORCE_DAYPARTING';
  return 'ENFORCE_BUDGETS';
}

/**
 * Whether a campaign was paused just before an instant (a spend that pauses its campaign
 * happened while it ran): its state before `from`, then each change in time order.
 */
function timelines(
  initial: ReadonlyMap<string, { status: CampaignStatus }>,
  changes: readonly { at: number; campaignId: string; toStatus: CampaignStatus }[],
): (campaignId: string, at: number) => boolean {
  const byCampaign = new Map<string, { at: number; paused: boolean }[]>();
  for (const [id, s] of initial) byCampaign.set(id, [{ at: -Infinity, paused: s.status === 'PAUSED' }]);
  for (const c of changes) {
    const list = byCampaign.get(c.campaignId) ?? [];
    list.push({ at: c.at, paused: c.toStatus === 'PAUSED' });
    byCampaign.set(c.campaignId, list);
  }
  return (campaignId, at) => {
    const list = byCampaign.get(campaignId);
    if (!list) return false;
    // the last change strictly before `at` (list is in time order)
    let lo = 0;
    let hi = list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.at < at) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found >= 0 && list[found]!.paused;
  };
}
