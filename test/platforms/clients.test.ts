// The platform clients against the in-process simulator: each PlatformClient method on both wire
// formats, exact money, partial failures, the change history's actors, and the errors the sync
// engine acts on (rate limits with their delays, expired and revoked tokens, 5xx, timeouts, the
// outbound guard). No database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors.ts';
import { checkCredentials, clientFor, parseExternalAccountId } from '../../src/platforms/clients.ts';
import { instantOf, wallClock } from '../../src/platforms/google.ts';
import { spendMicros } from '../../src/platforms/meta.ts';
import { PlatformError, type Credentials, type PlatformClient, type PlatformSettings } from '../../src/platforms/types.ts';
import { control, simulator, type Simulator } from '../helpers/simulator.ts';

const FLAT = new Array(24).fill(1);
const NOW = '2026-12-06T18:00:00Z'; // 13:00 in New York, frozen
const SINCE = '2026-12-04T05:00:00Z'; // midnight in New York: Dec 4 and 5 are whole days
const GOOGLE = '1234567890';
const MANAGED = '2222222222';
const REVOKED = '3333333333';
const META_USD = 'act_100000000000001';
const META_JPY = 'act_200000000000002';
const META_EXPIRED = 'act_300000000000003';
const TOKENS = ['1//refresh-main', '1//refresh-managed', '1//refresh-doomed', 'EAAusdtoken0001', 'EAAjpytoken0002', 'EAAexpiring0003'];
const metaId = (n: number) => String(23850000000000000n + BigInt(n));

let sim: Simulator;

beforeAll(async () => {
  sim = await simulator({
    clock: { start: NOW, speed: 0 },
    accounts: [
      {
        platform: 'GOOGLE_ADS',
        id: GOOGLE,
        name: 'Acme Search',
        currency: 'USD',
        timeZone: 'America/New_York',
        credentials: ['1//refresh-main'],
        campaigns: [
          { id: '111', name: 'Brand', hourlyRate: '12.345678', curve: FLAT, since: SINCE },
          { id: '222', name: 'Generic', since: SINCE },
          { id: '333', name: 'Shopping', status: 'PAUSED', since: SINCE },
          { id: '444', name: 'Old', status: 'REMOVED', since: SINCE },
        ],
      },
      { platform: 'GOOGLE_ADS', id: MANAGED, name: 'Managed', managerId: '9999999999', credentials: ['1//refresh-managed'] },
      { platform: 'GOOGLE_ADS', id: REVOKED, name: 'Doomed', credentials: ['1//refresh-doomed'], campaigns: [{ id: '1' }] },
      {
        platform: 'META',
        id: META_USD,
        name: 'Acme Social',
        currency: 'USD',
        timeZone: 'UTC',
        credentials: ['EAAusdtoken0001'],
        campaigns: [
          { id: metaId(1), name: 'Prospecting', hourlyRate: '10.123456', curve: FLAT, since: SINCE },
          { id: metaId(2), name: 'Retargeting', hourlyRate: '0.5', curve: FLAT, since: SINCE },
          { id: metaId(3), name: 'Paused', status: 'PAUSED', since: SINCE },
          { id: metaId(4), name: 'Archived', status: 'ARCHIVED', since: SINCE },
          { id: metaId(5), name: 'Deleted', status: 'DELETED', since: SINCE },
          // enough for a second page of 500
          ...Array.from({ length: 515 }, (_, i) => ({ id: metaId(100 + i), name: `Filler ${i}` })),
        ],
      },
      {
        platform: 'META',
        id: META_JPY,
        currency: 'JPY',
        timeZone: 'UTC',
        credentials: ['EAAjpytoken0002'],
        campaigns: [{ id: '23860000000000001', hourlyRate: '1234.5678', curve: FLAT, since: SINCE }],
      },
      { platform: 'META', id: META_EXPIRED, credentials: ['EAAexpiring0003'], campaigns: [{ id: '23870000000000001' }] },
    ],
  });
});
afterAll(() => sim?.close());

function settings(over: Partial<PlatformSettings> = {}): PlatformSettings {
  const s = sim.settings();
  return {
    google: {
      apiUrl: s.GOOGLE_ADS_API_URL!,
      apiVersion: s.GOOGLE_ADS_API_VERSION!,
      tokenUrl: s.GOOGLE_OAUTH_TOKEN_URL!,
      clientId: s.GOOGLE_ADS_CLIENT_ID!,
      clientSecret: s.GOOGLE_ADS_CLIENT_SECRET!,
    },
    meta: { apiUrl: s.META_GRAPH_API_URL!, apiVersion: s.META_GRAPH_API_VERSION! },
    allowHosts: [s.OUTBOUND_ALLOW_HOSTS!],
    timeoutMs: 5_000,
    ...over,
  };
}

const now = () => sim.world.now();
const googleClient = (id = GOOGLE, credentials: Credentials = { refreshToken: '1//refresh-main' }, over = {}) =>
  clientFor('GOOGLE_ADS', id, credentials, settings(over), { now });
const metaClient = (id = META_USD, token = 'EAAusdtoken0001', over = {}) => clientFor('META', id, { accessToken: token }, settings(over));

/** The PlatformError a call fails with (the test fails if it succeeds or throws anything else). */
async function failure(p: Promise<unknown>): Promise<PlatformError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlatformError);
  const e = error as PlatformError;
  for (const token of TOKENS) expect(e.message).not.toContain(token);
  return e;
}

async function fault(body: Record<string, unknown>): Promise<void> {
  const r = await control(sim, 'POST', '/faults', body);
  expect(r.status).toBeLessThan(300);
}

const requests = async (q: string) => (await control(sim, 'GET', `/requests?${q}`)).body as { status: number; path: string }[];

describe('Google Ads', () => {
  let client: PlatformClient;
  beforeAll(() => {
    client = googleClient();
  });

  it('reads the account and its campaigns, removed ones too', async () => {
    expect(await client.readAccount()).toEqual({
      externalAccountId: GOOGLE,
      name: 'Acme Search',
      currency: 'USD',
      timeZone: 'America/New_York',
    });
    expect(await client.listCampaigns()).toEqual([
      { externalCampaignId: '111', name: 'Brand', status: 'ENABLED' },
      { externalCampaignId: '222', name: 'Generic', status: 'ENABLED' },
      { externalCampaignId: '333', name: 'Shopping', status: 'PAUSED' },
      { externalCampaignId: '444', name: 'Old', status: 'REMOVED' },
    ]);
    expect(client.quota).toBeNull();
  });

  it('reads costs as exact micros per campaign and account-date, without zero rows', async () => {
    const rows = await client.costs('2026-12-03', '2026-12-06'); // it began on the 4th
    expect(rows).toEqual([
      { externalCampaignId: '111', date: '2026-12-04', micros: 296_296_272n, reported: '296296272' },
      { externalCampaignId: '111', date: '2026-12-05', micros: 296_296_272n, reported: '296296272' }, // 24 h × 12.345678
      { externalCampaignId: '111', date: '2026-12-06', micros: 160_493_814n, reported: '160493814' }, // 13 h so far
    ]);
  });

  it('sends the manager account as login-customer-id', async () => {
    const managed = { refreshToken: '1//refresh-managed' };
    expect((await googleClient(MANAGED, { ...managed, loginCustomerId: '9999999999' }).readAccount()).name).toBe('Managed');
    const e = await failure(googleClient(MANAGED, managed).readAccount());
    expect(e.kind).toBe('PERMISSION');
    expect(e.details.code).toBe('USER_PERMISSION_DENIED');
  });

  it('sets statuses in one mutate, a refused campaign failing alone', async () => {
    const before = (await requests('endpoint=mutate')).length;
    const outcomes = await client.setStatuses([
      { externalCampaignId: '111', status: 'PAUSED' },
      { externalCampaignId: '444', status: 'ENABLED' },
      { externalCampaignId: '999', status: 'PAUSED' },
      { externalCampaignId: '333', status: 'ENABLED' },
    ]);
    expect((await requests('endpoint=mutate')).length).toBe(before + 1);
    expect(outcomes.map((o) => [o.externalCampaignId, o.error?.kind ?? null, o.error?.details.code ?? null])).toEqual([
      ['111', null, null],
      ['444', 'INVALID', 'OPERATION_NOT_PERMITTED_FOR_REMOVED_RESOURCE'],
      ['999', 'INVALID', 'RESOURCE_NOT_FOUND'],
      ['333', null, null],
    ]);
    expect(outcomes[2]!.error!.message).toContain('campaign 999');
    const campaigns = sim.world.account(GOOGLE).campaigns;
    expect([campaigns.get('111')!.status, campaigns.get('333')!.status, campaigns.get('444')!.status]).toEqual([
      'PAUSED',
      'ENABLED',
      'REMOVED',
    ]);
  });

  it('reads who changed what from the change history, newest first', async () => {
    await control(sim, 'POST', `/accounts/${GOOGLE}/campaigns/222/ui`, { status: 'PAUSED', actor: 'jane@agency.example' });
    const changes = await client.changes(new Date(Date.parse(NOW) - 3_600_000));
    expect(changes).toEqual([
      { externalCampaignId: '222', at: new Date(NOW), status: 'PAUSED', actor: 'jane@agency.example', viaApi: false },
      { externalCampaignId: '333', at: new Date(NOW), status: 'ENABLED', actor: 'api-user@example.com', viaApi: true },
      { externalCampaignId: '111', at: new Date(NOW), status: 'PAUSED', actor: 'api-user@example.com', viaApi: true },
    ]);
    expect(await client.changes(new Date(Date.parse(NOW) + 1_000))).toEqual([]);
  });

  it('answers a rate limit with its retryDelay', async () => {
    await fault({ kind: 'rateLimit', platform: 'GOOGLE_ADS', endpoint: 'searchStream', count: 1, retryDelaySeconds: 7 });
    const e = await failure(client.listCampaigns());
    expect(e.kind).toBe('RATE_LIMIT');
    expect(e.retryAfterMs).toBe(7_000);
    expect(e.details.code).toBe('RESOURCE_TEMPORARILY_EXHAUSTED');
    expect(e.message).toContain('RESOURCE_TEMPORARILY_EXHAUSTED');
  });

  it('refreshes an expired access token once, transparently', async () => {
    await client.readAccount(); // a cached token
    const tokenCalls = (await requests('endpoint=token')).length;
    await control(sim, 'POST', `/accounts/${GOOGLE}/credentials`, { action: 'expire' });
    expect((await client.listCampaigns()).length).toBe(4);
    expect((await requests('endpoint=token')).length).toBe(tokenCalls + 1);
    const searches = await requests(`endpoint=searchStream&account=${GOOGLE}`);
    expect(searches.slice(-2).map((r) => r.status)).toEqual([401, 200]);
    // the fresh token is cached: no refresh for the next call
    await client.listCampaigns();
    expect((await requests('endpoint=token')).length).toBe(tokenCalls + 1);
  });

  it('calls revoked credentials AUTH, and an access token given alone too once it expires', async () => {
    const doomed = googleClient(REVOKED, { refreshToken: '1//refresh-doomed' });
    await doomed.readAccount();
    await control(sim, 'POST', `/accounts/${REVOKED}/credentials`, { action: 'revoke' });
    const e = await failure(doomed.listCampaigns());
    expect(e.kind).toBe('AUTH');
    expect(e.details.code).toBe('invalid_grant');

    const issued = await fetch(`${sim.url}/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: settings().google.clientId!,
        client_secret: settings().google.clientSecret!,
        refresh_token: '1//refresh-main',
      }),
    }).then((r) => r.json() as Promise<{ access_token: string }>);
    const bare = googleClient(GOOGLE, { accessToken: issued.access_token });
    expect((await bare.readAccount()).currency).toBe('USD');
    await control(sim, 'POST', `/accounts/${GOOGLE}/credentials`, { action: 'expire' });
    const expired = await failure(bare.readAccount());
    expect(expired.kind).toBe('AUTH');
    expect(expired.details.code).toBe('OAUTH_TOKEN_EXPIRED');
    expect(expired.message).not.toContain(issued.access_token);
  });

  it('calls 5xx and HTML answers TRANSIENT', async () => {
    await fault({ kind: 'serverError', platform: 'GOOGLE_ADS', endpoint: 'searchStream', status: 503, count: 1 });
    expect((await failure(client.listCampaigns())).kind).toBe('TRANSIENT');
    await fault({ kind: 'serverError', platform: 'GOOGLE_ADS', endpoint: 'mutate', status: 502, count: 1 });
    const e = await failure(client.setStatuses([{ externalCampaignId: '111', status: 'ENABLED' }]));
    expect(e.kind).toBe('TRANSIENT');
    expect(e.details.done).toEqual([]);
  });

  it('reads and writes the account wall clock of change_date_time', () => {
    expect(wallClock(Date.parse('2026-12-06T18:00:00Z'), 'America/New_York')).toBe('2026-12-06 13:00:00');
    expect(instantOf('2026-12-06 13:00:00.250000', 'America/New_York')).toBe(Date.parse('2026-12-06T18:00:00.250Z'));
    // either side of a DST change
    expect(instantOf('2026-03-08 01:30:00', 'America/New_York')).toBe(Date.parse('2026-03-08T06:30:00Z'));
    expect(instantOf('2026-03-08 03:30:00', 'America/New_York')).toBe(Date.parse('2026-03-08T07:30:00Z'));
    expect(instantOf('not a time', 'UTC')).toBeNull();
  });
});

describe('Meta', () => {
  let client: PlatformClient;
  beforeAll(() => {
    client = metaClient();
  });

  it('reads the account and every page of its campaigns, statuses normalized', async () => {
    expect(await client.readAccount()).toEqual({ externalAccountId: META_USD, name: 'Acme Social', currency: 'USD', timeZone: 'UTC' });
    const before = (await requests(`endpoint=campaigns&account=${META_USD}`)).length;
    const campaigns = await client.listCampaigns();
    expect((await requests(`endpoint=campaigns&account=${META_USD}`)).length).toBe(before + 2);
    expect(campaigns.length).toBe(519); // the deleted one is not listed
    expect(campaigns.slice(0, 4)).toEqual([
      { externalCampaignId: metaId(1), name: 'Prospecting', status: 'ENABLED' },
      { externalCampaignId: metaId(2), name: 'Retargeting', status: 'ENABLED' },
      { externalCampaignId: metaId(3), name: 'Paused', status: 'PAUSED' },
      { externalCampaignId: metaId(4), name: 'Archived', status: 'REMOVED' },
    ]);
    expect(new Set(campaigns.map((c) => c.externalCampaignId)).size).toBe(519);
    expect(client.quota).toEqual({ percent: expect.any(Number), at: expect.any(Date) });
    // the token went in a header: no URL carried it
    for (const r of await requests('platform=META')) expect(r.path).not.toContain('access_token');
  });

  it('converts spend strings to exact micros, a 0-decimal currency too', async () => {
    const rows = await client.costs('2026-12-05', '2026-12-06');
    rows.sort((a, b) => a.externalCampaignId.localeCompare(b.externalCampaignId) || a.date.localeCompare(b.date));
    expect(rows).toEqual([
      { externalCampaignId: metaId(1), date: '2026-12-05', micros: 242_960_000n, reported: '242.96' }, // 24 × 10.123456, cents down
      { externalCampaignId: metaId(1), date: '2026-12-06', micros: 182_220_000n, reported: '182.22' },
      { externalCampaignId: metaId(2), date: '2026-12-05', micros: 12_000_000n, reported: '12' },
      { externalCampaignId: metaId(2), date: '2026-12-06', micros: 9_000_000n, reported: '9' },
    ]);
    expect(await metaClient(META_JPY, 'EAAjpytoken0002').costs('2026-12-05', '2026-12-05')).toEqual([
      { externalCampaignId: '23860000000000001', date: '2026-12-05', micros: 29_629_000_000n, reported: '29629' },
    ]);
    expect(spendMicros('5339.5')).toBe(5_339_500_000n);
    expect(spendMicros('0.07')).toBe(70_000n);
    for (const bad of ['1e3', '-1', '1.2345678', '', '12.', ' 12', 12])
      expect(() => spendMicros(bad)).toThrow(expect.objectContaining({ kind: 'INVALID' }));
  });

  it('sets statuses one campaign at a time, a refused one failing alone', async () => {
    const outcomes = await client.setStatuses([
      { externalCampaignId: metaId(1), status: 'PAUSED' },
      { externalCampaignId: '99999999', status: 'PAUSED' },
      { externalCampaignId: metaId(3), status: 'ENABLED' },
    ]);
    expect(outcomes.map((o) => [o.externalCampaignId, o.error?.kind ?? null])).toEqual([
      [metaId(1), null],
      ['99999999', 'INVALID'],
      [metaId(3), null],
    ]);
    const campaigns = sim.world.account(META_USD).campaigns;
    expect([campaigns.get(metaId(1))!.status, campaigns.get(metaId(3))!.status]).toEqual(['PAUSED', 'ACTIVE']);
  });

  it('stops a batch at a rate limit, keeping the outcomes done', async () => {
    await fault({ kind: 'rateLimit', platform: 'META', account: META_USD, endpoint: 'campaignUpdate', count: 1, retryDelaySeconds: 120 });
    const e = await failure(
      client.setStatuses([
        { externalCampaignId: '99999999', status: 'PAUSED' }, // no account: the fault does not answer it
        { externalCampaignId: metaId(2), status: 'PAUSED' },
        { externalCampaignId: metaId(3), status: 'PAUSED' },
      ]),
    );
    expect(e.kind).toBe('RATE_LIMIT');
    expect(e.details.code).toBe('80004');
    expect(e.retryAfterMs).toBe(120_000);
    expect(e.details.done?.map((o) => [o.externalCampaignId, o.error?.kind])).toEqual([['99999999', 'INVALID']]);
    expect(client.quota?.percent).toBe(100);
    expect(sim.world.account(META_USD).campaigns.get(metaId(2))!.status).toBe('ACTIVE'); // not tried
  });

  it('answers a throttled read with the delay its usage headers give', async () => {
    await fault({ kind: 'rateLimit', platform: 'META', endpoint: 'insights', count: 1, retryDelaySeconds: 300 });
    const e = await failure(client.costs('2026-12-06', '2026-12-06'));
    expect([e.kind, e.details.code, e.retryAfterMs]).toEqual(['RATE_LIMIT', '80000', 300_000]);
    await fault({ kind: 'rateLimit', platform: 'META', endpoint: 'account', code: 17, count: 1 });
    expect((await failure(client.readAccount())).kind).toBe('RATE_LIMIT');
  });

  it('reads who changed what from the activity log', async () => {
    await control(sim, 'POST', `/accounts/${META_USD}/campaigns/${metaId(1)}/ui`, { status: 'ACTIVE', actor: 'Jane Doe' });
    const changes = await client.changes(new Date(Date.parse(NOW) - 60_000));
    expect(changes[0]).toEqual({ externalCampaignId: metaId(1), at: new Date(NOW), status: 'ENABLED', actor: 'Jane Doe', viaApi: false });
    expect(changes.slice(1)).toContainEqual({
      externalCampaignId: metaId(1),
      at: new Date(NOW),
      status: 'PAUSED',
      actor: 'Budget Control system user',
      viaApi: true,
    });
  });

  it('calls an expired token AUTH (190), 5xx and HTML TRANSIENT', async () => {
    await control(sim, 'POST', `/accounts/${META_EXPIRED}/credentials`, { action: 'expire' });
    const e = await failure(metaClient(META_EXPIRED, 'EAAexpiring0003').readAccount());
    expect([e.kind, e.details.code]).toEqual(['AUTH', '190']);
    await fault({ kind: 'serverError', platform: 'META', endpoint: 'campaigns', status: 503, count: 1 });
    expect((await failure(client.listCampaigns())).kind).toBe('TRANSIENT');
    await fault({ kind: 'serverError', platform: 'META', endpoint: 'account', status: 502, count: 1 });
    expect((await failure(client.readAccount())).kind).toBe('TRANSIENT');
    await fault({ kind: 'serverError', platform: 'META', endpoint: 'account', status: 500, count: 1 });
    expect((await failure(client.readAccount())).kind).toBe('TRANSIENT');
  });

  it('gives up on a call that gets no answer within timeoutMs', async () => {
    await fault({ kind: 'timeout', platform: 'META', endpoint: 'account', count: 1 });
    const started = performance.now();
    const e = await failure(metaClient(META_USD, 'EAAusdtoken0001', { timeoutMs: 300 }).readAccount());
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(e.kind).toBe('TRANSIENT');
    expect(e.message).toBe('Meta: no answer within 300 ms');
  });
});

describe('the outbound guard', () => {
  it('refuses the loopback simulator unless OUTBOUND_ALLOW_HOSTS names it', async () => {
    const before = sim.requests.length;
    for (const c of [
      googleClient(GOOGLE, { refreshToken: '1//refresh-main' }, { allowHosts: [] }),
      metaClient(META_USD, 'EAAusdtoken0001', { allowHosts: [] }),
    ]) {
      const e = await failure(c.readAccount());
      expect(e.kind).toBe('INVALID');
      expect(e.message).toContain('address not allowed (OUTBOUND_ALLOW_HOSTS)');
    }
    expect(sim.requests.length).toBe(before);
  });
});

describe('input', () => {
  const refused = (fn: () => unknown, field: string) => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('INVALID_ARGUMENT');
      expect((error as DomainError).field).toBe(field);
      return;
    }
    throw new Error(`not refused: ${field}`);
  };

  it('reads account ids in either form', () => {
    expect(parseExternalAccountId('GOOGLE_ADS', '123-456-7890')).toBe('1234567890');
    expect(parseExternalAccountId('GOOGLE_ADS', '1234567890')).toBe('1234567890');
    expect(parseExternalAccountId('META', 'act_123')).toBe('act_123');
    expect(parseExternalAccountId('META', '123')).toBe('act_123');
    refused(() => parseExternalAccountId('GOOGLE_ADS', '123456789', 'input.externalAccountId'), 'input.externalAccountId');
    refused(() => parseExternalAccountId('GOOGLE_ADS', 'act_1234567890'), 'externalAccountId');
    refused(() => parseExternalAccountId('META', 'act_'), 'externalAccountId');
    refused(() => parseExternalAccountId('META', 'act_12x'), 'externalAccountId');
  });

  it('refuses credentials that cannot work', () => {
    checkCredentials('GOOGLE_ADS', { refreshToken: '1//x' });
    checkCredentials('GOOGLE_ADS', { accessToken: 'ya29.x', loginCustomerId: '1234567890' });
    checkCredentials('META', { accessToken: 'EAAx' });
    refused(() => checkCredentials('GOOGLE_ADS', {}), 'credentials.refreshToken');
    refused(() => checkCredentials('GOOGLE_ADS', { refreshToken: ' ' }), 'credentials.refreshToken');
    refused(() => checkCredentials('GOOGLE_ADS', { refreshToken: '1//x', loginCustomerId: '123-456-7890' }), 'credentials.loginCustomerId');
    refused(() => checkCredentials('META', { refreshToken: '1//x' }), 'credentials.accessToken');
    refused(() => checkCredentials('META', { accessToken: 'EAAx', refreshToken: '1//x' }), 'credentials.refreshToken');
  });
});
