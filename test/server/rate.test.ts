// Per-key rate limit: a key over its rate gets 429 RATE_LIMITED; BUDGET_ADMIN_KEY is exempt.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestDb } from '../helpers/db.ts';
import { closeServer, serverForFile, type TestServer } from '../helpers/server.ts';
import { sleep } from '../helpers/wait.ts';

let t: TestDb;
let s: TestServer;
beforeAll(async () => ({ t, s } = await serverForFile({ rateLimit: 5 })));
afterAll(() => closeServer(t, s));

it('a key over its rate gets 429 with a clear error; the admin key from the environment is exempt', async () => {
  const created = await s.gql(`mutation { createApiKey(name: "busy", role: viewer) { key } }`);
  const as = { authorization: `Bearer ${created.data.createApiKey.key}` };
  const answers = await Promise.all(Array.from({ length: 20 }, () => s.gql(`{ brands { totalCount } }`, {}, as)));
  const limited = answers.filter((a) => a.status === 429);
  expect(limited.length).toBeGreaterThanOrEqual(10);
  expect(limited[0]!.errors?.[0]).toMatchObject({
    extensions: { code: 'RATE_LIMITED' },
    message: expect.stringMatching(/at most 5 requests per second/),
  });
  const admin = await Promise.all(Array.from({ length: 20 }, () => s.gql(`{ brands { totalCount } }`)));
  expect(admin.every((a) => a.status === 200)).toBe(true);
  await sleep(1_100); // time is the condition: the bucket refills at 5 a second, a second's worth at most
  expect((await s.gql(`{ brands { totalCount } }`, {}, as)).status).toBe(200);
});
