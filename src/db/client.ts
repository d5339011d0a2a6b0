// The Prisma client over node-postgres (driver adapter: no native engine).
import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client.ts';

import { Prisma } from './generated/prisma/client.ts';

export { Prisma };
export type Db = PrismaClient;
/** The caller's transaction: engine functions take one and never open their own. */
export type Tx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

export interface DbOptions {
  /** pool size per process */
  max?: number;
  /** PostgreSQL's statement_timeout on every connection, in ms (none by default) */
  statementTimeoutMs?: number;
  /** how the connections appear in pg_stat_activity */
  applicationName?: string;
}

/**
 * Marks a statement of fixed text (its values all parameters) to be prepared once per connection
 * and reused: PostgreSQL parses it once and, after a few runs, keeps a generic plan. Only marked
 * statements are named, so their number stays bounded (a name is never deallocated). Mark only
 * the small, hot shapes (one spend, one brand): a generic plan made for a one-element array is a
 * bad plan for a 10,000-element one (measured: a 1,000-spend batch went from 0.2 s to 2 s).
 */
export const PREPARED = '/* prepared */';

/** The marker, in a statement's text, when `small`; nothing otherwise. */
export function preparedWhen(small: boolean): Prisma.Sql {
  return small ? Prisma.raw(PREPARED) : Prisma.empty;
}

/** Each open client's pool (its connections are a metric: in use, idle, waiting requests). */
export const pools = new Map<Db, pg.Pool>();

export function createDb(url: string, options: DbOptions = {}): Db {
  // a database that does not answer fails a request within 5 s (DATABASE_UNAVAILABLE), never hangs it
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'budget',
    connectionTimeoutMillis: 5_000,
    // sent at connect: the server itself cancels a statement past it (SQLSTATE 57014)
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
  });
  pool.on('error', () => undefined); // an idle connection cut by the server: the pool makes a new one when asked
  const adapter = new PrismaPg(pool, {
    // undefined leaves a statement unnamed (node-postgres's default), whatever the type says
    statementNameGenerator: (({ sql }: { sql: string }) =>
      sql.includes(PREPARED) ? `s${createHash('sha1').update(sql).digest('base64url').slice(0, 20)}` : undefined) as (q: {
      sql: string;
    }) => string,
  });
  const client = new PrismaClient({ adapter });
  pools.set(client, pool);
  return client;
}

/** Disconnects a client and ends its pool. */
export async function closeClient(client: Db): Promise<void> {
  await client.$disconnect();
  const pool = pools.get(client);
  pools.delete(client);
  await pool?.end().catch(() => undefined); // the adapter may have ended it already
}

/** Batches and reconciles run longer than Prisma's 5 s default; say so explicitly. */
export const LONG_TX = { timeout: 120_000, maxWait: 10_000 } as const;
