// The process's database handle. Opened once by main (or a test file's setup); GraphQL
// resolvers, the worker and the CLI read it through db().
import { closeClient, createDb, type Db, type DbOptions } from './client.ts';

let current: Db | null = null;

export function openDb(url: string, options?: DbOptions): Db {
  current = createDb(url, options);
  return current;
}

export function db(): Db {
  if (!current) throw new Error('the database is not open (openDb was not called)');
  return current;
}

export async function closeDb(): Promise<void> {
  const closing = current;
  current = null;
  if (closing) await closeClient(closing);
}

export type { Db, Tx } from './client.ts';
export { LONG_TX } from './client.ts';
