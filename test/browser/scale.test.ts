// The overview over 1,000 brands in headless Chromium: every brand reachable page by page, 500 at
// once when asked, sorted by budget use across the page, filtered by state on the service. How
// fast it draws is measured by `npm run bench -- dashboard` (BENCHMARKS.md), not timed here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { db } from '../../src/db/index.ts';
import { formatMoney } from '../../src/domain/money.ts';
import { createBrands } from '../../src/engine/brands.ts';
import { createCampaigns } from '../../src/engine/campaigns.ts';
import { recordSpends } from '../../src/engine/ledger.ts';
import { CHROMIUM, offlineContext, SHOTS, browserReady } from '../helpers/browser.ts';
import type { TestDb } from '../helpers/db.ts';
import { closeServer, serverForFile, type TestServer } from '../helpers/server.ts';

const admin = { actor: 'test', role: 'admin' as const, brandIds: null };
let t: TestDb;
let s: TestServer;
let browser: Browser;
const offsite: string[] = [];

describe.skipIf(!browserReady)('the overview with 1,000 brands', () => {
  beforeAll(async () => {
    ({ t, s } = await serverForFile());
    const at = new Date();
    // brand n has a daily budget of 100.00 and has spent n/10 of it (n = 1…1000): 0.1 % … 100 %
    const campaigns = await db().$transaction(async (tx) => {
      const brands = await createBrands(
        tx,
        Array.from({ length: 1000 }, (_, i) => ({ name: `Scale ${String(i + 1).padStart(4, '0')}`, dailyBudget: '100.00' })),
        admin,
        at,
      );
      return createCampaigns(
        tx,
        brands.map((b) => ({ brandId: b.id, name: 'Only' })),
        admin,
        at,
      );
    });
    await recordSpends(
      db(),
      campaigns.map((c, i) => ({ campaignId: c.id, amount: formatMoney(BigInt(i + 1) * 100n, 'USD') })),
      admin,
      at,
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await closeServer(t, s);
  });

  it('pages through all of them, shows 500 at once, and sorts a page by daily use', async () => {
    const viewer = (await s.gql(`mutation { createApiKey(name: "scale viewer", role: viewer) { key } }`)).data.createApiKey.key;
    const context = await offlineContext(browser, offsite);
    await context.addInitScript((k) => sessionStorage.setItem('budget-control-key', k), viewer);
    const page = await context.newPage();
    await page.goto(s.url);
    const rows = page.locator('tr[data-brand]');
    await expect.poll(() => page.locator('.count').textContent(), { timeout: 10_000 }).toBe('1000 brands');
    await expect.poll(() => rows.count()).toBe(50);
    await page.getByLabel('Per page').selectOption('500');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(500);
    expect(await rows.first().getAttribute('data-brand')).toBe('Scale 0001');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => rows.first().getAttribute('data-brand')).toBe('Scale 0501');
    expect(await rows.last().getAttribute('data-brand')).toBe('Scale 1000');
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    // the last one is at its budget: red; sorted by daily use it comes first
    await page.getByLabel('Sort').selectOption('daily');
    await expect.poll(() => rows.first().getAttribute('data-brand')).toBe('Scale 1000');
    expect(await rows.first().locator('.budget').first().getAttribute('data-level')).toBe('over');
    expect(await rows.nth(1).textContent()).toContain('99.90 / 100.00 USD · 0.10 left');
    await page.screenshot({ path: `${SHOTS}/dashboard-1000.png` });
    // the state filter is the service's, across every page: the one brand with a paused campaign
    await page.getByLabel('State').selectOption('paused');
    await expect.poll(() => page.locator('.count').textContent()).toBe('1 brand');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-brand')))).toEqual(['Scale 1000']);
    await page.getByLabel('State').selectOption('active');
    await expect.poll(() => page.locator('.count').textContent()).toBe('999 brands');
    expect(offsite).toEqual([]);
    await context.close();
  });
});
