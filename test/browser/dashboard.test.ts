// The live dashboard at `/` in headless Chromium, every request to another host blocked: sign in,
// the overview's budget bars, live pauses in two open pages without reload, and the role rules.
import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer } from '../../src/server/app.ts';
import * as make from '../helpers/make.ts';
import { closeServer, serverForFile, TEST_ADMIN_KEY, type TestServer } from '../helpers/server.ts';
import type { TestDb } from '../helpers/db.ts';
import { CHROMIUM, hasChromium, offlineContext, SHOTS } from '../helpers/browser.ts';

const built = existsSync(new URL('../../web/dist/index.html', import.meta.url));
const ready = hasChromium && built;
if (!ready) process.stderr.write(`dashboard browser tests skipped: ${built ? `no Chromium at ${CHROMIUM}` : 'web/dist not built (npm run build)'}\n`);

let t: TestDb;
let s: TestServer;
let browser: Browser;
const offsite: string[] = [];

const key = async (role: string) => (await s.gql(`mutation { createApiKey(name: "${role} ${Math.random()}", role: ${role}) { key } }`)).data.createApiKey.key as string;

describe.skipIf(!ready)('the live dashboard', () => {
  beforeAll(async () => {
    ({ t, s } = await serverForFile());
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await closeServer(t, s);
  });

  async function signedIn(apiKey: string, width = 1300): Promise<Page> {
    const context = await offlineContext(browser, offsite, { width, height: 850 });
    const page = await context.newPage();
    await page.goto(s.url);
    await page.getByLabel('API key').fill(apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    return page;
  }

  it('a wrong key is refused at its field; a viewer sees the overview with exact figures', async () => {
    const b = (await s.gql(`mutation { createBrand(input: { name: "Acme Overview", dailyBudget: "100.00", monthlyBudget: "2000.00" }) { id } }`)).data.createBrand.id;
    const c = (await s.gql(`mutation ($b: ID!) { createCampaign(input: { brandId: $b, name: "Search" }) { id } }`, { b })).data.createCampaign.id;
    await s.gql(`mutation ($c: ID!) { recordSpend(input: { campaignId: $c, amount: "85.10" }) { duplicate } }`, { c });
    const page = await signedIn('bk_not_a_real_key');
    await expect.poll(() => page.locator('#key-error').textContent()).toMatch(/key/i);
    await page.getByLabel('API key').fill(await key('viewer'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    const row = page.locator('tr[data-brand="Acme Overview"]');
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('85.10 / 100.00 USD · 14.90 left');
    expect(await row.locator('.budget').first().getAttribute('data-level')).toBe('warn'); // 85 %: amber
    expect(await row.locator('.budget').nth(1).getAttribute('data-level')).toBe('ok');
    await page.screenshot({ path: `${SHOTS}/dashboard-overview.png` });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.context().close();
  });

  it('an ingest key is told it cannot use the dashboard', async () => {
    const page = await signedIn(await key('ingest'));
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('ingest key');
    await page.context().close();
  });

  it('a spend that uses the budget up turns the row red and shows the pause in two open pages, without reload', async () => {
    const b = (await s.gql(`mutation { createBrand(input: { name: "Live Brand", dailyBudget: "10.00" }) { id } }`)).data.createBrand.id;
    const c = (await s.gql(`mutation ($b: ID!) { createCampaign(input: { brandId: $b, name: "Live campaign" }) { id } }`, { b })).data.createCampaign.id;
    const viewer = await key('viewer');
    const pages = [await signedIn(viewer), await signedIn(viewer, 375)];
    for (const page of pages) {
      await page.locator('tr[data-brand="Live Brand"]').waitFor();
      await expect.poll(() => page.locator('.live').textContent()).toBe('● live');
    }
    await s.gql(`mutation ($c: ID!) { recordSpend(input: { campaignId: $c, amount: "10.00" }) { duplicate } }`, { c });
    for (const page of pages) {
      const row = page.locator('tr[data-brand="Live Brand"]');
      await expect.poll(() => row.locator('.budget').first().getAttribute('data-level'), { timeout: 10_000 }).toBe('over');
      await expect.poll(() => row.textContent()).toContain('1 paused');
      await expect.poll(() => page.locator('.feed li').first().textContent()).toContain('Live campaign paused (daily budget)');
    }
    await pages[0]!.screenshot({ path: `${SHOTS}/dashboard-live.png` });
    await pages[1]!.screenshot({ path: `${SHOTS}/dashboard-375.png`, fullPage: true });
    for (const page of pages) await page.context().close();
  });

  it('a brand page: an operator records spends (an error at its field), pauses and resumes; a viewer sees no edit controls', async () => {
    const b = (await s.gql(`mutation { createBrand(input: { name: "Paris Brand", dailyBudget: "50.00", timezone: "Europe/Paris" }) { id } }`)).data
      .createBrand.id;
    for (const name of ['Search', 'Display']) await s.gql(`mutation ($b: ID!) { createCampaign(input: { brandId: $b, name: "${name}" }) { id } }`, { b });
    const page = await signedIn(await key('operator'));
    await page.getByRole('link', { name: 'Paris Brand' }).click();
    await expect.poll(() => page.locator('.tz').textContent()).toContain('Europe/Paris');
    const form = page.locator('form.record');
    await form.getByLabel('Amount').fill('1.234');
    await form.getByRole('button', { name: 'Record' }).click();
    await expect.poll(() => page.locator('#amount-error').textContent()).toContain('two decimals');
    await form.getByLabel('Amount').fill('50.00');
    await form.getByRole('button', { name: 'Record' }).click();
    const search = page.locator('tr[data-campaign="Search"]');
    await expect.poll(() => search.locator('.status').textContent(), { timeout: 10_000 }).toBe('paused: daily budget');
    await expect.poll(() => page.locator('table.spends').textContent()).toContain('50.00');
    // the engine's preview: both resume at the brand's next midnight
    await expect.poll(() => page.locator('.upcoming').textContent(), { timeout: 10_000 }).toMatch(/Search resumes at \w{3} 00:00 Europe\/Paris/);
    await page.screenshot({ path: `${SHOTS}/dashboard-brand.png`, fullPage: true });
    // a correction brings it back under budget; then an operator's pause and resume
    await form.getByLabel('Amount').fill('-20.00');
    await form.getByRole('button', { name: 'Record' }).click();
    await expect.poll(() => search.locator('.status').textContent(), { timeout: 10_000 }).toBe('active');
    await search.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => search.locator('.status').textContent()).toBe('paused: manual');
    await search.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => search.locator('.status').textContent()).toBe('active');
    // the brand's audit trail names who paused and resumed which campaign, newest first
    await expect.poll(() => page.locator('.audit li').first().textContent()).toMatch(/campaign\.resume\s+Search by operator/);
    await page.context().close();

    const viewer = await signedIn(await key('viewer'));
    await viewer.goto(`${s.url}/#/brands/${b}`);
    await viewer.locator('tr[data-campaign="Search"]').waitFor();
    expect(await viewer.getByRole('button', { name: 'Pause' }).count()).toBe(0);
    expect(await viewer.locator('form.record').count()).toBe(0);
    await viewer.context().close();
  });

  it('after the server restarts it says "reconnecting…", then resumes after the last event it showed: none missed', async () => {
    const first = await startServer({ host: '127.0.0.1', port: 0, databaseUrl: t.url, adminKey: TEST_ADMIN_KEY, rateLimit: 100_000 });
    const port = Number(new URL(first.url).port);
    const asAdmin = (query: string, variables = {}) =>
      fetch(`${first.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_ADMIN_KEY}` },
        body: JSON.stringify({ query, variables }),
      }).then((r) => r.json() as Promise<{ data: any }>);
    const b = (await asAdmin(`mutation { createBrand(input: { name: "Restarted", dailyBudget: "5.00" }) { id } }`)).data.createBrand.id;
    const c = (await asAdmin(`mutation ($b: ID!) { createCampaign(input: { brandId: $b, name: "Through the restart" }) { id } }`, { b })).data
      .createCampaign.id;
    const viewer = (await asAdmin(`mutation { createApiKey(name: "restart viewer", role: viewer) { key } }`)).data.createApiKey.key;
    const context = await offlineContext(browser, offsite);
    const page = await context.newPage();
    await page.goto(first.url);
    await page.getByLabel('API key').fill(viewer);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('.live').textContent()).toBe('● live');
    await first.close(500);
    await expect.poll(() => page.locator('.live').textContent()).toBe('reconnecting…');
    // a pause committed while no server runs: the feed must still deliver it after the restart
    await make.spend(c, '5.00');
    const second = await startServer({ host: '127.0.0.1', port, databaseUrl: t.url, adminKey: TEST_ADMIN_KEY, rateLimit: 100_000 });
    try {
      await expect.poll(() => page.locator('.live').textContent(), { timeout: 15_000 }).toBe('● live');
      await expect.poll(() => page.locator('.feed li').first().textContent(), { timeout: 10_000 }).toContain('Through the restart paused (daily budget)');
      expect(await page.locator('.feed li', { hasText: 'Through the restart paused' }).count()).toBe(1);
    } finally {
      await context.close();
      await second.close(500);
    }
  });

  it('asked for nothing from another host', () => {
    expect(offsite).toEqual([]);
  });
});
