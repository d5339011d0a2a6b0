// Brand: type, queries, mutations.
import { db } from '../../db/index.ts';
import { parseId } from '../../domain/errors.ts';
import { createBrand } from '../../engine/brands.ts';
import { builder } from '../builder.ts';

export const Brand = builder.prismaObject('Brand', {
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    currency: t.exposeString('currency', { description: 'ISO 4217 code, fixed at creation' }),
    timezone: t.expose('timezone', { type: 'TimeZone' }),
    dailyBudget: t.expose('dailyBudget', { type: 'Money', nullable: true, description: 'null = no daily limit' }),
    monthlyBudget: t.expose('monthlyBudget', { type: 'Money', nullable: true, description: 'null = no monthly limit' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.queryFields((t) => ({
  brand: t.prismaField({
    type: 'Brand',
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, args) => db().brand.findUnique({ ...query, where: { id: parseId(String(args.id)) } }),
  }),
  brands: t.prismaConnection({
    type: 'Brand',
    cursor: 'name',
    args: { nameContains: t.arg.string() },
    resolve: (query, _root, args) =>
      db().brand.findMany({
        ...query,
        where: args.nameContains ? { name: { contains: args.nameContains, mode: 'insensitive' } } : {},
        orderBy: { name: 'asc' },
      }),
    totalCount: (_root, args) =>
      db().brand.count({ where: args.nameContains ? { name: { contains: args.nameContains, mode: 'insensitive' } } : {} }),
  }),
}));

const CreateBrandInput = builder.inputType('CreateBrandInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    currency: t.string({ description: 'ISO 4217 code; default USD; cannot change later' }),
    timezone: t.field({ type: 'TimeZone', description: 'IANA name; default UTC' }),
    dailyBudget: t.field({ type: 'Money', description: 'null or absent = no daily limit' }),
    monthlyBudget: t.field({ type: 'Money', description: 'null or absent = no monthly limit' }),
  }),
});

builder.mutationFields((t) => ({
  createBrand: t.prismaField({
    type: 'Brand',
    args: { input: t.arg({ type: CreateBrandInput, required: true }) },
    resolve: (query, _root, { input }, ctx) =>
      db().$transaction(async (tx) => {
        const brand = await createBrand(tx, input, { name: ctx.actor }, new Date());
        return tx.brand.findUniqueOrThrow({ ...query, where: { id: brand.id } });
      }),
  }),
}));
