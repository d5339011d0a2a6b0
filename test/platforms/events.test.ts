// Platform events are alerts: against the simulator, a campaign re-enabled "in the UI" (drift)
// reaches a webhook endpoint that takes PLATFORM_EVENT, and not one that does not; credentials the
// platform revokes reach the platformEvents subscription, a brand-limited key seeing only its
// brands, and afterEventId replaying with no gap and no duplicate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db/index.ts';
import type { Scope } from '../../src/domain/scope.ts';
import { createWebhookEndpoint, redeliverWebhook, type EndpointInput } from '../../src/delivery/webhookEndpoints.ts';
import { startWorker, type Worker } from '../../src/worker/runner.ts';
import { workerSetup } from '../../tasks/index.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import * as make from '../helpers/make.ts';
import { platformTestSettings, SECRET_KEY } from '../helpers/platforms.ts';
import { Receiver, RECEIVER_HOST, type Received } from '../helpers/receiver.ts';
import { testServer, type TestServer } from '../helpers/server.ts';
import { control, simulator, type Simulator } from '../helpers/simulator.ts';
import { waitFor } from '../helpers/wait.ts';
import { wsSubscribe } from '../helpers/ws.ts';

const OPERATOR: Scope = { actor: 'test operator', role: 'operator', brandIds: null };
const ACCOUNT = '2223334445';
const REFRESH_TOKEN = '1//events-refresh-token';
const ZONE = 'America/New_York';

let t: TestDb;
let sim: Simulator;
let server: TestServer;
let worker: Worker;
let brandId: string;
let accountId: string;
let campaignId: string;
const receivers: Receiver[] = [];

const until = <T>(what: string, fn: () => Promise<T> | T) => waitFor(fn, { what, timeout: 20_000, interval: 50 });
const ids = (r: Received[]) => r.map((x) => x.headers['webhook-id'] as string);
const endpoint = (input: EndpointInput) =>
  db().$transaction((tx) => createWebhookEndpoint(tx, input, OPERATOR, new Date(), [RECEIVER_HOST]));
/** No delivery job of the endpoint waits or runs: nothing more is sent to it until a dispatch adds one. */
const idle = (endpointId: string) =>
  until(`no delivery job left for ${endpointId}`, async () => {
    const [row] = await t.sql<{ n: number }>(`select count(*)::int as n from graphile_worker.jobs where queue_name = $1`, [
      `webhook:${endpointId}`,
    ]);
    return row!.n === 0;
  });

async function gql(query: string, variables: Record<string, unknown>) {
  const r = await server.gql(query, variables);
  expect(r.errors).toBeUndefined();
  return r.data;
}
const sync = async () =>
  (await gql(`mutation($id: ID!) { syncAdAccount(id: $id) { error drift { found repaused } push { paused } } }`, { id: accountId }))
    .syncAdAccount;

beforeAll(async () => {
  t = await freshDatabase();
  sim = await simulator({
    clock: { speed: 0 },
    accounts: [
      {
        platform: 'GOOGLE_ADS',
        id: ACCOUNT,
        name: 'Events account',
        currency: 'USD',
        timeZone: ZONE,
        credentials: [REFRESH_TOKEN],
        campaigns: [{ id: '7001', name: 'Watched', status: 'ENABLED', hourlyRate: '0' }],
      },
    ],
  } as never);
  const platforms = { ...platformTestSettings(sim), secretKey: SECRET_KEY };
  server = await testServer(t.url, { outboundAllowHosts: [new URL(sim.url).host], platforms });
  worker = await startWorker(
    t.url,
    workerSetup(t.url, { webhooks: { retryMs: 50, maxFailures: 3, timeoutMs: 2_000, allowHosts: [RECEIVER_HOST] } }),
  );
  brandId = (await make.brand({ name: 'Events brand', currency: 'USD', timezone: ZONE })).id;
});
afterAll(async () => {
  await worker?.stop();
  await server?.close();
  await sim?.close();
  await Promise.all(receivers.map((r) => r.close()));
  await t?.drop();
});

describe('platform events', () => {
  it('a drift reaches the webhook endpoint that takes PLATFORM_EVENT, and not the one that does not', async () => {
    const rx = await new Receiver().start();
    const others = await new Receiver().start();
    receivers.push(rx, others);
    const { endpoint: subscribed } = await endpoint({ brandId, url: rx.url, eventTypes: ['PLATFORM_EVENT'] });
    const { endpoint: notSubscribed } = await endpoint({
      brandId,
      url: others.url,
      eventTypes: ['CAMPAIGN_STATUS_CHANGED', 'BUDGET_ALERT'],
    });

    const connected = await gql(`mutation($input: ConnectAdAccountInput!) { connectAdAccount(input: $input) { id } }`, {
      input: { brandId, platform: 'GOOGLE_ADS', externalAccountId: ACCOUNT, credentials: { refreshToken: REFRESH_TOKEN } },
    });
    accountId = connected.connectAdAccount.id;
    await gql(`mutation($id: ID!) { importAdCampaigns(adAccountId: $id) { created } }`, { id: accountId });
    campaignId = (await db().campaign.findFirstOrThrow({ where: { brandId, externalCampaignId: '7001' } })).id;
    // held paused here, and so on the platform
    await gql(`mutation($id: ID!) { pauseCampaign(id: $id) { status } }`, { id: campaignId });
    expect((await sync()).push.paused).toBe(1);
    // someone enables it in the UI (a minute later by the simulator's clock, which stands still otherwise): paused again, and said
    await control(sim, 'POST', '/clock', { advanceSeconds: 60 });
    await control(sim, 'POST', `/accounts/${ACCOUNT}/campaigns/7001/ui`, { status: 'ENABLED', actor: 'carol@agency.example' });
    expect((await sync()).drift).toEqual({ found: 1, repaused: 1 });

    const [event] = await db().platformEvent.findMany({ where: { brandId, kind: 'DRIFT_REPAUSED' } });
    expect(event).toBeDefined();
    await until('the platform event', () => rx.received.length >= 1);
    await idle(subscribed.id);
    expect(ids(rx.received)).toEqual([`pev_${event!.id}`]);
    expect(JSON.parse(rx.received[0]!.body)).toEqual({
      type: 'platform.event',
      timestamp: event!.occurredAt.toISOString(),
      data: {
        id: String(event!.id),
        kind: 'DRIFT_REPAUSED',
        message: expect.stringMatching(/"Watched" runs on Google Ads \(enabled by carol@agency\.example.*pausing it again/),
        platformActor: 'carol@agency.example',
        occurredAt: event!.occurredAt.toISOString(),
        brandId,
        brandName: 'Events brand',
        adAccount: { id: accountId, platform: 'GOOGLE_ADS', externalAccountId: ACCOUNT },
        campaign: { id: campaignId, name: 'Watched' },
      },
    });
    const [log] = await db().webhookDelivery.findMany({ where: { endpointId: subscribed.id } });
    expect(log).toMatchObject({ eventType: 'PLATFORM_EVENT', messageId: `pev_${event!.id}`, sourceId: event!.id, statusCode: 200 });
    expect((await db().webhookEndpoint.findUniqueOrThrow({ where: { id: subscribed.id } })).platformEventCursor).toBe(event!.id);

    // the other endpoint had the status events (created, paused by hand), never a platform event
    await until('the status events', () => others.received.length >= 2);
    await idle(notSubscribed.id);
    expect(ids(others.received).every((id) => id.startsWith('evt_'))).toBe(true);

    // sent again on demand: the same id and body
    await db().$transaction((tx) =>
      redeliverWebhook(tx, { endpointId: subscribed.id, messageId: `pev_${event!.id}` }, OPERATOR, new Date()),
    );
    await until('the redelivery', () => rx.received.length >= 2);
    expect(ids(rx.received)).toEqual([`pev_${event!.id}`, `pev_${event!.id}`]);
    expect(rx.received[1]!.body).toBe(rx.received[0]!.body);
  });

  it('credentials revoked on the platform reach the subscription of the brand’s keys, and replay after afterEventId', async () => {
    const other = await make.brand();
    let keys = 0;
    const key = async (brandIds: string[]) => {
      const r = await gql(`mutation ($n: String!, $b: [ID!]) { createApiKey(name: $n, role: viewer, brandIds: $b) { key } }`, {
        n: `events viewer ${++keys}`,
        b: brandIds,
      });
      return { authorization: `Bearer ${r.createApiKey.key}` };
    };
    const SUB = `subscription ($brandId: ID, $after: ID) {
      platformEvents(brandId: $brandId, afterEventId: $after) { id kind message platform externalAccountId brandId adAccount { id status } } }`;
    const mine = await wsSubscribe(server.url, SUB, {}, await key([brandId]));
    const asked = await wsSubscribe(server.url, SUB, { brandId });
    const theirs = await wsSubscribe(server.url, SUB, {}, await key([other.id]));
    // a brand outside the key's: nothing, not an error
    const outside = await wsSubscribe(server.url, SUB, { brandId }, await key([other.id]));

    await control(sim, 'POST', `/accounts/${ACCOUNT}/credentials`, { action: 'revoke' });
    expect((await sync()).error).toMatch(/./);
    const [authFailed] = await asked.until(1);
    expect(authFailed.platformEvents).toMatchObject({
      kind: 'AUTH_FAILED',
      message: expect.stringMatching(/updateAdAccountCredentials/),
      platform: 'GOOGLE_ADS',
      externalAccountId: ACCOUNT,
      brandId,
      adAccount: { id: accountId, status: 'AUTH_FAILED' },
    });
    expect((await mine.until(1)).map((x) => x.platformEvents.id)).toEqual([authFailed.platformEvents.id]);

    // every event of the brand after the first, once each, in order, then live ones
    const all = await db().platformEvent.findMany({ where: { brandId }, orderBy: { id: 'asc' } });
    expect(all.map((e) => e.kind)).toEqual(['DRIFT_REPAUSED', 'AUTH_FAILED']);
    const replay = await wsSubscribe(server.url, SUB, { after: String(all[0]!.id - 1n) });
    expect((await replay.until(2)).map((x) => x.platformEvents.kind)).toEqual(['DRIFT_REPAUSED', 'AUTH_FAILED']);
    // working credentials, revoked again: a second AUTH_FAILED, live to each
    const issued = await control(sim, 'POST', `/accounts/${ACCOUNT}/credentials`, { action: 'issue' });
    await gql(`mutation($id: ID!, $c: AdAccountCredentialsInput!) { updateAdAccountCredentials(id: $id, credentials: $c) { status } }`, {
      id: accountId,
      c: { refreshToken: issued.body.token },
    });
    await control(sim, 'POST', `/accounts/${ACCOUNT}/credentials`, { action: 'revoke' });
    expect((await sync()).error).toMatch(/./);
    const after = await db().platformEvent.findMany({ where: { brandId, id: { gt: all[1]!.id } }, orderBy: { id: 'asc' } });
    expect(after.map((e) => e.kind)).toEqual(['AUTH_FAILED']);
    const expected = [...all, ...after].map((e) => String(e.id));
    expect((await replay.until(3)).map((x) => x.platformEvents.id)).toEqual(expected);
    expect((await asked.until(2)).map((x) => x.platformEvents.id)).toEqual(expected.slice(1));
    expect((await mine.until(2)).map((x) => x.platformEvents.id)).toEqual(expected.slice(1));
    // nothing for a key limited to another brand, whatever it asks
    expect(theirs.items).toEqual([]);
    expect(outside.items).toEqual([]);
    expect(replay.items).toHaveLength(3);
    for (const s of [mine, asked, theirs, outside, replay]) await s.close();
  });
});
