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
