// Dayparting windows. Every change re-applies the desired state to its campaign (SCHEDULE_CHANGE).
import { Prisma } from '../db/client.ts';
import type { Tx } from '../db/index.ts';
import { DomainError, parseId } from '../domain/errors.ts';
import { formatLocalTime, parseDayOfWeek, parseLocalTime, type DayOfWeek } from '../domain/time.ts';
import { audit, type Actor } from './audit.ts';
import { lockCampaign } from './campaigns.ts';
import type { StatusChange } from './events.ts';
import { lockBrands, reconcile } from './reconcile.ts';

export interface WindowInput {
  dayOfWeek: string;
  startTime: string;
  endTime: string;
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

function parseWindow(w: WindowInput, prefix = ''): ParsedWindow {
  return {
    dayOfWeek: parseDayOfWeek(w.dayOfWeek, `${prefix}dayOfWeek`),
    start: formatLocalTime(parseLocalTime(w.startTime, `${prefix}startTime`)),
    end: formatLocalTime(parseLocalTime(w.endTime, `${prefix}endTime`)),
    isActive: w.isActive ?? true,
  };
}

const returning = Prisma.sql`id, campaign_id as "campaignId", brand_id as "brandId", day_of_week::text as "dayOfWeek",
  to_char(start_time, 'HH24:MI') as "startTime", to_char(end_time, 'HH24:MI') as "endTime", is_active as "isActive"`;

export async function createSchedule(tx: Tx, input: WindowInput & { campaignId: string }, actor: Actor, at: Date) {
  const w = parseWindow(input);
  const campaign = await lockCampaign(tx, input.campaignId, 'campaignId');
  const [row] = await tx.$queryRaw<ScheduleRow[]>`
    insert into schedules (brand_id, campaign_id, day_of_week, start_time, end_time, is_active, created_at, updated_at)
    values (${campaign.brandId}::uuid, ${campaign.id}::uuid, ${w.dayOfWeek}::day_of_week, ${w.start}::time, ${w.end}::time, ${w.isActive}, ${at}, ${at})
    returning ${returning}`;
  await audit(
    tx,
    actor,
    { action: 'schedule.create', targetType: 'Schedule', targetId: row!.id, brandId: campaign.brandId, after: snapshot(row!) },
    at,
  );
  return { schedule: row!, statusChanges: await apply(tx, campaign.brandId, campaign.id, actor, at) };
}

export async function updateSchedule(tx: Tx, id: string, input: Partial<WindowInput>, actor: Actor, at: Date) {
  const before = await lockSchedule(tx, id);
  const w = parseWindow({
    dayOfWeek: input.dayOfWeek ?? before.dayOfWeek,
    startTime: input.startTime ?? before.startTime,
    endTime: input.endTime ?? before.endTime,
    isActive: input.isActive ?? before.isActive,
  });
  const [row] = await tx.$queryRaw<ScheduleRow[]>`
    update schedules set day_of_week = ${w.dayOfWeek}::day_of_week, start_time = ${w.start}::time, end_time = ${w.end}::time,
           is_active = ${w.isActive}, updated_at = ${at}
     where id = ${before.id}::uuid
    returning ${returning}`;
  await audit(
    tx,
    actor,
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
  return { schedule: row!, statusChanges: await apply(tx, before.brandId, before.campaignId, actor, at) };
}

export async function deleteSchedule(tx: Tx, id: string, actor: Actor, at: Date) {
  const before = await lockSchedule(tx, id);
  await tx.$executeRaw`delete from schedules where id = ${before.id}::uuid`;
  await audit(
    tx,
    actor,
    { action: 'schedule.delete', targetType: 'Schedule', targetId: before.id, brandId: before.brandId, before: snapshot(before) },
    at,
  );
  return { schedule: before, statusChanges: await apply(tx, before.brandId, before.campaignId, actor, at) };
}

/** Replaces all of a campaign's windows at once. */
export async function setSchedules(tx: Tx, campaignId: string, windows: WindowInput[], actor: Actor, at: Date) {
  if (windows.length > MAX_WINDOWS) throw new DomainError('INVALID_ARGUMENT', `windows: at most ${MAX_WINDOWS} per campaign`, 'windows');
  const parsed = windows.map((w, i) => parseWindow(w, `windows[${i}].`));
  const campaign = await lockCampaign(tx, campaignId, 'campaignId');
  const before = await tx.$queryRaw<ScheduleRow[]>`
    delete from schedules where campaign_id = ${campaign.id}::uuid returning ${returning}`;
  const rows =
    parsed.length === 0
      ? []
      : await tx.$queryRaw<ScheduleRow[]>`
          insert into schedules (brand_id, campaign_id, day_of_week, start_time, end_time, is_active, created_at, updated_at)
          select ${campaign.brandId}::uuid, ${campaign.id}::uuid, d::day_of_week, s::time, e::time, a, ${at}, ${at}
            from unnest(${parsed.map((w) => w.dayOfWeek)}::text[], ${parsed.map((w) => w.start)}::text[],
                        ${parsed.map((w) => w.end)}::text[], ${parsed.map((w) => w.isActive)}::boolean[]) with ordinality as x(d, s, e, a, n)
           order by n
          returning ${returning}`;
  await audit(
    tx,
    actor,
    {
      action: 'schedule.set',
      targetType: 'Campaign',
      targetId: campaign.id,
      brandId: campaign.brandId,
      before: before.map(snapshot),
      after: rows.map(snapshot),
    },
    at,
  );
  return { schedules: rows, statusChanges: await apply(tx, campaign.brandId, campaign.id, actor, at) };
}

async function lockSchedule(tx: Tx, id: string): Promise<ScheduleRow> {
  const scheduleId = parseId(id);
  const [owner] = await tx.$queryRaw<{ brand_id: string }[]>`select brand_id from schedules where id = ${scheduleId}::uuid`;
  if (!owner) throw new DomainError('NOT_FOUND', `no schedule with id ${scheduleId}`, 'id');
  await lockBrands(tx, [owner.brand_id]);
  const [row] = await tx.$queryRaw<ScheduleRow[]>`select ${returning} from schedules where id = ${scheduleId}::uuid`;
  if (!row) throw new DomainError('NOT_FOUND', `no schedule with id ${scheduleId}`, 'id');
  return row;
}

async function apply(tx: Tx, brandId: string, campaignId: string, actor: Actor, at: Date): Promise<StatusChange[]> {
  const { changes } = await reconcile(tx, {
    task: 'ALL',
    trigger: 'SCHEDULE_CHANGE',
    actor: actor.name,
    at,
    brandIds: [brandId],
    campaignIds: [campaignId],
  });
  return changes;
}

function snapshot(s: ScheduleRow) {
  return { campaignId: s.campaignId, dayOfWeek: s.dayOfWeek, startTime: s.startTime, endTime: s.endTime, isActive: s.isActive };
}
