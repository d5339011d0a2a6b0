// A fresh, migrated database for one test file: `create database … template …`, opened as the
// process's db(), dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { closeDb, openDb, type Db } from '../../src/db/index.ts';
import { databaseUrlFor } from './urls.ts';

export interface TestDb {
  url: string;
  name: string;
  db: Db;
  /** run SQL as a plain client (outside Prisma), e.g. to insert behind the API's back */
  sql<T extends pg.QueryResultRow = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

export async function freshDatabase(): Promise<TestDb> {
  const adminUrl = inject('adminUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `create database ${name} template ${inject('template')}`);
  const url = databaseUrlFor(adminUrl, name);
  const db = openDb(url, { max: 20 });
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // `drop database … with (force)` ends whatever is still connected; that is expected at teardown,
  // not a test failure (an idle client's FATAL would otherwise surface as an unhandled error).
  pool.on('error', () => undefined);
  return {
    url,
    name,
    db,
    sql: async (text, values) => (await pool.query(text, values)).rows,
    async drop() {
      await closeDb();
      await pool.end();
      await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

/** An empty database (no migrations) for migrator tests. */
export async function emptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = inject('adminUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `create database ${name}`);
  return {
    url: databaseUrlFor(adminUrl, name),
    drop: () => adminQuery(adminUrl, `drop database if exists ${name} with (force)`),
  };
}

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** How many statements `fn` sends to this database, from any client of this process (the N+1 proofs). */
export async function queriesDuring(t: TestDb, fn: () => Promise<unknown>): Promise<number> {
  let queries = 0;
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    if ((this as unknown as { database?: string }).database === t.name) queries++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await fn();
  } finally {
    pg.Client.prototype.query = original;
  }
  return queries;
}

/** LISTEN on one channel of the test's database, as the hubs do: the payloads as they arrive. */
export async function listen(t: TestDb, channel: string): Promise<{ payloads: string[]; close(): Promise<void> }> {
  const client = new pg.Client({ connectionString: t.url, application_name: 'test-listener' });
  client.on('error', () => undefined); // dropped with the database at teardown
  const payloads: string[] = [];
  client.on('notification', (n) => void (n.channel === channel && payloads.push(n.payload ?? '')));
  await client.connect();
  await client.query(`listen ${channel}`);
  return { payloads, close: () => client.end() };
}
