// The HTTP server in this test process, on a free port, over the test file's database.
import { startServer, type RunningServer } from '../../src/server/app.ts';

export interface TestServer {
  url: string;
  gql<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GqlResult<T>>;
  close(): Promise<void>;
}

export interface GqlResult<T> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

export async function testServer(databaseUrl: string): Promise<TestServer> {
  const running: RunningServer = await startServer('127.0.0.1', 0, databaseUrl);
  return {
    url: running.url,
    async gql(query, variables, headers = {}) {
      const res = await fetch(`${running.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as Omit<GqlResult<never>, 'status'>;
      return { status: res.status, ...body };
    },
    close: () => running.close(1_000),
  };
}
