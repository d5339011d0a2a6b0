// Ad accounts through the GraphQL API, against the in-process platform simulator: connecting a
// Google Ads and a Meta account (and every refusal, with nothing written: no BUDGET_SECRET_KEY, a
// malformed account id, missing credentials, credentials the platform refuses, a currency or time
// zone that is not the brand's, an account connected already), importing campaigns (linked by
// platform id, old spellings too; missing ones created; removed ones skipped), new credentials,
// disconnecting, who sees what, and the credentials' secrecy: stored sealed, never answered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded.ts';
import { openCredentials, secretKeyOf } from '../../src/platforms/secrets.ts';
import { demoSeed } from '../../src/simulator/demo.ts';
import { freshDatabase, queriesDuring, type TestDb } from '../helpers/db.ts';
import { platformTestSettings, SECRET_KEY, SECRET_KEY_SETTING } from '../helpers/platforms.ts';
import { startProcess } from '../helpers/processes.ts';
import { asAdmin, okData, testServer, type TestServer } from '../helpers/server.ts';
import { control, simulator, type Simulator } from '../helpers/simulator.ts';
import { waitFor } from '../helpers/wait.ts';

const GOOGLE = { id: '1234567890', refreshToken: '1//sim-refresh-demo' };
const META = { id: 'act_100000000000001', accessToken: 'EAASIM-demo-token' };
const PARIS = { id: '2223334445', refreshToken: '1//sim-refresh-paris' };
const MANAGED = { id: '3334445556', refreshToken: '1//sim-refresh-managed', manager: '9998887776' };
// copies of the demo Meta account without its campaigns (an account is connected to one brand at most)
const EASTERN = 'act_100000000000002';
const MINE = 'act_100000000000003';

const ACCOUNT_FIELDS = `id brandId platform externalAccountId name currency timeZone status lastSyncAt lastError createdAt`;

let t: TestDb;
let sim: Simulator;
let s: TestServer;
/** the same service without BUDGET_SECRET_KEY */
let keyless: TestServer;

beforeAll(async () => {
  t = await freshDatabase();
  const seed = demoSeed(Date.now());
  const google = seed.accounts![0] as { campaigns: unknown[] };
  google.campaigns.push({ id: '21000000009', name: 'Old promo', status: 'REMOVED' });
  seed.accounts!.push(
    {
      platform: 'GOOGLE_ADS',
      id: PARIS.id,
      name: 'Paris search',
      currency: 'EUR',
      timeZone: 'Europe/Paris',
      credentials: [PARIS.refreshToken],
    },
    {
      platform: 'GOOGLE_ADS',
      id: MANAGED.id,
      name: 'Managed',
      currency: 'USD',
      timeZone: 'America/New_York',
      credentials: [MANAGED.refreshToken],
      managerId: MANAGED.manager,
    },
  );
  const copy = (id: string) => ({ ...(seed.accounts![1] as object), id, campaigns: [] });
  seed.accounts!.push(copy(EASTERN), copy(MINE));
  sim = await simulator(seed);
  const platforms = platformTestSettings(sim);
  s = await testServer(t.url, { outboundAllowHosts: [new URL(sim.url).host], platforms: { ...platforms, secretKey: SECRET_KEY } });
  keyless = await testServer(t.url, { outboundAllowHosts: [new URL(sim.url).host], platforms: { ...platforms, secretKey: null } });
});

afterAll(async () => {
  await keyless?.close();
  await s?.close();
  await sim?.close();
  await t?.drop();
});

const CONNECT = `mutation ($input: ConnectAdAccountInput!) { connectAdAccount(input: $input) { ${ACCOUNT_FIELDS} } }`;
const connect = (brandId: string, platform: string, externalAccountId: string, credentials: Record<string, string>, server = s) =>
  server.gql(CONNECT, { input: { brandId, platform, externalAccountId, credentials } });

async function brand(name: string, timezone = 'America/New_York', currency = 'USD'): Promise<string> {
  return (await okData(s, `mutation ($i: CreateBrandInput!) { createBrand(input: $i) { id } }`, { i: { name, timezone, currency } }))
    .createBrand.id;
}

/** ad_accounts rows, platform requests and audit entries of ad accounts: what a refusal must leave as it found it */
async function traces() {
  const [row] = await t.sql<{ accounts: number; audits: number }>(
    `select (select count(*)::int from ad_accounts) as accounts,
            (select count(*)::int from audit_entries where action like 'adAccount.%') as audits`,
  );
  return { ...row!, requests: sim.requests.length };
}

describe('connecting an account', () => {
  let acme: string;
  beforeAll(async () => {
    acme = await brand('Acme');
  });

  it('is refused without BUDGET_SECRET_KEY, naming it, before anything is asked or written', async () => {
    const before = await traces();
    const r = await connect(acme, 'GOOGLE_ADS', GOOGLE.id, { refreshToken: GOOGLE.refreshToken }, keyless);
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_CONFIGURED', field: 'credentials' });
    expect(r.errors?.[0]?.message).toMatch(/BUDGET_SECRET_KEY/);
    expect(await traces()).toEqual(before);
  });

  it('refuses a malformed account id and missing credentials, naming the field, asking nothing', async () => {
    const before = await traces();
    const cases: { platform: string; id: string; credentials: Record<string, string>; field: string }[] = [
      { platform: 'GOOGLE_ADS', id: '12345', credentials: { refreshToken: 'x' }, field: 'externalAccountId' },
      { platform: 'META', id: 'acct_12', credentials: { accessToken: 'x' }, field: 'externalAccountId' },
      { platform: 'GOOGLE_ADS', id: GOOGLE.id, credentials: {}, field: 'credentials.refreshToken' },
      {
        platform: 'GOOGLE_ADS',
        id: GOOGLE.id,
        credentials: { refreshToken: 'x', loginCustomerId: '12' },
        field: 'credentials.loginCustomerId',
      },
      { platform: 'META', id: META.id, credentials: { refreshToken: 'x' }, field: 'credentials.accessToken' },
    ];
    for (const c of cases) {
      const r = await connect(acme, c.platform, c.id, c.credentials);
      expect(r.errors?.[0]?.extensions, JSON.stringify(c)).toMatchObject({ code: 'INVALID_ARGUMENT', field: c.field });
    }
    const unknownBrand = await connect('00000000-0000-4000-8000-000000000000', 'META', META.id, { accessToken: META.accessToken });
    expect(unknownBrand.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'brandId' });
    expect(await traces()).toEqual(before);
  });

  it('refuses a Google refresh token when the service has no OAuth client, naming the settings', async () => {
    const platforms = platformTestSettings(sim).platforms;
    const clientless = await testServer(t.url, {
      outboundAllowHosts: [new URL(sim.url).host],
      platforms: { platforms: { ...platforms, google: { ...platforms.google, clientId: null } }, secretKey: SECRET_KEY },
    });
    try {
      const before = await traces();
      const r = await connect(acme, 'GOOGLE_ADS', GOOGLE.id, { refreshToken: GOOGLE.refreshToken }, clientless);
      expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_CONFIGURED', field: 'credentials.refreshToken' });
      expect(r.errors?.[0]?.message).toMatch(/GOOGLE_ADS_CLIENT_ID and GOOGLE_ADS_CLIENT_SECRET/);
      expect(await traces()).toEqual(before);
    } finally {
      await clientless.close();
    }
  });

  it('refuses an account whose currency or time zone is not the brand’s, naming both, writing nothing', async () => {
    const before = await traces();
    const r = await connect(acme, 'GOOGLE_ADS', PARIS.id, { refreshToken: PARIS.refreshToken });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'externalAccountId' });
    expect(r.errors?.[0]?.message).toContain(
      "the account's currency is EUR and its time zone Europe/Paris; the brand's are USD and America/New_York: its days would not be the brand's days",
    );
    // the time zone alone
    const utc = await brand('Acme UTC', 'UTC');
    const zone = await connect(utc, 'META', META.id, { accessToken: META.accessToken });
    expect(zone.errors?.[0]?.message).toMatch(/time zone America\/New_York; the brand's are USD and UTC/);
    const after = await traces();
    expect({ accounts: after.accounts, audits: after.audits }).toEqual({ accounts: before.accounts, audits: before.audits });
  });

  it('refuses a malformed credentials input (a field it does not have) without echoing the token', async () => {
    const token = 'EAASHAPE-token-never-echoed';
    const r = await connect(acme, 'META', META.id, { accessToken: token, password: 'x' });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(r.errors?.[0]?.message).toMatch(/"password" is not defined/);
    expect(JSON.stringify(r)).not.toContain(token);
  });

  it('refuses credentials the platform refuses, in its words, without echoing them', async () => {
    const before = await traces();
    const wrong = 'EAAWRONG-token-never-echoed';
    const r = await connect(acme, 'META', META.id, { accessToken: wrong });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'PLATFORM_AUTH', field: 'credentials' });
    expect(r.errors?.[0]?.message).toMatch(/^Meta refused the credentials: /);
    expect(JSON.stringify(r)).not.toContain(wrong);
    const google = await connect(acme, 'GOOGLE_ADS', GOOGLE.id, { refreshToken: '1//wrong-refresh-token' });
    expect(google.errors?.[0]?.extensions).toMatchObject({ code: 'PLATFORM_AUTH' });
    expect(JSON.stringify(google)).not.toContain('1//wrong-refresh-token');
    // a manager's account needs loginCustomerId (Google's 403 USER_PERMISSION_DENIED)
    const managed = await connect(acme, 'GOOGLE_ADS', MANAGED.id, { refreshToken: MANAGED.refreshToken });
    expect(managed.errors?.[0]?.extensions).toMatchObject({ code: 'PLATFORM_AUTH' });
    const after = await traces();
    expect({ accounts: after.accounts, audits: after.audits }).toEqual({ accounts: before.accounts, audits: before.audits });
  });

  it('connects a Google Ads account (dashes allowed) and a Meta account (act_ optional), as the platforms describe them', async () => {
    const google = await connect(acme, 'GOOGLE_ADS', '123-456-7890', { refreshToken: GOOGLE.refreshToken });
    expect(google.errors).toBeUndefined();
    expect(google.data.connectAdAccount).toMatchObject({
      brandId: acme,
      platform: 'GOOGLE_ADS',
      externalAccountId: GOOGLE.id,
      name: 'Acme Search (demo)',
      currency: 'USD',
      timeZone: 'America/New_York',
      status: 'ACTIVE',
      lastSyncAt: null,
      lastError: null,
    });
    const meta = await connect(acme, 'META', '100000000000001', { accessToken: META.accessToken });
    expect(meta.errors).toBeUndefined();
    expect(meta.data.connectAdAccount).toMatchObject({ externalAccountId: META.id, name: 'Acme Social (demo)', status: 'ACTIVE' });
    const managed = await connect(acme, 'GOOGLE_ADS', MANAGED.id, { refreshToken: MANAGED.refreshToken, loginCustomerId: '999-888-7776' });
    expect(managed.errors).toBeUndefined();

    const read = await okData(
      s,
      `query ($b: ID!) { brand(id: $b) { adAccounts { externalAccountId } }
                         adAccounts(brandId: $b, platform: GOOGLE_ADS) { totalCount edges { node { externalAccountId brand { name } } } } }`,
      { b: acme },
    );
    expect(read.brand.adAccounts.map((a: { externalAccountId: string }) => a.externalAccountId)).toEqual([GOOGLE.id, META.id, MANAGED.id]);
    expect(read.adAccounts.totalCount).toBe(2);

    const [entry] = await t.sql<{ actor: string; before: unknown; after: Record<string, unknown> }>(
      `select actor, before, after from audit_entries where action = 'adAccount.connect' and target_id = $1`,
      [google.data.connectAdAccount.id],
    );
    expect(entry).toEqual({
      actor: 'BUDGET_ADMIN_KEY',
      before: null,
      after: {
        platform: 'GOOGLE_ADS',
        externalAccountId: GOOGLE.id,
        name: 'Acme Search (demo)',
        currency: 'USD',
        timeZone: 'America/New_York',
        status: 'ACTIVE',
        lastError: null,
      },
    });
  });

  it('refuses an account another brand has (its spend would count twice), naming no brand', async () => {
    const other = await brand('Acme again');
    const r = await connect(other, 'GOOGLE_ADS', GOOGLE.id, { refreshToken: GOOGLE.refreshToken });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'DUPLICATE_EXTERNAL_REF', field: 'externalAccountId' });
    expect(r.errors?.[0]?.message).toMatch(/another brand has it connected/);
  });

  it('refuses an account the brand has already (DUPLICATE_EXTERNAL_REF), before asking the platform', async () => {
    const before = sim.requests.length;
    const r = await connect(acme, 'META', `act_${META.id.slice(4)}`, { accessToken: META.accessToken });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'DUPLICATE_EXTERNAL_REF', field: 'externalAccountId' });
    expect(sim.requests.length).toBe(before);
  });

  it('takes a time zone that is the brand’s under another name (a link), and keeps the brand in its accounts’ time zone', async () => {
    const eastern = await brand('Acme Eastern', 'US/Eastern');
    const r = await connect(eastern, 'META', EASTERN, { accessToken: META.accessToken });
    expect(r.errors).toBeUndefined();
    const moved = await s.gql(`mutation ($id: ID!) { updateBrand(id: $id, input: { timezone: "Europe/Paris" }) { timezone } }`, {
      id: eastern,
    });
    expect(moved.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'timezone' });
    expect(moved.errors?.[0]?.message).toMatch(/act_100000000000002 \(META\) keeps America\/New_York days/);
    // the same zone by its canonical name is no move at all
    expect(
      (await s.gql(`mutation ($id: ID!) { updateBrand(id: $id, input: { timezone: "America/New_York" }) { timezone } }`, { id: eastern }))
        .errors,
    ).toBeUndefined();
  });
});

describe('importing campaigns, new credentials, disconnecting', () => {
  let brandId: string;
  let accountId: string;
  let legacyId: string;

  beforeAll(async () => {
    brandId = await brand('Imports');
    // the demo Google account moves here from Acme: disconnected there first
    const [acmes] = await t.sql<{ id: string }>(`select id from ad_accounts where external_account_id = $1`, [GOOGLE.id]);
    await okData(s, `mutation ($id: ID!) { disconnectAdAccount(id: $id) }`, { id: acmes!.id });
    // written before accounts existed: the platform in another spelling, and a name the platform uses too
    legacyId = (
      await okData(
        s,
        `mutation ($b: ID!) { createCampaign(input: { brandId: $b, name: "Legacy brand search", platform: "google", externalCampaignId: "21000000001" }) { id } }`,
        { b: brandId },
      )
    ).createCampaign.id;
    await okData(s, `mutation ($b: ID!) { createCampaign(input: { brandId: $b, name: "Shopping" }) { id } }`, { b: brandId });
    accountId = (await connect(brandId, 'GOOGLE_ADS', GOOGLE.id, { refreshToken: GOOGLE.refreshToken })).data.connectAdAccount.id;
  });

  const IMPORT = `mutation ($id: ID!) { importAdCampaigns(adAccountId: $id) {
    linked created skipped adAccount { id }
    campaigns { name platform externalCampaignId status adAccount { id } platformState { desired actual pausedByUs syncedAt lastError } } } }`;

  it('links the brand’s campaigns by platform id, creates the missing ones (renamed on a clash), skips removed ones', async () => {
    const r = (await okData(s, IMPORT, { id: accountId })).importAdCampaigns;
    expect(r).toMatchObject({ linked: 1, created: 3, skipped: 1, adAccount: { id: accountId } });
    const byName = Object.fromEntries(r.campaigns.map((c: { name: string }) => [c.name, c]));
    expect(Object.keys(byName)).toEqual(['Display retargeting', 'Generic search', 'Legacy brand search', 'Shopping (21000000003)']);
    expect(byName['Legacy brand search']).toMatchObject({
      platform: 'google',
      externalCampaignId: '21000000001',
      adAccount: { id: accountId },
    });
    expect(byName['Generic search']).toMatchObject({ platform: 'GOOGLE_ADS', externalCampaignId: '21000000002', status: 'ACTIVE' });
    // active here, not paused by us: left as it is (desired null), whatever the platform says
    expect(byName['Generic search'].platformState).toMatchObject({ desired: null, actual: 'ENABLED', pausedByUs: false, lastError: null });
    expect(byName['Display retargeting'].platformState).toMatchObject({ desired: null, actual: 'PAUSED', pausedByUs: false });
    const [entry] = await t.sql<{ before: unknown; after: unknown }>(
      `select before, after from audit_entries where action = 'adAccount.import' and target_id = $1`,
      [accountId],
    );
    expect(entry).toEqual({ before: { linkedCampaigns: 0 }, after: { linkedCampaigns: 4, linked: 1, created: 3, skipped: 1 } });
  });

  it('is idempotent: a second import links the same campaigns and creates none', async () => {
    const count = async () => (await t.sql<{ n: number }>(`select count(*)::int as n from campaigns where brand_id = $1`, [brandId]))[0]!.n;
    const before = await count();
    const r = (await okData(s, IMPORT, { id: accountId })).importAdCampaigns;
    expect(r).toMatchObject({ linked: 4, created: 0, skipped: 1 });
    expect(await count()).toBe(before);
  });

  it('answers the desired state on the platform from ours: PAUSED when paused here, ENABLED only when we paused it there', async () => {
    const state = async () =>
      (await okData(s, `query ($id: ID!) { campaign(id: $id) { platformState { desired pausedByUs } } }`, { id: legacyId })).campaign
        .platformState;
    await okData(s, `mutation ($id: ID!) { pauseCampaign(id: $id) { id } }`, { id: legacyId });
    expect(await state()).toEqual({ desired: 'PAUSED', pausedByUs: false });
    await okData(s, `mutation ($id: ID!) { resumeCampaign(id: $id) { id } }`, { id: legacyId });
    expect(await state()).toEqual({ desired: null, pausedByUs: false });
    await t.sql(`update campaign_platform_states set paused_by_us = true where campaign_id = $1`, [legacyId]);
    expect(await state()).toEqual({ desired: 'ENABLED', pausedByUs: true });
    // an unlinked campaign has none
    const [plain] = await t.sql<{ id: string }>(`select id from campaigns where brand_id = $1 and name = 'Shopping'`, [brandId]);
    expect(
      (await okData(s, `query ($id: ID!) { campaign(id: $id) { adAccount { id } platformState { desired } } }`, { id: plain!.id }))
        .campaign,
    ).toEqual({ adAccount: null, platformState: null });
  });

  it('replaces the credentials once the platform accepts them: ACTIVE again, error and breaker cleared', async () => {
    await t.sql(
      `update ad_accounts set status = 'AUTH_FAILED', last_error = 'token revoked', consecutive_failures = 7, breaker_open_until = now() + interval '1 hour' where id = $1`,
      [accountId],
    );
    const UPDATE = `mutation ($id: ID!, $c: AdAccountCredentialsInput!) { updateAdAccountCredentials(id: $id, credentials: $c) { status lastError } }`;
    const refused = await s.gql(UPDATE, { id: accountId, c: { refreshToken: '1//not-a-token-of-this-account' } });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'PLATFORM_AUTH' });
    const [stored] = await t.sql<{ credentials: Buffer }>(`select credentials from ad_accounts where id = $1`, [accountId]);
    expect(openCredentials(stored!.credentials, SECRET_KEY)).toMatchObject({ refreshToken: GOOGLE.refreshToken });

    const missing = await s.gql(UPDATE, { id: accountId, c: { loginCustomerId: '9998887776' } });
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'credentials.refreshToken' });

    const issued = (await control(sim, 'POST', `/accounts/${GOOGLE.id}/credentials`, { action: 'issue' })).body.token as string;
    const r = await okData(s, UPDATE, { id: accountId, c: { refreshToken: issued } });
    expect(r.updateAdAccountCredentials).toEqual({ status: 'ACTIVE', lastError: null });
    const [row] = await t.sql<{ credentials: Buffer; consecutive_failures: number; breaker_open_until: Date | null }>(
      `select credentials, consecutive_failures, breaker_open_until from ad_accounts where id = $1`,
      [accountId],
    );
    expect(openCredentials(row!.credentials, SECRET_KEY)).toEqual({ refreshToken: issued, accessToken: null, loginCustomerId: null });
    expect([row!.consecutive_failures, row!.breaker_open_until]).toEqual([0, null]);
    const [entry] = await t.sql<{ before: Record<string, unknown>; after: Record<string, unknown> }>(
      `select before, after from audit_entries where action = 'adAccount.credentials' and target_id = $1`,
      [accountId],
    );
    expect(entry!.before).toMatchObject({ status: 'AUTH_FAILED', lastError: 'token revoked', credentials: 'the previous ones' });
    expect(entry!.after).toMatchObject({ status: 'ACTIVE', lastError: null });
    expect(JSON.stringify(entry)).not.toContain(issued);
  });

  it('opens stored credentials only with the key they were sealed with', async () => {
    const [row] = await t.sql<{ credentials: Buffer }>(`select credentials from ad_accounts where id = $1`, [accountId]);
    expect(() => openCredentials(row!.credentials, secretKeyOf('another-secret-key-of-32-characters-or-more'))).toThrow(
      /cannot be decrypted with this BUDGET_SECRET_KEY/,
    );
  });

  it('answers an account’s events, newest first, for many accounts in one statement', async () => {
    const accounts = await t.sql<{ id: string; brand_id: string }>(`select id, brand_id from ad_accounts order by created_at`);
    for (const a of accounts) {
      for (const kind of ['SYNC_FAILED', 'RECOVERED']) {
        await t.sql(`insert into platform_events (brand_id, ad_account_id, kind, message) values ($1, $2, $3, $4)`, [
          a.brand_id,
          a.id,
          kind,
          kind,
        ]);
      }
    }
    const QUERY = `query ($n: Int) { adAccounts(first: $n) { edges { node { externalAccountId events(first: 1) { kind adAccount { id } campaign { id } } campaigns { totalCount } } } } }`;
    const answer = await okData(s, QUERY, { n: 1 });
    expect(answer.adAccounts.edges[0].node.events).toEqual([{ kind: 'RECOVERED', adAccount: { id: accounts[0]!.id }, campaign: null }]);
    const one = await queriesDuring(t, () => okData(s, QUERY, { n: 1 }));
    const all = await queriesDuring(t, () => okData(s, QUERY, { n: accounts.length }));
    expect(accounts.length).toBeGreaterThan(3);
    expect(all).toBe(one);
  });

  it('disconnects: the account and its campaigns’ platform states go; the campaigns stay, unlinked; events stay', async () => {
    const id = (await okData(s, `mutation ($id: ID!) { disconnectAdAccount(id: $id) }`, { id: accountId })).disconnectAdAccount;
    expect(id).toBe(accountId);
    expect((await okData(s, `query ($id: ID!) { adAccount(id: $id) { id } }`, { id: accountId })).adAccount).toBeNull();
    const [counts] = await t.sql<{ linked: number; campaigns: number; states: number; events: number }>(
      `select (select count(*)::int from campaigns where ad_account_id = $1) as linked,
              (select count(*)::int from campaigns where brand_id = $2) as campaigns,
              (select count(*)::int from campaign_platform_states where ad_account_id = $1) as states,
              (select count(*)::int from platform_events where ad_account_id = $1) as events`,
      [accountId, brandId],
    );
    expect(counts).toEqual({ linked: 0, campaigns: 5, states: 0, events: 2 });
    const [entry] = await t.sql<{ before: Record<string, unknown>; after: unknown }>(
      `select before, after from audit_entries where action = 'adAccount.disconnect' and target_id = $1`,
      [accountId],
    );
    expect(entry).toMatchObject({ before: { externalAccountId: GOOGLE.id, linkedCampaigns: 4 }, after: null });
    const again = await s.gql(`mutation ($id: ID!) { disconnectAdAccount(id: $id) }`, { id: accountId });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('who sees and changes accounts', () => {
  let mine: string;
  let theirs: string;
  let mineAccount: string;
  let theirsAccount: string;
  const as = (key: string) => ({ authorization: `Bearer ${key}` });

  beforeAll(async () => {
    mine = await brand('Scoped mine');
    theirs = await brand('Scoped theirs');
    mineAccount = (await connect(mine, 'META', MINE, { accessToken: META.accessToken })).data.connectAdAccount.id;
    theirsAccount = (await connect(theirs, 'GOOGLE_ADS', GOOGLE.id, { refreshToken: GOOGLE.refreshToken })).data.connectAdAccount.id;
  });

  const key = async (role: string, brandIds?: string[]) =>
    (
      await okData(s, `mutation ($n: String!, $r: ApiKeyRole!, $b: [ID!]) { createApiKey(name: $n, role: $r, brandIds: $b) { key } }`, {
        n: `${role} ${Math.random()}`,
        r: role,
        b: brandIds,
      })
    ).createApiKey.key as string;

  it('a key limited to some brands sees only their accounts, and may not act on another’s', async () => {
    const operator = await key('operator', [mine]);
    const listed = await s.gql(`{ adAccounts { totalCount edges { node { id } } } }`, {}, as(operator));
    expect(listed.data.adAccounts.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([mineAccount]);
    expect((await s.gql(`query ($id: ID!) { adAccount(id: $id) { id } }`, { id: theirsAccount }, as(operator))).data.adAccount).toBeNull();
    for (const mutation of [
      `mutation ($id: ID!) { disconnectAdAccount(id: $id) }`,
      `mutation ($id: ID!) { importAdCampaigns(adAccountId: $id) { created } }`,
      `mutation ($id: ID!) { syncAdAccount(id: $id) { error } }`,
    ]) {
      const r = await s.gql(mutation, { id: theirsAccount }, as(operator));
      expect(r.errors?.[0]?.extensions?.code, mutation).toBe('FORBIDDEN');
    }
    const connectTheirs = await s.gql(
      CONNECT,
      { input: { brandId: theirs, platform: 'META', externalAccountId: META.id, credentials: { accessToken: META.accessToken } } },
      as(operator),
    );
    expect(connectTheirs.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'brandId' });
  });

  it('a viewer reads accounts but connects nothing', async () => {
    const viewer = await key('viewer');
    const read = await s.gql(
      `query ($id: ID!) { adAccount(id: $id) { externalAccountId status events { kind } } }`,
      { id: mineAccount },
      as(viewer),
    );
    expect(read.data.adAccount).toMatchObject({ externalAccountId: MINE, status: 'ACTIVE' });
    const r = await s.gql(
      CONNECT,
      { input: { brandId: mine, platform: 'META', externalAccountId: 'act_9', credentials: { accessToken: 'x' } } },
      as(viewer),
    );
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('an ingest key does not reach accounts through its answers', async () => {
    const ingest = await key('ingest');
    const c = (await okData(s, `mutation ($b: ID!) { createCampaign(input: { brandId: $b, name: "Ingested" }) { id } }`, { b: mine }))
      .createCampaign.id;
    const r = await s.gql(
      `mutation ($c: ID!) { recordSpend(input: { campaignId: $c, amount: "1.00" }) { campaign { adAccount { id } } } }`,
      { c },
      as(ingest),
    );
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('the brand’s drift policy is set through updateBrand, answered, and audited', async () => {
    const r = await okData(s, `mutation ($id: ID!) { updateBrand(id: $id, input: { driftPolicy: REPORT }) { driftPolicy } }`, { id: mine });
    expect(r.updateBrand.driftPolicy).toBe('REPORT');
    const [entry] = await t.sql<{ before: Record<string, unknown>; after: Record<string, unknown> }>(
      `select before, after from audit_entries where action = 'brand.update' and target_id = $1 order by id desc limit 1`,
      [mine],
    );
    expect([entry!.before.driftPolicy, entry!.after.driftPolicy]).toEqual(['REPAUSE', 'REPORT']);
  });
});

describe('the credentials’ secrecy', () => {
  const LEAK_GOOGLE = { id: '4445556667', refreshToken: '1//leak-google-refresh-Q7w3v' };
  const LEAK_META = { id: 'act_300000000000003', accessToken: 'EAALEAK-meta-system-user-Z9x1k' };
  const WRONG = ['EAAWRONG-leak-meta-token-K2p', '1//wrong-leak-google-refresh-P4s'];

  it('no token in any answer, log line (at debug), metric or audit entry; stored sealed', { timeout: 120_000 }, async () => {
    sim.seed({
      accounts: [
        {
          platform: 'GOOGLE_ADS',
          id: LEAK_GOOGLE.id,
          currency: 'USD',
          timeZone: 'America/New_York',
          credentials: [LEAK_GOOGLE.refreshToken],
          campaigns: [{ id: '31000000001', name: 'Leak search', status: 'ENABLED', hourlyRate: '5.00' }],
        },
        {
          platform: 'META',
          id: LEAK_META.id,
          currency: 'USD',
          timeZone: 'America/New_York',
          credentials: [LEAK_META.accessToken],
          campaigns: [{ id: '23900000000000001', name: 'Leak social', status: 'ACTIVE', hourlyRate: '5.00' }],
        },
      ],
    });
    const service = await startProcess(t.url, [], await freePort(), {
      ...sim.settings(),
      BUDGET_SECRET_KEY: SECRET_KEY_SETTING,
      LOG_LEVEL: 'debug',
    });
    let output = service.output();
    service.child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    service.child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const answers: string[] = [];
    const gql = async (query: string, variables: Record<string, unknown> = {}) => {
      const res = await fetch(`${service.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...asAdmin },
        body: JSON.stringify({ query, variables }),
      });
      const text = await res.text();
      answers.push(text);
      return JSON.parse(text) as { data?: any; errors?: { extensions?: { code?: string } }[] };
    };
    const secrets = [LEAK_GOOGLE.refreshToken, LEAK_META.accessToken, ...WRONG];
    try {
      const brandId = (await gql(`mutation { createBrand(input: { name: "Leak brand", timezone: "America/New_York" }) { id } }`)).data
        .createBrand.id;
      const input = (platform: string, externalAccountId: string, credentials: Record<string, string>) => ({
        input: { brandId, platform, externalAccountId, credentials },
      });
      const refusedMeta = await gql(CONNECT, input('META', LEAK_META.id, { accessToken: WRONG[0]! }));
      expect(refusedMeta.errors?.[0]?.extensions?.code).toBe('PLATFORM_AUTH');
      const refusedGoogle = await gql(CONNECT, input('GOOGLE_ADS', LEAK_GOOGLE.id, { refreshToken: WRONG[1]! }));
      expect(refusedGoogle.errors?.[0]?.extensions?.code).toBe('PLATFORM_AUTH');
      const google = (await gql(CONNECT, input('GOOGLE_ADS', LEAK_GOOGLE.id, { refreshToken: LEAK_GOOGLE.refreshToken }))).data
        .connectAdAccount.id;
      const meta = (await gql(CONNECT, input('META', LEAK_META.id, { accessToken: LEAK_META.accessToken }))).data.connectAdAccount.id;
      for (const id of [google, meta]) {
        expect(
          (await gql(`mutation ($id: ID!) { importAdCampaigns(adAccountId: $id) { created } }`, { id })).data.importAdCampaigns.created,
        ).toBe(1);
        expect((await gql(`mutation ($id: ID!) { syncAdAccount(id: $id) { error } }`, { id })).errors).toBeUndefined();
      }
      // a pause here reaches the platforms through the worker's push
      const campaigns = (await gql(`query ($b: ID!) { campaigns(brandId: $b) { edges { node { id } } } }`, { b: brandId })).data.campaigns
        .edges;
      for (const { node } of campaigns) await gql(`mutation ($id: ID!) { pauseCampaign(id: $id) { id } }`, { id: node.id });
      await waitFor(
        () =>
          sim.world.accounts.get(LEAK_GOOGLE.id)!.campaigns.get('31000000001')!.status === 'PAUSED' &&
          sim.world.accounts.get(LEAK_META.id)!.campaigns.get('23900000000000001')!.status === 'PAUSED',
        { timeout: 60_000, what: 'the worker to push the pauses' },
      );
      // an expired token surfaces on the account (its error logged and stored), then new ones replace it
      await control(sim, 'POST', `/accounts/${LEAK_META.id}/credentials`, { action: 'expire' });
      await gql(`mutation ($id: ID!) { syncAdAccount(id: $id) { error } }`, { id: meta });
      for (const [id, account, field] of [
        [google, LEAK_GOOGLE.id, 'refreshToken'],
        [meta, LEAK_META.id, 'accessToken'],
      ] as const) {
        const issued = (await control(sim, 'POST', `/accounts/${account}/credentials`, { action: 'issue' })).body.token as string;
        secrets.push(issued);
        const r = await gql(
          `mutation ($id: ID!, $c: AdAccountCredentialsInput!) { updateAdAccountCredentials(id: $id, credentials: $c) { status } }`,
          { id, c: { [field]: issued } },
        );
        expect(r.data.updateAdAccountCredentials.status).toBe('ACTIVE');
      }
      await gql(
        `query ($b: ID!) { brand(id: $b) { adAccounts { ${ACCOUNT_FIELDS} events(first: 100) { kind message platformActor }
             campaigns { edges { node { name platformState { desired actual pausedByUs lastError } } } } } } }`,
        { b: brandId },
      );
      await gql(`{ auditEntries(first: 500) { edges { node { action before after } } } }`);
      await gql(`mutation ($id: ID!) { disconnectAdAccount(id: $id) }`, { id: meta });
      const metrics = await (await fetch(`${service.url}/metrics`, { headers: asAdmin })).text();
      expect(metrics).toMatch(/budget_platform/);

      const audit = JSON.stringify(await t.sql(`select * from audit_entries`));
      const events = JSON.stringify(await t.sql(`select * from platform_events`));
      const stored = await t.sql<{ credentials: Buffer }>(`select credentials from ad_accounts`);
      expect(output).toMatch(/platform_push done/);
      for (const secret of secrets) {
        for (const [where, text] of [
          ['an answer', answers.join('\n')],
          ['the log', output],
          ['/metrics', metrics],
          ['the audit trail', audit],
          ['the platform events', events],
        ] as const) {
          expect(text.includes(secret), `${secret} in ${where}`).toBe(false);
        }
        for (const row of stored) expect(row.credentials.includes(secret), `${secret} stored in clear`).toBe(false);
      }
      // nor Google's access tokens, which the service obtained (and used) itself
      for (const text of [answers.join('\n'), output, metrics, audit, events]) expect(text).not.toMatch(/ya29\.sim-/);
      expect(sim.requests.some((r) => r.platform === 'GOOGLE_ADS' && r.endpoint === 'token')).toBe(true);
    } finally {
      await service.stop();
    }
  });
});
