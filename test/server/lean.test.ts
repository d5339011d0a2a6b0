// The lean path (src/server/lean.ts) answers a keyed POST to /graphql, and a keyed write to the REST
// API, exactly as Yoga's own HTTP handler does: status, content type and body, for answers with
// data and with every kind of error. The same request sent to /graphql?whole (a query string), or
// with an Origin this server does not list (no CORS headers either way), goes through Yoga whole.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestDb } from '../helpers/db.ts';
import { brand, campaign } from '../helpers/make.ts';
import { asAdmin, closeServer, serverForFile, type TestServer } from '../helpers/server.ts';
import { mediaTypeOf } from '../../src/server/lean.ts';

let t: TestDb;
let s: TestServer;
let ingest: Record<string, string>;
let campaignId: string;
beforeAll(async () => {
  ({ t, s } = await serverForFile({ rateLimit: 1_000 }));
  const key = await s.gql(`mutation { createApiKey(name: "lean", role: ingest) { key } }`);
  ingest = { authorization: `Bearer ${key.data.createApiKey.key}` };
  campaignId = (await campaign((await brand({ dailyBudget: '100.00' })).id)).id;
});
afterAll(() => closeServer(t, s));

interface Answer {
  status: number;
  type: string | null;
  body: string;
}

async function post(path: string, body: string, headers: Record<string, string>, method = 'POST'): Promise<Answer> {
  const res = await fetch(`${s.url}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body });
  // each request has its own id
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    body: (await res.text()).replace(/"requestId":"[^"]+"/g, '"requestId":"…"'),
  };
}

const spend = (externalId: string, amount = '1.00') =>
  JSON.stringify({
    query: 'mutation ($i: SpendInput!) { recordSpend(input: $i) { duplicate spend { amount externalId } } }',
    variables: { i: { campaignId, amount, source: 'lean', externalId } },
  });

it('answers as Yoga does: data, refusals of the document, the params and the variables, errors of the operation', async () => {
  const bodies = [
    JSON.stringify({ query: '{ __typename }' }),
    JSON.stringify({ query: '{ nope }' }),
    JSON.stringify({ query: '{ __typename' }),
    JSON.stringify({ query: 'query A { __typename } query B { __typename }' }),
    JSON.stringify({ query: 'query A { __typename } query B { __typename }', operationName: 'B' }),
    JSON.stringify({ query: 'query subscriptions { __typename }' }),
    JSON.stringify({ query: '{ __typename }', unexpected: 1 }),
    JSON.stringify([{ query: '{ __typename }' }]),
    JSON.stringify({ query: 'mutation ($i: SpendInput!) { recordSpend(input: $i) { duplicate } }', variables: { i: { amount: 1 } } }),
    JSON.stringify({
      query: 'mutation ($i: SpendInput!) { recordSpend(input: $i) { duplicate } }',
      variables: { i: { campaignId: '00000000-0000-0000-0000-000000000000', amount: '1.00' } },
    }),
    spend('x-1', '1.001'),
    // an ingest key may not read a brand's campaigns: refused before anything is written
    JSON.stringify({
      query: `mutation { recordSpend(input: { campaignId: "${campaignId}", amount: "1.00" }) { brand { campaigns { totalCount } } } }`,
    }),
    JSON.stringify({ query: '{ brands(first: 500) { edges { node { pacing { method } } } } }' }),
    '{"query": ',
  ];
  for (const accept of [undefined, 'application/json', 'application/graphql-response+json', '*/*', 'text/event-stream, application/json']) {
    const headers = { ...ingest, ...(accept ? { accept } : {}) };
    for (const body of bodies) {
      expect(await post('/graphql', body, headers), `${body} (Accept: ${accept})`).toEqual(await post('/graphql?whole', body, headers));
    }
  }
});

it('records a spend once through either, and answers its duplicate the same', async () => {
  const lean = await post('/graphql', spend('x-2'), ingest);
  expect(lean).toMatchObject({ status: 200, type: 'application/json; charset=utf-8' });
  expect(JSON.parse(lean.body)).toEqual({ data: { recordSpend: { duplicate: false, spend: { amount: '1.00', externalId: 'x-2' } } } });
  const again = await post('/graphql?whole', spend('x-2'), ingest);
  expect(again).toEqual({ ...lean, body: lean.body.replace('"duplicate":false', '"duplicate":true') });
  expect(await post('/graphql', spend('x-2'), ingest)).toEqual(again);
});

it('answers a REST write as Yoga does: created, existing, refused by field, not found, not allowed', async () => {
  const elsewhere = { origin: 'https://elsewhere.example' };
  const created = await post('/api/spends/', JSON.stringify({ campaign: campaignId, amount: '2.50', external_id: 'r-1' }), ingest);
  expect(created).toMatchObject({ status: 201, type: 'application/json; charset=utf-8' });
  const requests: [string, string, unknown][] = [
    ['POST', '/api/spends/', { campaign: campaignId, amount: '2.50', external_id: 'r-1' }],
    ['POST', '/api/spends/', { campaign: campaignId, amount: '2.5001' }],
    ['POST', '/api/spends/', { campaign: '00000000-0000-0000-0000-000000000000', amount: '1.00' }],
    ['POST', '/api/spends/', { amount: 'x', nope: 1 }],
    ['POST', '/api/spends/', [1]],
    ['PATCH', `/api/spends/${JSON.parse(created.body).id}/`, { amount: '3.00' }],
    ['POST', '/api/brands/', { name: 'Not for ingest' }],
    ['DELETE', '/api/nowhere/', {}],
  ];
  for (const [method, path, body] of requests) {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    expect(await post(path, text, ingest, method), `${method} ${path}`).toEqual(
      await post(path, text, { ...ingest, ...elsewhere }, method),
    );
  }
});

it('leaves to Yoga what only a stream answers, and requests without a key', async () => {
  const events = await fetch(`${s.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...asAdmin },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  expect(events.headers.get('content-type')).toMatch(/^text\/event-stream/);
  await events.body?.cancel();
  const subscription = JSON.stringify({ query: 'subscription { brandSpendChanged { id } }' });
  const json = { ...asAdmin, accept: 'application/json' };
  expect(await post('/graphql', subscription, json)).toEqual(await post('/graphql?whole', subscription, json));
  const health = await post('/graphql', JSON.stringify({ query: '{ health { status } }' }), {});
  expect(health).toEqual(await post('/graphql?whole', JSON.stringify({ query: '{ health { status } }' }), {}));
});

it('chooses the media type from Accept as Yoga does', () => {
  expect(mediaTypeOf(undefined)).toBe('application/json');
  expect(mediaTypeOf('*/*')).toBe('application/json');
  expect(mediaTypeOf('application/graphql-response+json')).toBe('application/graphql-response+json');
  expect(mediaTypeOf('application/graphql-response+json, application/json')).toBe('application/graphql-response+json');
  expect(mediaTypeOf('application/json, application/graphql-response+json')).toBe('application/json');
  expect(mediaTypeOf('application/json; charset=latin1')).toBeNull();
  expect(mediaTypeOf('text/event-stream')).toBeNull();
  expect(mediaTypeOf('multipart/mixed, application/*')).toBe('application/json');
});
