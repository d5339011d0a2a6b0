// campaignStatusChanged over graphql-ws and SSE: live events, filters, and afterEventId replay;
// brandSpendChanged: a brand's moving figures, coalesced.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type TestDb } from '../helpers/db.ts';
import { closeServer, serverForFile, testServer, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';
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
    expect(event.campaignStatusChanged).toMatchObject({ trigger: 'MANUAL', toReason: 'MANUAL', toStatus: 'PAUSED' });
    // events arrive in id order: once a later one of its campaign is here, the other's would have been too
    await s.gql(`mutation ($id: ID!) { resumeCampaign(id: $id) { status } }`, { id: one.campaignId });
    await sub.until(2);
    expect(sub.items.map((e) => e.campaignStatusChanged.toStatus)).toEqual(['PAUSED', 'ACTIVE']);
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
    // a later event arrives fifth: nothing was sent twice in between
    await s.gql(`mutation ($id: ID!) { pauseCampaign(id: $id) { status } }`, { id: campaignId });
    await sub.until(5);
    expect(sub.items.map((e) => e.campaignStatusChanged.toStatus)).toEqual(['PAUSED', 'ACTIVE', 'PAUSED', 'ACTIVE', 'PAUSED']);
    const ids = sub.items.map((e) => BigInt(e.campaignStatusChanged.id));
    expect([...new Set(ids)].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);
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

  it('a second identical subscription of one key joins the first’s execution and gets the same events', async () => {
    const { brandId, campaignId } = await setup('1000.00');
    const LIVE = `subscription ($b: ID) { campaignStatusChanged(brandId: $b) { id toStatus } }`; // no afterEventId: shared
    const first = await wsSubscribe(s.url, LIVE, { b: brandId });
    const second = await wsSubscribe(s.url, LIVE, { b: brandId }); // registered as it joins
    await s.gql(`mutation ($id: ID!) { pauseCampaign(id: $id) { status } }`, { id: campaignId });
    const [a] = await first.until(1);
    const [b] = await second.until(1);
    expect(b).toEqual(a);
    await first.close();
    await second.close();
  });

  it('identical subscriptions of one key over graphql-ws and SSE run once, and each gets every event once, in order', async () => {
    const { brandId, campaignId } = await setup('1000.00');
    const viewer = (await s.gql(`mutation { createApiKey(name: "wall of dashboards", role: viewer) { key apiKey { id } } }`)).data
      .createApiKey;
    const authorization = `Bearer ${viewer.key}`;
    const LIVE = `subscription ($b: ID) { campaignStatusChanged(brandId: $b) { id toStatus } }`;
    const subs = [
      await wsSubscribe(s.url, LIVE, { b: brandId }, { authorization }),
      await sseSubscribe(s.url, LIVE, { b: brandId }, { authorization }),
      await wsSubscribe(s.url, LIVE, { b: brandId }, { authorization }),
      await sseSubscribe(s.url, LIVE, { b: brandId }, { authorization }),
    ];
    for (let i = 0; i < 3; i++) {
      await s.gql(`mutation ($id: ID!) { pauseCampaign(id: $id) { status } }`, { id: campaignId });
      await s.gql(`mutation ($id: ID!) { resumeCampaign(id: $id) { status } }`, { id: campaignId });
    }
    const got = await Promise.all(subs.map((sub) => sub.until(6)));
    const ids = got[0]!.map((e) => BigInt(e.campaignStatusChanged.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));
    expect(got[0]!.map((e) => e.campaignStatusChanged.toStatus)).toEqual(['PAUSED', 'ACTIVE', 'PAUSED', 'ACTIVE', 'PAUSED', 'ACTIVE']);
    for (const events of got) expect(events).toEqual(got[0]);
    expect(s.feed.runningFor(viewer.apiKey.id)).toBe(1); // one execution for the four
    for (const sub of subs) await sub.close();
  });

  it('refuses a malformed filter with INVALID_ID', async () => {
    const sub = await wsSubscribe(s.url, SUB, { brandId: 'nope' }); // back with the error: it is not registered
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
    await spend(other.campaignId, '3.00');
    await spend(one.campaignId, '12.50');
    const [moved] = await sub.until(1);
    expect(moved.brandSpendChanged).toMatchObject({ id: one.brandId, dailySpend: '12.50', monthlySpend: '12.50', dailyRemaining: '87.50' });
    // the other brand's announcement came first: had it been given, it would be here before the next one
    await spend(one.campaignId, '1.00');
    await sub.until(2);
    expect(sub.items.map((i) => [i.brandSpendChanged.id, i.brandSpendChanged.dailySpend])).toEqual([
      [one.brandId, '12.50'],
      [one.brandId, '13.50'],
    ]);
    await sub.close();
  });

  it('coalesces a burst: fewer answers than spends, the last one with every cent', async () => {
    const { brandId, campaignId } = await setup('1000.00');
    const sub = await sseSubscribe(s.url, WATCH, { b: brandId });
    expect(sub.status).toBe(200);
    await Promise.all(Array.from({ length: 20 }, () => spend(campaignId, '0.05')));
    await expect.poll(() => sub.items.at(-1)?.brandSpendChanged.dailySpend, { timeout: 3_000 }).toBe('1.00');
    expect(sub.items.length).toBeLessThan(20);
    await sub.close();
  });

  it('announces a batch written by another server process; a key limited to other brands sees nothing', async () => {
    const { brandId, campaignId } = await setup('1000.00');
    const own = await setup('1000.00');
    const key = await s.gql(`mutation ($b: [ID!]) { createApiKey(name: "watch limited", role: viewer, brandIds: $b) { key } }`, {
      b: [own.brandId],
    });
    const asLimited = { authorization: `Bearer ${key.data.createApiKey.key}` };
    const all = await wsSubscribe(s.url, WATCH, {});
    const limited = await wsSubscribe(s.url, WATCH, { b: brandId }, asLimited);
    const limitedAll = await wsSubscribe(s.url, WATCH, {}, asLimited);
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
    // The hub offered that announcement to the limited watches as it handed it to `all`, and one
    // asking for everything the key sees gets its own brand's, sent later, after it
    await spend(own.campaignId, '1.00');
    expect((await limitedAll.until(1)).map((i) => i.brandSpendChanged.id)).toEqual([own.brandId]);
    expect(limitedAll.items).toHaveLength(1);
    expect(limited.items).toEqual([]);
    expect(limited.errors).toEqual([]);
    for (const sub of [all, limited, limitedAll]) await sub.close();
  });

  it('ends when the server loses its listening connection (announcements meanwhile are lost), so its reader subscribes again and re-reads', async () => {
    const { brandId, campaignId } = await setup('1000.00');
    const sub = await sseSubscribe(s.url, WATCH, { b: brandId });
    expect(sub.status).toBe(200);
    const cut = await t.sql<{ pid: number }>(
      `select pid, pg_terminate_backend(pid) from pg_stat_activity where application_name = 'budget-feed' and datname = current_database()`,
    );
    await expect.poll(() => sub.state.ended, { timeout: 3_000 }).toBe(true);
    await sub.close();
    // the hub reconnects (after 500 ms) and listens again; a new watch then sees the next spend
    await waitFor(
      async () =>
        (
          await t.sql<{ pid: number }>(
            `select pid from pg_stat_activity where application_name = 'budget-feed' and datname = current_database() and state = 'idle' and query ilike 'listen%'`,
          )
        ).some((r) => !cut.some((c) => c.pid === r.pid)),
      { what: 'the feed listening again on a new connection' },
    );
    const again = await wsSubscribe(s.url, WATCH, { b: brandId });
    await spend(campaignId, '1.00');
    expect((await again.until(1))[0].brandSpendChanged.dailySpend).toBe('1.00');
    await again.close();
  });

  it('a duplicate moves nothing and announces nothing', async () => {
    const { brandId, campaignId } = await setup('1000.00');
    const marker = await setup('1000.00');
    const announced = await listen(t, 'brand_spends');
    const announcedSince = (from: number) => announced.payloads.slice(from).flatMap((p) => p.split(','));
    const once = { campaignId, amount: '2.00', externalId: 'dup-1' };
    await s.gql(`mutation ($i: SpendInput!) { recordSpend(input: $i) { duplicate } }`, { i: once });
    // its announcement has gone out before the watch starts
    await waitFor(() => announcedSince(0).includes(brandId), { what: 'the first spend announced' });
    const sub = await wsSubscribe(s.url, WATCH, { b: brandId });
    const from = announced.payloads.length;
    const again = await s.gql(`mutation ($i: SpendInput!) { recordSpend(input: $i) { duplicate } }`, { i: once });
    expect(again.data.recordSpend.duplicate).toBe(true);
    // announcements go out in order, collected for an interval: another brand's spend made after the
    // duplicate is announced with it or after it
    await spend(marker.campaignId, '1.00');
    await waitFor(() => announcedSince(from).includes(marker.brandId), { what: 'the marker spend announced' });
    expect(announcedSince(from)).not.toContain(brandId);
    // and the watch, given nothing for the duplicate, gets the next real spend as its first answer
    await spend(campaignId, '1.00');
    expect((await sub.until(1)).map((i) => i.brandSpendChanged.dailySpend)).toEqual(['3.00']);
    expect(sub.items).toHaveLength(1);
    await announced.close();
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
