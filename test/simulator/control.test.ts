// The simulator's control API (/_sim) as tests and the demo drive it, and `budget simulate` as an
// operator runs it: its URLs and settings printed, a seed file loaded, Ctrl-C to stop.
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessToken, control, gaql, meta, simulator, type Simulator } from '../helpers/simulator.ts';
import { waitFor } from '../helpers/wait.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await simulator();
});
afterAll(() => sim.close());

describe('the control API', () => {
  it('resets to a seed, and says how to point the service at it', async () => {
    const r = await control(sim, 'POST', '/reset', {
      clock: { start: '2026-12-06T05:00:00Z', speed: 0 },
      accounts: [{ platform: 'GOOGLE_ADS', id: '1111111111', timeZone: 'America/New_York', credentials: ['1//a'], lagSeconds: 1800 }],
    });
    expect(r.status).toBe(200);
    expect(r.body.clock).toEqual({ now: '2026-12-06T05:00:00.000Z', speed: 0 });
    expect(r.body.accounts).toEqual([{ platform: 'GOOGLE_ADS', id: '1111111111', name: 'Google Ads account 1111111111', campaigns: 0 }]);
    const port = new URL(sim.url).port;
    expect(r.body.settings).toMatchObject({
      GOOGLE_ADS_API_URL: sim.url,
      GOOGLE_OAUTH_TOKEN_URL: `${sim.url}/token`,
      META_GRAPH_API_URL: sim.url,
      GOOGLE_ADS_API_VERSION: 'v26',
      META_GRAPH_API_VERSION: 'v26.0',
      OUTBOUND_ALLOW_HOSTS: `127.0.0.1:${port}`,
    });
  });

  it('refuses a malformed account or campaign, naming what is wrong', async () => {
    expect(await control(sim, 'POST', '/accounts', { platform: 'GOOGLE_ADS', id: '123-456-7890' })).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/10 digits without dashes/) },
    });
    expect(await control(sim, 'POST', '/accounts', { platform: 'META', id: 'act_9', currency: 'usd' })).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/^currency/) },
    });
    expect(await control(sim, 'POST', '/accounts', { platform: 'META', id: 'act_9', timeZone: 'Mars/Olympus' })).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/^timeZone/) },
    });
    expect(await control(sim, 'POST', '/accounts', { platform: 'GOOGLE_ADS', id: '1111111111' })).toMatchObject({ status: 409 });
    expect(await control(sim, 'POST', '/accounts/1111111111/campaigns', { hourlyRate: 12.5 })).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/^hourlyRate must be a decimal string/) },
    });
    expect(await control(sim, 'POST', '/accounts/1111111111/campaigns', { status: 'ACTIVE', curve: [1, 2] })).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/^curve/) },
    });
    expect(await control(sim, 'GET', '/accounts/2222222222')).toMatchObject({ status: 404 });
    // all or nothing: an account refused for one of its campaigns, or a seed for one of its accounts, leaves no trace
    const partly = await control(sim, 'POST', '/accounts', {
      platform: 'META',
      id: 'act_8',
      campaigns: [{ id: '801' }, { hourlyRate: 5 }],
    });
    expect(partly.status).toBe(400);
    expect(await control(sim, 'GET', '/accounts/act_8')).toMatchObject({ status: 404 });
    expect(sim.world.metaCampaign('801')).toBeUndefined();
    expect(await control(sim, 'POST', '/reset', { accounts: [{ platform: 'META', id: 'nope' }] })).toMatchObject({ status: 400 });
    expect((await control(sim, 'GET', '/accounts')).body.map((a: any) => a.id)).toEqual(['1111111111']);
    expect(await control(sim, 'POST', '/faults', { kind: 'meltdown' })).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/^kind must be one of/) },
    });
    expect(await control(sim, 'GET', '/nothing')).toMatchObject({ status: 404 });
  });

  it('shapes a campaign, moves the clock, revises a total, and shows the truth beside what is reported', async () => {
    const created = await control(sim, 'POST', '/accounts/1111111111/campaigns', {
      id: '42',
      name: 'Search',
      hourlyRate: '6.00',
      curve: Array(24).fill(1),
    });
    expect(created).toMatchObject({
      status: 201,
      body: { id: '42', status: 'ENABLED', running: true, hourlyRate: '6.000000', dailyBudget: null, overDelivery: 2 },
    });
    await control(sim, 'POST', '/clock', { advanceSeconds: 4 * 3600 });
    const view = await control(sim, 'GET', '/accounts/1111111111/campaigns/42?dates=2026-12-06');
    // four hours spent; reports trail by the account's 30 minutes
    expect(view.body.spend).toEqual([
      { date: '2026-12-06', micros: '24000000', amount: '24.000000', reportedMicros: '21000000', reported: '21.000000' },
    ]);
    const revised = await control(sim, 'POST', '/accounts/1111111111/campaigns/42/revisions', { date: '2026-12-06', by: '1.50' });
    expect(revised.body).toMatchObject({ totalMicros: '22500000', total: '22.500000' });
    await control(sim, 'PATCH', '/accounts/1111111111', { lagSeconds: 0 });
    expect((await control(sim, 'GET', '/accounts/1111111111/campaigns/42?dates=2026-12-06')).body.spend[0].reportedMicros).toBe('22500000');
    const token = await accessToken(sim, '1//a');
    const [row] = await gaql(
      sim,
      token,
      '1111111111',
      'SELECT metrics.cost_micros, segments.date FROM campaign WHERE segments.date DURING TODAY',
    );
    expect(row.metrics.costMicros).toBe('22500000');
    expect(await control(sim, 'POST', '/clock', { to: '2026-01-01T00:00:00Z' })).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/only moves forward/) },
    });
    expect((await control(sim, 'POST', '/clock', { speed: 60 })).body.speed).toBe(60);
    await control(sim, 'POST', '/clock', { speed: 0 });
  });

  it('records what reached the APIs (tokens left out) and every status change, with who made it', async () => {
    await control(sim, 'POST', '/accounts', { platform: 'META', id: 'act_5', credentials: ['EAA-secret'], campaigns: [{ id: '5001' }] });
    await meta(sim, '5001', {}, { status: 'PAUSED', access_token: 'EAA-secret' });
    await meta(sim, 'act_5/campaigns', { access_token: 'EAA-secret', fields: 'status' });
    await control(sim, 'POST', '/accounts/act_5/campaigns/5001/ui', { status: 'ACTIVE' });
    const requests = (await control(sim, 'GET', '/requests?platform=META')).body as any[];
    expect(requests.map((r) => [r.endpoint, r.account, r.status])).toEqual([
      ['campaignUpdate', 'act_5', 200],
      ['campaigns', 'act_5', 200],
    ]);
    expect(requests[1].path).toBe('/v26.0/act_5/campaigns?access_token=%5Bredacted%5D&fields=status');
    expect(JSON.stringify(requests)).not.toContain('EAA-secret');
    const changes = (await control(sim, 'GET', '/changes?account=act_5')).body as any[];
    expect(changes.map((c) => [c.campaignId, c.from, c.to, c.via, c.actor])).toEqual([
      ['5001', 'ACTIVE', 'PAUSED', 'API', 'Budget Control system user'],
      ['5001', 'PAUSED', 'ACTIVE', 'UI', 'Jane Doe'],
    ]);
    expect((await control(sim, 'GET', `/changes?account=act_5&after=${changes[0].seq}`)).body).toHaveLength(1);
  });

  it('lists and removes faults', async () => {
    const a = await control(sim, 'POST', '/faults', { kind: 'serverError', platform: 'META', forSeconds: 600 });
    await control(sim, 'POST', '/faults', { kind: 'slow', delayMs: 10, count: 5 });
    expect((await control(sim, 'GET', '/faults')).body.map((f: any) => f.kind)).toEqual(['serverError', 'slow']);
    expect((await control(sim, 'DELETE', `/faults/${a.body.id}`)).body).toEqual({ removed: a.body.id });
    await control(sim, 'DELETE', '/faults');
    expect((await control(sim, 'GET', '/faults')).body).toEqual([]);
  });
});

describe('budget simulate', () => {
  it(
    'loads a seed, prints its URLs, the settings and the accounts, serves both platforms, and stops on Ctrl-C',
    { timeout: 60_000 },
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'budget-sim-'));
      const seedFile = path.join(dir, 'seed.json');
      await writeFile(
        seedFile,
        JSON.stringify({
          accounts: [
            {
              platform: 'META',
              id: 'act_42',
              currency: 'EUR',
              timeZone: 'Europe/Paris',
              credentials: ['EAA-cli'],
              campaigns: [{ id: '4201' }],
            },
          ],
        }),
      );
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'src/main.ts', 'simulate', '--port', '0', '--seed', seedFile, '--speed', '0'],
        {
          env: { ...process.env, LOG_LEVEL: 'warn' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      try {
        await waitFor(() => output.includes('Ctrl-C stops it.'), {
          timeout: 45_000,
          what: () => `the simulator's banner (so far: ${output})`,
        });
        const url = /^Ad platform simulator on (http:\/\/127\.0\.0\.1:\d+) \(clock .*, speed ×0\)$/m.exec(output)![1]!;
        expect(output).toContain(`META_GRAPH_API_URL=${url}`);
        expect(output).toContain(`OUTBOUND_ALLOW_HOSTS=${new URL(url).host}`);
        expect(output).toMatch(/META\s+act_42\s+EUR Europe\/Paris\s+accessToken EAA-cli {2}1 campaigns/);
        const r = await fetch(`${url}/v26.0/act_42?fields=currency,timezone_name&access_token=EAA-cli`);
        expect(await r.json()).toEqual({ currency: 'EUR', timezone_name: 'Europe/Paris', id: 'act_42' });
        child.kill('SIGINT');
        expect(await exited).toBe(0);
      } finally {
        child.kill('SIGKILL');
      }
    },
  );

  it('a busy port is named, with the flag that changes it', { timeout: 60_000 }, async () => {
    const port = new URL(sim.url).port;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'simulate', '--port', port], {
      env: { ...process.env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toBe(`budget: port ${port} on 127.0.0.1 is busy (--port chooses another)\n`);
  });
});
