// Every operation the dashboard sends (web/src/generated: its typed documents) passes the service's
// own limits (depth, cost, aliases, tokens). The brand page asks for 500 campaigns at once, which
// multiplies each field of a campaign in the cost: a field added there can push it over the
// ceiling, and the page would answer nothing but "Query Cost limit … exceeded".
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as documents from '../../web/src/generated/graphql.ts';
import type { TestDb } from '../helpers/db.ts';
import { closeServer, serverForFile, type TestServer } from '../helpers/server.ts';

let t: TestDb;
let s: TestServer;
beforeAll(async () => ({ t, s } = await serverForFile()));
afterAll(() => closeServer(t, s));

// queries and mutations (the live feed's subscriptions are small, and are not answered over a POST)
const operations = (Object.entries(documents) as [string, { toString(): string }][]).filter(
  ([name, doc]) => name.endsWith('Document') && !doc.toString().trimStart().startsWith('subscription'),
);

it(`the dashboard's ${operations.length} operations are within the service's limits`, async () => {
  expect(operations.length).toBeGreaterThan(10);
  for (const [name, doc] of operations) {
    // without variables: a limit is checked while validating, before variables are looked at
    const res = await s.gql(doc.toString(), {});
    const refused = (res.errors ?? []).filter((e) => /limit|exceeded|depth|aliases|tokens/i.test(e.message));
    expect(refused, name).toEqual([]);
  }
});
