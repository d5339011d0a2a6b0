// Dayparting windows. Every change re-applies the desired state to its campaign (SCHEDULE_CHANGE).
import { Prisma } from '../db/client.ts';
import type { Tx } from '../db/index.ts';
import { DomainError, parseId } from '../domain/errors.ts';
import { formatLocalTime, parseDayOfWeek, parseLocalTime, type DayOfWeek } from '../domain/time.ts';
import { assertMayAct, type Scope } from '../domain/scope.ts';
import { audit } from './audit.ts';
import { lockCampaign, lockCampaigns } from './campaigns.ts';
import type { StatusChange } from './events.ts';
import { lockBrands, reconcile } from './reconcile.ts';

export interface WindowInput {
  dayOfWeek: string;
  startTime?: unknown;
  endTime?: unknown;
  isActive?: boolean | null;
}

export interface ScheduleRow {
  id: string;
  campaignId: string;
  brandId: string;
  dayOfWeek: DayOfWeek;
  startTime: string;
  endTime: string;
  isActive: boolean;
}

/** Windows per campaign: enough for any real dayparting, bounded against abuse. */
export const MAX_WINDOWS = 100;

interface ParsedWindow {
  dayOfWeek: DayOfWeek;
  start: string;
  end: string;
  isActive: boolean;
}

export function parseWindow(w: WindowInput, prefix = ''): ParsedWindow {
  return {
    dayOfWeek: parseDayOfWeek(w.dayOfWeek, `${prefix}dayOfWeek`),
    start: formatLocalTime(parseLocalTime(w.startTime, `${prefix}startTime`)),
    end: formatLocalTime(parseLocalTime(w.endTime, `${prefix}endTime`)),
    isActive: w.isActive ?? true,
  };
}

const returning = Prisma.sql`id, campaign_id as "campaignId", brand_id as "brandId", day_of_week::text as "dayOfWeek",
  to_char(start_time, 'HH24:MI') as "startTime", to_char(end_time, 'HH24:MI') as "endTime", is_active as "isActive"`;

export async function createSchedule(tx: Tx, input: WindowInput & { campaignId: string }, scope: Scope, at: Date) {
  const w = parseWindow(input);
  const campaign = await lockCampaign(tx, input.campaignId, scope, 'campaignId');
  const [row] = await insertWindows(tx, [{ ...w, campaignId: campaign.id, brandId: campaign.brandId }], at);
  await audit(
    tx,
    scope,
    { action: 'schedule.create', targetType: 'Schedule', targetId: row!.id, brandId: campaign.brandId, after: snapshot(row!) },
    at,
  );
  return { schedule: row!, statusChanges: await apply(tx, [campaign.brandId], [campaign.id], scope, at) };
}

export async function updateSchedule(tx: Tx, id: string, input: Partial<WindowInput>, scope: Scope, at: Date) {
  const before = await lockSchedule(tx, id, scope);
  const w = parseWindow({
    dayOfWeek: input.dayOfWeek ?? before.dayOfWeek,
    startTime: input.startTime ?? before.startTime,
    endTime: input.endTime ?? before.endTime,
    isActive: input.isActive ?? before.isActive,
  });
  // as a brand's or a campaign's: an update that changes nothing writes nothing (a client sending back what it read)
  const same = { ...before, dayOfWeek: w.dayOfWeek, startTime: w.start, endTime: w.end, isActive: w.isActive };
  if (JSON.stringify(snapshot(same)) === JSON.stringify(snapshot(before))) return { schedule: before, statusChanges: [] };
  const [row] = await tx.$queryRaw<ScheduleRow[]>`
    update schedules set day_of_week = ${w.dayOfWeek}::day_of_week, start_time = ${w.start}::time, end_time = ${w.end}::time,
           is_active = ${w.isActive}, updated_at = ${at}
     where id = ${before.id}::uuid
    returning ${returning}`;
  await audit(
    tx,
    scope,
    {
      action: 'schedule.update',
      targetType: 'Schedule',
      targetId: before.id,
      brandId: before.brandId,
      before: snapshot(before),
      after: snapshot(row!),
    },
    at,
  );
  return { schedule: row!, statusChanges: await apply(tx, [before.brandId], [before.campaignId], scope, at) };
}

export async function deleteSchedule(tx: Tx, id: string, scope: Scope, at: Date) {
  const before = await lockSchedule(tx, id, scope);
  await tx.$executeRaw`delete from schedules where id = ${before.id}::uuid`;
  await audit(
    tx,
    scope,
    { action: 'schedule.delete', targetType: 'Schedule', targetId: before.id, brandId: before.brandId, before: snapshot(before) },
    at,
  );
  return { schedule: before, statusChanges: await apply(tx, [before.brandId], [before.campaignId], scope, at) };
}

/** Replaces all of a campaign's windows at once. */
export async function setSchedules(tx: Tx, campaignId: string, windows: WindowInput[], scope: Scope, at: Date) {
  const { schedules, statusChanges } = await setSchedulesOf(tx, [{ campaignId, windows }], scope, at, '');
  return { schedules: schedules[0]!, statusChanges };
}

/**
 * Replaces the windows of many campaigns in one pass (the seed): one delete, one insert, one
 * audit entry per campaign, one reconcile. `prefix` names the fields of item i as `${prefix}[i].…`.
 */
export async function setSchedulesOf(
  tx: Tx,
  items: { campaignId: string; windows: WindowInput[] }[],
  scope: Scope,
  at: Date,
  prefix = 'items',
): Promise<{ schedules: ScheduleRow[][]; statusChanges: StatusChange[] }> {
  const name = (i: number, field: string) => (prefix ? `${prefix}[${i}].${field}` : field);
  const parsed = items.map((item, i) => {
    if (item.windows.length > MAX_WINDOWS) {
      throw new DomainError('INVALID_ARGUMENT', `windows: at most ${MAX_WINDOWS} per campaign`, name(i, 'windows'));
    }
    return item.windows.map((w, j) => parseWindow(w, `${name(i, 'windows')}[${j}].`));
  });
  const campaigns = await lockCampaigns(
    tx,
    items.map((i) => i.campaignId),
    scope,
    prefix ? `${prefix}.campaignId` : 'campaignId',
  );
  const ids = campaigns.map((c) => c.id);
  const before = await tx.$queryRaw<ScheduleRow[]>`
    delete from schedules where campaign_id = any(${ids}::uuid[]) returning ${returning}`;
  const flat = campaigns.flatMap((c, i) => parsed[i]!.map((w) => ({ ...w, campaignId: c.id, brandId: c.brandId })));
  const rows = await insertWindows(tx, flat, at);
  const of = (list: ScheduleRow[], id: string) => list.filter((r) => r.campaignId === id);
  await audit(
    tx,
    scope,
    campaigns.map((c) => ({
      action: 'schedule.set',
      targetType: 'Campaign',
      targetId: c.id,
      brandId: c.brandId,
      before: { windows: of(before, c.id).map(snapshot) },
      after: { windows: of(rows, c.id).map(snapshot) },
    })),
    at,
  );
  const brandIds = [...new Set(campaigns.map((c) => c.brandId))].sort();
  return { schedules: campaigns.map((c) => of(rows, c.id)), statusChanges: await apply(tx, brandIds, ids, scope, at) };
}

async function insertWindows(tx: Tx, windows: (ParsedWindow & { campaignId: string; brandId: string })[], at: Date) {
  if (windows.length === 0) return [];
  return tx.$queryRaw<ScheduleRow[]>`
    insert into schedules (brand_id, campaign_id, day_of_week, start_time, end_time, is_active, created_at, updated_at)
    select b, c, d::day_of_week, s::time, e::time, a, ${at}, ${at}
      from unnest(${windows.map((w) => w.brandId)}::uuid[], ${windows.map((w) => w.campaignId)}::uuid[],
                  ${windows.map((w) => w.dayOfWeek)}::text[], ${windows.map((w) => w.start)}::text[],
                  ${windows.map((w) => w.end)}::text[], ${windows.map((w) => w.isActive)}::boolean[]) with ordinality as x(b, c, d, s, e, a, n)
     order by n
    returning ${returning}`;
}

async function lockSchedule(tx: Tx, id: string, scope: Scope): Promise<ScheduleRow> {
  const scheduleId = parseId(id);
  const [owner] = await tx.$queryRaw<{ brand_id: string }[]>`select brand_id from schedules where id = ${scheduleId}::uuid`;
  if (!owner) throw new DomainError('NOT_FOUND', `no schedule with id ${scheduleId}`, 'id');
  await lockBrands(tx, [owner.brand_id]);
  const [row] = await tx.$queryRaw<ScheduleRow[]>`select ${returning} from schedules where id = ${scheduleId}::uuid`;
  if (!row) throw new DomainError('NOT_FOUND', `no schedule with id ${scheduleId}`, 'id');
  assertMayAct(scope, row.brandId, 'id');
  return row;
}

async function apply(tx: Tx, brandIds: string[], campaignIds: string[], scope: Scope, at: Date): Promise<StatusChange[]> {
  const { changes } = await reconcile(tx, { task: 'ALL', trigger: 'SCHEDULE_CHANGE', actor: scope.actor, at, brandIds, campaignIds });
  return changes;
}

function snapshot(s: ScheduleRow) {
  return { campaignId: s.campaignId, dayOfWeek: s.dayOfWeek, startTime: s.startTime, endTime: s.endTime, isActive: s.isActive };
}
