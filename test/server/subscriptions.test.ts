// campaignStatusChanged over graphql-ws and SSE: live events, filters, and afterEventId replay.
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
