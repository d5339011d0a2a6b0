// Google Ads as the simulator speaks it over HTTP, shaped as PLATFORMS.md's examples: the OAuth
// refresh, searchStream as a JSON array of batches (camelCase, int64 as strings), mutate with
// partial failure, the change history, and the errors (auth, permission, query, injected faults).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessToken, control, gaql, google, googleToken, simulator, type Simulator } from '../helpers/simulator.ts';

const REFRESH = '1//test-refresh';
let sim: Simulator;
let token: string;

beforeAll(async () => {
  sim = await simulator({
    clock: { start: '2026-12-06T17:00:00Z', speed: 0 }, // 12:00 in New York, frozen
    accounts: [
      {
        platform: 'GOOGLE_ADS',
        id: '1234567890',
        name: 'Acme',
        currency: 'USD',
        timeZone: 'America/New_York',
        credentials: [REFRESH],
        campaigns: [
          { id: '111', name: 'Brand', hourlyRate: '10.00', since: '2026-12-05T05:00:00Z' },
          { id: '222', name: 'Generic', hourlyRate: '2.50', status: 'PAUSED', since: '2026-12-05T05:00:00Z' },
          { id: '333', name: 'Shopping', hourlyRate: '1.234567', dailyBudget: '50.00', since: '2026-12-06T15:00:00Z' },
        ],
      },
      {
        platform: 'GOOGLE_ADS',
        id: '5555555555',
        currency: 'EUR',
        timeZone: 'Europe/Berlin',
        managerId: '9999999999',
        credentials: [REFRESH],
      },
    ],
  });
  token = await accessToken(sim, REFRESH);
});
afterAll(() => sim.close());

describe('OAuth token endpoint', () => {
  it('exchanges a refresh token for a Bearer access token; refuses a wrong client or an unknown token', async () => {
    const ok = await googleToken(sim, REFRESH);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({
      access_token: expect.stringMatching(/^ya29\./),
      expires_in: 3599,
      scope: 'https://www.googleapis.com/auth/adwords',
      token_type: 'Bearer',
    });
    expect(await googleToken(sim, REFRESH, { id: 'other', secret: 'x' })).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(await googleToken(sim, '1//nobody')).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' },
    });
  });
});

describe('googleAds:searchStream', () => {
  it('answers a JSON array of batches: camelCase, nested by resource, int64 as strings, zero rows left out', async () => {
    const r = await google(sim, token, '1234567890', 'googleAds:searchStream', {
      query:
        "SELECT campaign.id, metrics.cost_micros, segments.date FROM campaign WHERE segments.date BETWEEN '2026-12-05' AND '2026-12-06'",
    });
    expect(r.status).toBe(200);
    expect(Array.isArray(r.body)).toBe(true);
    expect(r.body).toHaveLength(1);
    const [batch] = r.body;
    expect(batch.fieldMask).toBe('campaign.id,metrics.costMicros,segments.date');
    expect(batch.requestId).toEqual(expect.any(String));
    // 222 is paused (no cost, no rows); 333 started today
    expect(batch.results.map((x: any) => [x.campaign.id, x.segments.date])).toEqual([
      ['111', '2026-12-05'],
      ['111', '2026-12-06'],
      ['333', '2026-12-06'],
    ]);
    expect(batch.results[0]).toEqual({
      campaign: { resourceName: 'customers/1234567890/campaigns/111', id: '111' },
      metrics: { costMicros: '240000000' },
      segments: { date: '2026-12-05' },
    });
    for (const row of batch.results) expect(row.metrics.costMicros).toMatch(/^[0-9]+$/);
  });

  it("reads the account's time zone and currency, and every campaign's status (zero cost included)", async () => {
    expect(await gaql(sim, token, '1234567890', 'SELECT customer.id, customer.time_zone, customer.currency_code FROM customer')).toEqual([
      { customer: { resourceName: 'customers/1234567890', id: '1234567890', timeZone: 'America/New_York', currencyCode: 'USD' } },
    ]);
    const rows = await gaql(
      sim,
      token,
      '1234567890',
      'SELECT campaign.id, campaign.name, campaign.status FROM campaign ORDER BY campaign.id',
    );
    expect(rows.map((x) => [x.campaign.id, x.campaign.name, x.campaign.status])).toEqual([
      ['111', 'Brand', 'ENABLED'],
      ['222', 'Generic', 'PAUSED'],
      ['333', 'Shopping', 'ENABLED'],
    ]);
    const filtered = await gaql(sim, token, '1234567890', "SELECT campaign.id FROM campaign WHERE campaign.status = 'PAUSED'");
    expect(filtered.map((x) => x.campaign.id)).toEqual(['222']);
    const today = await gaql(
      sim,
      token,
      '1234567890',
      'SELECT campaign.id, metrics.cost_micros FROM campaign WHERE segments.date DURING TODAY AND campaign.id IN (111, 222)',
    );
    expect(today).toEqual([
      {
        campaign: { resourceName: 'customers/1234567890/campaigns/111', id: '111' },
        metrics: { costMicros: expect.stringMatching(/^[1-9][0-9]*$/) },
      },
      { campaign: { resourceName: 'customers/1234567890/campaigns/222', id: '222' }, metrics: { costMicros: '0' } },
    ]);
  });

  it('cuts a long answer into batches of 10,000 rows; :search pages with nextPageToken', async () => {
    const campaigns = Array.from({ length: 10_050 }, (_, i) => ({ id: String(700_000 + i), status: 'PAUSED' }));
    await control(sim, 'POST', '/accounts', { platform: 'GOOGLE_ADS', id: '7777777777', credentials: [REFRESH], campaigns });
    const stream = await google(sim, token, '7777777777', 'googleAds:searchStream', { query: 'SELECT campaign.id FROM campaign' });
    expect(stream.body.map((b: any) => b.results.length)).toEqual([10_000, 50]);
    const first = await google(sim, token, '7777777777', 'googleAds:search', {
      query: 'SELECT campaign.id FROM campaign',
      returnTotalResultsCount: true,
    });
    expect(first.body).toMatchObject({ totalResultsCount: '10050', nextPageToken: expect.any(String) });
    const second = await google(sim, token, '7777777777', 'googleAds:search', {
      query: 'SELECT campaign.id FROM campaign',
      pageToken: first.body.nextPageToken,
    });
    expect(second.body.results).toHaveLength(50);
    expect(second.body.nextPageToken).toBeUndefined();
    // no rows: one batch without results
    const none = await google(sim, token, '7777777777', 'googleAds:searchStream', {
      query: "SELECT campaign.id FROM campaign WHERE campaign.status = 'ENABLED'",
    });
    expect(none.body).toEqual([{ fieldMask: 'campaign.id', requestId: expect.any(String) }]);
  });

  it('refuses what Google refuses: unknown fields, a date segment without a range, change_event without LIMIT', async () => {
    const failure = async (query: string) => {
      const r = await google(sim, token, '1234567890', 'googleAds:searchStream', { query });
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
      expect(r.body.error.details[0]['@type']).toBe('type.googleapis.com/google.ads.googleads.v26.errors.GoogleAdsFailure');
      return r.body.error.details[0].errors[0].errorCode;
    };
    expect(await failure('SELECT campaign.budget_thing FROM campaign')).toEqual({ queryError: 'UNRECOGNIZED_FIELD' });
    expect(await failure('SELECT campaign.id, segments.date, metrics.cost_micros FROM campaign')).toEqual({
      queryError: 'EXPECTED_FILTERS_ON_DATE_RANGE',
    });
    expect(await failure("SELECT change_event.user_email FROM change_event WHERE change_event.change_date_time >= '2026-12-01'")).toEqual({
      changeEventError: 'LIMIT_NOT_SPECIFIED',
    });
    expect(await failure('SELECT campaign.id FROM ad_group')).toEqual({ queryError: 'BAD_RESOURCE_TYPE_IN_FROM_CLAUSE' });
  });
});

describe('campaigns:mutate', () => {
  it('pauses and enables campaigns in one request, and the change history says the API did it', async () => {
    const r = await google(sim, token, '1234567890', 'campaigns:mutate', {
      operations: [
        { update: { resourceName: 'customers/1234567890/campaigns/111', status: 'PAUSED' }, updateMask: 'status' },
        { update: { resourceName: 'customers/1234567890/campaigns/222', status: 'ENABLED' }, updateMask: 'status' },
      ],
      partialFailure: true,
    });
    expect(r).toMatchObject({
      status: 200,
      body: { results: [{ resourceName: 'customers/1234567890/campaigns/111' }, { resourceName: 'customers/1234567890/campaigns/222' }] },
    });
    expect(r.body.partialFailureError).toBeUndefined();
    const events = await gaql(
      sim,
      token,
      '1234567890',
      'SELECT change_event.change_date_time, change_event.client_type, change_event.user_email, change_event.old_resource, change_event.new_resource, change_event.changed_fields FROM change_event WHERE change_event.change_date_time DURING TODAY ORDER BY change_event.change_date_time LIMIT 100',
    );
    expect(events.map((e) => e.changeEvent)).toEqual([
      expect.objectContaining({
        changeDateTime: '2026-12-06 12:00:00.000000',
        clientType: 'GOOGLE_ADS_API',
        oldResource: { campaign: { status: 'ENABLED' } },
        newResource: { campaign: { status: 'PAUSED' } },
        changedFields: 'status',
      }),
      expect.objectContaining({ clientType: 'GOOGLE_ADS_API', newResource: { campaign: { status: 'ENABLED' } } }),
    ]);
    // someone enables 111 again in the UI: the history names them
    await control(sim, 'POST', '/accounts/1234567890/campaigns/111/ui', { status: 'ENABLED', actor: 'bob@agency.example' });
    const [last] = await gaql(
      sim,
      token,
      '1234567890',
      'SELECT change_event.client_type, change_event.user_email, change_event.change_resource_name FROM change_event WHERE change_event.change_date_time DURING TODAY ORDER BY change_event.change_date_time DESC LIMIT 1',
    );
    expect(last.changeEvent).toMatchObject({
      clientType: 'GOOGLE_ADS_WEB_CLIENT',
      userEmail: 'bob@agency.example',
      changeResourceName: 'customers/1234567890/campaigns/111',
    });
    // put back as it was
    await google(sim, token, '1234567890', 'campaigns:mutate', {
      operations: [{ update: { resourceName: 'customers/1234567890/campaigns/222', status: 'PAUSED' }, updateMask: 'status' }],
    });
  });

  it('with partialFailure, applies the good operations and names the bad ones; without it, applies none', async () => {
    const ops = [
      { update: { resourceName: 'customers/1234567890/campaigns/333', status: 'PAUSED' }, updateMask: 'status' },
      { update: { resourceName: 'customers/1234567890/campaigns/999', status: 'PAUSED' }, updateMask: 'status' },
    ];
    const atomic = await google(sim, token, '1234567890', 'campaigns:mutate', { operations: ops });
    expect(atomic.status).toBe(400);
    expect(atomic.body.error.details[0].errors).toEqual([
      {
        errorCode: { mutateError: 'RESOURCE_NOT_FOUND' },
        message: 'Resource was not found.',
        location: { fieldPathElements: [{ fieldName: 'operations', index: 1 }, { fieldName: 'update' }] },
      },
    ]);
    expect(sim.world.campaign('1234567890', '333').status).toBe('ENABLED');

    const partial = await google(sim, token, '1234567890', 'campaigns:mutate', { operations: ops, partialFailure: true });
    expect(partial.status).toBe(200);
    expect(partial.body.results).toEqual([{ resourceName: 'customers/1234567890/campaigns/333' }, {}]);
    expect(partial.body.partialFailureError).toMatchObject({
      code: 3,
      details: [{ errors: [{ errorCode: { mutateError: 'RESOURCE_NOT_FOUND' } }] }],
    });
    expect(sim.world.campaign('1234567890', '333').status).toBe('PAUSED');

    const twice = await google(sim, token, '1234567890', 'campaigns:mutate', { operations: [ops[0], ops[0]] });
    expect(twice.body.error.details[0].errors[0].errorCode).toEqual({ mutateError: 'ID_EXISTS_IN_MULTIPLE_MUTATES' });
    const dryRun = await google(sim, token, '1234567890', 'campaigns:mutate', {
      operations: [{ update: { resourceName: 'customers/1234567890/campaigns/333', status: 'ENABLED' }, updateMask: 'status' }],
      validateOnly: true,
    });
    expect(dryRun).toMatchObject({ status: 200, body: {} });
    expect(sim.world.campaign('1234567890', '333').status).toBe('PAUSED');
  });
});

describe('auth and permission', () => {
  it('a managed account needs its manager as login-customer-id', async () => {
    const without = await google(sim, token, '5555555555', 'googleAds:searchStream', { query: 'SELECT customer.id FROM customer' });
    expect(without.status).toBe(403);
    expect(without.body.error).toMatchObject({
      status: 'PERMISSION_DENIED',
      details: [{ errors: [{ errorCode: { authorizationError: 'USER_PERMISSION_DENIED' } }] }],
    });
    const rows = await gaql(sim, token, '5555555555', 'SELECT customer.currency_code FROM customer', { 'login-customer-id': '9999999999' });
    expect(rows[0].customer.currencyCode).toBe('EUR');
  });

  it('an expired access token answers 401 OAUTH_TOKEN_EXPIRED until refreshed; a revoked refresh token, invalid_grant', async () => {
    await control(sim, 'POST', '/accounts', { platform: 'GOOGLE_ADS', id: '3333333333', credentials: ['1//short'] });
    const before = await accessToken(sim, '1//short');
    expect((await control(sim, 'POST', '/accounts/3333333333/credentials', { action: 'expire' })).body.expired).toBe(1);
    const expired = await google(sim, before, '3333333333', 'googleAds:searchStream', { query: 'SELECT customer.id FROM customer' });
    expect(expired.status).toBe(401);
    expect(expired.body.error).toMatchObject({
      status: 'UNAUTHENTICATED',
      details: [{ errors: [{ errorCode: { authenticationError: 'OAUTH_TOKEN_EXPIRED' } }] }],
    });
    const fresh = await accessToken(sim, '1//short');
    expect((await gaql(sim, fresh, '3333333333', 'SELECT customer.id FROM customer'))[0].customer.id).toBe('3333333333');

    await control(sim, 'POST', '/accounts/3333333333/credentials', { action: 'revoke' });
    expect(await googleToken(sim, '1//short')).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const revoked = await google(sim, fresh, '3333333333', 'googleAds:searchStream', { query: 'SELECT customer.id FROM customer' });
    expect(revoked.body.error.details[0].errors[0].errorCode).toEqual({ authenticationError: 'OAUTH_TOKEN_REVOKED' });
    // a new credential works again (what updateAdAccountCredentials would carry)
    const issued = await control(sim, 'POST', '/accounts/3333333333/credentials', { action: 'issue' });
    expect((await googleToken(sim, issued.body.token)).status).toBe(200);
  });
});

describe('injected faults', () => {
  it('a rate limit answers 429 RESOURCE_TEMPORARILY_EXHAUSTED with its retryDelay, for as many requests as asked', async () => {
    const fault = await control(sim, 'POST', '/faults', {
      kind: 'rateLimit',
      platform: 'GOOGLE_ADS',
      endpoint: 'mutate',
      account: '1234567890',
      count: 1,
      retryDelaySeconds: 3,
    });
    expect(fault.status).toBe(201);
    const op = {
      operations: [{ update: { resourceName: 'customers/1234567890/campaigns/333', status: 'ENABLED' }, updateMask: 'status' }],
    };
    const limited = await google(sim, token, '1234567890', 'campaigns:mutate', op);
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED' });
    expect(limited.body.error.details[0].errors[0]).toMatchObject({
      errorCode: { quotaError: 'RESOURCE_TEMPORARILY_EXHAUSTED' },
      details: { quotaErrorDetails: { rateScope: 'ACCOUNT', retryDelay: '3s' } },
    });
    expect(sim.world.campaign('1234567890', '333').status).toBe('PAUSED'); // refused: nothing applied
    // searches are not hit by a fault on mutate; the next mutate goes through
    expect((await google(sim, token, '1234567890', 'googleAds:searchStream', { query: 'SELECT customer.id FROM customer' })).status).toBe(
      200,
    );
    expect((await google(sim, token, '1234567890', 'campaigns:mutate', op)).status).toBe(200);
    expect((await control(sim, 'GET', '/faults')).body).toEqual([]);
  });

  it('5xx in Google’s shape (502 as a front end’s HTML page), and a timeout that never answers', async () => {
    await control(sim, 'POST', '/faults', { kind: 'serverError', status: 503, platform: 'GOOGLE_ADS', count: 1 });
    const unavailable = await google(sim, token, '1234567890', 'googleAds:searchStream', { query: 'SELECT customer.id FROM customer' });
    expect(unavailable).toMatchObject({
      status: 503,
      body: { error: { status: 'UNAVAILABLE', details: [{ errors: [{ errorCode: { internalError: 'TRANSIENT_ERROR' } }] }] } },
    });
    await control(sim, 'POST', '/faults', { kind: 'serverError', status: 502, count: 1 });
    const gateway = await google(sim, token, '1234567890', 'googleAds:searchStream', { query: 'SELECT customer.id FROM customer' });
    expect(gateway.status).toBe(502);
    expect(gateway.text).toMatch(/^<!DOCTYPE html>/);

    await control(sim, 'POST', '/faults', { kind: 'timeout', endpoint: 'searchStream', count: 1 });
    const hung = google(
      sim,
      token,
      '1234567890',
      'googleAds:searchStream',
      { query: 'SELECT customer.id FROM customer' },
      {},
      AbortSignal.timeout(500),
    );
    await expect(hung).rejects.toThrow(/aborted|timeout/i);
    expect((await google(sim, token, '1234567890', 'googleAds:searchStream', { query: 'SELECT customer.id FROM customer' })).status).toBe(
      200,
    );
    const log = (await control(sim, 'GET', '/requests?platform=GOOGLE_ADS&endpoint=searchStream')).body as any[];
    expect(log.slice(-2).map((r) => [r.fault, r.status])).toEqual([
      ['timeout', null],
      [null, 200],
    ]);
  });
});
