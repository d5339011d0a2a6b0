// What an adversarial or buggy client tried, each class refused cleanly: an error answer never
// hides a write, limits hold however the request arrives, bad input is INVALID_ARGUMENT naming
// its field (never INTERNAL), errors do not echo unbounded input, filters mean what they say.
import { createServer, request } from 'node:http';
import { connect } from 'node:net';
import WebSocket from 'ws';
import { createCampaigns } from '../../src/engine/campaigns.ts';
import { FeedHub } from '../../src/feed/hub.ts';
import { createApp } from '../../src/server/app.ts';
import { createAuth } from '../../src/server/auth.ts';
import { createKeyCaps } from '../../src/server/caps.ts';
import { createRateLimiter, LINGER_MS, MAX_BODY_BYTES } from '../../src/server/limits.ts';
import { attachWebSockets, type WsConnection } from '../../src/server/websocket.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDb } from '../helpers/db.ts';
import { asAdmin, closeServer, DEFAULTS, serverForFile, testServer, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

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
    expect(r.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', field, requestId: expect.any(String) });
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

  it('the REST API records an ingest key’s spend and answers it (its answer selects only what the key may read)', async () => {
    const before = await spendCount();
    const res = await fetch(`${s.url}/api/spends/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...ingest },
      body: JSON.stringify({ campaign: campaignId, amount: '2.00' }),
    });
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(201);
    expect(body.amount).toBe('2.00');
    expect(await spendCount()).toBe(before + 1);
  });
});

interface Sent {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** bytes handed to the connection before the client stopped */
  sent: number;
  /** ms from the write that took the body past MAX_BODY_BYTES to the answer's end (NaN: under the limit) */
  answeredMs: number;
  /** ms from that write to the server closing its side of the connection (NaN: it stayed open) */
  closedMs: number;
}

/**
 * A body sent chunked, without Content-Length, `total` bytes in 1 MB chunks, over a connection of
 * its own, as a careful client sends it: it stops writing once the answer arrives or the server
 * closes the connection.
 */
function sendChunked(path: string, total: number): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const req = request(`${s.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...asAdmin },
      agent: false,
    });
    let sent = 0;
    let stopped = false;
    let limitAt = NaN;
    let closedAt = NaN;
    let closed: () => void = () => undefined;
    const serverClosed = new Promise<void>((r) => (closed = r));
    req.on('socket', (socket) => {
      const atClose = () => {
        stopped = true;
        if (Number.isNaN(closedAt)) closedAt = performance.now();
        closed();
      };
      socket.once('end', atClose); // the server ended its side (FIN)
      socket.once('close', atClose); // or cut it (RST)
      // an answer is parsed as it is read: a connection gone without one has lost it
      socket.once('close', () => answered || reject(new Error(`the connection closed without an answer after ${sent} bytes`)));
    });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      stopped = true;
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('error', reject);
      res.on('end', async () => {
        const answeredAt = performance.now();
        // an answer that closes the connection: wait for the close (the test's timeout bounds it)
        if (res.headers.connection === 'close') await serverClosed;
        req.destroy();
        resolve({
          status: res.statusCode!,
          headers: res.headers,
          body,
          sent,
          answeredMs: answeredAt - limitAt,
          closedMs: closedAt - limitAt,
        });
      });
    });
    req.on('error', () => undefined); // the server may close while we still write: the answer is what counts
    const write = (data: string | Buffer) => {
      sent += data.length;
      if (sent > MAX_BODY_BYTES && Number.isNaN(limitAt)) limitAt = performance.now();
      return req.write(data);
    };
    const chunk = Buffer.alloc(1 << 20, 'a');
    write('{"query":"{ health { status } }","extensions":{"padding":"');
    const more = () => {
      while (!stopped && sent < total) if (!write(chunk)) return void req.once('drain', more);
      if (!stopped) req.end('"}}');
    };
    more();
  });
}

describe('the 4 MB body limit holds however the body arrives', () => {
  // Measured from the write that passes the limit, so the time to send the first 4 MB on a busy
  // machine does not count; the answer and the close come from the server at once (FIN), so 2 s
  // is the margin for a slow machine, not for anything the server waits for.
  it.each(['/graphql', '/api/spends'])(
    'a 20 MB chunked body to %s is refused with 413 PAYLOAD_TOO_LARGE and the connection closed within 2 s of passing the limit',
    { timeout: 60_000 },
    async (path) => {
      const before = await spendCount();
      const total = 20 << 20;
      const { status, headers, body, sent, answeredMs, closedMs } = await sendChunked(path, total);
      console.log(
        `413 on ${path}: answered ${answeredMs.toFixed(0)} ms and closed ${closedMs.toFixed(0)} ms after the body passed the limit; ${(sent / 2 ** 20).toFixed(1)} MB sent`,
      );
      expect(status).toBe(413);
      // in each API's words: GraphQL's errors, the REST API's {"detail", "code"}
      const answer = JSON.parse(body);
      expect(path === '/graphql' ? answer.errors[0].extensions.code : answer.code).toBe('PAYLOAD_TOO_LARGE');
      expect(headers.connection).toBe('close');
      expect(answeredMs).toBeLessThan(2_000);
      expect(closedMs).toBeLessThan(2_000);
      expect(sent).toBeLessThan(total); // the client stopped: it did not have to send the rest
      expect(await spendCount()).toBe(before);
    },
  );

  it('a sender that ignores the answer and goes on writing is cut off', { timeout: 60_000 }, async () => {
    const { hostname, port } = new URL(s.url);
    const socket = connect(Number(port), hostname);
    const total = 256 << 20;
    let sent = 0;
    let limitAt = NaN;
    let answer = '';
    let endedAt = NaN;
    const cut = new Promise<number>((resolve) => socket.once('close', () => resolve(performance.now())));
    socket.on('data', (c: Buffer) => (answer += c.toString()));
    socket.once('end', () => (endedAt = performance.now()));
    socket.on('error', () => undefined); // the reset that cuts it off
    const write = (data: Buffer | string) => {
      sent += data.length;
      if (sent > MAX_BODY_BYTES && Number.isNaN(limitAt)) limitAt = performance.now();
      return socket.write(data);
    };
    write(
      `POST /api/spends HTTP/1.1\r\nhost: ${s.url.slice(7)}\r\nauthorization: ${asAdmin.authorization}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n`,
    );
    const chunk = Buffer.concat([Buffer.from(`${(1 << 20).toString(16)}\r\n`), Buffer.alloc(1 << 20, 'a'), Buffer.from('\r\n')]);
    const more = () => {
      while (!socket.destroyed && sent < total) if (!write(chunk)) return void socket.once('drain', more);
    };
    more();
    const cutMs = (await cut) - limitAt;
    console.log(
      `a sender that goes on writing: answered and ended ${(endedAt - limitAt).toFixed(0)} ms, cut ${cutMs.toFixed(0)} ms after passing the limit; ${(sent / 2 ** 20).toFixed(1)} MB written`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
    expect(answer).toContain('PAYLOAD_TOO_LARGE');
    expect(endedAt - limitAt).toBeLessThan(2_000); // the answer, then the end of the server's side
    expect(cutMs).toBeLessThan(LINGER_MS + 2_000); // then, not reading on, the server cuts the connection
    expect(sent).toBeLessThan(total);
  });

  it('a chunked body under the limit is served', async () => {
    const { status } = await sendChunked('/graphql', 1 << 20);
    expect(status).toBe(200);
  });
});

describe('no input answers INTERNAL_SERVER_ERROR', () => {
  const NUL = 'a\u0000b';
  it.each([
    ['createBrand name', `mutation ($v: String!) { createBrand(input: { name: $v }) { id } }`, 'name'],
    ['updateBrand name', `mutation ($v: String!, $b: ID!) { updateBrand(id: $b, input: { name: $v }) { id } }`, 'name'],
    ['updateCampaign name', `mutation ($v: String!, $c: ID!) { updateCampaign(id: $c, input: { name: $v }) { id } }`, 'name'],
    [
      'createCampaign platform',
      `mutation ($v: String!, $b: ID!) { createCampaign(input: { brandId: $b, name: "N", platform: $v, externalCampaignId: "E" }) { id } }`,
      'platform',
    ],
    [
      'recordSpend description',
      `mutation ($v: String!, $c: ID!) { recordSpend(input: { campaignId: $c, amount: "1.00", description: $v }) { duplicate } }`,
      'description',
    ],
    [
      'recordSpend source',
      `mutation ($v: String!, $c: ID!) { recordSpend(input: { campaignId: $c, amount: "1.00", source: $v }) { duplicate } }`,
      'source',
    ],
    [
      'recordSpend externalId',
      `mutation ($v: String!, $c: ID!) { recordSpend(input: { campaignId: $c, amount: "1.00", externalId: $v }) { duplicate } }`,
      'externalId',
    ],
    [
      'recordSpend platform',
      `mutation ($v: String!) { recordSpend(input: { platform: $v, externalCampaignId: "G-1", amount: "1.00" }) { duplicate } }`,
      'platform',
    ],
    [
      'recordSpend externalCampaignId',
      `mutation ($v: String!) { recordSpend(input: { platform: "google", externalCampaignId: $v, amount: "1.00" }) { duplicate } }`,
      'externalCampaignId',
    ],
    ['the brands filter', `query ($v: String!) { brands(nameContains: $v) { totalCount } }`, 'nameContains'],
    ['the audit filter', `query ($v: String!) { auditEntries(targetId: $v) { totalCount } }`, 'targetId'],
    ['revokeApiKey', `mutation ($v: String!) { revokeApiKey(id: $v) { id } }`, 'id'],
  ])('a NUL character in %s is INVALID_ARGUMENT naming the field, and nothing is written', async (_name, query, field) => {
    const before = await spendCount();
    const r = await s.gql(query, { v: NUL, b: brandId, c: campaignId });
    expect(r.errors?.[0]?.extensions).toEqual({ code: 'INVALID_ARGUMENT', field, requestId: expect.any(String) });
    expect(r.errors?.[0]?.message).toMatch(/control characters \(U\+0000/);
    expect(await spendCount()).toBe(before);
  });

  it('lengths are bounded on update too', async () => {
    const r = await s.gql(`mutation ($b: ID!, $v: String!) { updateBrand(id: $b, input: { name: $v }) { id } }`, {
      b: brandId,
      v: 'x'.repeat(201),
    });
    expect(r.errors?.[0]?.extensions).toEqual({ code: 'INVALID_ARGUMENT', field: 'name', requestId: expect.any(String) });
  });

  it('in recordSpends the bad item is answered with its error; the others are written', async () => {
    const before = await spendCount();
    const r = await s.gql(
      `mutation ($c: ID!) { recordSpends(inputs: [{ campaignId: $c, amount: "1.00", description: "ok" }, { campaignId: $c, amount: "1.00", description: "a\\u0000b" }, { campaignId: $c, amount: 5 }]) { index spend { id } error { code field } } }`,
      { c: campaignId },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.recordSpends.map((i: { error: unknown }) => i.error)).toEqual([
      null,
      { code: 'INVALID_ARGUMENT', field: 'description' },
      { code: 'INVALID_MONEY', field: 'amount' },
    ]);
    expect(await spendCount()).toBe(before + 1);
  });

  it.each([
    [
      'a JSON number as amount',
      `mutation ($c: ID!, $v: Money!) { recordSpend(input: { campaignId: $c, amount: $v }) { duplicate } }`,
      25.5,
      'amount',
    ],
    [
      'a JSON number as dailyBudget',
      `mutation ($v: Money) { createBrand(input: { name: "Numbers", dailyBudget: $v }) { id } }`,
      100,
      'dailyBudget',
    ],
    [
      'a literal number as amount',
      `mutation ($c: ID!) { recordSpend(input: { campaignId: $c, amount: 5 }) { duplicate } }`,
      null,
      'amount',
    ],
  ])('%s is INVALID_MONEY naming the field', async (_name, query, v, field) => {
    const r = await s.gql(query, { c: campaignId, v });
    expect(r.errors?.[0]?.extensions).toEqual({ code: 'INVALID_MONEY', field, requestId: expect.any(String) });
  });
});

describe('errors do not echo unbounded input', () => {
  it('a 1 MB externalCampaignId comes back cut short', async () => {
    const huge = 'x'.repeat(1 << 20);
    const r = await s.gql(
      `mutation ($v: String!) { recordSpend(input: { platform: "google", externalCampaignId: $v, amount: "1.00" }) { duplicate } }`,
      {
        v: huge,
      },
    );
    expect(r.errors?.[0]?.extensions?.field).toBe('externalCampaignId');
    expect(JSON.stringify(r.errors).length).toBeLessThan(1_000);
    const id = await s.gql(`query ($v: ID!) { brand(id: $v) { id } }`, { v: huge });
    expect(id.errors?.[0]?.extensions?.code).toBe('INVALID_ID');
    expect(JSON.stringify(id.errors).length).toBeLessThan(1_000);
  });
});

describe('filters mean what they say', () => {
  it.each(['%', '_', '\\'])('nameContains %s matches only names that contain it', async (c) => {
    const literal = (
      await s.gql(`mutation ($n: String!) { createBrand(input: { name: $n }) { id } }`, { n: `Lit${c}eral ${Math.random()}` })
    ).data.createBrand.id;
    const r = await s.gql(`query ($v: String!) { brands(nameContains: $v, first: 500) { totalCount edges { node { id } } } }`, { v: c });
    expect(r.data.brands.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(literal);
    expect(r.data.brands.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(brandId);
  });
});

describe('small things users trip over', () => {
  it('REST GET of an unknown id answers 404 NOT_FOUND', async () => {
    for (const path of ['brands', 'campaigns']) {
      const res = await fetch(`${s.url}/api/${path}/00000000-0000-4000-8000-000000000000`, { headers: asAdmin });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ detail: 'Not found.', code: 'NOT_FOUND' });
    }
    const known = await fetch(`${s.url}/api/brands/${brandId}`, { headers: asAdmin });
    expect(known.status).toBe(200);
  });

  it('the scheme is Bearer in any case; a bare key is refused saying how to send it', async () => {
    const key = ingest.authorization!.slice('Bearer '.length);
    const ask = (authorization: string) =>
      fetch(`${s.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
    expect((await ask(`bearer ${key}`)).status).toBe(200);
    expect((await ask(`BEARER ${key}`)).status).toBe(200);
    const bare = await ask(key);
    expect(bare.status).toBe(401);
    expect((await bare.json()).errors[0].message).toMatch(/Authorization: Bearer/);
  });
});

describe('CORS by allow-list', () => {
  const preflight = (url: string, origin: string) =>
    fetch(`${url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });

  it('by default no other origin is allowed, and credentials never are', async () => {
    const res = await preflight(s.url, 'https://evil.example');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('a configured origin is allowed (and only it)', async () => {
    const other = await testServer(t.url, { corsOrigins: ['https://dash.agency.example'] });
    try {
      const ok = await preflight(other.url, 'https://dash.agency.example');
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://dash.agency.example');
      expect(ok.headers.get('access-control-allow-credentials')).toBeNull();
      const no = await preflight(other.url, 'https://evil.example');
      expect(no.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await other.close();
    }
  });
});

describe('rate limit answers', () => {
  it('429 carries Retry-After', async () => {
    const limited = await testServer(t.url, { rateLimit: 1 });
    try {
      const ask = () =>
        fetch(`${limited.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...ingest },
          body: '{"query":"{ __typename }"}',
        });
      const answers = await Promise.all([ask(), ask(), ask()]);
      const refused = answers.find((a) => a.status === 429);
      expect(refused?.headers.get('retry-after')).toBe('1');
    } finally {
      await limited.close();
    }
  });
});

describe('slow consumers are bounded', () => {
  // A socket takes a subscription's frames until it holds 64 KiB unsent, then its results wait in its
  // queue; SSE waits for the response to drain: a client that stops reading stops the server's
  // reading of its subscription. Its queue holds at most maxQueue results, and it is ended once that
  // stays full for stallMs, with SUBSCRIBER_TOO_SLOW, which the client reads when it reads again.
  it(
    'a WebSocket client that stops reading has its subscription ended with SUBSCRIBER_TOO_SLOW; the server holds no more than maxLag events for it',
    { timeout: 90_000 },
    async () => {
      const auth = createAuth({ adminKey: null, db: t.db });
      const limiter = createRateLimiter(1_000);
      const feed = new FeedHub({ url: t.url, db: t.db, maxLag: 100, stallMs: 1_000 });
      await feed.start();
      const caps = createKeyCaps<WsConnection>(DEFAULTS);
      const yoga = createApp({ auth, limiter, caps, feed, multicast: { maxQueue: 100, stallMs: 1_000 } });
      const server = createServer(yoga);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const sockets = attachWebSockets(server, yoga, { auth, limiter, caps });
      const viewer = await s.gql(`mutation { createApiKey(name: "slow dashboard", role: viewer) { key apiKey { id } } }`);
      const keyId = viewer.data.createApiKey.apiKey.id as string;
      const client = new WebSocket(`ws://127.0.0.1:${(server.address() as { port: number }).port}/graphql`, 'graphql-transport-ws');
      const socket = () => (client as unknown as { _socket: { pause(): void; resume(): void } })._socket;
      const messages: { type: string; payload?: { extensions?: { code?: string } }[] }[] = [];
      try {
        await new Promise((r) => client.once('open', r));
        client.on('message', (data) => messages.push(JSON.parse(String(data))));
        client.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${viewer.data.createApiKey.key}` } }));
        await eventually(() => messages.some((m) => m.type === 'connection_ack'), 'connected');
        const brand = (await s.gql(`mutation { createBrand(input: { name: "Flooded" }) { id } }`)).data.createBrand.id as string;
        // ~6 KB per event (30 aliases of a 200-character name): far more than the kernel's buffers hold.
        const fields = Array.from({ length: 30 }, (_, i) => `n${i}: campaignName`).join(' ');
        client.send(
          JSON.stringify({
            id: '1',
            type: 'subscribe',
            payload: { query: `subscription ($b: ID) { campaignStatusChanged(brandId: $b) { ${fields} } }`, variables: { b: brand } },
          }),
        );
        await eventually(() => feed.owners().includes(keyId), 'subscribed');
        socket().pause(); // the client stops reading
        const rss = process.memoryUsage().rss;
        await t.db.$transaction(
          (tx) =>
            createCampaigns(
              tx,
              Array.from({ length: 10_000 }, (_, i) => ({ brandId: brand, name: `flood ${i} `.padEnd(200, 'x') })),
              { actor: 'test', role: 'admin', brandIds: null },
              new Date(),
            ),
          { timeout: 60_000 },
        );
        await eventually(() => !feed.owners().includes(keyId), 'the feed ended the stalled subscription', 30_000);
        expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 2 ** 20); // 10,000 × 6 KB would be 60 MB, queued twice over
        socket().resume(); // it reads what reached it, then the end of its subscription, with the code to act on
        await eventually(() => messages.some((m) => m.type === 'error'), 'the error arrives', 30_000);
        expect(messages.find((m) => m.type === 'error')!.payload![0]!.extensions!.code).toBe('SUBSCRIBER_TOO_SLOW');
        expect(messages.filter((m) => m.type === 'next').length).toBeLessThan(10_000);
      } finally {
        client.terminate();
        await feed.stop();
        await sockets.close();
        await new Promise((r) => server.close(r));
      }
    },
  );
});

const eventually = (check: () => boolean, what: string, timeout = 10_000) => waitFor(check, { what, timeout });

describe('nothing about the schema for strangers', () => {
  // [what, query, variables, does graphql-js suggest something to a key's holder]
  const mistakes: [string, string, Record<string, unknown>, boolean][] = [
    ['an unknown field', `{ brandz { totalCount } }`, {}, true],
    ['an unknown argument', `{ brands(firs: 1) { totalCount } }`, {}, true],
    ['an unknown type', `query ($s: CampaignStatuz) { health { status } }`, {}, true],
    ['an unknown enum value inline', `{ campaigns(status: ACTIV) { totalCount } }`, {}, true],
    // coerced by the compiled query, which names the type but suggests nothing
    ['an unknown enum value in a variable', `query ($s: CampaignStatus) { campaigns(status: $s) { totalCount } }`, { s: 'ACTIV' }, false],
  ];

  it.each(mistakes)('%s is named without suggestions when no key is sent (with them for a key)', async (_, query, variables, suggests) => {
    const stranger = await s.gql(query, variables, {});
    const text = JSON.stringify(stranger.errors);
    expect(stranger.errors?.length, text).toBeGreaterThan(0);
    expect(text).not.toMatch(/Did you mean|INTERNAL_SERVER_ERROR/);
    expect(text).not.toMatch(/"brands?"|ACTIVE|CampaignStatus"\?/);
    const holder = JSON.stringify((await s.gql(query, variables, asAdmin)).errors);
    expect(holder).not.toMatch(/INTERNAL_SERVER_ERROR/);
    if (suggests) expect(holder).toMatch(/Did you mean/);
  });
});

describe('every way in is bounded before it buffers', () => {
  /** A raw request: the status line of the answer (or '' when the connection ends first) and how long it took. */
  function raw(head: string, body: (write: (chunk: string) => boolean) => void, waitMs = 15_000): Promise<{ status: string; ms: number }> {
    return new Promise((resolve) => {
      const started = performance.now();
      const url = new URL(s.url);
      const socket = connect(Number(url.port), url.hostname);
      let answer = '';
      const done = () => resolve({ status: answer.split('\r\n')[0] ?? '', ms: performance.now() - started });
      socket.setEncoding('utf8');
      socket.on('data', (d: string) => (answer += d));
      socket.on('close', done);
      socket.on('error', () => undefined);
      socket.setTimeout(waitMs, () => socket.destroy());
      socket.write(head);
      body((chunk) => !socket.destroyed && socket.write(chunk));
      // (written without waiting for the socket to drain: a sender that does not listen)
    });
  }
  const post = (headers: string) => `POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n${headers}\r\n`;

  it('a wrong, revoked or malformed key is refused before a byte of the body is read, whatever it announces', async () => {
    for (const key of ['Bearer bk_00000000-0000-4000-8000-000000000000_nope', 'Bearer not-a-key', 'Basic abc']) {
      // 4 MB announced, nothing sent: the answer comes anyway
      const { status, ms } = await raw(post(`authorization: ${key}\r\ncontent-length: 4000000\r\n`), () => undefined);
      expect(status, key).toBe('HTTP/1.1 401 Unauthorized');
      expect(ms, key).toBeLessThan(5_000);
    }
  });

  it('without a key a body may be small only (the health query); beyond, 401 at once, announced or chunked', async () => {
    const announced = await raw(post('content-length: 1000000\r\n'), () => undefined);
    expect(announced.status).toBe('HTTP/1.1 401 Unauthorized');
    const chunked = await raw(post('transfer-encoding: chunked\r\n'), (write) => {
      const chunk = 'x'.repeat(16 * 1024);
      for (let i = 0; i < 8; i++) write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    });
    expect(chunked.status).toBe('HTTP/1.1 401 Unauthorized');
    // and the health query itself still answers without one
    expect((await s.gql(`{ health { status } }`, {}, {})).data).toEqual({ health: { status: expect.any(String) } });
  });

  it('a WebSocket message over 4 MB is refused before it is buffered, connection_init (no key yet) included', async () => {
    const ws = new WebSocket(`${s.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise((resolve) => ws.once('open', resolve));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(MAX_BODY_BYTES + 1) } }));
    expect(await closed).toBe(1009); // message too big
    expect((await s.gql(`{ health { status } }`, {}, {})).data).toBeTruthy();
  });

  it('an operation name becomes a metric label only from a key, and only if it is short', async () => {
    const long = `Q${'x'.repeat(100_000)}`;
    await s.gql(`query ${long} { health { status } }`, {}, {});
    await s.gql(`query ${long} { health { status } }`, {}, asAdmin);
    await s.gql(`query Stranger { health { status } }`, {}, {});
    const metrics = await (await fetch(`${s.url}/metrics`, { headers: asAdmin })).text();
    expect(metrics).not.toContain('xxxxxxxxxx');
    expect(metrics).not.toContain('operation="Stranger"');
    expect(metrics).toContain('operation="unauthenticated"');
    expect(metrics.length).toBeLessThan(1_000_000);
  });
});

describe('instants outside what the service accepts are refused by name', () => {
  const cases: [string, string, Record<string, unknown>][] = [
    [
      'recordSpend at year 0000',
      `mutation ($i: SpendInput!) { recordSpend(input: $i) { spend { id } } }`,
      { i: { campaignId: '', amount: '1.00', occurredAt: '0000-01-01T00:00:00Z' } },
    ],
    [
      'recordSpend at 0001-01-01',
      `mutation ($i: SpendInput!) { recordSpend(input: $i) { spend { id } } }`,
      { i: { campaignId: '', amount: '1.00', occurredAt: '0001-01-01T00:00:00Z' } },
    ],
    [
      'previewEnforcement at year 0000',
      `query ($at: DateTime) { previewEnforcement(task: ALL, at: $at) { checked } }`,
      { at: '0000-06-01T00:00:00Z' },
    ],
    [
      'previewEnforcement in 10000',
      `query ($at: DateTime) { previewEnforcement(task: ALL, at: $at) { checked } }`,
      { at: '+010000-01-01T00:00:00Z' },
    ],
    ['previewEnforcement at 1999-12-31, inline', `{ previewEnforcement(task: ALL, at: "1999-12-31T23:59:59Z") { checked } }`, {}],
  ];
  it.each(cases)('%s: a client error naming DateTime, nothing written', async (_, query, variables) => {
    const before = await spendCount();
    const input = variables.i ? { i: { ...(variables.i as object), campaignId } } : variables;
    const res = await s.gql(query, input);
    const text = JSON.stringify(res.errors);
    expect(res.status, text).toBeLessThan(500);
    expect(text).not.toMatch(/INTERNAL_SERVER_ERROR/);
    expect(text).toMatch(/DateTime|2000-01-01/);
    expect(await spendCount()).toBe(before);
  });

  it('the REST API says so too, at the field', async () => {
    const res = await fetch(`${s.url}/api/spends/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...asAdmin },
      body: JSON.stringify({ campaign: campaignId, amount: '1.00', occurred_at: '0000-01-01T00:00:00Z' }),
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body).toEqual({ occurred_at: [expect.stringMatching(/DateTime|2000-01-01/)], code: 'INVALID_ARGUMENT' });
  });
});
