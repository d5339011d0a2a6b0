// The REST API as the old system's clients call it (Django REST Framework's conventions), over a
// real server: its README's examples verbatim (plus a key), a client that sends back what it read,
// errors at their fields, pages, filters, the Token scheme, both slashes, a key limited to a brand,
// and the OpenAPI document, every example of which is run.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDb } from '../helpers/db.ts';
import { asAdmin, closeServer, okData, serverForFile, TEST_ADMIN_KEY, type TestServer } from '../helpers/server.ts';

let t: TestDb;
let s: TestServer;
beforeAll(async () => ({ t, s } = await serverForFile()));
afterAll(() => closeServer(t, s));

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

/** A request as curl sends it: the path as given, a JSON body, the admin key unless told. */
async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = asAdmin): Promise<Answer> {
  const res = await fetch(`${s.url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

/** A request that must answer `status` (the body shown when it does not). */
async function expectStatus(status: number, method: string, path: string, body?: unknown, headers?: Record<string, string>) {
  const answer = await api(method, path, body, headers);
  expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBe(status);
  return answer.body;
}

const gql = <T = any>(query: string, variables?: Record<string, unknown>) => okData<T>(s, query, variables);

async function keyFor(role: string, name: string, brandIds?: string[]): Promise<string> {
  const data = await gql(`mutation ($n: String!, $r: ApiKeyRole!, $b: [ID!]) { createApiKey(name: $n, role: $r, brandIds: $b) { key } }`, {
    n: name,
    r: role,
    b: brandIds ?? null,
  });
  return data.createApiKey.key;
}

const ISO = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
const UUID = expect.stringMatching(/^[0-9a-f-]{36}$/);

describe("the old README's examples, verbatim (plus a key)", () => {
  it('Brands API: list, create, get by id, update, delete', async () => {
    expect(await expectStatus(200, 'GET', '/api/brands/')).toEqual([]);
    const created = await expectStatus(201, 'POST', '/api/brands/', {
      name: 'Acme Corporation',
      daily_budget: '100.00',
      monthly_budget: '2000.00',
    });
    expect(created).toEqual({
      id: UUID,
      name: 'Acme Corporation',
      currency: 'USD',
      timezone: 'UTC',
      daily_budget: '100.00',
      monthly_budget: '2000.00',
      daily_spend: '0.00',
      monthly_spend: '0.00',
      daily_remaining: '100.00',
      monthly_remaining: '2000.00',
      alert_thresholds: [80, 95],
      archived_at: null,
      archived: false,
      created_at: ISO,
      updated_at: ISO,
    });
    const id = created.id;
    expect(await expectStatus(200, 'GET', '/api/brands/')).toEqual([created]);
    expect(await expectStatus(200, 'GET', `/api/brands/${id}/`)).toEqual(created);
    const updated = await expectStatus(200, 'PUT', `/api/brands/${id}/`, {
      name: 'Acme Corp Updated',
      daily_budget: '150.00',
      monthly_budget: '3000.00',
    });
    expect(updated).toMatchObject({ id, name: 'Acme Corp Updated', daily_budget: '150.00', monthly_budget: '3000.00' });
    // the same brand GraphQL reads
    expect((await gql(`query ($id: ID!) { brand(id: $id) { name dailyBudget monthlyBudget } }`, { id })).brand).toEqual({
      name: 'Acme Corp Updated',
      dailyBudget: '150.00',
      monthlyBudget: '3000.00',
    });
    expect(await expectStatus(204, 'DELETE', `/api/brands/${id}/`)).toBeNull();
    expect(await expectStatus(404, 'GET', `/api/brands/${id}/`)).toEqual({ detail: 'Not found.', code: 'NOT_FOUND' });
  });

  it('Campaigns, Spends and Schedules APIs', async () => {
    const brand = await expectStatus(201, 'POST', '/api/brands/', {
      name: 'Acme Corporation',
      daily_budget: '100.00',
      monthly_budget: '2000.00',
    });
    const campaign = await expectStatus(201, 'POST', '/api/campaigns/', {
      brand: brand.id,
      name: 'Summer Sale Campaign',
      status: 'ACTIVE',
    });
    expect(campaign).toEqual({
      id: UUID,
      brand: brand.id,
      name: 'Summer Sale Campaign',
      status: 'ACTIVE',
      pause_reason: null,
      pause_reasons: [],
      platform: null,
      external_campaign_id: null,
      daily_spend: '0.00',
      monthly_spend: '0.00',
      archived_at: null,
      archived: false,
      created_at: ISO,
      updated_at: ISO,
    });
    const paused = await expectStatus(200, 'PATCH', `/api/campaigns/${campaign.id}/`, { status: 'PAUSED' });
    expect(paused).toMatchObject({ id: campaign.id, status: 'PAUSED', pause_reason: 'MANUAL' });
    expect((await gql(`query ($id: ID!) { campaign(id: $id) { status pauseReason } }`, { id: campaign.id })).campaign).toEqual({
      status: 'PAUSED',
      pauseReason: 'MANUAL',
    });
    expect(await expectStatus(200, 'GET', '/api/campaigns/')).toEqual([paused]);

    expect(await expectStatus(200, 'GET', '/api/spends/')).toEqual([]);
    const spend = await expectStatus(201, 'POST', '/api/spends/', {
      campaign: campaign.id,
      amount: '25.50',
      spend_date: '2024-06-26',
      spend_type: 'DAILY',
      description: 'Facebook ad spend',
    });
    expect(spend).toMatchObject({
      id: UUID,
      campaign: campaign.id,
      brand: brand.id,
      amount: '25.50',
      spend_date: '2024-06-26',
      spend_type: 'DAILY',
      occurred_at: '2024-06-26T00:00:00.000Z', // the date's start in the brand's zone (UTC)
      description: 'Facebook ad spend',
      source: 'api',
      external_id: null,
      recorded_by: expect.any(String),
      created_at: ISO,
    });
    // booked on its date: June 2024, not today
    expect((await gql(`query ($id: ID!) { brand(id: $id) { dailySpend monthlySpend } }`, { id: brand.id })).brand).toEqual({
      dailySpend: '0.00',
      monthlySpend: '0.00',
    });
    expect(await expectStatus(200, 'GET', '/api/spends/?start_date=2024-06-01&end_date=2024-06-30')).toEqual([spend]);
    expect(await expectStatus(200, 'GET', '/api/spends/?start_date=2024-07-01&end_date=2024-07-31')).toEqual([]);

    expect(await expectStatus(200, 'GET', '/api/schedules/')).toEqual([]);
    const schedule = await expectStatus(201, 'POST', '/api/schedules/', {
      campaign: campaign.id,
      day_of_week: 1,
      start_time: '09:00:00',
      end_time: '18:00:00',
      is_active: true,
    });
    expect(schedule).toEqual({
      id: UUID,
      campaign: campaign.id,
      day_of_week: 1,
      day_name: 'Tuesday',
      start_time: '09:00:00',
      end_time: '18:00:00',
      is_active: true,
      created_at: ISO,
      updated_at: ISO,
    });
    // 1 is Tuesday, as Python's weekday() counts (0 = Monday)
    expect(
      (await gql(`query ($c: ID!) { schedules(campaignId: $c) { dayOfWeek startTime endTime } }`, { c: campaign.id })).schedules,
    ).toEqual([{ dayOfWeek: 'TUESDAY', startTime: '09:00', endTime: '18:00' }]);
    expect(await expectStatus(200, 'GET', '/api/schedules/')).toEqual([schedule]);
  });

  it('Swagger at /api/docs, the schema at /api/schema/', async () => {
    const docs = await fetch(`${s.url}/api/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger-ui');
    const schema = await expectStatus(200, 'GET', '/api/schema/', undefined, {});
    expect(schema.openapi).toMatch(/^3\./);
  });
});

/** A brand with one campaign (and a window), made through REST. */
async function brandWithCampaign(name: string, brand: Record<string, unknown> = {}) {
  const b = await expectStatus(201, 'POST', '/api/brands/', { name, ...brand });
  const c = await expectStatus(201, 'POST', '/api/campaigns/', {
    brand: b.id,
    name: `${name} Search`,
    platform: 'google',
    external_campaign_id: `${name}-1`,
  });
  return { brand: b, campaign: c };
}

describe('a client that reads an object and sends every field back', () => {
  it('PUT of what GET answered changes nothing, for every resource that takes PUT', async () => {
    const { brand, campaign } = await brandWithCampaign('Round Trip', { daily_budget: '10.00', timezone: 'Europe/Paris' });
    const schedule = await expectStatus(201, 'POST', '/api/schedules/', {
      campaign: campaign.id,
      day_of_week: 6,
      start_time: '22:00',
      end_time: '02:00',
    });
    // a campaign paused by its budget stays paused by its budget: sending back "PAUSED" is not a manual pause
    await expectStatus(201, 'POST', '/api/spends/', { campaign: campaign.id, amount: '10.00' });
    for (const path of [`/api/brands/${brand.id}/`, `/api/campaigns/${campaign.id}/`, `/api/schedules/${schedule.id}/`]) {
      const read = await expectStatus(200, 'GET', path);
      expect(await expectStatus(200, 'PUT', path, read)).toEqual(read);
      expect(await expectStatus(200, 'PATCH', path, read)).toEqual(read);
    }
    expect(await expectStatus(200, 'GET', `/api/campaigns/${campaign.id}/`)).toMatchObject({
      status: 'PAUSED',
      pause_reason: 'DAILY_BUDGET',
    });
    expect(await expectStatus(200, 'GET', `/api/schedules/${schedule.id}/`)).toMatchObject({
      day_of_week: 6,
      day_name: 'Sunday',
      start_time: '22:00:00',
      end_time: '02:00:00',
    });
    // nothing was written: no audit entry after the creations
    const audit = await gql(`query ($b: ID!) { auditEntries(brandId: $b) { edges { node { action } } } }`, { b: brand.id });
    expect(audit.auditEntries.edges.map((e: any) => e.node.action)).toEqual(['brand.create', 'campaign.create', 'schedule.create']);
  });

  it('spends are a ledger: a spend is never changed or deleted (405, naming the correction)', async () => {
    const { campaign } = await brandWithCampaign('Ledger');
    const spend = await expectStatus(201, 'POST', '/api/spends/', { campaign: campaign.id, amount: '5.00', external_id: 'inv-1' });
    expect(await api('GET', `/api/spends/${spend.id}/`)).toMatchObject({
      status: 405,
      body: { detail: expect.stringContaining('read in the list') },
    });
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const answer = await api(method, `/api/spends/${spend.id}/`, method === 'DELETE' ? undefined : spend);
      expect(answer.status).toBe(405);
      expect(answer.body).toEqual({
        detail: expect.stringContaining('record a correction (a negative amount)'),
        code: 'METHOD_NOT_ALLOWED',
      });
    }
    // sent again with its external_id: counted once, answered 200 with the original
    expect(await expectStatus(200, 'POST', '/api/spends/', { campaign: campaign.id, amount: '5.00', external_id: 'inv-1' })).toEqual(spend);
  });
});

describe('errors at their fields, in DRF’s shape, with our code beside', () => {
  it('400 {"field": ["message"], "code": …} for a mistake in the body or the query', async () => {
    const { brand, campaign } = await brandWithCampaign('Mistakes');
    const cases: [string, string, unknown, Record<string, unknown>][] = [
      [
        'POST',
        '/api/brands/',
        { name: 'Bad', daily_budget: '1.234' },
        { daily_budget: [expect.stringContaining('daily_budget')], code: 'INVALID_MONEY' },
      ],
      ['POST', '/api/brands/', {}, { name: ['This field is required.'], code: 'INVALID_ARGUMENT' }],
      ['POST', '/api/brands/', { name: null }, { name: ['This field may not be null.'], code: 'INVALID_ARGUMENT' }],
      [
        'POST',
        '/api/brands/',
        { name: 'Bad', alert_thresholds: 'eighty' },
        { alert_thresholds: [expect.any(String)], code: 'INVALID_ARGUMENT' },
      ],
      ['POST', '/api/brands/', { name: 'Bad', timezone: 'Mars/Olympus' }, { timezone: [expect.any(String)], code: 'UNKNOWN_TIMEZONE' }],
      // every wrong field at once, each under its name (the first error's code)
      [
        'POST',
        '/api/brands/',
        { name: 'Bad', currency: 'dollars', timezone: 'Mars/Olympus', daily_budget: '12,50' },
        {
          currency: [expect.stringMatching(/^currency must be an ISO 4217 code/)],
          timezone: [expect.any(String)],
          daily_budget: [expect.stringMatching(/^daily_budget /)],
          code: 'INVALID_ARGUMENT',
        },
      ],
      [
        'POST',
        '/api/campaigns/',
        { brand: 'nope', name: 'x' },
        { brand: [expect.stringMatching(/^brand must be a UUID/)], code: 'INVALID_ID' },
      ],
      [
        'POST',
        '/api/campaigns/',
        { brand: '00000000-0000-4000-8000-000000000000', name: 'x' },
        { brand: [expect.any(String)], code: 'NOT_FOUND' },
      ],
      [
        'POST',
        '/api/campaigns/',
        { brand: brand.id, name: 'x', status: 'STOPPED' },
        { status: [expect.stringContaining('not a valid choice')], code: 'INVALID_ARGUMENT' },
      ],
      [
        'POST',
        '/api/schedules/',
        { campaign: campaign.id, day_of_week: 7, start_time: '09:00', end_time: '10:00' },
        { day_of_week: [expect.stringContaining('0 (Monday) to 6 (Sunday)')], code: 'INVALID_ARGUMENT' },
      ],
      [
        'POST',
        '/api/schedules/',
        { campaign: campaign.id, day_of_week: 0, start_time: '25:00:00', end_time: '10:00' },
        { start_time: [expect.stringContaining('start_time')], code: 'INVALID_ARGUMENT' },
      ],
      [
        'POST',
        '/api/spends/',
        { campaign: campaign.id, amount: '1.00', spend_date: '2999-01-01' },
        { spend_date: [expect.stringContaining('spend_date')], code: 'FUTURE_SPEND' },
      ],
      [
        'POST',
        '/api/spends/',
        { campaign: campaign.id, amount: '1.00', spend_date: '2024-02-30' },
        { spend_date: [expect.any(String)], code: 'INVALID_ARGUMENT' },
      ],
      ['PUT', `/api/brands/${brand.id}/`, { daily_budget: '5.00' }, { name: ['This field is required.'], code: 'INVALID_ARGUMENT' }],
      [
        'PATCH',
        `/api/campaigns/${campaign.id}/`,
        { brand: '00000000-0000-4000-8000-000000000000' },
        { brand: [expect.stringContaining('cannot change')], code: 'INVALID_ARGUMENT' },
      ],
      ['GET', '/api/spends/?start_date=2024-13-01', undefined, { start_date: [expect.any(String)], code: 'INVALID_ARGUMENT' }],
      ['GET', '/api/campaigns/?brand=nope', undefined, { brand: [expect.stringMatching(/^brand must be a UUID/)], code: 'INVALID_ID' }],
      ['GET', '/api/campaigns/?status=STOPPED', undefined, { status: [expect.any(String)], code: 'INVALID_ARGUMENT' }],
      ['GET', '/api/brands/?limit=0', undefined, { limit: [expect.stringContaining('1 to 500')], code: 'INVALID_ARGUMENT' }],
      ['GET', '/api/brands/?limit=501', undefined, { limit: [expect.any(String)], code: 'INVALID_ARGUMENT' }],
      ['GET', '/api/brands/?offset=-1', undefined, { offset: [expect.any(String)], code: 'INVALID_ARGUMENT' }],
      ['POST', '/api/enforcement/run/', { task: 'everything' }, { task: [expect.any(String)], code: 'INVALID_ARGUMENT' }],
    ];
    for (const [method, path, body, expected] of cases) {
      const answer = await api(method, path, body);
      expect(answer, `${method} ${path} ${JSON.stringify(body)}`).toMatchObject({ status: 400, body: expected });
      expect(Object.keys(answer.body).sort()).toEqual(Object.keys(expected).sort());
    }
    // nothing of them was written
    expect(await expectStatus(200, 'GET', '/api/brands/?name=Bad')).toEqual([]);
    expect(await expectStatus(200, 'GET', `/api/schedules/?campaign=${campaign.id}`)).toEqual([]);
  });

  it('404 {"detail": "Not found."}, 405 with Allow, 409 for conflicts, 400 for a body that is not JSON', async () => {
    const { brand, campaign } = await brandWithCampaign('Conflicts');
    await expectStatus(201, 'POST', '/api/spends/', { campaign: campaign.id, amount: '1.00' });
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const [method, path] of [
      ['GET', `/api/brands/${unknown}/`],
      ['GET', '/api/brands/nope/'],
      ['PUT', `/api/campaigns/${unknown}/`],
      ['DELETE', `/api/schedules/${unknown}/`],
      ['POST', `/api/campaigns/${unknown}/pause/`],
      ['POST', `/api/campaigns/${campaign.id}/explode/`],
      ['GET', '/api/nothing/'],
    ] as const) {
      expect(await api(method, path, method === 'PUT' ? { name: 'x' } : undefined), `${method} ${path}`).toMatchObject({
        status: 404,
        body: { detail: 'Not found.', code: 'NOT_FOUND' },
      });
    }
    const wrongMethod = await api('DELETE', '/api/brands/');
    expect(wrongMethod).toMatchObject({ status: 405, body: { detail: 'Method "DELETE" not allowed.', code: 'METHOD_NOT_ALLOWED' } });
    expect(wrongMethod.headers.get('allow')).toBe('GET, POST, HEAD, OPTIONS');
    expect(await api('POST', '/api/brands/', { name: 'Conflicts' })).toMatchObject({
      status: 409,
      body: { name: [expect.stringContaining('already exists')], code: 'DUPLICATE_NAME' },
    });
    expect(await api('DELETE', `/api/brands/${brand.id}/`)).toMatchObject({
      status: 409,
      body: { detail: expect.stringContaining('spends'), code: 'HAS_SPEND_HISTORY' },
    });
    expect(await api('POST', '/api/brands/', '{"name": ')).toMatchObject({
      status: 400,
      body: { detail: expect.stringContaining('JSON parse error'), code: 'INVALID_ARGUMENT' },
    });
    expect(await api('POST', '/api/brands/', '[1, 2]')).toMatchObject({
      status: 400,
      body: { detail: 'Invalid data. Expected a dictionary, but got list.' },
    });
  });

  it('401 and 403 answer {"detail": …}: no key, a wrong key (before the body is read), a role that may not', async () => {
    const viewer = await keyFor('viewer', 'rest viewer');
    const ingest = await keyFor('ingest', 'rest ingest');
    const { campaign } = await brandWithCampaign('Roles');
    expect(await api('GET', '/api/brands/', undefined, {})).toMatchObject({
      status: 401,
      body: { detail: expect.stringContaining('API key'), code: 'UNAUTHENTICATED' },
    });
    expect(await api('GET', '/api/brands/', undefined, { authorization: 'Token bk_0_wrong' })).toMatchObject({
      status: 401,
      body: { code: 'UNAUTHENTICATED', detail: expect.any(String) },
    });
    expect(await api('POST', '/api/brands/', { name: 'x' }, { authorization: 'Token bk_0_wrong' })).toMatchObject({
      status: 401,
      body: { code: 'UNAUTHENTICATED' },
    });
    expect(await api('POST', '/api/brands/', { name: 'x' }, { authorization: `Token ${viewer}` })).toMatchObject({
      status: 403,
      body: { detail: expect.any(String), code: 'FORBIDDEN' },
    });
    // an ingest key records spends, and reads what it recorded, but not the brands
    expect(
      await api('POST', '/api/spends/', { campaign: campaign.id, amount: '1.00' }, { authorization: `Token ${ingest}` }),
    ).toMatchObject({ status: 201, body: { amount: '1.00' } });
    expect(await api('GET', '/api/brands/', undefined, { authorization: `Token ${ingest}` })).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN' },
    });
  });
});

describe('lists', () => {
  it('?limit=&offset= answers {count, next, previous, results}, as DRF’s LimitOffsetPagination', async () => {
    const { brand } = await brandWithCampaign('Paged');
    for (const n of [2, 3, 4, 5]) await expectStatus(201, 'POST', '/api/campaigns/', { brand: brand.id, name: `Paged ${n}` });
    const base = `${s.url}/api/campaigns/?brand=${brand.id}`;
    const first = await expectStatus(200, 'GET', `/api/campaigns/?brand=${brand.id}&limit=2`);
    expect(first).toMatchObject({ count: 5, next: `${base}&limit=2&offset=2`, previous: null });
    expect(first.results.map((c: any) => c.name)).toEqual(['Paged 2', 'Paged 3']);
    const second = await expectStatus(200, 'GET', first.next.slice(s.url.length));
    expect(second).toMatchObject({ count: 5, next: `${base}&limit=2&offset=4`, previous: `${base}&limit=2` });
    expect(second.results.map((c: any) => c.name)).toEqual(['Paged 4', 'Paged 5']);
    const last = await expectStatus(200, 'GET', second.next.slice(s.url.length));
    expect(last).toMatchObject({ count: 5, next: null, previous: `${base}&limit=2&offset=2` });
    expect(last.results.map((c: any) => c.name)).toEqual(['Paged Search']);
    // offset alone: 50 a page
    expect((await expectStatus(200, 'GET', `/api/campaigns/?brand=${brand.id}&offset=3`)).results).toHaveLength(2);
    // a plain list (windows) is paged the same way
    const campaign = first.results[0];
    for (const day of [0, 1, 2])
      await expectStatus(201, 'POST', '/api/schedules/', {
        campaign: campaign.id,
        day_of_week: day,
        start_time: '09:00',
        end_time: '17:00',
      });
    const windows = await expectStatus(200, 'GET', `/api/schedules/?campaign=${campaign.id}&limit=2&offset=1`);
    expect(windows).toMatchObject({ count: 3, next: null, previous: `${s.url}/api/schedules/?campaign=${campaign.id}&limit=2` });
    expect(windows.results.map((w: any) => w.day_name)).toEqual(['Tuesday', 'Wednesday']);
  });

  it('without ?limit= an array of every row, across GraphQL’s pages of 500', async () => {
    const { campaign } = await brandWithCampaign('Many');
    const inputs = Array.from({ length: 1_201 }, (_, i) => ({ campaignId: campaign.id, amount: '0.01', externalId: `many-${i}` }));
    await gql(`mutation ($i: [SpendInput!]!) { recordSpends(inputs: $i) { index } }`, { i: inputs });
    const all = await expectStatus(200, 'GET', `/api/spends/?campaign=${campaign.id}`);
    expect(all).toHaveLength(1_201);
    expect(new Set(all.map((x: any) => x.id)).size).toBe(1_201);
  });

  it('filters: brand, campaign, status (any case), start_date and end_date (brand-local), include_archived, name', async () => {
    const a = await brandWithCampaign('Filter A', { timezone: 'America/New_York' });
    const b = await brandWithCampaign('Filter B');
    await expectStatus(200, 'POST', `/api/campaigns/${b.campaign.id}/pause/`);
    // 02:00 UTC on the 2nd is still the 1st in New York
    await gql(
      `mutation ($c: ID!) { recordSpend(input: { campaignId: $c, amount: "1.00", occurredAt: "2025-03-02T02:00:00Z" }) { duplicate } }`,
      { c: a.campaign.id },
    );
    await gql(
      `mutation ($c: ID!) { recordSpend(input: { campaignId: $c, amount: "2.00", occurredAt: "2025-03-02T02:00:00Z" }) { duplicate } }`,
      { c: b.campaign.id },
    );
    const names = (list: any[]) => list.map((x) => x.name);
    expect(names(await expectStatus(200, 'GET', `/api/campaigns/?brand=${a.brand.id}`))).toEqual(['Filter A Search']);
    expect(names(await expectStatus(200, 'GET', `/api/campaigns/?status=paused&brand=${b.brand.id}`))).toEqual(['Filter B Search']);
    expect(names(await expectStatus(200, 'GET', `/api/campaigns/?status=ACTIVE&brand=${b.brand.id}`))).toEqual([]);
    expect(names(await expectStatus(200, 'GET', '/api/brands/?name=filter'))).toEqual(['Filter A', 'Filter B']);
    const amounts = (list: any[]) => list.map((x) => x.amount);
    expect(amounts(await expectStatus(200, 'GET', `/api/spends/?start_date=2025-03-01&end_date=2025-03-01`))).toEqual(['1.00']);
    expect(amounts(await expectStatus(200, 'GET', `/api/spends/?start_date=2025-03-02&end_date=2025-03-02`))).toEqual(['2.00']);
    expect(amounts(await expectStatus(200, 'GET', `/api/spends/?start_date=2025-03-01&campaign=${b.campaign.id}`))).toEqual(['2.00']);
    expect(amounts(await expectStatus(200, 'GET', `/api/spends/?end_date=2025-03-31&brand=${a.brand.id}&start_date=`))).toEqual(['1.00']);
    await expectStatus(200, 'POST', `/api/campaigns/${a.campaign.id}/archive/`);
    expect(names(await expectStatus(200, 'GET', `/api/campaigns/?brand=${a.brand.id}`))).toEqual([]);
    expect(await expectStatus(200, 'GET', `/api/campaigns/?brand=${a.brand.id}&include_archived=true`)).toEqual([
      expect.objectContaining({ name: 'Filter A Search', archived: true, archived_at: ISO, status: 'PAUSED', pause_reason: 'MANUAL' }),
    ]);
    expect(await expectStatus(200, 'GET', `/api/schedules/?brand=${a.brand.id}`)).toEqual([]);
  });
});

describe('overrides and the audit trail', () => {
  it('an override started, listed, read and cancelled over REST; every change in the audit trail with its before and after', async () => {
    const { brand, campaign } = await brandWithCampaign('Overridden', { daily_budget: '10.00' });
    await expectStatus(201, 'POST', '/api/spends/', { campaign: campaign.id, amount: '10.00' });
    expect(await expectStatus(200, 'GET', `/api/campaigns/${campaign.id}/`)).toMatchObject({
      status: 'PAUSED',
      pause_reason: 'DAILY_BUDGET',
    });
    const until = new Date(Date.now() + 600_000).toISOString();
    const started = await expectStatus(201, 'POST', '/api/overrides/', {
      campaign: campaign.id,
      lifts: ['DAILY_BUDGET'],
      until,
      reason: 'launch day',
    });
    expect(started).toMatchObject({
      campaign: campaign.id,
      brand: brand.id,
      lifts: ['DAILY_BUDGET'],
      reason: 'launch day',
      cancelled_at: null,
    });
    expect(await expectStatus(200, 'GET', `/api/campaigns/${campaign.id}/`)).toMatchObject({ status: 'ACTIVE' });
    expect(await expectStatus(200, 'GET', `/api/overrides/?brand=${brand.id}`)).toEqual([started]);
    expect(await expectStatus(200, 'GET', `/api/overrides/${started.id}/`)).toEqual(started);
    // its end past the brand's month is refused at its field, nothing written
    expect(
      await expectStatus(400, 'POST', '/api/overrides/', {
        campaign: campaign.id,
        lifts: ['DAILY_BUDGET'],
        until: '2999-01-01T00:00:00Z',
        reason: 'x',
      }),
    ).toMatchObject({ until: [expect.any(String)], code: 'INVALID_ARGUMENT' });
    const cancelled = await expectStatus(200, 'POST', `/api/overrides/${started.id}/cancel/`);
    expect(cancelled.cancelled_at).toEqual(expect.any(String));
    expect(await expectStatus(200, 'GET', `/api/campaigns/${campaign.id}/`)).toMatchObject({
      status: 'PAUSED',
      pause_reason: 'DAILY_BUDGET',
    });
    expect(await expectStatus(200, 'GET', `/api/overrides/?brand=${brand.id}`)).toEqual([]);
    expect(await expectStatus(200, 'GET', `/api/overrides/?brand=${brand.id}&include_ended=true`)).toEqual([cancelled]);

    await expectStatus(200, 'PATCH', `/api/brands/${brand.id}/`, { daily_budget: '25.00' });
    const trail = await expectStatus(200, 'GET', `/api/audit-entries/?brand=${brand.id}`);
    const update = trail.find((e: any) => e.action === 'brand.update');
    expect(update).toMatchObject({
      target_type: 'Brand',
      target_id: brand.id,
      before: { dailyBudget: '10.00' },
      after: { dailyBudget: '25.00' },
    });
    expect(trail.map((e: any) => e.action)).toEqual(
      expect.arrayContaining(['brand.create', 'campaign.create', 'override.start', 'override.cancel', 'brand.update']),
    );
    expect(trail.find((e: any) => e.action === 'override.cancel')).toMatchObject({
      before: { cancelledAt: null },
      after: { cancelledAt: expect.any(String) },
    });
    expect(await expectStatus(200, 'GET', `/api/audit-entries/?target_id=${brand.id}&limit=1`)).toMatchObject({
      count: expect.any(Number),
      results: [{ action: 'brand.create' }],
    });
    await expectStatus(405, 'DELETE', `/api/audit-entries/${update.id}/`);
  });
});

describe('keys, paths and actions', () => {
  it('Authorization: Token <key> as DRF sends it, beside Bearer; paths with and without the trailing slash', async () => {
    const key = await keyFor('operator', 'drf client');
    for (const authorization of [`Token ${key}`, `token ${key}`, `Bearer ${key}`]) {
      const created = await expectStatus(201, 'POST', '/api/brands', { name: `Slash ${authorization.slice(0, 6)}` }, { authorization });
      expect(await expectStatus(200, 'GET', `/api/brands/${created.id}`, undefined, { authorization })).toEqual(created);
      expect(await expectStatus(200, 'GET', `/api/brands/${created.id}/`, undefined, { authorization })).toEqual(created);
      expect(await expectStatus(200, 'PATCH', `/api/brands/${created.id}`, { daily_budget: 7 }, { authorization })).toMatchObject({
        daily_budget: '7.00',
      });
    }
    expect(await expectStatus(200, 'GET', '/api/brands', undefined, { authorization: `Token ${TEST_ADMIN_KEY}` })).toEqual(
      await expectStatus(200, 'GET', '/api/brands/'),
    );
    // HEAD as GET without a body
    const head = await fetch(`${s.url}/api/brands/`, { method: 'HEAD', headers: asAdmin });
    expect([head.status, await head.text()]).toEqual([200, '']);
    // GraphQL takes it too
    expect((await s.gql('{ me { name } }', undefined, { authorization: `Token ${key}` })).data).toEqual({ me: { name: 'drf client' } });
    expect(await expectStatus(200, 'GET', '/api')).toEqual({
      brands: `${s.url}/api/brands/`,
      campaigns: `${s.url}/api/campaigns/`,
      spends: `${s.url}/api/spends/`,
      schedules: `${s.url}/api/schedules/`,
      overrides: `${s.url}/api/overrides/`,
      'audit-entries': `${s.url}/api/audit-entries/`,
    });
  });

  it('a key limited to a brand sees only it: others’ ids are 404, as GraphQL answers null, and nothing of theirs changes', async () => {
    const mine = await brandWithCampaign('Mine');
    const theirs = await brandWithCampaign('Theirs');
    for (const { campaign } of [mine, theirs]) {
      await expectStatus(201, 'POST', '/api/schedules/', { campaign: campaign.id, day_of_week: 0, start_time: '00:00', end_time: '23:59' });
      await expectStatus(201, 'POST', '/api/spends/', { campaign: campaign.id, amount: '1.00' });
    }
    const before = await expectStatus(200, 'GET', `/api/campaigns/${theirs.campaign.id}/`);
    const key = { authorization: `Token ${await keyFor('operator', 'mine only', [mine.brand.id])}` };
    const ids = (list: any[]) => list.map((x) => x.brand ?? x.id);
    expect(ids(await expectStatus(200, 'GET', '/api/brands/', undefined, key))).toEqual([mine.brand.id]);
    expect(ids(await expectStatus(200, 'GET', '/api/campaigns/', undefined, key))).toEqual([mine.brand.id]);
    expect(ids(await expectStatus(200, 'GET', '/api/spends/', undefined, key))).toEqual([mine.brand.id]);
    expect((await expectStatus(200, 'GET', '/api/schedules/', undefined, key)).map((w: any) => w.campaign)).toEqual([mine.campaign.id]);
    expect(await expectStatus(200, 'GET', `/api/campaigns/?brand=${theirs.brand.id}`, undefined, key)).toEqual([]);
    const theirWindow = (await expectStatus(200, 'GET', `/api/schedules/?campaign=${theirs.campaign.id}`))[0];
    for (const [method, path, body] of [
      ['GET', `/api/brands/${theirs.brand.id}/`],
      ['PUT', `/api/brands/${theirs.brand.id}/`, { name: 'Taken' }],
      ['PATCH', `/api/campaigns/${theirs.campaign.id}/`, { status: 'PAUSED' }],
      ['DELETE', `/api/schedules/${theirWindow.id}/`],
      ['POST', `/api/campaigns/${theirs.campaign.id}/pause/`],
    ] as const) {
      expect(await api(method, path, body, key), `${method} ${path}`).toMatchObject({ status: 404, body: { detail: 'Not found.' } });
    }
    expect(await api('POST', '/api/campaigns/', { brand: theirs.brand.id, name: 'Intruder' }, key)).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN', field: 'brand', detail: expect.any(String) },
    });
    expect(await api('POST', '/api/spends/', { campaign: theirs.campaign.id, amount: '1.00' }, key)).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN', field: 'campaign' },
    });
    expect(await expectStatus(200, 'GET', `/api/brands/${theirs.brand.id}/`)).toMatchObject({ name: 'Theirs', monthly_spend: '1.00' });
    expect(await expectStatus(200, 'GET', `/api/campaigns/${theirs.campaign.id}/`)).toEqual(before);
  });

  it('pause, resume, archive, unarchive; a status change an archived campaign refuses writes nothing else', async () => {
    const { campaign } = await brandWithCampaign('Actions');
    const path = `/api/campaigns/${campaign.id}`;
    expect(await expectStatus(200, 'POST', `${path}/pause/`)).toMatchObject({ status: 'PAUSED', pause_reason: 'MANUAL' });
    expect(await expectStatus(200, 'POST', `${path}/resume`)).toMatchObject({ status: 'ACTIVE', pause_reason: null });
    expect(await expectStatus(200, 'POST', `${path}/archive/`)).toMatchObject({ archived: true, status: 'PAUSED' });
    expect(await api('PATCH', `${path}/`, { name: 'Renamed', status: 'ACTIVE' })).toMatchObject({
      status: 409,
      body: { code: 'ARCHIVED' },
    });
    expect(await expectStatus(200, 'GET', `${path}/`)).toMatchObject({ name: 'Actions Search', status: 'PAUSED', archived: true });
    expect(await expectStatus(200, 'POST', `${path}/unarchive/`)).toMatchObject({
      archived: false,
      status: 'PAUSED',
      pause_reason: 'MANUAL',
    });
    expect(await expectStatus(200, 'PATCH', `${path}/`, { name: 'Renamed', status: 'active' })).toMatchObject({
      name: 'Renamed',
      status: 'ACTIVE',
    });
    expect(await api('GET', `${path}/pause/`)).toMatchObject({ status: 405, body: { code: 'METHOD_NOT_ALLOWED' } });
  });

  it('POST /api/enforcement/run/ runs a task now, as the old management commands did', async () => {
    const { campaign } = await brandWithCampaign('Enforced', { daily_budget: '1.00' });
    // a spend written around the API: enforce_budgets pauses what it crossed
    await t.sql(
      `insert into spends (brand_id, campaign_id, amount, occurred_at, source) select brand_id, id, 5000, now(), 'sql' from campaigns where id = $1`,
      [campaign.id],
    );
    const run = await expectStatus(200, 'POST', '/api/enforcement/run/', { task: 'enforce_budgets' });
    expect(run).toMatchObject({
      task: 'ENFORCE_BUDGETS',
      paused: 1,
      resumed: 0,
      relabeled: 0,
      by_reason: [{ reason: 'DAILY_BUDGET', count: 1 }],
    });
    expect(run.changes).toEqual([
      {
        campaign: campaign.id,
        campaign_name: 'Enforced Search',
        brand: campaign.brand,
        from_status: 'ACTIVE',
        from_reason: null,
        to_status: 'PAUSED',
        to_reason: 'DAILY_BUDGET',
        event: expect.any(String),
      },
    ]);
  });
});

describe('the OpenAPI document (/api/schema/)', () => {
  it('describes exactly the routes there are, grouped by resource, every reference resolving', async () => {
    const doc = await expectStatus(200, 'GET', '/api/schema/', undefined, {});
    expect(Object.keys(doc.paths)).toEqual([
      '/api/brands/',
      '/api/brands/{id}/',
      '/api/brands/{id}/archive/',
      '/api/brands/{id}/unarchive/',
      '/api/campaigns/',
      '/api/campaigns/{id}/',
      '/api/campaigns/{id}/pause/',
      '/api/campaigns/{id}/resume/',
      '/api/campaigns/{id}/archive/',
      '/api/campaigns/{id}/unarchive/',
      '/api/spends/',
      '/api/schedules/',
      '/api/schedules/{id}/',
      '/api/overrides/',
      '/api/overrides/{id}/',
      '/api/overrides/{id}/cancel/',
      '/api/audit-entries/',
      '/api/enforcement/run/',
    ]);
    expect(doc.tags.map((t: any) => t.name)).toEqual([
      'Brands',
      'Campaigns',
      'Spends',
      'Schedules',
      'Overrides',
      'Audit trail',
      'Enforcement',
    ]);
    const operations = Object.values(doc.paths).flatMap((p: any) => Object.values(p)) as any[];
    expect(new Set(operations.map((o) => o.operationId)).size).toBe(operations.length);
    for (const o of operations) expect(doc.tags.map((t: any) => t.name)).toContain(o.tags[0]);
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]!);
    for (const name of refs) expect(doc.components.schemas, name).toHaveProperty(name);
    // every field a client reads is described, with GraphQL's words in REST's
    expect(Object.keys(doc.components.schemas.Schedule.properties)).toEqual([
      'id',
      'campaign',
      'day_of_week',
      'day_name',
      'start_time',
      'end_time',
      'is_active',
      'created_at',
      'updated_at',
    ]);
    expect(doc.components.schemas.Brand.properties.daily_remaining.description).toBe(
      'daily_budget − daily_spend (negative when overspent); null without a budget',
    );
    // and what each operation answers, as it answers it (a path in another resource's words fails here)
    const { paths } = doc;
    for (const [path, methods] of Object.entries(paths) as [string, any][]) {
      for (const [method, o] of Object.entries(methods) as [string, any][]) {
        const success = Object.keys(o.responses).filter((code) => code.startsWith('2'));
        expect(success.length, `${method} ${path}`).toBeGreaterThan(0);
        expect(Object.keys(o.responses), `${method} ${path}`).toEqual(expect.arrayContaining(['401', '403']));
      }
    }
  });

  it('every example runs: each resource created, listed, read, updated, acted on and deleted as the document shows', async () => {
    // a database of its own: the examples name "Acme Corporation", which the tests above hold
    const fresh = await serverForFile();
    try {
      const call = async (method: string, path: string, body?: unknown) => {
        const res = await fetch(`${fresh.s.url}${path}`, {
          method: method.toUpperCase(),
          headers: { ...asAdmin, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        return { status: res.status, body: text ? JSON.parse(text) : null };
      };
      const doc = (await call('get', '/api/schema/')).body;
      const ids: Record<string, string> = {};
      const fill = (value: unknown) => JSON.parse(JSON.stringify(value).replace(/<(\w+)_id>/g, (_, name) => ids[`${name}s`] ?? '?'));
      const ran: string[] = [];
      const run = async (path: string, method: string, o: any, id?: string) => {
        const url = path.replace('{id}', id ?? '?');
        const query = (o.parameters ?? []).filter((p: any) => p.in === 'query' && p.example !== undefined);
        const search = query.length ? `?${query.map((p: any) => `${p.name}=${encodeURIComponent(fill(p.example))}`).join('&')}` : '';
        const example = o.requestBody?.content['application/json'].example;
        const answer = await call(method, url + search, example === undefined ? undefined : fill(example));
        const expected = Object.keys(o.responses).find((code) => code.startsWith('2') && code !== '200') ?? '200';
        expect(answer.status, `${method} ${url}${search} ${JSON.stringify(answer.body)}`).toBe(Number(expected));
        ran.push(o.operationId);
        return answer.body;
      };
      for (const tag of doc.tags.map((t: any) => t.name)) {
        const operations = (Object.entries(doc.paths) as [string, any][]).flatMap(([path, methods]) =>
          (Object.entries(methods) as [string, any][]).filter(([, o]) => o.tags[0] === tag).map(([method, o]) => ({ path, method, o })),
        );
        const create = operations.find((x) => x.o.operationId.endsWith('_create'));
        let id = create ? (await run(create.path, create.method, create.o)).id : undefined;
        for (const x of operations.filter((x) => x !== create && x.method !== 'delete')) await run(x.path, x.method, x.o, id);
        for (const x of operations.filter((x) => x.method === 'delete')) {
          await run(x.path, x.method, x.o, id);
          // and made again, for the resources that name it
          id = (await run(create!.path, create!.method, create!.o)).id;
        }
        if (id) ids[create!.path.split('/')[2]!] = id;
      }
      const all = Object.values(doc.paths).flatMap((p: any) => Object.values(p).map((o: any) => o.operationId));
      expect(new Set(ran)).toEqual(new Set(all));
    } finally {
      await closeServer(fresh.t, fresh.s);
    }
  });
});

describe('the README', () => {
  it("REST section's curl commands run as written (a fresh database; the ids from the answers)", async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf("### REST, for the old system's clients"));
    const block = /```bash\n([\s\S]*?)```/.exec(section)![1]!.replace(/\\\n\s*/g, ' ');
    const commands = block.split('\n').filter((line) => line.startsWith('curl '));
    expect(commands.length).toBeGreaterThan(4);
    const fresh = await serverForFile();
    try {
      const ids: Record<string, string> = {};
      for (const command of commands) {
        const method = /-X (\w+)/.exec(command)?.[1] ?? 'GET';
        const path = /localhost:4000(\/[^\s"']*)/.exec(command)![1]!;
        const data = /-d '([^']*)'/.exec(command)?.[1];
        const fill = (text: string) => text.replace(/(BRAND|CAMPAIGN)_ID/g, (_, name: string) => ids[name]!);
        const res = await fetch(`${fresh.s.url}${fill(path)}`, {
          method,
          headers: { authorization: `Token ${TEST_ADMIN_KEY}`, ...(data ? { 'content-type': 'application/json' } : {}) },
          body: data ? fill(data) : undefined,
        });
        const body = await res.json();
        expect(res.status, `${command}: ${JSON.stringify(body)}`).toBe(method === 'POST' ? 201 : 200);
        if (path.startsWith('/api/brands/') && method === 'POST') ids.BRAND = body.id;
        if (path.startsWith('/api/campaigns/') && method === 'POST') ids.CAMPAIGN = body.id;
        if (path.startsWith('/api/spends/?')) expect(body).toHaveLength(1);
      }
    } finally {
      await closeServer(fresh.t, fresh.s);
    }
  });
});
