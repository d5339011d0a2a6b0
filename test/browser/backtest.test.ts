// The backtest page (#/backtest) in headless Chromium (every request to another host blocked): a
// brand whose spends were recorded days ago, replayed over the last 30 days with a lower daily
// budget, shows the pause it would have made (brand time, campaign, from → to, why) and the spend
// inside paused time next to what happened, per campaign and for the brand; a bad budget is
// named at its field, a range too long at "To" and a COST_LIMIT answer explained; at desktop and phone width with the
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
const DAY = 86_400_000;
let replayId: string;
// three days ago, on the brand's (UTC) clock
const day = new Date(Math.floor(Date.now() / DAY) * DAY - 3 * DAY);
const at = (hour: number) => new Date(day.getTime() + hour * 3_600_000);
const shown = (hour: number) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(at(hour));

describe.skipIf(!browserReady)('the backtest page', () => {
  beforeAll(async () => {
    ({ t, s } = await serverForFile());
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    mkdirSync(SHOTS, { recursive: true });
    const created = new Date(day.getTime() - 2 * DAY);
    const b = await make.brand({ name: 'Replay Brand', dailyBudget: '100.00' }, created);
    replayId = b.id;
    const search = await make.campaign(b.id, { name: 'Search' }, created);
    // 90.00 that day: under its 100.00, nothing paused; 50.00 would have paused it at 11:00
    await make.spend(search.id, '40.00', at(10));
    await make.spend(search.id, '30.00', at(11));
    await make.spend(search.id, '20.00', at(12));
  });
  afterAll(async () => {
    await browser?.close();
    await closeServer(t, s);
    expect(offsite).toEqual([]);
  });

  const form = (page: Page) => page.getByRole('form', { name: 'Backtest' });

  for (const width of [1300, 375]) {
    it(`a lower daily budget: the pause it would have made and the spend inside paused time (${width} px)`, async () => {
      const page = await signedIn(browser, offsite, `${s.url}/#/backtest`, TEST_ADMIN_KEY, width);
      const daily = form(page).getByLabel('Daily budget');
      await expect.poll(() => daily.inputValue()).toBe('100.00');
      expect(await form(page).getByLabel('Monthly budget').inputValue()).toBe('');
      const today = new Date().toISOString().slice(0, 10);
      expect(await form(page).getByLabel('To (last day, included)').inputValue()).toBe(today);
      expect(await form(page).getByLabel('From (first day)').inputValue()).toBe(
        new Date(Date.parse(today) - 29 * DAY).toISOString().slice(0, 10),
      );
      await expectAccessible(page, `the backtest form at ${width} px`);

      await daily.fill('1.234');
      await page.getByRole('button', { name: 'Run backtest' }).click();
      await expect.poll(() => daily.getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#backtest-dailyBudget-error').textContent()).toMatch(/dailyBudget/);
      await expectAccessible(page, `the backtest form with an error at ${width} px`);

      await daily.fill('50.00');
      await page.getByRole('button', { name: 'Run backtest' }).click();
      const result = page.locator('.backtest-result');
      await expect.poll(() => result.getByRole('status').textContent()).toMatch(/^1 pause and 1 resume/);
      expect(await daily.getAttribute('aria-invalid')).toBe('false');
      const changes = result.locator('table.backtest-changes tbody tr');
      const rows = await Promise.all((await changes.all()).map((r) => r.locator('td').allTextContents()));
      expect(rows).toEqual([
        [shown(-48), 'Search', 'created → active', 'created'],
        [shown(11), 'Search', 'active → paused (daily budget)', 'a spend'],
        [shown(24), 'Search', 'paused (daily budget) → active', 'a new day'],
      ]);
      const row = async (name: string) => await result.locator(`table.spend-paused tr[data-campaign="${name}"] td`).allTextContents();
      expect(await row('Search')).toEqual(['20.00', '0.00']);
      expect(await row('')).toEqual(['20.00', '0.00']);
      expect(await result.locator('table.spend-paused tfoot th').textContent()).toBe('Replay Brand (brand)');
      await expectAccessible(page, `the backtest result at ${width} px`);
      await page.screenshot({ path: `${SHOTS}/backtest-${width}.png`, fullPage: true });

      // a range longer than 93 days is refused at "To"
      await form(page)
        .getByLabel('From (first day)')
        .fill(new Date(Date.parse(today) - 120 * DAY).toISOString().slice(0, 10));
      await page.getByRole('button', { name: 'Run backtest' }).click();
      await expect.poll(() => page.locator('#backtest-to-error').textContent()).toBe('a backtest covers at most 93 days');
      await page.context().close();
    });
  }

  it('proposed windows: a campaign kept to another day has all that day’s spend inside paused time', async () => {
    const page = await signedIn(browser, offsite, `${s.url}/#/backtest`, TEST_ADMIN_KEY);
    await expect.poll(() => form(page).getByLabel('Daily budget').inputValue()).toBe('100.00');
    const next = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'][day.getUTCDay() % 7]!; // the day after
    await page.getByRole('button', { name: 'Add window' }).click();
    await page.getByLabel('Window 1 day').selectOption(next);
    await page.getByRole('button', { name: 'Propose windows' }).click();
    await expect.poll(() => page.getByText('Proposed for: Search.').count()).toBe(1);
    await page.getByRole('button', { name: 'Run backtest' }).click();
    const cells = page.locator('.backtest-result table.spend-paused tr[data-campaign="Search"] td');
    await expect.poll(() => cells.allTextContents()).toEqual(['90.00', '0.00']);
    await expectAccessible(page, 'the backtest with proposed windows');
    await page.context().close();
  });

  it('a backtest too big for the cost limit is explained (the service’s answer, as it words one, given in its place)', async () => {
    const page = await signedIn(browser, offsite, `${s.url}/#/backtest`, TEST_ADMIN_KEY);
    await expect.poll(() => form(page).getByLabel('Daily budget').inputValue()).toBe('100.00');
    const said =
      'this backtest would read the clock at 90,000 instants (window edges, midnights) and test 9,000 windows’ coverage; shorten the range or propose fewer windows: ' +
      'with it this operation would cost 25,000 points, over the limit of 20,000 points';
    await page.route('**/graphql', async (route) =>
      route.request().postData()?.includes('BacktestRun')
        ? route.fulfill({
            json: { data: { backtest: null }, errors: [{ message: said, path: ['backtest'], extensions: { code: 'COST_LIMIT' } }] },
          })
        : route.fallback(),
    );
    await page.getByRole('button', { name: 'Run backtest' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe(`This backtest is too big to run at once (COST_LIMIT): shorten the range or propose fewer windows. The service said: ${said}`);
    await expectAccessible(page, 'the backtest refused by the cost limit');
    await page.context().close();
  });

  it('runs by keyboard alone', async () => {
    const context = await offlineContext(browser, offsite, { width: 1300, height: 850 });
    const page = await context.newPage();
    await page.goto(s.url);
    await tabTo(page, 'API key');
    await page.keyboard.type(TEST_ADMIN_KEY);
    await page.keyboard.press('Enter');
    await tabTo(page, 'Backtest');
    await page.keyboard.press('Enter');
    await expect.poll(() => form(page).getByLabel('Daily budget').inputValue()).toBe('100.00');
    await tabTo(page, 'Daily budget');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('50.00');
    await tabTo(page, 'Run backtest');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.backtest-result').getByRole('status').textContent()).toMatch(/^1 pause and 1 resume/);
    await context.close();
  });

  it('a late answer for the brand no longer picked is dropped: its campaigns never replace the new brand’s', async () => {
    const zeta = await make.brand({ name: 'Zeta Brand' });
    await make.campaign(zeta.id, { name: 'Zeta campaign' });
    const page = await signedIn(browser, offsite, `${s.url}/#/backtest`, TEST_ADMIN_KEY, 1300);
    // Replay Brand's campaigns (the brand picked first) answer only once Zeta Brand is picked and shown
    let release = () => {};
    const released = new Promise<void>((r) => (release = r));
    await page.route('**/graphql', async (route) => {
      const body = route.request().postData() ?? '';
      if (body.includes('query BacktestCampaigns') && body.includes(replayId)) await released;
      await route.continue();
    });
    await expect.poll(() => form(page).getByLabel('Brand').locator('option:checked').textContent()).toBe('Replay Brand');
    await form(page).getByLabel('Brand').selectOption({ label: 'Zeta Brand' });
    const campaign = page.getByRole('combobox', { name: 'Campaign' });
    await expect.poll(() => campaign.locator('option').allTextContents()).toEqual(['Zeta campaign']);
    const late = page.waitForEvent('requestfinished', (r) => (r.postData() ?? '').includes(replayId));
    release();
    await late;
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await campaign.locator('option').allTextContents()).toEqual(['Zeta campaign']);
    await page.context().close();
  });
});
