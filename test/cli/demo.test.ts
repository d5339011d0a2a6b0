// `budget demo` as a viewer runs it, on a fresh database: it seeds, connects brands to simulated
// Google Ads and Meta accounts, books their spend as it arrives, pauses a brand on the simulated
// platforms once its daily budget is used up, and Ctrl-C stops it, its demo accounts disconnected.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/db/embedded.ts';
import { freshDatabase, type TestDb } from '../helpers/db.ts';
import { TEST_ADMIN_KEY } from '../helpers/server.ts';
import { waitFor } from '../helpers/wait.ts';

let t: TestDb;
let child: ChildProcess | undefined;
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await t.drop();
});

describe('budget demo', () => {
  it('refuses a pace or a number of brands out of range, naming the flag, and starts nothing', () => {
    for (const [args, words] of [
      [['--pace', '5'], '--pace must be whole seconds from 10 to 3600'],
      [['--brands', 'three'], '--brands must be a whole number from 1 to 5'],
    ] as const) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', 'demo', ...args], {
        env: { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: 'warn' },
        encoding: 'utf8',
      });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`budget: ${words}`);
    }
    return expect(t.sql('select id from brands')).resolves.toEqual([]);
  });

  it('shows spend arriving from the simulated platforms and a pause reaching them, then stops clean', { timeout: 120_000 }, async () => {
    const port = await freePort();
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'demo', '--pace', '20'], {
      env: {
        ...process.env,
        DATABASE_URL: t.url,
        PORT: String(port),
        LOG_LEVEL: 'warn',
        BUDGET_ADMIN_KEY: TEST_ADMIN_KEY,
        BUDGET_SECRET_KEY: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    const alive = () => {
      if (child!.exitCode !== null) throw new Error(`budget demo exited early:\n${output}`);
    };
    const count = async (sql: string) => {
      alive();
      return Number((await t.sql<{ n: number }>(sql))[0]!.n);
    };

    const simUrl = await waitFor(
      () => {
        alive();
        return /the simulator on (http:\/\/127\.0\.0\.1:[0-9]+)/.exec(output)?.[1];
      },
      { timeout: 60_000, interval: 200, what: () => `the demo's summary:\n${output}` },
    );
    expect(output).toContain(`Dashboard:  http://127.0.0.1:${port}/`);
    expect(output).toContain('Press Ctrl-C');
    // seeded, and three brands connected to a Google Ads and a Meta account each, with their campaigns
    expect(await count('select count(*)::int as n from brands')).toBe(20);
    expect(
      await t.sql(
        'select a.platform::text, a.status, a.currency = b.currency and a.time_zone = b.timezone as same from ad_accounts a join brands b on b.id = a.brand_id order by 1',
      ),
    ).toEqual([
      ...Array.from({ length: 3 }, () => ({ platform: 'GOOGLE_ADS', status: 'ACTIVE', same: true })),
      ...Array.from({ length: 3 }, () => ({ platform: 'META', status: 'ACTIVE', same: true })),
    ]);
    expect(await count('select count(*)::int as n from campaigns where ad_account_id is not null')).toBe(12);

    // spend booked from both simulated platforms, growing
    await expect
      .poll(() => t.sql<{ source: string }>(`select distinct source from spends where source like 'platform:%' order by 1`), {
        timeout: 30_000,
        interval: 500,
      })
      .toEqual([{ source: 'platform:google_ads' }, { source: 'platform:meta' }]);

    // the first brand uses up its daily budget: paused here, and the pause reaches the simulator
    await expect
      .poll(() => count(`select count(*)::int as n from campaign_platform_states where paused_by_us and actual = 'PAUSED'`), {
        timeout: 60_000,
        interval: 500,
      })
      .toBeGreaterThanOrEqual(4);
    const changes = (await (await fetch(`${simUrl}/_sim/changes?via=API`)).json()) as { to: string }[];
    expect(changes.filter((c) => c.to === 'PAUSED').length).toBeGreaterThanOrEqual(4);
    expect(await count(`select count(*)::int as n from budget_alerts where threshold >= 80`)).toBeGreaterThan(0);
    await expect.poll(() => output, { timeout: 10_000, interval: 200 }).toMatch(/[0-9]+ % \(4 paused on the platforms\)/);

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(await t.sql('select id from ad_accounts')).toEqual([]);
  });
});
