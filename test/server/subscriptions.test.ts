// campaignStatusChanged over graphql-ws and SSE: live events, filters, and afterEventId replay;
// brandSpendChanged: a brand's moving figures, coalesced.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDb } from '../helpers/db.ts';
import { closeServer, serverForFile, testServer, type TestServer } from '../helpers/server.ts';
import { sseSubscribe, wsSubscribe } from '../helpers/ws.ts';

let t: TestDb;
let s: TestServer;
beforeAll(async () => ({ t, s } = await serverForFile()));
afterAll(() => closeServer(t, s));

const SUB = `subscription ($brandId: ID, $campaignId: ID, $afterEventId: ID) {
  campaignStatusChanged(brandId: $brandId, campaignId: $campaignId, afterEventId: $afterEventId) {
    id campaignName fromStatus toStatus fromReason toReason trigger actor brand { name } campaign { name }
  }
}`;

async function setup(daily = '10.00') {
  const b = await s.gql(`mutation ($i: CreateBrandInput!) { createBrand(input: $i) { id } }`, {
    i: { name: `B ${Math.random()}`, dailyBudget: daily },
  });
  const brandId = b.data.createBrand.id;
  const c = await s.gql(`mutation ($i: CreateCampaignInput!) { createCampaign(input: $i) { id } }`, { i: { brandId, name: 'Search' } });
  return { brandId, campaignId: c.data.createCampaign.id as string };
}

describe('campaignStatusChanged', () => {
  it('over graphql-ws: the spend that uses up the budget arrives as a SPEND pause', async () => {
    const { brandId, campaignId } = await setup();
    const sub = await wsSubscribe(s.url, SUB, { brandId });
    const spent = await s.gql(`mutation ($i: SpendInput!) { recordSpend(input: $i) { statusChanges { toReason eventId } } }`, {
      i: { campaignId, amount: '10.00' },
    });
    expect(spent.data.recordSpend.statusChanges).toEqual([{ toReason: 'DAILY_BUDGET', eventId: expect.any(String) }]);
    const [event] = await sub.until(1);
    expect(event.campaignStatusChanged).toMatchObject({
      id: spent.data.recordSpend.statusChanges[0].eventId,
      campaignName: 'Search',
      fromStatus: 'ACTIVE',
      toStatus: 'PAUSED',
      toReason: 'DAILY_BUDGET',
      trigger: 'SPEND',
      actor: 'BUDGET_ADMIN_KEY',
      campaign: { name: 'Search' },
    });
    await sub.close();
  });

  it('over SSE, filtered by campaign: only that campaign’s events', async () => {
    const one = await setup('1000.00');
    const other = await setup('1000.00');
    const sub = await sseSubscribe(s.url, SUB, { campaignId: one.campaignId });
    expect(sub.status).toBe(200);
    await s.gql(`mutation ($id: ID!) { pauseCampaign(id: $id) { status } }`, { id: other.campaignId });
    await s.gql(`mutation ($id: ID!) { pauseCampaign(id: $id) { status } }`, { id: one.campaignId });
    const [event] = await sub.until(1);
    expect(event.campaignStatusChanged).toMatchObject({ trigger: 'MANUAL', toReason: 'MANUAL' });
    await new Promise((r) => setTimeout(r, 200));
    expect(sub.items).toHaveLength(1);
    await sub.close();
  });

  it('with afterEventId: everything missed first, then live, no gap and no duplicate', async () => {
    const { brandId, campaignId } = await setup('1000.00');
    const events = await s.gql(`query ($b: ID) { campaignStatusEvents(brandId: $b) { edges { node { id trigger } } } }`, { b: brandId });
    const created = events.data.campaignStatusEvents.edges[0].node;
    expect(created.trigger).toBe('CREATE');
    for (const m of ['pauseCampaign', 'resumeCampaign', 'pauseCampaign'])
      await s.gql(`mutation ($id: ID!) { ${m}(id: $id) { status } }`, { id: campaignId });
    const sub = await wsSubscribe(s.url, SUB, { brandId, afterEventId: created.id });
    await s.gql(`mutation ($id: ID!) { resumeCampaign(id: $id) { status } }`, { id: campaignId });
    const got = await sub.until(4);
    expect(got.map((e) => e.campaignStatusChanged.toStatus)).toEqual(['PAUSED', 'ACTIVE', 'PAUSED', 'ACTIVE']);
    const ids = got.map((e) => BigInt(e.campaignStatusChanged.id));
    expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);
    await new Promise((r) => setTimeout(r, 200));
    expect(sub.items).toHaveLength(4);
    await sub.close();
  });

  it('each event is answered as of its own moment: figures on a long-lived subscription move', async () => {
    const { brandId, campaignId } = await setup('1000.00');
    const sub = await wsSubscribe(s.url, `subscription ($b: ID) { campaignStatusChanged(brandId: $b) { toStatus brand { dailySpend } } }`, {
      b: brandId,
    });
    await s.gql(`mutation ($id: ID!) { pauseCampaign(id: $id) { id } }`, { id: campaignId });
    await sub.until(1);
    await s.gql(`mutation ($i: SpendInput!) { recordSpend(input: $i) { duplicate } }`, { i: { campaignId, amount: '5.00' } });
    await s.gql(`mutation ($id: ID!) { resumeCampaign(id: $id) { id } }`, { id: campaignId });
    const got = await sub.until(2);
    expect(got.map((e) => [e.campaignStatusChanged.toStatus, e.campaignStatusChanged.brand.dailySpend])).toEqual([
      ['PAUSED', '0.00'],
      ['ACTIVE', '5.00'],
    ]);
    await sub.close();
  });

  it('refuses a malformed filter with INVALID_ID', async () => {
    const sub = await wsSubscribe(s.url, SUB, { brandId: 'nope' });
    await new Promise((r) => setTimeout(r, 300));
    expect(JSON.stringify(sub.errors)).toMatch(/INVALID_ID/);
    await sub.close();
  });
});

describe('brandSpendChanged', () => {
  const WATCH = `subscription ($b: ID) { brandSpendChanged(brandId: $b) { id name dailySpend monthlySpend dailyRemaining } }`;
  const spend = (campaignId: string, amount: string) =>
    s.gql(`mutation ($i: SpendInput!) { recordSpend(input: $i) { duplicate } }`, { i: { campaignId, amount } });

  it('a spend that changes no status still moves its brand’s figures, live, for that brand only', async () => {
    const one = await setup('100.00');
    const other = await setup('100.00');
    const sub = await wsSubscribe(s.url, WATCH, { b: one.brandId });
    await new Promise((r) => setTimeout(r, 100));
    await spend(other.campaignId, '3.00');
    await spend(one.campaignId, '12.50');
    const [moved] = await sub.until(1);
    expect(moved.brandSpendChanged).toMatchObject({ id: one.brandId, dailySpend: '12.50', monthlySpend: '12.50', dailyRemaining: '87.50' });
    await new Promise((r) => setTimeout(r, 400));
    expect(sub.items).toHaveLength(1);
    await sub.close();
  });

  it('coalesces a burst: fewer answers than spends, the last one with every cent', async () => {
    const { brandId, campaignId } = await setup('1000.00');
    const sub = await sseSubscribe(s.url, WATCH, { b: brandId });
    expect(sub.status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    await Promise.all(Array.from({ length: 20 }, () => spend(campaignId, '0.05')));
    await expect.poll(() => sub.items.at(-1)?.brandSpendChanged.dailySpend, { timeout: 3_000 }).toBe('1.00');
    expect(sub.items.length).toBeLessThan(20);
    await sub.close();
  });

  it('announces a batch written by another server process; a key limited to other brands sees nothing', async () => {
    const { brandId, campaignId } = await setup('1000.00');
    const key = await s.gql(`mutation ($b: [ID!]) { createApiKey(name: "watch limited", role: viewer, brandIds: $b) { key } }`, {
      b: [(await setup()).brandId],
    });
    const all = await wsSubscribe(s.url, WATCH, {});
    const limited = await wsSubscribe(s.url, WATCH, { b: brandId }, { authorization: `Bearer ${key.data.createApiKey.key}` });
    await new Promise((r) => setTimeout(r, 100));
    const other = await testServer(t.url);
    try {
      const batch = await other.gql(`mutation ($i: [SpendInput!]!) { recordSpends(inputs: $i) { index error { code } } }`, {
        i: [
          { campaignId, amount: '4.00' },
          { campaignId, amount: '3.00' },
          { campaignId, amount: 'x' },
        ],
      });
      expect(batch.data.recordSpends.map((r: { error: { code: string } | null }) => r.error?.code ?? null)).toEqual([
        null,
        null,
        'INVALID_MONEY',
      ]);
    } finally {
      await other.close();
    }
    await expect
      .poll(() => all.items.find((i) => i.brandSpendChanged.id === brandId)?.brandSpendChanged.dailySpend, { timeout: 3_000 })
      .toBe('7.00');
    await new Promise((r) => setTimeout(r, 300));
    expect(limited.items).toEqual([]);
    expect(limited.errors).toEqual([]);
    await all.close();
    await limited.close();
  });

  it('ends when the server loses its listening connection (announcements meanwhile are lost), so its reader subscribes again and re-reads', async () => {
    const { brandId, campaignId } = await setup('1000.00');
    const sub = await sseSubscribe(s.url, WATCH, { b: brandId });
    expect(sub.status).toBe(200);
    await t.sql(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'budget-feed' and datname = current_database()`);
    await expect.poll(() => sub.state.ended, { timeout: 3_000 }).toBe(true);
    await sub.close();
    // the hub reconnects (500 ms); a new watch sees the next spend
    await new Promise((r) => setTimeout(r, 1_000));
    const again = await wsSubscribe(s.url, WATCH, { b: brandId });
    await spend(campaignId, '1.00');
    expect((await again.until(1))[0].brandSpendChanged.dailySpend).toBe('1.00');
    await again.close();
  });

  it('a duplicate moves nothing and announces nothing', async () => {
    const { brandId, campaignId } = await setup('1000.00');
    const once = { campaignId, amount: '2.00', externalId: 'dup-1' };
    await s.gql(`mutation ($i: SpendInput!) { recordSpend(input: $i) { duplicate } }`, { i: once });
    await new Promise((r) => setTimeout(r, 400));
    const sub = await wsSubscribe(s.url, WATCH, { b: brandId });
    await new Promise((r) => setTimeout(r, 100));
    const again = await s.gql(`mutation ($i: SpendInput!) { recordSpend(input: $i) { duplicate } }`, { i: once });
    expect(again.data.recordSpend.duplicate).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    expect(sub.items).toEqual([]);
    await sub.close();
  });
});

describe('shutdown', () => {
  it('a server closing ends its open subscriptions instead of waiting for them', async () => {
    const other = await testServer(t.url);
    const sse = await sseSubscribe(other.url, SUB, {});
    const ws = await wsSubscribe(other.url, SUB, {});
    const started = performance.now();
    await other.close();
    expect(performance.now() - started).toBeLessThan(2_000);
    await sse.close();
    await ws.close();
  });
});
