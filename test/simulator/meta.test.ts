// Meta's Graph API as the simulator speaks it over HTTP, shaped as PLATFORMS.md's examples: the
// ad account, campaigns and insights with paging.cursors and absolute `next` links, status
// updates answering {"success": true}, the activity log, token errors (190), and throttling in
// JSON bodies with the usage headers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { control, meta, metaAll, simulator, type Simulator } from '../helpers/simulator.ts';

const TOKEN = 'EAA-test-token';
const ACT = 'act_123456789';
let sim: Simulator;

beforeAll(async () => {
  sim = await simulator({
    clock: { start: '2026-12-06T15:00:00Z', speed: 0 }, // 10:00 in New York, frozen
    meta: { callsPerHour: { ads_insights: 100_000, ads_management: 100_000 } },
    accounts: [
      {
        platform: 'META',
        id: ACT,
        name: 'Acme Social',
        currency: 'USD',
        timeZone: 'America/New_York',
        credentials: [TOKEN],
        campaigns: [
          { id: '23850000000000101', name: 'Prospecting', hourlyRate: '10.00', curve: Array(24).fill(1), since: '2026-12-04T05:00:00Z' },
          { id: '23850000000000102', name: 'Retargeting', hourlyRate: '0.5', curve: Array(24).fill(1), since: '2026-12-05T05:00:00Z' },
          { id: '23850000000000103', name: 'Paused', hourlyRate: '5.00', status: 'PAUSED', since: '2026-12-04T05:00:00Z' },
          { id: '23850000000000104', name: 'Old', status: 'ARCHIVED' },
        ],
      },
      {
        platform: 'META',
        id: 'act_777',
        currency: 'JPY',
        timeZone: 'Asia/Tokyo',
        credentials: ['EAA-yen'],
        campaigns: [{ id: '777001', hourlyRate: '1000.999', curve: Array(24).fill(1), since: '2026-12-05T15:00:00Z' }],
      },
    ],
  });
});
afterAll(() => sim.close());

describe('the ad account', () => {
  it('answers the fields asked, as Meta names them', async () => {
    const r = await meta(sim, ACT, { fields: 'name,timezone_name,currency,account_status', access_token: TOKEN });
    expect(r).toMatchObject({
      status: 200,
      body: { name: 'Acme Social', timezone_name: 'America/New_York', currency: 'USD', account_status: 1, id: ACT },
    });
    expect((await meta(sim, ACT, { access_token: TOKEN })).body).toEqual({ id: ACT, account_id: '123456789' });
    const bad = await meta(sim, ACT, { fields: 'nope', access_token: TOKEN });
    expect(bad).toMatchObject({
      status: 400,
      body: {
        error: {
          code: 100,
          type: 'OAuthException',
          message: expect.stringContaining('nonexisting field (nope)'),
          fbtrace_id: expect.any(String),
        },
      },
    });
  });
});

describe('campaigns', () => {
  it('pages with cursors and absolute next links, leaving out archived and deleted ones unless asked', async () => {
    const campaigns = Array.from({ length: 27 }, (_, i) => ({
      id: String(555_000 + i),
      name: `C${i}`,
      status: i % 2 ? 'PAUSED' : 'ACTIVE',
    }));
    await control(sim, 'POST', '/accounts', { platform: 'META', id: 'act_555', credentials: [TOKEN], campaigns });
    const first = await meta(sim, 'act_555/campaigns', { fields: 'id,name,status,effective_status', limit: '10', access_token: TOKEN });
    expect(first.body.data).toHaveLength(10);
    expect(first.body.paging).toEqual({
      cursors: { before: expect.any(String), after: expect.any(String) },
      next: expect.stringMatching(new RegExp(`^${sim.url}/v26.0/act_555/campaigns\\?`)),
    });
    expect(new URL(first.body.paging.next).searchParams.get('after')).toBe(first.body.paging.cursors.after);
    const all = await metaAll(first);
    expect(all.pages).toBe(3);
    expect(all.data.map((c) => c.id)).toEqual(campaigns.map((c) => c.id));
    expect(all.data[1]).toEqual({ id: '555001', name: 'C1', status: 'PAUSED', effective_status: 'PAUSED' });

    const listed = await meta(sim, `${ACT}/campaigns`, { fields: 'id,status', access_token: TOKEN });
    expect(listed.body.data.map((c: any) => c.id)).toEqual(['23850000000000101', '23850000000000102', '23850000000000103']);
    expect(listed.body.paging.next).toBeUndefined(); // one page: no next
    const archived = await meta(sim, `${ACT}/campaigns`, { fields: 'id', effective_status: '["ARCHIVED"]', access_token: TOKEN });
    expect(archived.body.data).toEqual([{ id: '23850000000000104' }]);
  });
});

describe('insights', () => {
  it('spend per campaign and day as decimal strings in major units, rows without spend left out', async () => {
    const r = await meta(sim, `${ACT}/insights`, {
      level: 'campaign',
      fields: 'campaign_id,spend',
      time_range: JSON.stringify({ since: '2026-12-04', until: '2026-12-06' }),
      time_increment: '1',
      limit: '500',
      access_token: TOKEN,
    });
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual([
      { campaign_id: '23850000000000101', spend: '240', date_start: '2026-12-04', date_stop: '2026-12-04' },
      { campaign_id: '23850000000000101', spend: '240', date_start: '2026-12-05', date_stop: '2026-12-05' },
      { campaign_id: '23850000000000102', spend: '12', date_start: '2026-12-05', date_stop: '2026-12-05' },
      { campaign_id: '23850000000000101', spend: '100', date_start: '2026-12-06', date_stop: '2026-12-06' },
      { campaign_id: '23850000000000102', spend: '5', date_start: '2026-12-06', date_stop: '2026-12-06' },
    ]);
    expect(r.headers.get('x-fb-ads-insights-throttle')).toMatch(/acc_id_util_pct/);
    const usage = JSON.parse(r.headers.get('x-business-use-case-usage')!);
    expect(usage['123456789'][0]).toMatchObject({
      type: 'ads_insights',
      call_count: expect.any(Number),
      estimated_time_to_regain_access: 0,
    });

    const account = await meta(sim, `${ACT}/insights`, {
      level: 'account',
      fields: 'spend,account_currency',
      date_preset: 'yesterday',
      access_token: TOKEN,
    });
    expect(account.body.data).toEqual([{ spend: '252', account_currency: 'USD', date_start: '2026-12-05', date_stop: '2026-12-05' }]);
    const one = await meta(sim, `${ACT}/insights`, {
      level: 'campaign',
      fields: 'campaign_id,spend',
      date_preset: 'today',
      filtering: JSON.stringify([{ field: 'campaign.id', operator: 'IN', value: ['23850000000000102'] }]),
      access_token: TOKEN,
    });
    expect(one.body.data).toEqual([{ campaign_id: '23850000000000102', spend: '5', date_start: '2026-12-06', date_stop: '2026-12-06' }]);
    // yen: no decimals (24 × 1000.999 = 24023.976, billed 24023); Tokyo's day, which ended at 15:00 UTC
    const yen = await meta(sim, 'act_777/insights', {
      level: 'campaign',
      fields: 'campaign_id,spend',
      date_preset: 'yesterday',
      access_token: 'EAA-yen',
    });
    expect(yen.body.data).toEqual([{ campaign_id: '777001', spend: '24023', date_start: '2026-12-06', date_stop: '2026-12-06' }]);
  });
});

describe('status updates and the activity log', () => {
  it('POST status=PAUSED answers {"success": true}, stops the spend, and the log names the app; a UI click names the person', async () => {
    const id = '23850000000000101';
    const r = await meta(sim, id, {}, { status: 'PAUSED', access_token: TOKEN });
    expect(r).toMatchObject({ status: 200, body: { success: true } });
    expect((await meta(sim, id, { fields: 'status,effective_status', access_token: TOKEN })).body).toEqual({
      status: 'PAUSED',
      effective_status: 'PAUSED',
      id,
    });
    const before = sim.world.totalAt(sim.world.campaign(ACT, id), '2026-12-06', sim.world.now());
    await control(sim, 'POST', '/clock', { advanceSeconds: 3600 });
    expect(sim.world.totalAt(sim.world.campaign(ACT, id), '2026-12-06', sim.world.now())).toBe(before);

    await control(sim, 'POST', `/accounts/${ACT}/campaigns/${id}/ui`, { status: 'ACTIVE', actor: 'Ann Smith' });
    const log = await meta(sim, `${ACT}/activities`, {
      fields: 'event_type,actor_name,application_name,object_id,extra_data,event_time',
      access_token: TOKEN,
    });
    expect(log.body.data).toEqual([
      {
        event_type: 'update_campaign_run_status',
        actor_name: 'Ann Smith',
        object_id: id,
        extra_data: '{"old_value":"PAUSED","new_value":"ACTIVE"}',
        event_time: '2026-12-06T16:00:00+0000',
      },
      {
        event_type: 'update_campaign_run_status',
        actor_name: expect.any(String),
        application_name: 'Budget Control',
        object_id: id,
        extra_data: '{"old_value":"ACTIVE","new_value":"PAUSED"}',
        event_time: '2026-12-06T15:00:00+0000',
      },
    ]);
    const invalid = await meta(sim, id, {}, { status: 'STOPPED', access_token: TOKEN });
    expect(invalid).toMatchObject({ status: 400, body: { error: { code: 100 } } });
    const unknown = await meta(sim, '999', {}, { status: 'PAUSED', access_token: TOKEN });
    expect(unknown).toMatchObject({
      status: 400,
      body: { error: { code: 100, error_subcode: 33, message: expect.stringMatching(/^Unsupported post request/) } },
    });
    const both = await meta(sim, '', { ids: `${id},23850000000000102`, fields: 'status', access_token: TOKEN });
    expect(both.body).toEqual({ [id]: { id, status: 'ACTIVE' }, '23850000000000102': { id: '23850000000000102', status: 'ACTIVE' } });
  });
});

describe('tokens', () => {
  it('answers code 190 for an unknown, expired or invalidated token, 104 for none', async () => {
    expect((await meta(sim, ACT, {})).body.error.code).toBe(104);
    expect((await meta(sim, ACT, { access_token: 'EAA-nobody' })).body.error).toMatchObject({ code: 190, type: 'OAuthException' });
    await control(sim, 'POST', '/accounts', { platform: 'META', id: 'act_190', credentials: ['EAA-190'] });
    await control(sim, 'POST', '/accounts/act_190/credentials', { action: 'expire' });
    expect((await meta(sim, 'act_190', { access_token: 'EAA-190' })).body.error).toMatchObject({ code: 190, error_subcode: 463 });
    await control(sim, 'POST', '/accounts/act_190/credentials', { action: 'revoke' });
    expect((await meta(sim, 'act_190', { access_token: 'EAA-190' })).body.error).toMatchObject({ code: 190, error_subcode: 460 });
    // another account's token may not read this one
    expect((await meta(sim, ACT, { access_token: 'EAA-yen' })).body.error.code).toBe(200);
  });
});

describe('throttling', () => {
  it('injected: codes 17, 80004 and 613 in JSON bodies (HTTP 400), usage headers at 100 %', async () => {
    await control(sim, 'POST', '/faults', {
      kind: 'rateLimit',
      platform: 'META',
      endpoint: 'campaignUpdate',
      count: 1,
      retryDelaySeconds: 300,
    });
    const limited = await meta(sim, '23850000000000102', {}, { status: 'PAUSED', access_token: TOKEN });
    expect(limited.status).toBe(400);
    expect(limited.body.error).toMatchObject({
      code: 80004,
      error_subcode: 2446079,
      is_transient: true,
      message: expect.stringMatching(/^\(#80004\) There have been too many calls to this ad-account/),
    });
    expect(JSON.parse(limited.headers.get('x-business-use-case-usage')!)['123456789'][0]).toMatchObject({
      type: 'ads_management',
      call_count: 100,
      estimated_time_to_regain_access: 5,
    });
    expect(sim.world.campaign(ACT, '23850000000000102').status).toBe('ACTIVE');
    await control(sim, 'POST', '/faults', { kind: 'rateLimit', platform: 'META', account: ACT, code: 17, count: 1 });
    expect((await meta(sim, ACT, { access_token: TOKEN })).body.error).toMatchObject({
      code: 17,
      message: '(#17) User request limit reached',
    });
    await control(sim, 'POST', '/faults', { kind: 'serverError', platform: 'META', count: 1 });
    expect((await meta(sim, ACT, { access_token: TOKEN })).body.error).toMatchObject({ code: 1, is_transient: true });
    expect((await meta(sim, ACT, { access_token: TOKEN })).status).toBe(200);
  });

  it('by use: an account over its calls per hour is refused with 80000 until the hour rolls on', async () => {
    const small = await simulator({
      meta: { callsPerHour: { ads_insights: 3, ads_management: 100 } },
      accounts: [{ platform: 'META', id: 'act_3', credentials: ['t'] }],
    });
    try {
      const call = () => meta(small, 'act_3/insights', { access_token: 't' });
      const counts = [];
      for (let i = 0; i < 3; i++) {
        const r = await call();
        expect(r.status).toBe(200);
        counts.push(JSON.parse(r.headers.get('x-business-use-case-usage')!)['3'][0].call_count);
      }
      expect(counts).toEqual([33, 66, 99]);
      const refused = await call();
      expect(refused.body.error).toMatchObject({ code: 80000 });
      expect(JSON.parse(refused.headers.get('x-business-use-case-usage')!)['3'][0].estimated_time_to_regain_access).toBeGreaterThanOrEqual(
        1,
      );
      // management calls have their own budget
      expect((await meta(small, 'act_3', { access_token: 't' })).status).toBe(200);
    } finally {
      await small.close();
    }
  });
});
