// The audit trail page (#/audit) in headless Chromium (every request to another host blocked):
// changes made through the API show newest first with their before → after ("daily budget
// 100.00 → 150.00"), the target linked to its brand's page; Older and Newer page through all of
// it with counts; the actor filter answers one key's entries; at desktop and phone width with the
// accessibility check, and by keyboard alone.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expectAccessible } from '../helpers/axe.ts';
import { CHROMIUM, offlineContext, signedIn, SHOTS, browserReady, tabTo } from '../helpers/browser.ts';
import type { TestDb } from '../helpers/db.ts';
import * as make from '../helpers/make.ts';
import { closeServer, serverForFile, TEST_ADMIN_KEY, type TestServer } from '../helpers/server.ts';

let t: TestDb;
let s: TestServer;
let browser: Browser;
const offsite: string[] = [];
let brandId: string;
let total: number;

describe.skipIf(!browserReady)('the audit trail page', () => {
  beforeAll(async () => {
    ({ t, s } = await serverForFile());
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    mkdirSync(SHOTS, { recursive: true });
    brandId = (await s.gql(`mutation { createBrand(input: { name: "Trail Brand", dailyBudget: "100.00" }) { id } }`)).data.createBrand.id;
    await make.campaigns(brandId, 55); // more than a page, by the actor "test"
    const ops = (await s.gql(`mutation { createApiKey(name: "ops-bob", role: operator) { key } }`)).data.createApiKey.key;
    await s.gql(
      `mutation ($b: ID!) { updateBrand(id: $b, input: { dailyBudget: "150.00" }) { id } }`,
      { b: brandId },
      {
        authorization: `Bearer ${ops}`,
      },
    );
    total = (await s.gql(`{ auditEntries { totalCount } }`)).data.auditEntries.totalCount;
  });
  afterAll(async () => {
    await browser?.close();
    await closeServer(t, s);
    expect(offsite).toEqual([]);
  });

  const entries = (page: Page) => page.locator('.audit-page ol.audit > li');
  const count = (page: Page) => page.locator('.audit-page .count').textContent();

  for (const width of [1300, 375]) {
    it(`newest first with before → after, paged to the oldest and back, filtered by actor (${width} px)`, async () => {
      expect(total).toBe(58); // the brand, 55 campaigns, the key, the budget change
      const page = await signedIn(browser, offsite, `${s.url}/#/audit`, TEST_ADMIN_KEY, width);
      await expect.poll(() => count(page)).toBe(`Entries 1–50 of ${total}, newest first`);
      const latest = entries(page).first();
      expect(await latest.getAttribute('data-action')).toBe('brand.update');
      expect(await latest.locator('.changes li').allTextContents()).toEqual(['daily budget 100.00 → 150.00']);
      expect(await latest.locator('.by').textContent()).toBe('by ops-bob');
      expect(await latest.getByRole('link', { name: 'Trail Brand' }).getAttribute('href')).toBe(`#/brands/${brandId}`);
      expect(await entries(page).nth(1).getAttribute('data-action')).toBe('key.create');
      await expectAccessible(page, `the audit page at ${width} px`);
      await page.screenshot({ path: `${SHOTS}/audit-page-${width}.png`, fullPage: false });

      await page.getByRole('button', { name: 'Older' }).click();
      await expect.poll(() => count(page)).toBe(`Entries 51–${total} of ${total}, newest first`);
      const oldest = entries(page).last();
      expect(await oldest.getAttribute('data-action')).toBe('brand.create');
      expect(await oldest.locator('.changes li').allTextContents()).toContain('daily budget 100.00');
      expect(await page.getByRole('button', { name: 'Older' }).isDisabled()).toBe(true);
      await page.getByRole('button', { name: 'Newer' }).click();
      await expect.poll(() => count(page)).toBe(`Entries 1–50 of ${total}, newest first`);
      expect(await page.getByRole('button', { name: 'Newer' }).isDisabled()).toBe(true);

      await page.getByLabel('Actor').fill('ops-bob');
      await page.getByRole('button', { name: 'Show' }).click();
      await expect.poll(() => count(page)).toBe('Entries 1–1 of 1, newest first');
      expect(await entries(page).locator('.changes li').allTextContents()).toEqual(['daily budget 100.00 → 150.00']);
      // the filter is in the hash: to the brand and Back, it still holds
      expect(page.url()).toMatch(/#\/audit\?actor=ops-bob$/);
      await entries(page).getByRole('link', { name: 'Trail Brand' }).click();
      await page.getByRole('heading', { name: 'Trail Brand' }).waitFor();
      await page.goBack();
      await expect.poll(() => count(page)).toBe('Entries 1–1 of 1, newest first');
      expect(await page.getByLabel('Actor').inputValue()).toBe('ops-bob');
      await page.getByLabel('Actor').fill('');
      await page.getByLabel('Action').selectOption('brand.create');
      await page.getByRole('button', { name: 'Show' }).click();
      await expect.poll(() => count(page)).toBe('Entries 1–1 of 1, newest first');
      await expectAccessible(page, `the filtered audit page at ${width} px`);
      await page.context().close();
    });
  }

  it('a bad actor is named at its field, and the page is usable by keyboard alone', async () => {
    const context = await offlineContext(browser, offsite, { width: 1300, height: 850 });
    const page = await context.newPage();
    await page.goto(s.url);
    await tabTo(page, (el) => el.tag === 'INPUT' && el.label === 'API key');
    await page.keyboard.type(TEST_ADMIN_KEY);
    await page.keyboard.press('Enter');
    await tabTo(page, (el) => el.tag === 'A' && el.text === 'Audit trail');
    await page.keyboard.press('Enter');
    await expect.poll(() => count(page)).toBe(`Entries 1–50 of ${total}, newest first`);
    await tabTo(page, (el) => el.tag === 'INPUT' && el.label === 'Actor');
    await page.keyboard.type('x'.repeat(201));
    await page.keyboard.press('Enter');
    const actor = page.getByLabel('Actor');
    await expect.poll(() => actor.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#audit-actor-error').textContent()).toBe('actor must be at most 200 characters');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('ops-bob');
    await page.keyboard.press('Enter');
    await expect.poll(() => count(page)).toBe('Entries 1–1 of 1, newest first');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Enter');
    await expect.poll(() => count(page)).toBe(`Entries 1–50 of ${total}, newest first`);
    await tabTo(page, (el) => el.tag === 'BUTTON' && el.text === 'Older', 200);
    await page.keyboard.press('Enter');
    await expect.poll(() => count(page)).toBe(`Entries 51–${total} of ${total}, newest first`);
    await context.close();
  });
});
