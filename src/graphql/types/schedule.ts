// Schedule (dayparting window): type, query, mutations. Every change re-applies the desired state.
import { db } from '../../db/index.ts';
import { createSchedule, deleteSchedule, setSchedules, updateSchedule } from '../../engine/schedules.ts';
import { builder } from '../builder.ts';
import { brandScope, id, optionalId, write } from '../helpers.ts';
import { DayOfWeekEnum } from './enums.ts';

builder.prismaObject('Schedule', {
  description: 'A dayparting window: [startTime, endTime) on dayOfWeek, brand-local; endTime ≤ startTime runs past midnight.',
  fields: (t) => ({
    id: t.exposeID('id'),
    campaign: t.relation('campaign'),
    campaignId: t.exposeID('campaignId'),
    dayOfWeek: t.expose('dayOfWeek', { type: DayOfWeekEnum }),
    startTime: t.expose('startTime', { type: 'LocalTime' }),
    endTime: t.expose('endTime', { type: 'LocalTime' }),
    isActive: t.exposeBoolean('isActive'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const ORDER = [{ dayOfWeek: 'asc' as const }, { startTime: 'asc' as const }, { id: 'asc' as const }];

builder.queryFields((t) => ({
  schedule: t.prismaField({
    type: 'Schedule',
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args, ctx) => db().schedule.findFirst({ ...query, where: { id: id(args.id), ...brandScope(ctx) } }),
  }),
  schedules: t.prismaField({
    type: ['Schedule'],
    description: "A campaign's windows, a brand's, or (with neither) every window the key sees.",
    args: { campaignId: t.arg.id(), brandId: t.arg.id() },
    resolve: (query, _root, args, ctx) =>
      db().schedule.findMany({
        ...query,
        where: {
          AND: [brandScope<'brandId'>(ctx)],
          ...(args.campaignId != null ? { campaignId: optionalId(args.campaignId, 'campaignId') } : {}),
          ...(args.brandId != null ? { brandId: optionalId(args.brandId, 'brandId') } : {}),
        },
        orderBy: args.campaignId != null ? ORDER : [{ campaignId: 'asc' as const }, ...ORDER],
      }),
  }),
}));

// A window's fields: alone in setSchedules, with its campaign in createSchedule.
const windowFields = (t: Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0]) => ({
  dayOfWeek: t.field({ type: DayOfWeekEnum, required: true }),
  startTime: t.field({ type: 'LocalTime', required: true }),
  endTime: t.field({ type: 'LocalTime', required: true }),
  isActive: t.boolean({ description: 'default true' }),
});

export const WindowInput = builder.inputType('WindowInput', { fields: windowFields });

const CreateScheduleInput = builder.inputType('CreateScheduleInput', {
  fields: (t) => ({ campaignId: t.id({ required: true }), ...windowFields(t) }),
});

const UpdateScheduleInput = builder.inputType('UpdateScheduleInput', {
  fields: (t) => ({
    dayOfWeek: t.field({ type: DayOfWeekEnum }),
    startTime: t.field({ type: 'LocalTime' }),
    endTime: t.field({ type: 'LocalTime' }),
    isActive: t.boolean(),
  }),
});

const clean = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v != null)) as { [K in keyof T]?: NonNullable<T[K]> };

builder.mutationFields((t) => ({
  createSchedule: t.prismaField({
    type: 'Schedule',
    args: { input: t.arg({ type: CreateScheduleInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const { schedule } = await write(ctx, (tx, scope, at) =>
        createSchedule(tx, { ...input, campaignId: String(input.campaignId) }, scope, at),
      );
      return db().schedule.findUniqueOrThrow({ ...query, where: { id: schedule.id } });
    },
  }),
  updateSchedule: t.prismaField({
    type: 'Schedule',
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateScheduleInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const { schedule } = await write(ctx, (tx, scope, at) => updateSchedule(tx, id(args.id), clean(args.input), scope, at));
      return db().schedule.findUniqueOrThrow({ ...query, where: { id: schedule.id } });
    },
  }),
  deleteSchedule: t.id({
    description: 'Answers the deleted window’s id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      return (await write(ctx, (tx, scope, at) => deleteSchedule(tx, id(args.id), scope, at))).schedule.id;
    },
  }),
  setSchedules: t.prismaField({
    type: ['Schedule'],
    description: 'Replaces all of a campaign’s windows (an empty list: runs at any time).',
    args: { campaignId: t.arg.id({ required: true }), windows: t.arg({ type: [WindowInput], required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const { schedules } = await write(ctx, (tx, scope, at) => setSchedules(tx, String(args.campaignId), args.windows, scope, at));
      return db().schedule.findMany({ ...query, where: { id: { in: schedules.map((s) => s.id) } }, orderBy: ORDER });
    },
  }),
}));
