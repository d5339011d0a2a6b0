// The dashboard's parts of spend types, who recorded a spend, archiving a brand and the audit
// trail's before → after, in headless Chromium (every request to another host blocked): an
// operator books a monthly fee that leaves today's budget alone, sees who recorded each spend,
// reads a budget change as "daily budget 100.00 → 150.00", archives the brand (gone from the
// list, its campaign paused by the operator), finds it among archived brands and unarchives it.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { closeServer, serverForFile, type TestServer } from '../helpers/server.ts';
import type { TestDb } from '../helpers/db.ts';
import { CHROMIUM, signedIn as signIn, SHOTS, browserReady } from '../helpers/browser.ts';

let t: TestDb;
let s: TestServer;
let browser: Browser;
const offsite: string[] = [];

const key = async (name: string, role: string) =>
  (await s.gql(`mutation { createApiKey(name: "${name}", role: ${role}) { key } }`)).data.createApiKey.key as string;

describe.skipIf(!browserReady)('the dashboard: spend types, recorded by, archiving, the audit trail', () => {
  beforeAll(async () => {
    ({ t, s } = await serverForFile());
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await closeServer(t, s);
    expect(offsite).toEqual([]);
  });

  const signedIn = (apiKey: string) => signIn(browser, offsite, s.url, apiKey);

  it('a monthly fee, who recorded it, a budget change before → after, archiving and unarchiving', async () => {
    const b = (
      await s.gql(`mutation { createBrand(input: { name: "Fee Brand", dailyBudget: "100.00", monthlyBudget: "1000.00" }) { id } }`)
    ).data.createBrand.id;
    const c = (await s.gql(`mutation ($b: ID!) { createCampaign(input: { brandId: $b, name: "Search" }) { id } }`, { b })).data
      .createCampaign.id;
    await s.gql(`mutation ($c: ID!) { recordSpend(input: { campaignId: $c, amount: "5.00" }) { duplicate } }`, { c });
    // 1.00 written around the API (thousandths of a major unit: src/domain/money.ts)
    await t.sql(`insert into spends (brand_id, campaign_id, amount, occurred_at) values ($1, $2, 1000, now() - interval '1 minute')`, [
      b,
      c,
    ]);
    const page = await signedIn(await key('ops-alice', 'operator'));
    await page.getByRole('link', { name: 'Fee Brand' }).click();
    const search = page.locator('tr[data-campaign="Search"]');
    await expect.poll(() => search.locator('.status').textContent()).toBe('active');

    // a monthly fee larger than the daily budget: the month moves, today does not, nothing pauses
    const form = page.locator('form.record');
    await form.getByLabel('Amount').fill('150.00');
    await form.getByLabel('Counts toward').selectOption('MONTHLY');
    await form.getByRole('button', { name: 'Record' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toBe('Recorded 150.00.');
    await expect.poll(() => page.locator('.budgets').textContent()).toContain('6.00 / 100.00');
    await expect.poll(() => page.locator('.budgets').textContent()).toContain('156.00 / 1000.00');
    expect(await search.locator('.status').textContent()).toBe('active');
    const rows = page.locator('table.spends tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    const cells = async (i: number) => (await rows.nth(i).locator('td').allTextContents()).slice(1);
    // newest first: the fee (by this key), the API's spend (by the admin key), one written around the API (unknown)
    expect(await cells(0)).toEqual(['Search', '150.00', '', 'the month only', 'dashboard', 'ops-alice']);
    expect(await cells(1)).toEqual(['Search', '5.00', '', 'the day and the month', 'api', 'BUDGET_ADMIN_KEY']);
    expect(await cells(2)).toEqual(['Search', '1.00', '', 'the day and the month', 'api', 'unknown']);

    // a budget changed elsewhere: the trail shows what changed, before → after
    await s.gql(`mutation ($b: ID!) { updateBrand(id: $b, input: { dailyBudget: "150.00", timezone: "Europe/Paris" }) { id } }`, { b });
    await page.reload();
    const latest = page.locator('.audit > li').first();
    await expect.poll(() => latest.getAttribute('data-action')).toBe('brand.update');
    expect(await latest.locator('.changes li').allTextContents()).toEqual(['timezone UTC → Europe/Paris', 'daily budget 100.00 → 150.00']);
    expect(await latest.textContent()).toMatch(/brand\.update the brand by BUDGET_ADMIN_KEY/);

    // archiving: a confirmation, then the notice, the campaign paused by the operator, the trail
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Archive brand' }).click();
    await expect.poll(() => page.locator('.archived-note').textContent()).toMatch(/^Archived .*hidden from the list of brands/);
    await expect.poll(() => search.locator('.status').textContent()).toBe('paused: manual');
    await expect.poll(() => page.locator('.audit > li').first().getAttribute('data-action')).toBe('brand.archive');
    expect(await page.locator('.audit > li').first().locator('.changes li').allTextContents()).toEqual(['archived no → yes']);
    const pause = page.locator('.audit > li[data-action="campaign.pause"]').first();
    expect(await pause.textContent()).toMatch(/campaign\.pause Search by ops-alice/);
    expect(await pause.locator('.changes li').allTextContents()).toEqual(['status active → paused', 'pause reason — → manual']);
    await page.screenshot({ path: `${SHOTS}/dashboard-archived.png`, fullPage: true });

    // gone from the list; there with "archived brands too"
    await page.getByRole('link', { name: '← All brands' }).click();
    await page.locator('.brands table').waitFor();
    await expect.poll(() => page.locator('tr[data-brand="Fee Brand"]').count()).toBe(0);
    await page.getByLabel('archived brands too').check();
    await expect.poll(() => page.locator('tr[data-brand="Fee Brand"] th').textContent()).toBe('Fee Brand archived');
    await page.getByRole('link', { name: 'Fee Brand' }).click();
    await page.getByRole('button', { name: 'Unarchive' }).click();
    await expect.poll(() => page.locator('.archived-note').count()).toBe(0);
    expect(await search.locator('.status').textContent()).toBe('paused: manual');
    await expect.poll(() => page.getByRole('button', { name: 'Archive brand' }).count()).toBe(1);
    await page.context().close();

    // a viewer sees the trail but neither archiving nor the spend form
    const viewer = await signedIn(await key('viewer-bob', 'viewer'));
    await viewer.goto(`${s.url}/#/brands/${b}`);
    await viewer.locator('.audit > li').first().waitFor();
    expect(await viewer.getByRole('button', { name: 'Archive brand' }).count()).toBe(0);
    expect(await viewer.locator('form.record').count()).toBe(0);
    await viewer.context().close();
  });
});
