// The status feed's guarantees at its edges: a key limited to some brands sees only their events,
// whatever brandId it asks for; a burst of more than maxLag events in one commit reaches a reader
// that keeps reading, from the table; a reader that falls behind and stops reading is ended after
// stallMs, and resumes with afterEventId receiving every event exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignStatusEvent } from '../../src/db/generated/prisma/client.ts';
import { DomainError } from '../../src/domain/errors.ts';
import { createCampaigns } from '../../src/engine/campaigns.ts';
import { FeedHub } from '../../src/feed/hub.ts';
import { createApp } from '../../src/server/app.ts';
import { createAuth } from '../../src/server/auth.ts';
import { createKeyCaps } from '../../src/server/caps.ts';
import { createRateLimiter } from '../../src/server/limits.ts';
import { subscriptionsStarted } from '../../src/metrics.ts';
import type { TestDb } from '../helpers/db.ts';
import * as make from '../helpers/make.ts';
import { asAdmin, closeServer, DEFAULTS, serverForFile, type TestServer } from '../helpers/server.ts';
import { sleep, waitFor } from '../helpers/wait.ts';
import { sseSubscribe, wsSubscribe } from '../helpers/ws.ts';

const MAX_LAG = 5;
const STALL_MS = 300;

let t: TestDb;
let s: TestServer;
let hub: FeedHub;
beforeAll(async () => {
  ({ t, s } = await serverForFile());
  hub = new FeedHub({ url: t.url, db: t.db, maxLag: MAX_LAG, stallMs: STALL_MS });
  await hub.start();
});
afterAll(async () => {
  await hub.stop();
  await closeServer(t, s);
});

async function newestId(): Promise<bigint> {
  const [row] = await t.sql<{ max: string | null }>(`select max(id)::text as max from campaign_status_events`);
  return BigInt(row!.max ?? 0);
}

async function eventIdsOf(brandId: string): Promise<bigint[]> {
  const rows = await t.sql<{ id: string }>(`select id::text from campaign_status_events e where brand_id = $1 order by e.id`, [brandId]);
  return rows.map((r) => BigInt(r.id));
}

const eventually = (condition: () => boolean | Promise<boolean>, what: string) => waitFor(condition, { what });

/** Subscriptions of this process that are live (src/metrics.ts: the hubs count them). */
const started = async () => (await subscriptionsStarted.get()).values[0]?.value ?? 0;

/** Reads in the background, as a client that keeps up does. */
function reader(iterable: AsyncIterable<CampaignStatusEvent>) {
  const got: CampaignStatusEvent[] = [];
  const state: { error?: unknown; done: boolean } = { done: false };
  void (async () => {
    try {
      for await (const event of iterable) got.push(event);
    } catch (error) {
      state.error = error;
    }
    state.done = true;
  })();
  return { got, state };
}

describe('a key limited to some brands', () => {
  it('asking for another brand yields none of its events (not an error); its own arrive, live and replayed', async () => {
    const mine = await s.gql(`mutation { createBrand(input: { name: "Feed mine" }) { id } }`);
    const theirs = await s.gql(`mutation { createBrand(input: { name: "Feed theirs" }) { id } }`);
    const a = mine.data.createBrand.id as string;
    const b = theirs.data.createBrand.id as string;
    const campaign = async (brandId: string) =>
      (await s.gql(`mutation ($b: ID!) { createCampaign(input: { brandId: $b, name: "C" }) { id } }`, { b: brandId })).data.createCampaign
        .id as string;
    const [ca, cb] = [await campaign(a), await campaign(b)];
    const key = await s.gql(`mutation ($b: [ID!]) { createApiKey(name: "feed limited", role: viewer, brandIds: $b) { key } }`, { b: [a] });
    const as = { authorization: `Bearer ${key.data.createApiKey.key}` };
    const SUB = `subscription ($brandId: ID, $after: ID) { campaignStatusChanged(brandId: $brandId, afterEventId: $after) { id brandId } }`;

    // B's CREATE event is in the backlog of afterEventId: 0, and B's pause comes live.
    const otherLive = await wsSubscribe(s.url, SUB, { brandId: b }, as);
    const otherReplay = await sseSubscribe(s.url, SUB, { brandId: b, after: '0' }, as);
    const ownLive = await wsSubscribe(s.url, SUB, { brandId: a }, as);
    const everything = await sseSubscribe(s.url, SUB, { after: '0' }, as);
    const asAdminToo = await wsSubscribe(s.url, SUB, { brandId: b }); // the same arguments, an unlimited key
    await s.gql(`mutation ($id: ID!) { pauseCampaign(id: $id) { id } }`, { id: cb });
    await s.gql(`mutation ($id: ID!) { pauseCampaign(id: $id) { id } }`, { id: ca });

    expect((await ownLive.until(1)).map((e) => e.campaignStatusChanged.brandId)).toEqual([a]);
    expect((await everything.until(2)).map((e) => e.campaignStatusChanged.brandId)).toEqual([a, a]); // CREATE, pause
    expect((await asAdminToo.until(1)).map((e) => e.campaignStatusChanged.brandId)).toEqual([b]);
    // B's pause was offered to every subscription of the key before A's, and A's resume after both
    // reaches them after it: what B's would have brought has had its turn
    await s.gql(`mutation ($id: ID!) { resumeCampaign(id: $id) { id } }`, { id: ca });
    expect((await ownLive.until(2)).map((e) => e.campaignStatusChanged.brandId)).toEqual([a, a]);
    expect((await everything.until(3)).map((e) => e.campaignStatusChanged.brandId)).toEqual([a, a, a]);
    expect(otherLive.items).toEqual([]);
    expect(otherLive.errors).toEqual([]);
    expect(otherReplay.items).toEqual([]);
    expect(otherReplay.state.errorEvents).toEqual([]);
    expect(everything.items).toHaveLength(3);
    for (const sub of [otherLive, otherReplay, ownLive, everything, asAdminToo]) await sub.close();
  });

  it('the hub intersects the key’s brands with brandId, live and in the backlog', async () => {
    const [a, b] = [await make.brand(), await make.brand()];
    const before = await newestId();
    const outside = reader(hub.subscribe({ brandIds: [a.id], brandId: b.id, afterEventId: before }));
    await make.campaign(b.id);
    await make.campaign(a.id);
    const live = await started();
    const replay = reader(hub.subscribe({ brandIds: [a.id], brandId: b.id, afterEventId: before }));
    const own = reader(hub.subscribe({ brandIds: [a.id], afterEventId: before }));
    await eventually(async () => (await started()) >= live + 2, 'both have read their backlog');
    await make.campaign(b.id);
    // the hub offers each event to every subscriber in id order: A's next one comes after B's
    await make.campaign(a.id);
    await eventually(() => own.got.length === 2, 'the own brand’s events arrive');
    expect(own.got.map((e) => e.brandId)).toEqual([a.id, a.id]);
    expect(outside.got).toEqual([]);
    expect(replay.got).toEqual([]);
  });
});

describe('a reader that falls behind', () => {
  it('that keeps reading gets a burst of many times maxLag events in one commit, each once, in order, from the table', async () => {
    const brand = await make.brand();
    const before = await started();
    const live = reader(hub.subscribe({ brandIds: null, brandId: brand.id }, 'fast-reader'));
    await eventually(async () => (await started()) > before, 'subscribed: its floor is the table’s end');
    await t.db.$transaction((tx) =>
      createCampaigns(
        tx,
        Array.from({ length: MAX_LAG * 40 }, (_, i) => ({ brandId: brand.id, name: `burst ${i}` })),
        { actor: 'test', role: 'admin', brandIds: null },
        new Date(),
      ),
    );
    await make.campaign(brand.id); // and a live one after the burst
    const all = await eventIdsOf(brand.id);
    expect(all).toHaveLength(MAX_LAG * 40 + 1);
    await eventually(() => live.got.length >= all.length, 'every event arrives');
    await sleep(STALL_MS * 2); // time is the condition: caught up, it is not ended however long it idles past stallMs
    expect(live.got.map((e) => e.id)).toEqual(all);
    expect(live.state).toEqual({ done: false });
  });

  it('is ended with SUBSCRIBER_TOO_SLOW once behind and idle for stallMs, and resumes with afterEventId: every event exactly once', async () => {
    const brand = await make.brand();
    const owner = 'slow-reader';
    const iterator = hub.subscribe({ brandIds: null, brandId: brand.id, afterEventId: await newestId() }, owner);
    await make.campaigns(brand.id, 2);
    const received = [(await iterator.next()).value, (await iterator.next()).value] as CampaignStatusEvent[];
    // The reader stops reading; the hub goes on writing.
    await make.campaigns(brand.id, MAX_LAG + 5);
    await eventually(() => !hub.owners().includes(owner), 'the hub ended the subscription without waiting for a read');
    const error = await iterator.next().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'SUBSCRIBER_TOO_SLOW', message: expect.stringMatching(/afterEventId/) });

    // It resumes after the last event it received and keeps up: more than maxLag events pass, live.
    const resumed = reader(hub.subscribe({ brandIds: null, brandId: brand.id, afterEventId: received.at(-1)!.id }, owner));
    for (let i = 0; i < MAX_LAG + 3; i++) await make.campaign(brand.id);
    const all = await eventIdsOf(brand.id);
    expect(all).toHaveLength(2 + MAX_LAG + 5 + MAX_LAG + 3);
    await eventually(() => received.length + resumed.got.length >= all.length, 'every event arrives');
    // one more, last: it arrives after anything sent twice would have
    await make.campaign(brand.id);
    all.push(...(await eventIdsOf(brand.id)).slice(all.length));
    await eventually(() => received.length + resumed.got.length >= all.length, 'the last event arrives');
    expect([...received, ...resumed.got].map((e) => e.id)).toEqual(all);
    expect(resumed.state).toEqual({ done: false });
  });

  it('over SSE: a response not read while it falls behind gets the error event, then the end of the stream', async () => {
    const auth = createAuth({ adminKey: asAdmin.authorization.slice('Bearer '.length), db: t.db });
    // shared (multicast.ts), even alone: it is ended by its share's bound, as the hub would end it
    const multicast = { maxQueue: MAX_LAG, stallMs: STALL_MS };
    const yoga = createApp({ auth, limiter: createRateLimiter(1_000), caps: createKeyCaps(DEFAULTS), feed: hub, multicast });
    const brand = await make.brand();
    const before = hub.size();
    const res = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...asAdmin },
      body: JSON.stringify({
        query: `subscription ($b: ID) { campaignStatusChanged(brandId: $b) { id } }`,
        variables: { b: brand.id },
      }),
    });
    expect(res.status).toBe(200);
    // registered as the stream is made; not read, it never takes its first event (so it is not counted as live)
    await eventually(() => hub.size() > before, 'the subscription is registered with the hub');
    const open = hub.size();
    await make.campaigns(brand.id, MAX_LAG + 2);
    await eventually(() => hub.size() === open - 1, 'the hub ended it: behind, and nothing read for longer than stallMs');
    const text = await res.text(); // ends: the subscription is over
    expect(text).toMatch(/SUBSCRIBER_TOO_SLOW/);
    expect(text).toMatch(/afterEventId/);
    expect(text.indexOf('SUBSCRIBER_TOO_SLOW')).toBeLessThan(text.lastIndexOf('event: complete'));
  });
});
