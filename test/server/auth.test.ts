// Each server makes its own auth and rate limiter: two servers in one process, with different
// admin keys and rates, share no keys, buckets or cache. lastUsedAt is written by the engine.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { touchKey } from '../../src/engine/keys.ts';
import type { TestDb } from '../helpers/db.ts';
import { closeServer, serverForFile, testServer, type TestServer } from '../helpers/server.ts';
import { sleep } from '../helpers/wait.ts';

const KEY_A = 'admin-key-of-server-a-0123456789';
const KEY_B = 'admin-key-of-server-b-0123456789';
const as = (token: string) => ({ authorization: `Bearer ${token}` });
const COUNT = `{ brands { totalCount } }`;

let t: TestDb;
let a: TestServer;
let b: TestServer;
beforeAll(async () => {
  ({ t, s: a } = await serverForFile({ adminKey: KEY_A, rateLimit: 3 }));
  b = await testServer(t.url, { adminKey: KEY_B, rateLimit: 100_000 });
});
afterAll(async () => {
  await b.close();
  await closeServer(t, a);
});

async function makeKey(name: string) {
  const r = await a.gql(`mutation ($n: String!) { createApiKey(name: $n, role: viewer) { key apiKey { id } } }`, { n: name }, as(KEY_A));
  expect(r.errors).toBeUndefined();
  return { token: r.data.createApiKey.key as string, id: r.data.createApiKey.apiKey.id as string };
}

it('each server accepts its own admin key only', async () => {
  expect((await a.gql(COUNT, {}, as(KEY_A))).status).toBe(200);
  expect((await b.gql(COUNT, {}, as(KEY_B))).status).toBe(200);
  const wrong = await a.gql(COUNT, {}, as(KEY_B));
  expect(wrong.status).toBe(401);
  expect(wrong.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect((await b.gql(COUNT, {}, as(KEY_A))).status).toBe(401);
});

it('each server counts a key’s rate in its own buckets, at its own rate', async () => {
  const k = await makeKey('both');
  const onA = await Promise.all(Array.from({ length: 10 }, () => a.gql(COUNT, {}, as(k.token))));
  const limited = onA.filter((r) => r.status === 429);
  expect(limited.length).toBeGreaterThanOrEqual(5);
  expect(limited[0]!.errors?.[0]?.message).toMatch(/at most 3 requests per second/);
  const onB = await Promise.all(Array.from({ length: 10 }, () => b.gql(COUNT, {}, as(k.token))));
  expect(onB.map((r) => r.status)).toEqual(Array(10).fill(200));
});

it('a key revoked on one server is refused there at once, and by the other within its second of trust', async () => {
  const k = await makeKey('revoked');
  expect((await a.gql(COUNT, {}, as(k.token))).status).toBe(200);
  expect((await b.gql(COUNT, {}, as(k.token))).status).toBe(200);
  await a.gql(`mutation ($id: String!) { revokeApiKey(id: $id) { id } }`, { id: k.id }, as(KEY_A));
  expect((await a.gql(COUNT, {}, as(k.token))).status).toBe(401);
  await sleep(1_100); // time is the condition: b trusts its lookup of the key for a second (auth.ts TRUST_MS)
  expect((await b.gql(COUNT, {}, as(k.token))).status).toBe(401);
});

it('touchKey writes lastUsedAt at most once a minute, by the instants it is given', async () => {
  const k = await makeKey('touched');
  const lastUsed = async () => (await t.sql<{ at: Date }>(`select last_used_at as at from api_keys where id = $1`, [k.id]))[0]!.at;
  expect(await lastUsed()).toBeNull(); // made, never used
  const first = new Date('2031-05-01T10:00:00Z');
  await touchKey(t.db, k.id, first);
  expect(await lastUsed()).toEqual(first);
  await touchKey(t.db, k.id, new Date(first.getTime() + 59_000));
  expect(await lastUsed()).toEqual(first);
  const later = new Date(first.getTime() + 61_000);
  await touchKey(t.db, k.id, later);
  expect(await lastUsed()).toEqual(later);
});
