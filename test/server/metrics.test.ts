// /metrics: Prometheus text for an admin key or BUDGET_METRICS_KEY, refused to anyone else; after a
// spend that pauses a campaign, its counters have moved (spends, status changes, the operation,
// HTTP), and the gauges read at scrape time are there (subscriptions, pool, feed lag, Node).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDb } from '../helpers/db.ts';
import { closeServer, serverForFile, TEST_ADMIN_KEY, type TestServer } from '../helpers/server.ts';
import { wsSubscribe } from '../helpers/ws.ts';

const METRICS_KEY = 'scraper-secret-0123456789';
let t: TestDb;
let s: TestServer;
beforeAll(async () => ({ t, s } = await serverForFile({ metricsKey: METRICS_KEY })));
afterAll(() => closeServer(t, s));

const scrape = async (token = METRICS_KEY) => {
  const res = await fetch(`${s.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
};
/** The value of one sample line ("name{labels} value"), 0 when absent. */
const value = (text: string, sample: string) =>
  Number(
    text
      .split('\n')
      .find((l) => l.startsWith(`${sample} `))
      ?.split(' ')[1] ?? 0,
  );

describe('/metrics', () => {
  it('answers the scraper’s key and admin keys, and no one else', async () => {
    expect((await scrape()).status).toBe(200);
    expect((await scrape(TEST_ADMIN_KEY)).status).toBe(200);
    expect((await fetch(`${s.url}/metrics`)).status).toBe(401);
    const viewer = (await s.gql(`mutation { createApiKey(name: "metrics viewer", role: viewer) { key } }`)).data.createApiKey.key;
    const refused = await scrape(viewer);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('FORBIDDEN');
    expect((await scrape()).type).toMatch(/^text\/plain/);
  });

  it('moves after a spend that pauses a campaign; the gauges read at scrape time are there', async () => {
    const brand = (await s.gql(`mutation { createBrand(input: { name: "Metered", dailyBudget: "10.00" }) { id } }`)).data.createBrand.id;
    const campaign = (await s.gql(`mutation ($b: ID!) { createCampaign(input: { brandId: $b, name: "Metered" }) { id } }`, { b: brand }))
      .data.createCampaign.id;
    const sub = await wsSubscribe(s.url, `subscription { campaignStatusChanged { id } }`);
    const before = (await scrape()).text;
    const paid = await s.gql(
      `mutation Pay($c: ID!) { recordSpend(input: { campaignId: $c, amount: "10.00" }) { statusChanges { toReason } } }`,
      { c: campaign },
    );
    expect(paid.data.recordSpend.statusChanges).toEqual([{ toReason: 'DAILY_BUDGET' }]);
    await s.gql(`mutation Pay($c: ID!) { recordSpend(input: { campaignId: $c, amount: "1.234" }) { duplicate } }`, { c: campaign });
    await s.gql(`mutation { runEnforcement(task: ALL) { checked } }`);
    await sub.until(1);
    const after = (await scrape()).text;
    const moved = (sample: string) => value(after, sample) - value(before, sample);
    expect(moved('budget_spends_total{outcome="recorded"}')).toBe(1);
    expect(moved('budget_status_changes_total{status="PAUSED",reason="DAILY_BUDGET",trigger="SPEND"}')).toBe(1);
    expect(moved('budget_graphql_operation_duration_seconds_count{operation="Pay",type="mutation",outcome="ok"}')).toBe(1);
    expect(moved('budget_graphql_operation_duration_seconds_count{operation="Pay",type="mutation",outcome="INVALID_MONEY"}')).toBe(1);
    expect(moved('budget_reconcile_duration_seconds_count{task="ALL"}')).toBe(1);
    expect(moved('budget_http_requests_total{method="POST",route="/graphql",status="200"}')).toBeGreaterThanOrEqual(3);
    expect(value(after, 'budget_subscriptions_open{transport="ws"}')).toBeGreaterThanOrEqual(1);
    expect(value(after, 'budget_db_pool_connections{state="total"}')).toBeGreaterThan(0);
    expect(after).toMatch(/^budget_feed_lag_events \d+$/m);
    expect(after).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(after).toMatch(/^process_resident_memory_bytes /m);
    // no brand or campaign ids among the labels
    expect(after).not.toContain(brand);
    expect(after).not.toContain(campaign);
    await sub.close();
  });
});
