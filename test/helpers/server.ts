// The HTTP server in this test process, on a free port, over the test file's database.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { expect } from 'vitest';
import { readSettings } from '../../src/config.ts';
import type { FeedHub } from '../../src/feed/hub.ts';
import { startServer, type RunningServer } from '../../src/server/app.ts';
import type { PlatformAccess } from '../../src/platforms/accounts.ts';
import { freshDatabase, type TestDb } from './db.ts';

/** Accepted as an admin key (as BUDGET_ADMIN_KEY is) by every test server; sent by default. */
export const TEST_ADMIN_KEY = 'test-admin-key-0123456789abcdef';
export const asAdmin = { authorization: `Bearer ${TEST_ADMIN_KEY}` };

export interface TestServer {
  url: string;
  gql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GqlResult<T>>;
  /** a generated, typed document (npm run codegen): data and variables are checked by tsc */
  typed<R, V extends Record<string, unknown>>(doc: TypedDocumentNode<R, V>, variables: V): Promise<GqlResult<R>>;
  /** the server's live feed, in this process */
  feed: FeedHub;
  /** what a key holds open in the server */
  open(keyId: string): { connections: number; subscriptions: number };
  close(): Promise<void>;
}

export interface GqlResult<T> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

export interface TestServerOptions {
  /** accepted as BUDGET_ADMIN_KEY; TEST_ADMIN_KEY unless given */
  adminKey?: string;
  /** requests per second per key; high enough by default not to get in a test's way */
  rateLimit?: number;
  /** BUDGET_CORS_ORIGINS */
  corsOrigins?: string[];
  /** BUDGET_METRICS_KEY */
  metricsKey?: string;
  /** OUTBOUND_ALLOW_HOSTS (none: a webhook URL must lead to a public address) */
  outboundAllowHosts?: string[];
  /** BUDGET_MAX_SUBSCRIPTIONS_PER_KEY; the service's default unless given */
  maxSubscriptionsPerKey?: number;
  /** BUDGET_MAX_CONNECTIONS_PER_KEY; the service's default unless given */
  maxConnectionsPerKey?: number;
  /**
   * GOOGLE_ADS_*, META_* and BUDGET_SECRET_KEY's key (helpers/platforms.ts); unless given: the real
   * APIs and no key (ad-platform credentials are refused)
   */
  platforms?: PlatformAccess;
}

/** The service's own defaults (no environment): what a test server runs with unless told otherwise. */
export const DEFAULTS = readSettings({});

export async function testServer(databaseUrl: string, options: TestServerOptions = {}): Promise<TestServer> {
  const running: RunningServer = await startServer({
    host: '127.0.0.1',
    port: 0,
    databaseUrl,
    adminKey: options.adminKey ?? TEST_ADMIN_KEY,
    rateLimit: options.rateLimit ?? 100_000,
    corsOrigins: options.corsOrigins ?? [],
    metricsKey: options.metricsKey ?? null,
    outboundAllowHosts: options.outboundAllowHosts ?? [],
    platforms: options.platforms?.platforms,
    credentialsKey: options.platforms?.secretKey ?? null,
    maxSubscriptionsPerKey: options.maxSubscriptionsPerKey ?? DEFAULTS.maxSubscriptionsPerKey,
    maxConnectionsPerKey: options.maxConnectionsPerKey ?? DEFAULTS.maxConnectionsPerKey,
  });
  const server: TestServer = {
    url: running.url,
    feed: running.feed,
    open: running.caps.open,
    async gql(query, variables, headers = asAdmin) {
      const res = await fetch(`${running.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as Omit<GqlResult<never>, 'status'>;
      return { status: res.status, ...body };
    },
    typed: (doc, variables) => server.gql(print(doc), variables),
    close: () => running.close(1_000),
  };
  return server;
}

/** A test file's database and server, made in beforeAll, closed in afterAll (closeServer). */
export async function serverForFile(options?: TestServerOptions): Promise<{ t: TestDb; s: TestServer }> {
  const t = await freshDatabase();
  return { t, s: await testServer(t.url, options) };
}

export async function closeServer(t: TestDb, s: TestServer): Promise<void> {
  await s.close();
  await t.drop();
}

/** The data of a request that must succeed (its errors shown when it does not). */
export async function okData<T = any>(s: TestServer, query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await s.gql(query, variables);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data as T;
}
