// What an adversarial or buggy client tried, each class refused cleanly: an error answer never
// hides a write, limits hold however the request arrives, bad input is INVALID_ARGUMENT naming
// its field (never INTERNAL), errors do not echo unbounded input, filters mean what they say.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDb } from '../helpers/db.ts';
import { closeServer, serverForFile, type TestServer } from '../helpers/server.ts';

let t: TestDb;
let s: TestServer;
let ingest: Record<string, string>;
let brandId: string;
let campaignId: string;

beforeAll(async () => {
  ({ t, s } = await serverForFile());
  const key = await s.gql(`mutation { createApiKey(name: "connector", role: ingest) { key } }`);
  ingest = { authorization: `Bearer ${key.data.createApiKey.key}` };
  brandId = (await s.gql(`mutation { createBrand(input: { name: "Hardened" }) { id } }`)).data.createBrand.id;
  campaignId = (
    await s.gql(
      `mutation ($b: ID!) { createCampaign(input: { brandId: $b, name: "C", platform: "google", externalCampaignId: "G-1" }) { id } }`,
      { b: brandId },
    )
  ).data.createCampaign.id;
});
afterAll(() => closeServer(t, s));

const spendCount = async () => Number((await t.sql<{ n: string }>(`select count(*) as n from spends`))[0]!.n);

describe('an error answer never hides a write', () => {
  it.each([
    [
      'recordSpend, a field the key may not read in its answer',
      `mutation ($c: ID!) { recordSpend(input: { campaignId: $c, amount: "1.00" }) { duplicate brand { campaigns { totalCount } } } }`,
      'Brand.campaigns',
    ],
    [
      'recordSpends, per item',
      `mutation ($c: ID!) { recordSpends(inputs: [{ campaignId: $c, amount: "1.00" }]) { index spend { campaign { schedules { id } } } } }`,
      'Campaign.schedules',
    ],
    [
      'through a fragment',
      `mutation ($c: ID!) { recordSpend(input: { campaignId: $c, amount: "1.00" }) { ...F } } fragment F on RecordSpendPayload { campaign { spends { totalCount } } }`,
      'Campaign.spends',
    ],
    [
      'through an inline fragment',
      `mutation ($c: ID!) { recordSpend(input: { campaignId: $c, amount: "1.00" }) { ... on RecordSpendPayload { campaign { statusEvents { totalCount } } } } }`,
      'Campaign.statusEvents',
    ],
  ])('%s: the whole request is refused and nothing is written', async (_name, query, field) => {
    const before = await spendCount();
    const r = await s.gql(query, { c: campaignId }, ingest);
    expect(r.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', field });
    expect(r.errors?.[0]?.message).toMatch(/nothing was done/);
    expect(r.data?.recordSpend ?? r.data?.recordSpends ?? null).toBeNull();
    expect(await spendCount()).toBe(before);
  });

  it('what the key may read is answered, and written once', async () => {
    const before = await spendCount();
    const r = await s.gql(
      `mutation ($c: ID!) { recordSpend(input: { campaignId: $c, amount: "1.00" }) { duplicate spend { amount } brand { dailySpend } } }`,
      { c: campaignId },
      ingest,
    );
    expect(r.errors).toBeUndefined();
    expect(await spendCount()).toBe(before + 1);
  });

  it('the REST bridge records an ingest key’s spend and answers it (its answer selects only what the key may read)', async () => {
    const before = await spendCount();
    const res = await fetch(`${s.url}/api/spends`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...ingest },
      body: JSON.stringify({ input: { campaignId, amount: '2.00' } }),
    });
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.spend.amount).toBe('2.00');
    expect(await spendCount()).toBe(before + 1);
  });
});
