// Small pieces every type module uses: page sizes, ids, transactions, the scope of reads.
import { db, LONG_TX, type Tx } from '../db/index.ts';
import { DomainError, parseId, quote } from '../domain/errors.ts';
import { formatMoney } from '../domain/money.ts';
import type { Scope } from '../domain/scope.ts';
import { PAGE } from './builder.ts';
import type { Context } from './context.ts';
import { inSpan } from '../trace.ts';

/** Connections: `offset` skips that many rows first (after `after`), for clients that page by position. */
export const MAX_OFFSET = 100_000;

/** Connections: `first` at most PAGE.max; more is refused, not silently cut (the builder holds the sizes). */
export const page = {
  maxSize: (args: { first?: number | null; last?: number | null; offset?: unknown }) => {
    for (const field of ['first', 'last'] as const) {
      const n = args[field];
      if (n != null && (n < 0 || n > PAGE.max)) {
        throw new DomainError('INVALID_ARGUMENT', `${field} must be from 0 to ${PAGE.max} (got ${n})`, field);
      }
    }
    const offset = args.offset as number | null | undefined;
    if (offset != null && (offset < 0 || offset > MAX_OFFSET)) {
      throw new DomainError('INVALID_ARGUMENT', `offset must be from 0 to ${MAX_OFFSET} (got ${offset})`, 'offset');
    }
    return PAGE.max;
  },
};

export const offsetArg = {
  description: `skip this many rows first (after \`after\`): for clients that page by position; at most ${MAX_OFFSET}`,
};

/** A connection's Prisma query with `offset` more rows skipped (page.maxSize has checked it). */
export function skipping<Q extends { skip?: number }>(query: Q, offset: number | null | undefined): Q {
  return offset ? { ...query, skip: (query.skip ?? 0) + offset } : query;
}

/** An optional id argument: null stays null, malformed is INVALID_ID naming the argument. */
export function optionalId(value: string | number | null | undefined, field: string): string | undefined {
  return value == null ? undefined : parseId(String(value), field);
}

export function id(value: string | number, field = 'id'): string {
  return parseId(String(value), field);
}

/** A subscription's afterEventId or afterAlertId: a row id of its feed, or INVALID_ID naming it. */
export function afterId(value: string | number | null | undefined, field: string, what: string): bigint | undefined {
  if (value == null) return undefined;
  if (!/^[0-9]{1,18}$/.test(String(value)))
    throw new DomainError('INVALID_ID', `${field} must be ${what} (a whole number); got ${quote(value)}`, field);
  return BigInt(value);
}

/**
 * A write: one transaction, the engine's functions inside, with the request's scope (who acts, on
 * which brands: the engine checks them after its locks) and instant.
 */
export async function write<T>(ctx: Context, fn: (tx: Tx, scope: Scope, at: Date) => Promise<T>): Promise<T> {
  const scope = actingScope(ctx);
  return inSpan('engine transaction', {}, () => db().$transaction((tx) => fn(tx, scope, ctx.at), LONG_TX));
}

/** The scope a write acts as: the request's key (UNAUTHENTICATED without one). */
export function actingScope(ctx: Context): Scope {
  if (!ctx.scope) throw new DomainError('UNAUTHENTICATED', 'an API key is required: Authorization: Bearer bk_…');
  return ctx.scope;
}

/** A Prisma where-fragment keeping rows of the brands the key may see ({} for an unlimited key). */
export function brandScope<K extends string = 'brandId'>(ctx: Context, field: K = 'brandId' as K): { [P in K]?: { in: string[] } } {
  const brands = ctx.scope?.brandIds;
  return (brands ? { [field]: { in: [...brands] } } : {}) as { [P in K]?: { in: string[] } };
}

/** A Money answer of a brand's: written in its currency's unit (src/domain/money.ts). */
export async function moneyOf(ctx: Context, brandId: string, amount: bigint): Promise<string> {
  return formatMoney(amount, await ctx.currencies.load(brandId));
}
