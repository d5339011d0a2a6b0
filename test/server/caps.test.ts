// Caps per API key (src/server/caps.ts): subscriptions (WebSocket and SSE together) and WebSocket
// connections. Past a cap a subscription gets TOO_MANY_SUBSCRIPTIONS (a graphql-ws error for that
// id; HTTP 429 over SSE) and a socket is closed with 4429; what a key holds is freed however it
// ends, so a dashboard that reconnects gets back in; other keys and BUDGET_ADMIN_KEY are untouched.
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.ts';
import type { TestDb } from '../helpers/db.ts';
import * as make from '../helpers/make.ts';
import { closeServer, serverForFile, TEST_ADMIN_KEY, type TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

const SUBSCRIPTIONS = 6;
const CONNECTIONS = 3;
const LIVE = `subscription { campaignStatusChanged { id toStatus } }`;

let t: TestDb;
let s: TestServer;
beforeAll(async () => {
  ({ t, s } = await serverForFile({ maxSubscriptionsPerKey: SUBSCRIPTIONS, maxConnectionsPerKey: CONNECTIONS }));
});
afterAll(() => closeServer(t, s));

interface Message {
  type: string;
  id?: string;
  payload?: { message: string; extensions?: { code?: string } }[];
}

/** A raw graphql-ws connection: everything the server sends, and how it closed. */
interface Socket {
  ws: WebSocket;
  messages: Message[];
  closed: { code: number; reason: string } | null;
  subscribe(query?: string): string;
  complete(id: string): void;
  errorOf(id: string): Message['payload'] | undefined;
}

let ids = 0;
/** Resolves once the server acknowledged the connection or closed it. */
async function connect(key: string): Promise<Socket> {
  const ws = new WebSocket(`${s.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
  const socket: Socket = {
    ws,
    messages: [],
    closed: null,
    subscribe(query = LIVE) {
      const id = `s${++ids}`;
      ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query } }));
      return id;
    },
    complete: (id) => ws.send(JSON.stringify({ id, type: 'complete' })),
    errorOf: (id) => socket.messages.find((m) => m.type === 'error' && m.id === id)?.payload,
  };
  ws.on('message', (data) => socket.messages.push(JSON.parse(String(data)) as Message));
  ws.on('close', (code, reason) => (socket.closed = { code, reason: String(reason) }));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${key}` } }));
  await waitFor(() => socket.closed || socket.messages.some((m) => m.type === 'connection_ack'), { what: 'the ack or the close' });
  return socket;
}

async function newKey(name: string): Promise<{ key: string; id: string }> {
  const r = await s.gql(`mutation ($n: String!) { createApiKey(name: $n, role: viewer) { key apiKey { id } } }`, { n: name });
  return { key: r.data.createApiKey.key, id: r.data.createApiKey.apiKey.id };
}

/** Waits until the key holds exactly this open in the server. */
const holds = (keyId: string, open: { connections?: number; subscriptions?: number }) =>
  waitFor(() => Object.entries(open).every(([k, n]) => s.open(keyId)[k as keyof typeof open] === n), {
    what: () => `the key to hold ${JSON.stringify(open)} (it holds ${JSON.stringify(s.open(keyId))})`,
  });

const sse = (key: string, signal?: AbortSignal) =>
  fetch(`${s.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: LIVE }),
    signal,
  });

const close = async (...sockets: Socket[]) => {
  for (const socket of sockets) socket.ws.terminate();
  await waitFor(() => sockets.every((x) => x.closed), { what: 'the sockets to close' });
};

describe('subscriptions per key', () => {
  it('on one socket: up to the cap they run and get events; past it each is refused with TOO_MANY_SUBSCRIPTIONS; ended ones make room', async () => {
    const { key, id: keyId } = await newKey('one socket');
    const socket = await connect(key);
    const accepted = Array.from({ length: SUBSCRIPTIONS }, () => socket.subscribe());
    await holds(keyId, { subscriptions: SUBSCRIPTIONS });
    // a burst past the cap, sent at once: every one refused, none counted
    const refused = Array.from({ length: 50 }, () => socket.subscribe());
    await waitFor(() => refused.every((id) => socket.errorOf(id)), { what: 'the 50 refusals' });
    expect(socket.errorOf(refused[0]!)).toEqual([
      { message: expect.stringMatching(/6 subscriptions open, the most it may/), extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } },
    ]);
    await holds(keyId, { subscriptions: SUBSCRIPTIONS });
    expect(socket.closed).toBeNull(); // the socket goes on
    // the accepted ones are live
    const brand = await make.brand();
    await make.campaign(brand.id);
    await waitFor(() => accepted.every((id) => socket.messages.some((m) => m.type === 'next' && m.id === id)), {
      what: 'an event on every accepted subscription',
    });
    expect(accepted.map((id) => socket.errorOf(id))).toEqual(accepted.map(() => undefined));
    // completing two makes room for two
    socket.complete(accepted[0]!);
    socket.complete(accepted[1]!);
    await holds(keyId, { subscriptions: SUBSCRIPTIONS - 2 });
    const again = [socket.subscribe(), socket.subscribe()];
    await holds(keyId, { subscriptions: SUBSCRIPTIONS });
    const past = socket.subscribe();
    await waitFor(() => socket.errorOf(past), { what: 'the refusal' });
    expect(again.map((id) => socket.errorOf(id))).toEqual([undefined, undefined]);
    await close(socket);
    await holds(keyId, { connections: 0, subscriptions: 0 });
  });

  it('across sockets and SSE together: the cap is the key’s, wherever its subscriptions are', async () => {
    const { key, id: keyId } = await newKey('across');
    const a = await connect(key);
    const b = await connect(key);
    for (let i = 0; i < SUBSCRIPTIONS / 2 - 1; i++) (a.subscribe(), b.subscribe());
    await holds(keyId, { connections: 2, subscriptions: SUBSCRIPTIONS - 2 });
    const abort = new AbortController();
    const streams = [await sse(key, abort.signal), await sse(key, abort.signal)];
    expect(streams.map((r) => r.status)).toEqual([200, 200]);
    await holds(keyId, { subscriptions: SUBSCRIPTIONS });
    // full: a third SSE subscription is answered 429 with the code, a WebSocket one refused
    const refused = await sse(key);
    expect(refused.status).toBe(429);
    // the error in the stream's one event, as SSE answers a GraphQL error
    const [event] = /^data: (.*)$/m.exec(await refused.text())!.slice(1);
    expect(JSON.parse(event!).errors).toEqual([
      {
        message: expect.stringMatching(/6 subscriptions open, the most it may/),
        extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', requestId: expect.any(String) },
      },
    ]);
    const onA = a.subscribe();
    await waitFor(() => a.errorOf(onA), { what: 'the refusal over WebSocket' });
    expect(a.errorOf(onA)![0]!.extensions!.code).toBe('TOO_MANY_SUBSCRIPTIONS');
    // the SSE clients leave: their room is free for the sockets
    abort.abort();
    await holds(keyId, { subscriptions: SUBSCRIPTIONS - 2 });
    const onB = [b.subscribe(), b.subscribe()];
    await holds(keyId, { subscriptions: SUBSCRIPTIONS });
    expect(onB.map((id) => b.errorOf(id))).toEqual([undefined, undefined]);
    await close(a, b);
    await holds(keyId, { connections: 0, subscriptions: 0 });
  });

  it('freed however a subscription ends: refused at its start, ended by the server with an error, the socket cut, the key revoked', async () => {
    const { key, id: keyId } = await newKey('ends');
    // refused at its start (a bad argument): counted only while it was being refused
    const socket = await connect(key);
    const bad = `b${++ids}`;
    socket.ws.send(
      JSON.stringify({ id: bad, type: 'subscribe', payload: { query: `subscription { campaignStatusChanged(brandId: "nope") { id } }` } }),
    );
    await waitFor(() => socket.messages.some((m) => m.id === bad && m.type === 'complete'), { what: 'the bad subscription to end' });
    const badSse = await fetch(`${s.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: `subscription { campaignStatusChanged(brandId: "nope") { id } }` }),
    });
    expect(await badSse.text()).toMatch(/INVALID_ID/);
    await holds(keyId, { subscriptions: 0 });
    // ended by the server with an error (as a subscriber too slow is), over both transports
    for (let i = 0; i < SUBSCRIPTIONS - 1; i++) socket.subscribe();
    const stream = await sse(key);
    await holds(keyId, { subscriptions: SUBSCRIPTIONS });
    await waitFor(() => s.feed.owners().includes(keyId), { what: 'the key’s feed subscriptions' });
    s.feed.failOwners(new Set([keyId]), new DomainError('SUBSCRIBER_TOO_SLOW', 'ended by the test'));
    expect(await stream.text()).toMatch(/SUBSCRIBER_TOO_SLOW/);
    await holds(keyId, { subscriptions: 0 });
    // the socket cut without a word: its subscriptions and the socket itself
    for (let i = 0; i < SUBSCRIPTIONS; i++) socket.subscribe();
    await holds(keyId, { connections: 1, subscriptions: SUBSCRIPTIONS });
    await close(socket);
    await holds(keyId, { connections: 0, subscriptions: 0 });
    // revoked: its sockets close with 4403, its SSE streams end
    const last = await connect(key);
    for (let i = 0; i < SUBSCRIPTIONS - 1; i++) last.subscribe();
    const open = await sse(key);
    await holds(keyId, { connections: 1, subscriptions: SUBSCRIPTIONS });
    expect((await s.gql(`mutation ($id: String!) { revokeApiKey(id: $id) { id } }`, { id: keyId })).errors).toBeUndefined();
    expect(await open.text()).toMatch(/UNAUTHENTICATED/);
    await waitFor(() => last.closed, { what: 'the revoked key’s socket to close' });
    expect(last.closed!.code).toBe(4403);
    await holds(keyId, { connections: 0, subscriptions: 0 });
  });
});

describe('connections per key', () => {
  it('past the cap a socket is closed with 4429 and a reason; one closing makes room at once', async () => {
    const { key, id: keyId } = await newKey('many sockets');
    const open = await Promise.all(Array.from({ length: CONNECTIONS }, () => connect(key)));
    expect(open.map((x) => x.closed)).toEqual(open.map(() => null));
    await holds(keyId, { connections: CONNECTIONS });
    const past = await Promise.all(Array.from({ length: 10 }, () => connect(key)));
    for (const x of past)
      expect(x.closed).toEqual({ code: 4429, reason: `too many connections for this API key: at most ${CONNECTIONS} at once` });
    await holds(keyId, { connections: CONNECTIONS });
    await close(open[0]!);
    const back = await connect(key);
    expect(back.closed).toBeNull();
    await close(back, ...open.slice(1));
    await holds(keyId, { connections: 0 });
  });

  it('a dashboard that drops and reconnects at the key’s caps gets back in every time, and nothing is left counted', async () => {
    const { key, id: keyId } = await newKey('reconnecting dashboards');
    // as web/src/live.ts: one socket, three subscriptions; on a refusal it tries again a little later
    const dashboard = async () => {
      const socket = await waitFor(
        async () => {
          const x = await connect(key);
          return x.closed ? null : x; // refused while the server has not yet seen the old socket close: again
        },
        { interval: 100, what: 'the dashboard to get back in' },
      );
      const subscribed = [socket.subscribe(), socket.subscribe()];
      return { socket, subscribed };
    };
    const boards = await Promise.all(Array.from({ length: CONNECTIONS }, dashboard));
    await holds(keyId, { connections: CONNECTIONS, subscriptions: CONNECTIONS * 2 });
    for (let round = 0; round < 5; round++) {
      const i = round % CONNECTIONS;
      boards[i]!.socket.ws.terminate(); // dropped, and back at once
      boards[i] = await dashboard();
      await holds(keyId, { connections: CONNECTIONS, subscriptions: CONNECTIONS * 2 });
      expect(boards[i]!.subscribed.map((id) => boards[i]!.socket.errorOf(id))).toEqual([undefined, undefined]);
    }
    await close(...boards.map((b) => b.socket));
    await holds(keyId, { connections: 0, subscriptions: 0 });
  });
});

describe('one key at its caps', () => {
  it('leaves other keys and BUDGET_ADMIN_KEY unaffected', async () => {
    const full = await newKey('greedy');
    const other = await newKey('neighbour');
    const sockets = await Promise.all(Array.from({ length: CONNECTIONS }, () => connect(full.key)));
    for (const x of sockets) for (let i = 0; i < SUBSCRIPTIONS / CONNECTIONS; i++) x.subscribe();
    await holds(full.id, { connections: CONNECTIONS, subscriptions: SUBSCRIPTIONS });
    expect((await connect(full.key)).closed?.code).toBe(4429);
    expect((await sse(full.key)).status).toBe(429);
    // the neighbour gets its whole share, and the environment's admin key is exempt (as from the rate)
    const theirs = await Promise.all(Array.from({ length: CONNECTIONS }, () => connect(other.key)));
    expect(theirs.map((x) => x.closed)).toEqual(theirs.map(() => null));
    const running = theirs.flatMap((x) => Array.from({ length: SUBSCRIPTIONS / CONNECTIONS }, () => [x, x.subscribe()] as const));
    await holds(other.id, { connections: CONNECTIONS, subscriptions: SUBSCRIPTIONS });
    const admin = await Promise.all(Array.from({ length: CONNECTIONS + 2 }, () => connect(TEST_ADMIN_KEY)));
    expect(admin.map((x) => x.closed)).toEqual(admin.map(() => null));
    running.push(...Array.from({ length: SUBSCRIPTIONS + 5 }, () => [admin[0]!, admin[0]!.subscribe()] as const));
    const adminSse = new AbortController();
    expect((await sse(TEST_ADMIN_KEY, adminSse.signal)).status).toBe(200);
    // every one of them is live: an event reaches each
    await waitFor(() => s.feed.owners().includes(other.id), { what: 'the neighbour’s subscriptions' });
    await make.campaign((await make.brand()).id);
    await waitFor(() => running.every(([x, id]) => x.messages.some((m) => m.type === 'next' && m.id === id)), {
      what: 'an event on every subscription of the other keys',
    });
    expect(running.flatMap(([x, id]) => x.errorOf(id) ?? [])).toEqual([]);
    adminSse.abort();
    await close(...sockets, ...theirs, ...admin);
    await holds(full.id, { connections: 0, subscriptions: 0 });
    await holds(other.id, { connections: 0, subscriptions: 0 });
  });
});

it('an error over WebSocket says what it says over HTTP, without the HTTP status a socket has no use for', async () => {
  const { key } = await newKey('errors over ws');
  const socket = await connect(key);
  const bad = socket.subscribe(`subscription { campaignStatusChanged(brandId: "nope") { id } }`);
  await waitFor(() => socket.messages.find((m) => m.id === bad && m.type !== 'complete'), { what: 'the answer' });
  const answer = socket.messages.find((m) => m.id === bad && m.type !== 'complete')!;
  const errors = (answer.type === 'next' ? (answer.payload as unknown as { errors: Message['payload'] }).errors : answer.payload)!;
  expect(errors[0]!.extensions).toMatchObject({ code: 'INVALID_ID' });
  expect(errors[0]!.extensions).not.toHaveProperty('http');
  socket.ws.close();
});
