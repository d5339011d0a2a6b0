// The Prisma client over node-postgres (driver adapter: no native engine).
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client.ts';

export { Prisma } from './generated/prisma/client.ts';
export type Db = PrismaClient;
/** The caller's transaction: engine functions take one and never open their own. */
export type Tx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

export interface DbOptions {
  /** pool size per process */
  max?: number;
}

export function createDb(url: string, options: DbOptions = {}): Db {
  const adapter = new PrismaPg({
    connectionString: url,
    max: options.max ?? 10,
    application_name: 'budget',
  });
  return new PrismaClient({ adapter });
}

/** Batches and reconciles run longer than Prisma's 5 s default; say so explicitly. */
export const LONG_TX = { timeout: 120_000, maxWait: 10_000 } as const;
