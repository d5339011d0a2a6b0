// The process's database handle. Opened once by main (or a test file's setup); GraphQL
// resolvers, the worker and the CLI read it through db(), and heavy reads go through heavyReads()
// on their own pool (heavy.ts).
import { closeClient, createDb, type Db, type DbOptions } from './client.ts';
import { HEAVY_READ_DEFAULTS } from '../config.ts';
import { createHeavyReads, type HeavyReadOptions, type HeavyReads } from './heavy.ts';

let current: Db | null = null;
let heavy: HeavyReads | null = null;

interface OpenOptions extends DbOptions {
  /** the heavy-read pool (HEAVY_READ_DEFAULTS unless given); its connections open only when used */
  heavy?: HeavyReadOptions;
}

export function openDb(url: string, options: OpenOptions = {}): Db {
  const { heavy: heavyOptions = HEAVY_READ_DEFAULTS, ...main } = options;
  current = createDb(url, main);
  heavy = createHeavyReads(url, heavyOptions);
  return current;
}

export function db(): Db {
  if (!current) throw new Error('the database is not open (openDb was not called)');
  return current;
}

/** The heavy-read pool: fn runs once a turn is free, its statements bounded (TIMEOUT past it). */
export function heavyReads(): HeavyReads {
  if (!heavy) throw new Error('the database is not open (openDb was not called)');
  return heavy;
}

export async function closeDb(): Promise<void> {
  const closing = current;
  const closingHeavy = heavy;
  current = null;
  heavy = null;
  await closingHeavy?.close();
  if (closing) await closeClient(closing);
}

export type { Db, Tx } from './client.ts';
export { LONG_TX } from './client.ts';
export type { HeavyReadOptions } from './heavy.ts';
