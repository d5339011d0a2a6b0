// The whole loop, per platform, against the local simulator: connect an account, import its
// campaigns, spend reported in steps until the brand's budget is used (the pause applied on the
// simulator), a revision down (the exact ledger), a repeated poll (nothing written), a campaign
// re-enabled "in the UI" (paused again, who did it named), a rate limit (the push delayed, not
// lost, by a real worker), an expired token (on the account), and the midnight reset's resume
// reaching the platform; and that a campaign someone else paused on the platform stays paused, and
// that a brand whose drift policy is REPORT is told, not overruled.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../src/domain/scope.ts';
import { runEnforcement } from '../../src/engine/enforcement.ts';
import { pushAccount, syncAccount, type SyncOptions } from '../../src/platforms/sync.ts';
import { startWorker, type Worker } from '../../src/worker/runner.ts';
import { workerSetup } from '../../tasks/index.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { asAdmin, testServer, type TestServer } from '../helpers/server.ts';
import { control, simulator, type Simulator } from '../helpers/simulator.ts';
import { platformTestSettings, SECRET_KEY } from '../helpers/platforms.ts';
import { waitFor } from '../helpers/wait.ts';

/**
 * A zone whose local hour is now between 2 and 16, so no step of the test crosses its midnight:
 * the simulator's clock is moved 4 hours on (and the zones' offsets are at most 5.5 hours apart).
 */
function middayZone(now = new Date()): string {
  const zones = ['Pacific/Kiritimati', 'Asia/Tokyo', 'Asia/Kolkata', 'Europe/London', 'America/New_York', 'Pacific/Honolulu'];
  return zones.find((zone) => {
    const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', hourCycle: 'h23' }).format(now));
    return hour >= 2 && hour <= 16;
  })!;
}

const CASES = [
  {
    platform: 'GOOGLE_ADS' as const,
    account: '1112223334',
    credentials: { refreshToken: '1//loop-refresh-token-google' },
    campaigns: ['9001', '9002'],
    running: 'ENABLED',
  },
  {
    platform: 'META' as const,
    account: 'act_5550001',
    credentials: { accessToken: 'EAALOOP-meta-system-user-token' },
    campaigns: ['23800000000000001', '23800000000000002'],
    running: 'ACTIVE',
  },
];

describe.each(CASES)('the loop on $platform', (c) => {
  let t: TestDb;
  let sim: Simulator;
  let server: TestServer;
  let worker: Worker | null = null;
  let options: SyncOptions;
  const zone = middayZone();
  let brandId: string;
  let accountId: string;

  const simCampaign = (id: string) => sim.world.accounts.get(c.account)!.campaigns.get(id)!;
  const sync = async () => {
    const r = await server.gql(
      `mutation($id: ID!) { syncAdAccount(id: $id) { error pull { entries dates campaigns } drift { found repaused reported } push { paused resumed failed } } }`,
      { id: accountId },
    );
    expect(r.errors).toBeUndefined();
    return r.data.syncAdAccount;
  };
  /** the ledger's platform entries of a campaign on a date, summed (thousandths) */
  const booked = async (externalId: string, date: string) => {
    const [row] = await t.sql<{ sum: string | null }>(
      `select sum(s.amount)::text as sum from spends s join campaigns c on c.id = s.campaign_id
        where c.external_campaign_id = $1 and s.spend_date = $2::date and s.source = $3`,
      [externalId, date, c.platform === 'GOOGLE_ADS' ? 'platform:google_ads' : 'platform:meta'],
    );
    return BigInt(row!.sum ?? '0');
  };
  const reported = async (externalId: string) => {
    const view = await control(sim, 'GET', `/accounts/${c.account}/campaigns/${externalId}`);
    return view.body.spend.at(-1) as { date: string; reportedMicros: string };
  };
  /**
   * what the ledger must hold for a reported total, in thousandths of USD: Google sends micros
   * (rounded here half up to cents); Meta sends its spend already rounded down to cents
   */
  const cents = (micros: bigint) => (c.platform === 'GOOGLE_ADS' ? ((micros + 5_000n) / 10_000n) * 10n : (micros / 10_000n) * 10n);

  beforeAll(async () => {
    t = await freshDatabase();
    sim = await simulator({
      clock: { speed: 0 },
      accounts: [
        {
          platform: c.platform,
          id: c.account,
          name: 'Loop account',
          currency: 'USD',
          timeZone: zone,
          credentials: [c.credentials.refreshToken ?? c.credentials.accessToken],
          campaigns: c.campaigns.map((id, i) => ({ id, name: `Loop ${i + 1}`, status: c.running, hourlyRate: '0' })),
        },
      ],
    } as never);
    options = { ...platformTestSettings(sim), secretKey: SECRET_KEY };
    server = await testServer(t.url, { outboundAllowHosts: [new URL(sim.url).host], platforms: options });
    const brand = await server.gql(
      `mutation($zone: TimeZone!) { createBrand(input: { name: "Loop brand", currency: "USD", timezone: $zone, dailyBudget: "100.00" }) { id } }`,
      { zone },
    );
    brandId = brand.data.createBrand.id;
  });

  afterAll(async () => {
    await worker?.stop();
    await server?.close();
    await sim?.close();
    await t?.drop();
  });

  it('connects the account and imports its campaigns', async () => {
    const r = await server.gql(
      `mutation($input: ConnectAdAccountInput!) { connectAdAccount(input: $input) { id currency timeZone status } }`,
      { input: { brandId, platform: c.platform, externalAccountId: c.account, credentials: c.credentials } },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.connectAdAccount).toMatchObject({ currency: 'USD', timeZone: zone, status: 'ACTIVE' });
    accountId = r.data.connectAdAccount.id;
    const imported = await server.gql(`mutation($id: ID!) { importAdCampaigns(adAccountId: $id) { created linked } }`, { id: accountId });
    expect(imported.errors).toBeUndefined();
    expect(imported.data.importAdCampaigns.created).toBe(2);
  });

  it('books spend reported in steps, and pauses on the platform the spend that uses the budget', async () => {
    const [first] = c.campaigns;
    await control(sim, 'PATCH', `/accounts/${c.account}/campaigns/${first}`, { hourlyRate: '30.00', curve: Array(24).fill(1) });
    // 30.00 an hour of simulated time: 30.00, 60.00, then 120.00 (the budget is 100.00)
    for (let step = 0; step < 2; step++) {
      await control(sim, 'POST', '/clock', { advanceSeconds: 3_600 });
      const result = await sync();
      expect(result.error).toBeNull();
      expect(result.pull.entries).toBe(1);
      const r = await reported(first!);
      expect(await booked(first!, r.date)).toBe(cents(BigInt(r.reportedMicros)));
      expect(simCampaign(first!).status).toBe(c.running);
    }
    await control(sim, 'POST', '/clock', { advanceSeconds: 7_200 });
    const result = await sync();
    expect(result.push.paused).toBe(2);
    for (const id of c.campaigns) expect(simCampaign(id).status).toBe('PAUSED');
    const states = await t.sql<{ status: string; pause_reason: string }>(`select status, pause_reason from campaigns`);
    expect(states.every((s) => s.status === 'PAUSED' && s.pause_reason === 'DAILY_BUDGET')).toBe(true);
  });

  it('writes nothing on a repeated poll', async () => {
    const [{ n: before }] = (await t.sql<{ n: number }>(`select count(*)::int as n from spends`)) as [{ n: number }];
    const result = await sync();
    expect(result.pull.entries).toBe(0);
    const [{ n: after }] = (await t.sql<{ n: number }>(`select count(*)::int as n from spends`)) as [{ n: number }];
    expect(after).toBe(before);
  });

  it('books a revision down as its exact correction', async () => {
    const [first] = c.campaigns;
    const r0 = await reported(first!);
    await control(sim, 'POST', `/accounts/${c.account}/campaigns/${first}/revisions`, { date: r0.date, by: '7.333333' });
    const result = await sync();
    expect(result.pull.entries).toBe(1);
    const r1 = await reported(first!);
    expect(BigInt(r1.reportedMicros)).toBeLessThan(BigInt(r0.reportedMicros));
    expect(await booked(first!, r1.date)).toBe(cents(BigInt(r1.reportedMicros)));
    const [last] = await t.sql<{ amount: string }>(`select amount::text from spends order by created_at desc, id desc limit 1`);
    const amount = last!.amount;
    expect(BigInt(amount)).toBeLessThan(0n);
  });

  it('pauses again a campaign someone enabled in the UI, and names who', async () => {
    const [, second] = c.campaigns;
    await control(sim, 'POST', `/accounts/${c.account}/campaigns/${second}/ui`, { status: c.running, actor: 'bob@agency.example' });
    expect(simCampaign(second!).status).toBe(c.running);
    const result = await sync();
    expect(result.drift).toMatchObject({ found: 1, repaused: 1 });
    expect(simCampaign(second!).status).toBe('PAUSED');
    const events = await t.sql<{ kind: string; message: string }>(`select kind, message from platform_events where kind like 'DRIFT%'`);
    expect(events).toHaveLength(1);
    expect(events[0]!.message).toMatch(/bob/);
  });

  it('delays a push the platform rate-limits, and does not lose it', async () => {
    worker = await startWorker(t.url, workerSetup(t.url, { platforms: { sync: options, pollSeconds: 3_600 } }));
    await control(sim, 'POST', '/faults', {
      platform: c.platform,
      endpoint: c.platform === 'GOOGLE_ADS' ? 'mutate' : 'campaignUpdate',
      kind: 'rateLimit',
      retryDelaySeconds: 2,
      count: 1,
    });
    // raising the budget resumes both: the push, queued by the status events, must enable them on the platform
    await server.gql(`mutation($id: ID!) { updateBrand(id: $id, input: { dailyBudget: "1000.00" }) { id } }`, { id: brandId });
    await waitFor(() => sim.requests.some((r) => r.fault), { timeout: 20_000 });
    // the push waits for the platform's delay: Google's retryDelay (2 s); Meta's time to regain
    // access, which Meta gives in minutes (1 minute here), so the test brings that job forward
    const [queued] = await waitFor(async () => {
      const rows = await t.sql<{ wait: number }>(
        `select extract(epoch from j.run_at - now())::float8 as wait from graphile_worker._private_jobs j
           join graphile_worker._private_tasks k on k.id = j.task_id where k.identifier = 'platform_push' and j.locked_at is null`,
      );
      return rows.length ? rows : null;
    });
    expect(queued!.wait).toBeGreaterThan(c.platform === 'GOOGLE_ADS' ? 0.5 : 50);
    expect(c.campaigns.every((id) => simCampaign(id).status === 'PAUSED')).toBe(true);
    if (c.platform === 'META') {
      await t.sql(
        `update graphile_worker._private_jobs set run_at = now()
          where task_id = (select id from graphile_worker._private_tasks where identifier = 'platform_push')`,
      );
    }
    await waitFor(() => c.campaigns.every((id) => simCampaign(id).status === c.running), { timeout: 20_000 });
  });

  it('shows an expired token on the account', async () => {
    await worker?.stop();
    worker = null;
    // Google: the access tokens issued so far expire and the refresh token is revoked; Meta: the token expires
    for (const action of c.platform === 'GOOGLE_ADS' ? ['expire', 'revoke'] : ['expire']) {
      await control(sim, 'POST', `/accounts/${c.account}/credentials`, { action });
    }
    const result = await sync();
    expect(result.error).toMatch(/./);
    const r = await server.gql(`query($id: ID!) { adAccount(id: $id) { status lastError events { kind } } }`, { id: accountId });
    expect(r.data.adAccount.status).toBe('AUTH_FAILED');
    expect(r.data.adAccount.events.map((e: { kind: string }) => e.kind)).toContain('AUTH_FAILED');
    // new credentials, and it works again
    const issued = await control(sim, 'POST', `/accounts/${c.account}/credentials`, { action: 'issue' });
    const token = issued.body.token as string;
    const credentials = c.platform === 'GOOGLE_ADS' ? { refreshToken: token } : { accessToken: token };
    const updated = await server.gql(
      `mutation($id: ID!, $credentials: AdAccountCredentialsInput!) { updateAdAccountCredentials(id: $id, credentials: $credentials) { status } }`,
      { id: accountId, credentials },
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data.updateAdAccountCredentials.status).toBe('ACTIVE');
  });

  it('resumes on the platform at midnight what a budget paused', async () => {
    // used up again: the budget back to 100.00 pauses both (on the platform too)
    await server.gql(`mutation($id: ID!) { updateBrand(id: $id, input: { dailyBudget: "100.00" }) { id } }`, { id: brandId });
    await pushAccount(t.db, accountId, options);
    for (const id of c.campaigns) expect(simCampaign(id).status).toBe('PAUSED');
    // the brand's next midnight: reset_daily resumes them; the push enables them on the platform
    const [{ midnight }] = (await t.sql<{ midnight: Date }>(
      `select local_start((local_clock(now(), timezone)::date + 1), timezone) + interval '1 minute' as midnight from brands where id = $1`,
      [brandId],
    )) as [{ midnight: Date }];
    const reset = await t.db.$transaction((tx) => runEnforcement(tx, 'RESET_DAILY', midnight, SYSTEM));
    expect(reset.resumed).toBe(2);
    const pushed = await pushAccount(t.db, accountId, options);
    expect(pushed.resumed).toBe(2);
    for (const id of c.campaigns) expect(simCampaign(id).status).toBe(c.running);
  });

  it('never resumes on the platform a campaign someone else paused there', async () => {
    const [first, second] = c.campaigns as [string, string];
    await control(sim, 'POST', `/accounts/${c.account}/campaigns/${second}/ui`, { status: 'PAUSED', actor: 'alice@agency.example' });
    expect((await sync()).drift.found).toBe(0);
    // the budget used up (a new budget, below today's spend): ours is paused on the platform, theirs was paused already
    await server.gql(`mutation($id: ID!) { updateBrand(id: $id, input: { dailyBudget: "99.00" }) { id } }`, { id: brandId });
    expect(await pushAccount(t.db, accountId, options)).toMatchObject({ paused: 1, resumed: 0 });
    // a new day: both resume here; on the platform only ours
    const [{ midnight }] = (await t.sql<{ midnight: Date }>(
      `select local_start((local_clock(now(), timezone)::date + 1), timezone) + interval '2 minutes' as midnight from brands where id = $1`,
      [brandId],
    )) as [{ midnight: Date }];
    expect((await t.db.$transaction((tx) => runEnforcement(tx, 'RESET_DAILY', midnight, SYSTEM))).resumed).toBe(2);
    expect(await pushAccount(t.db, accountId, options)).toMatchObject({ paused: 0, resumed: 1 });
    expect(simCampaign(first).status).toBe(c.running);
    expect(simCampaign(second).status).toBe('PAUSED');
    const read = await server.gql(
      `query($id: ID!) { adAccount(id: $id) { campaigns { edges { node { externalCampaignId platformState { desired actual pausedByUs } } } } } }`,
      { id: accountId },
    );
    const states = Object.fromEntries(
      read.data.adAccount.campaigns.edges.map((e: { node: { externalCampaignId: string; platformState: unknown } }) => [
        e.node.externalCampaignId,
        e.node.platformState,
      ]),
    );
    expect(states[second]).toEqual({ desired: null, actual: 'PAUSED', pausedByUs: false });
  });

  it("reports, and leaves running, a campaign enabled on the platform when the brand's policy says REPORT, until its decision changes", async () => {
    const [first] = c.campaigns as [string];
    await server.gql(`mutation($id: ID!) { updateBrand(id: $id, input: { driftPolicy: REPORT, dailyBudget: "100.00" }) { id } }`, { id: brandId });
    expect((await pushAccount(t.db, accountId, options)).paused).toBe(1);
    expect(simCampaign(first).status).toBe('PAUSED');
    await control(sim, 'POST', `/accounts/${c.account}/campaigns/${first}/ui`, { status: c.running, actor: 'carol@agency.example' });
    expect((await sync()).drift).toMatchObject({ found: 1, repaused: 0, reported: 1 });
    expect(simCampaign(first).status).toBe(c.running);
    // reported once, and left alone by the next syncs
    expect((await sync()).drift.found).toBe(0);
    expect(simCampaign(first).status).toBe(c.running);
    const reported = await t.sql<{ message: string }>(`select message from platform_events where kind = 'DRIFT_REPORTED'`);
    expect(reported).toHaveLength(1);
    expect(reported[0]!.message).toMatch(/carol/);
    // a new decision about it (an operator's pause): applied on the platform again
    const [{ id }] = (await t.sql<{ id: string }>(`select id from campaigns where external_campaign_id = $1`, [first])) as [{ id: string }];
    await server.gql(`mutation($id: ID!) { pauseCampaign(id: $id) { status } }`, { id });
    expect((await pushAccount(t.db, accountId, options)).paused).toBe(1);
    expect(simCampaign(first).status).toBe('PAUSED');
  });

  it('books no report older than the one booked last (an overlapping sync), and says so when the key cannot open the credentials', async () => {
    const [{ n: before }] = (await t.sql<{ n: number }>(`select count(*)::int as n from spends`)) as [{ n: number }];
    // both campaigns are paused (they spend no more): a revision changes today's total
    const today = (await reported(c.campaigns[0]!)).date;
    await control(sim, 'POST', `/accounts/${c.account}/campaigns/${c.campaigns[0]}/revisions`, { date: today, by: '1.00' });
    // a newer report was booked meanwhile (as by a sync that overlapped this one)
    await t.sql(`update ad_accounts set costs_read_at = now() + interval '1 hour' where id = $1`, [accountId]);
    expect((await sync()).pull).toBeNull();
    expect(((await t.sql<{ n: number }>(`select count(*)::int as n from spends`)) as [{ n: number }])[0].n).toBe(before);
    await t.sql(`update ad_accounts set costs_read_at = null where id = $1`, [accountId]);
    expect((await sync()).pull.entries).toBe(1);
    // another BUDGET_SECRET_KEY: the stored credentials cannot be opened
    const wrong = await syncAccount(t.db, accountId, { ...options, secretKey: randomBytes(32) });
    expect(wrong.error).toMatch(/opening the credentials/);
    const [account] = await t.sql<{ status: string; last_error: string }>(`select status, last_error from ad_accounts where id = $1`, [accountId]);
    expect(account!.status).toBe('AUTH_FAILED');
    expect((await sync()).error).toBeNull();
  });

  it('is measured: sync time and lag, push latency, errors by kind, writes, quota use', async () => {
    const res = await fetch(`${server.url}/metrics`, { headers: asAdmin });
    const text = await res.text();
    const value = (series: string) => Number(new RegExp(`^${series.replace(/[{}"()]/g, (m) => `\\${m}`)} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
    const p = c.platform;
    expect(value(`budget_platform_sync_duration_seconds_count{platform="${p}",outcome="ok"}`)).toBeGreaterThan(0);
    expect(value(`budget_platform_sync_duration_seconds_count{platform="${p}",outcome="error"}`)).toBeGreaterThan(0);
    expect(value(`budget_platform_push_latency_seconds_count{platform="${p}"}`)).toBeGreaterThan(0);
    expect(value(`budget_platform_errors_total{platform="${p}",kind="RATE_LIMIT"}`)).toBeGreaterThanOrEqual(1);
    expect(value(`budget_platform_errors_total{platform="${p}",kind="AUTH"}`)).toBeGreaterThanOrEqual(1);
    expect(value(`budget_platform_status_writes_total{platform="${p}",status="PAUSED",outcome="ok"}`)).toBeGreaterThan(0);
    expect(value(`budget_platform_sync_lag_seconds{platform="${p}"}`)).toBeGreaterThanOrEqual(0);
    if (p === 'META') expect(value(`budget_platform_quota_used_percent{platform="META"}`)).toBeGreaterThanOrEqual(0);
  });
});
