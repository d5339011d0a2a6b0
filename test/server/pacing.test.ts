// Brand.pacing and Campaign.pacing over HTTP: Money strings, instants, the what-if `at`, and one
// query per page however many brands it shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queriesDuring, type TestDb } from '../helpers/db.ts';
import * as make from '../helpers/make.ts';
import { closeServer, okData, serverForFile, type TestServer } from '../helpers/server.ts';

let t: TestDb;
let s: TestServer;
beforeAll(async () => ({ t, s } = await serverForFile()));
afterAll(() => closeServer(t, s));

const ok = <T = any>(query: string, variables?: Record<string, unknown>) => okData<T>(s, query, variables);

const PERIOD = `periodStart periodEnd budget spent elapsedShare paceRatio projected band status budgetUsedUp runsOutAt`;

describe('pacing in GraphQL', () => {
  it('a brand and its campaign, at a chosen instant', async () => {
    const created = new Date('2026-11-20T00:00:00Z');
    const brand = await make.brand({ dailyBudget: '20.00', monthlyBudget: '500.00', timezone: 'Europe/Paris' }, created);
    const [c] = await make.campaigns(brand.id, 1, created);
    const week = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];
    await make.windows(
      c!.id,
      week.map((dayOfWeek) => ({ dayOfWeek, startTime: '10:00', endTime: '18:00' })),
      created,
    );
    await make.spend(c!.id, '10.00', new Date('2026-11-26T10:00:00Z')); // 11:00 in Paris
    const data = await ok(
      `query ($id: ID!, $at: DateTime) { brand(id: $id) { pacing(at: $at) { at timezone method daily { ${PERIOD} } monthly { spent projected } }
         campaigns { edges { node { pacing(at: $at) { method daily { budget spent projected paceRatio status runsOutAt } } } } } } }`,
      { id: brand.id, at: '2026-11-26T12:00:00Z' },
    );
    // 13:00 in Paris, open 10–18: E = 3 h, R = 5 h: 10.00 + 10.00 × 5/3 = 26.67; ratio 8000/6000;
    // band 0.05 + 0.45 × 5/8 = 0.33125 → OVER; 20.00 reached 3 h later, 16:00 Paris = 15:00Z
    expect(data.brand.pacing).toEqual({
      at: '2026-11-26T12:00:00.000Z',
      timezone: 'Europe/Paris',
      method: 'LINEAR',
      daily: {
        periodStart: '2026-11-25T23:00:00.000Z',
        periodEnd: '2026-11-26T23:00:00.000Z',
        budget: '20.00',
        spent: '10.00',
        elapsedShare: 0.375,
        paceRatio: 1.333333,
        projected: '26.67',
        band: 0.33125,
        status: 'OVER',
        budgetUsedUp: false,
        runsOutAt: '2026-11-26T15:00:00.000Z',
      },
      // November in Paris, open 8 h a day from the 20th's windows on: every day of the month is
      // open 10–18 (the windows are read as they are now); E = 25 days × 8 h + 3 h = 203 h, R = 5 + 4 × 8 = 37 h
      // 10.00 + 10.00 × 37/203 = 10.00 + 1.8226… = 11.82
      monthly: { spent: '10.00', projected: '11.82' },
    });
    expect(data.brand.campaigns.edges[0].node.pacing).toEqual({
      method: 'LINEAR',
      daily: { budget: null, spent: '10.00', projected: '26.67', paceRatio: null, status: null, runsOutAt: null },
    });
  });

  it('is for readers: a viewer key reads it, an ingest key’s answer does not carry it', async () => {
    const brand = await make.brand({ dailyBudget: '10.00' });
    const [c] = await make.campaigns(brand.id, 1);
    const key = async (role: string) =>
      (
        await ok(`mutation ($n: String!, $r: ApiKeyRole!) { createApiKey(name: $n, role: $r) { key } }`, {
          n: `pacing ${role}`,
          r: role,
        })
      ).createApiKey.key as string;
    const viewer = { authorization: `Bearer ${await key('viewer')}` };
    const read = await s.gql(`query ($id: ID!) { brand(id: $id) { pacing { daily { spent } } } }`, { id: brand.id }, viewer);
    expect(read.errors).toBeUndefined();
    const ingest = { authorization: `Bearer ${await key('ingest')}` };
    const res = await s.gql(
      `mutation ($i: SpendInput!) { recordSpend(input: $i) { duplicate brand { pacing { daily { spent } } } } }`,
      { i: { campaignId: c!.id, amount: '1.00' } },
      ingest,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('pacing for a page of brands costs the same queries for 3 brands as for 30', async () => {
    await t.sql(`insert into brands (name, daily_budget) select 'P1 ' || lpad(g::text, 3, '0'), 10000 from generate_series(1, 30) g`);
    const QUERY = `query ($n: Int) { brands(first: $n, nameContains: "P1 ") { edges { node { name
      pacing { method daily { projected status } monthly { projected runsOutAt } } } } } }`;
    const count = (n: number) =>
      queriesDuring(t, async () => {
        const data = await ok(QUERY, { n });
        expect(data.brands.edges).toHaveLength(n);
      });
    // spends recorded above are announced to dashboards up to 250 ms later: that query goes now
    await s.feed.flushSpends();
    expect(await count(30)).toBe(await count(3));
  });
});
