// A subscriber whose socket is cut mid-stream (no close handshake, as a network drop) reconnects
// with afterEventId, three times, while writers keep writing: it receives every event of its
// brand exactly once, in order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { db } from '../../src/db/index.ts';
import { verify } from '../../src/reads/verify.ts';
import type { TestDb } from '../helpers/db.ts';
import { asAdmin, closeServer, serverForFile, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

let t: TestDb;
let s: TestServer;
beforeAll(async () => ({ t, s } = await serverForFile()));
afterAll(() => closeServer(t, s));

/** graphql-transport-ws by hand, so the socket can be cut without a goodbye. */
function subscribe(url: string, brandId: string, after: string | null, onEvent: (id: string) => void): Promise<WebSocket> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  return new Promise((resolve, reject) => {
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: asAdmin })));
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString()) as { type: string; payload?: { data?: { campaignStatusChanged: { id: string } } } };
      if (message.type === 'connection_ack') {
        socket.send(
          JSON.stringify({
            id: '1',
            type: 'subscribe',
            payload: {
              query: `subscription ($b: ID, $after: ID) { campaignStatusChanged(brandId: $b, afterEventId: $after) { id } }`,
              variables: { b: brandId, after },
            },
          }),
        );
        resolve(socket);
      } else if (message.type === 'next' && message.payload?.data) onEvent(message.payload.data.campaignStatusChanged.id);
      else if (message.type === 'error') reject(new Error(JSON.stringify(message.payload)));
    });
    socket.on('error', () => undefined); // a cut socket reports ECONNRESET; expected
  });
}

describe('a subscriber cut mid-stream', () => {
  it('reconnects with afterEventId and gets every event once, in order, while writers write', { timeout: 60_000 }, async () => {
    const brand = (await s.gql(`mutation { createBrand(input: { name: "Cut", dailyBudget: "1000.00" }) { id } }`)).data.createBrand.id;
    const campaigns: string[] = [];
    for (let i = 0; i < 8; i++)
      campaigns.push(
        (
          await s.gql(`mutation ($b: ID!, $n: String!) { createCampaign(input: { brandId: $b, name: $n }) { id } }`, {
            b: brand,
            n: `C${i}`,
          })
        ).data.createCampaign.id,
      );
    const [{ max }] = (await t.sql<{ max: string }>(`select coalesce(max(id), 0)::text as max from campaign_status_events`)) as [
      { max: string },
    ];

    const eventsOfBrandAfter = async (id: string) =>
      (await t.sql<{ n: number }>(`select count(*)::int as n from campaign_status_events where brand_id = $1 and id > $2`, [brand, id]))[0]!
        .n;
    const received: string[] = [];
    let socket = await subscribe(s.url, brand, max, (id) => received.push(id));
    let writing = true;
    const writers = campaigns.slice(0, 4).map(async (c, w) => {
      for (let i = 0; writing; i++) {
        await s.gql(`mutation ($id: ID!) { ${i % 2 ? 'resumeCampaign' : 'pauseCampaign'}(id: $id) { id } }`, { id: c });
        if (w === 0 && i % 5 === 0)
          await s.gql(`mutation ($i: SpendInput!) { recordSpend(input: $i) { duplicate } }`, {
            i: { campaignId: campaigns[5], amount: '1.00' },
          });
      }
    });
    const cuts: number[] = [];
    for (let cut = 0; cut < 3; cut++) {
      const before = received.length;
      await expect.poll(() => received.length, { timeout: 10_000 }).toBeGreaterThan(before + 20);
      socket.terminate(); // no close frame: the server learns of it from TCP
      cuts.push(received.length);
      const last = received.at(-1) ?? max;
      // events keep committing while it is away
      await waitFor(async () => (await eventsOfBrandAfter(last)) >= 10, { what: 'ten events committed while it is away' });
      socket = await subscribe(s.url, brand, last, (id) => received.push(id));
    }
    // and it receives live ones again before the writers stop
    const back = received.length;
    await waitFor(() => received.length > back + 20, { what: 'live events after the last reconnect' });
    writing = false;
    await Promise.all(writers);
    const events = (
      await t.sql<{ event_id: string }>(
        `select id::text as event_id from campaign_status_events where brand_id = $1 and id > $2 order by id`,
        [brand, max],
      )
    ).map((e) => e.event_id);
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(events.length);
    expect(received).toEqual(events);
    socket.close();
    expect((await verify(db())).checks.filter((c) => !c.ok)).toEqual([]);
    console.log(`cut subscriber: ${events.length} events, received once each in order across 3 cuts (after ${cuts.join(', ')} events)`);
  });
});
