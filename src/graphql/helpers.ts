// Small pieces every type module uses: page sizes, ids, transactions, the actor.
import { db, LONG_TX, type Tx } from '../db/index.ts';
import { DomainError, parseId } from '../domain/errors.ts';
import type { Context } from './context.ts';

/** Connections: `first` defaults to 50, at most 500; more is refused, not silently cut. */
export const page = {
  defaultSize: 50,
  maxSize: (args: { first?: number | null; last?: number | null }) => {
    for (const field of ['first', 'last'] as const) {
      const n = args[field];
      if (n != null && (n < 0 || n > 500)) throw new DomainError('INVALID_ARGUMENT', `${field} must be from 0 to 500 (got ${n})`, field);
    }
    return 500;
  },
};

/** An optional id argument: null stays null, malformed is INVALID_ID naming the argument. */
export function optionalId(value: string | number | null | undefined, field: string): string | undefined {
  return value == null ? undefined : parseId(String(value), field);
}

export function id(value: string | number, field = 'id'): string {
  return parseId(String(value), field);
}

/** A write: one transaction, the engine's functions inside, the context's actor and instant. */
export function write<T>(ctx: Context, fn: (tx: Tx, actor: { name: string }, at: Date) => Promise<T>): Promise<T> {
  return db().$transaction((tx) => fn(tx, { name: ctx.actor }, ctx.at), LONG_TX);
}

/** The brands the request's key may see and change; null = every brand. */
export function visibleBrands(ctx: Context): string[] | null {
  const brands = ctx.principal?.brandIds;
  return brands ? [...brands] : null; // a copy: the engine's parameters are plain arrays
}

/** A Prisma where-fragment keeping rows of visible brands only ({} for an unlimited key). */
export function brandScope<K extends string = 'brandId'>(ctx: Context, field: K = 'brandId' as K): { [P in K]?: { in: string[] } } {
  const brands = visibleBrands(ctx);
  return (brands ? { [field]: { in: brands } } : {}) as { [P in K]?: { in: string[] } };
}

/** §6: another brand reads as unknown to a query, and is FORBIDDEN to a mutation. */
export function assertBrand(ctx: Context, brandId: string | null | undefined): void {
  const brands = visibleBrands(ctx);
  if (brands && brandId && !brands.includes(brandId)) {
    throw new DomainError('FORBIDDEN', 'this API key may not act on that brand');
  }
}

/** The brand an existing row belongs to (undefined when there is no such row: the engine says NOT_FOUND). */
export async function brandOf(table: 'campaigns' | 'schedules', rowId: string): Promise<string | undefined> {
  const rows =
    table === 'campaigns'
      ? await db().$queryRaw<{ brand_id: string }[]>`select brand_id from campaigns where id = ${rowId}::uuid`
      : await db().$queryRaw<{ brand_id: string }[]>`select brand_id from schedules where id = ${rowId}::uuid`;
  return rows[0]?.brand_id;
}

/** For a mutation on an existing row: FORBIDDEN when it belongs to a brand the key may not touch. */
export async function assertRowBrand(ctx: Context, table: 'campaigns' | 'schedules', rowId: string): Promise<void> {
  if (visibleBrands(ctx)) assertBrand(ctx, await brandOf(table, rowId));
}
