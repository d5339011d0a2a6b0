// The live dashboard at `/` in headless Chromium, every request to another host blocked: sign in,
// the overview's budget bars, a brand, a campaign and its windows made in the page, live spends
// and pauses in two open pages without reload, the role rules, and a keyboard-only walk.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { startServer } from '../../src/server/app.ts';
import * as make from '../helpers/make.ts';
import { closeServer, DEFAULTS, serverForFile, TEST_ADMIN_KEY, type TestServer } from '../helpers/server.ts';
import type { TestDb } from '../helpers/db.ts';
import { expectAccessible } from '../helpers/axe.ts';
import { CHROMIUM, offlineContext, signedIn as signIn, SHOTS, browserReady, built, tabTo } from '../helpers/browser.ts';

if (!browserReady)
  process.stderr.write(`dashboard browser tests skipped: ${built ? `no Chromium at ${CHROMIUM}` : 'web/dist not built (npm run build)'}\n`);

let t: TestDb;
let s: TestServer;
let browser: Browser;
const offsite: string[] = [];

const key = async (role: string) =>
  (await s.gql(`mutation { createApiKey(name: "${role} ${Math.random()}", role: ${role}) { key } }`)).data.createApiKey.key as string;

describe.skipIf(!browserReady)('the live dashboard', () => {
  beforeAll(async () => {
    ({ t, s } = await serverForFile());
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await closeServer(t, s);
  });

  const signedIn = (apiKey: string, width?: number) => signIn(browser, offsite, s.url, apiKey, width);

  it('a wrong key is refused at its field; a viewer sees the overview with exact figures', async () => {
    const b = (
      await s.gql(`mutation { createBrand(input: { name: "Acme Overview", dailyBudget: "100.00", monthlyBudget: "2000.00" }) { id } }`)
    ).data.createBrand.id;
    const c = (await s.gql(`mutation ($b: ID!) { createCampaign(input: { brandId: $b, name: "Search" }) { id } }`, { b })).data
      .createCampaign.id;
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
    const c = (await s.gql(`mutation ($b: ID!) { createCampaign(input: { brandId: $b, name: "Live campaign" }) { id } }`, { b })).data
      .createCampaign.id;
    const viewer = await key('viewer');
    const pages = [await signedIn(viewer), await signedIn(viewer, 375)];
    for (const page of pages) {
      await page.locator('tr[data-brand="Live Brand"]').waitFor();
      await expect.poll(() => page.locator('.live').textContent()).toBe('● live');
    }
    // a spend that pauses nothing still moves the bars at once (the overview re-reads only every minute)
    await s.gql(`mutation ($c: ID!) { recordSpend(input: { campaignId: $c, amount: "4.00" }) { duplicate } }`, { c });
    for (const page of pages)
      await expect
        .poll(() => page.locator('tr[data-brand="Live Brand"]').textContent(), { timeout: 5_000 })
        .toContain('4.00 / 10.00 USD · 6.00 left');
    await s.gql(`mutation ($c: ID!) { recordSpend(input: { campaignId: $c, amount: "6.00" }) { duplicate } }`, { c });
    for (const page of pages) {
      const row = page.locator('tr[data-brand="Live Brand"]');
      await expect.poll(() => row.locator('.budget').first().getAttribute('data-level'), { timeout: 10_000 }).toBe('over');
      await expect.poll(() => row.textContent()).toContain('1 paused');
      await expect
        .poll(() => page.locator('.feed ol.events li').first().textContent())
        .toContain('Live campaign paused (daily budget) Live Brand, by');
      // the second spend (40 % to 100 %) crossed both thresholds in one write: one line, saying where the spend is
      await expect
        .poll(() => page.locator('.feed ol.alerts li').first().textContent())
        .toMatch(/Live Brand reached 100 % of its daily budget \(10\.00 of 10\.00 USD\)/);
    }
    await pages[0]!.screenshot({ path: `${SHOTS}/dashboard-live.png` });
    await pages[1]!.screenshot({ path: `${SHOTS}/dashboard-375.png`, fullPage: true });
    for (const page of pages) await page.context().close();
  });

  it('the Name filter reads once the typing stops; 30 brands moving at once have their paces read at most 25 a second', async () => {
    const campaigns: string[] = [];
    for (let i = 10; i < 40; i++) {
      const b = (await s.gql(`mutation { createBrand(input: { name: "Pace Batch ${i}", dailyBudget: "100.00" }) { id } }`)).data.createBrand
        .id;
      campaigns.push(
        (await s.gql(`mutation ($b: ID!) { createCampaign(input: { brandId: $b, name: "Paced" }) { id } }`, { b })).data.createCampaign.id,
      );
    }
    const page = await signedIn(await key('viewer'));
    const asked = (operation: string) => {
      const at: number[] = [];
      page.on('request', (r) => r.postData()?.includes(`query ${operation}(`) && at.push(Date.now()));
      return at;
    };
    const brandReads = asked('Brands');
    const paceReads = asked('OneBrandPace');
    await page.locator('.live').filter({ hasText: '● live' }).waitFor();
    const before = brandReads.length;
    await page.getByRole('searchbox', { name: 'Name' }).pressSequentially('Pace Batch', { delay: 30 });
    // one read, once the typing stopped (not one a keystroke)
    await expect.poll(() => brandReads.length - before).toBe(1);
    await expect.poll(() => page.locator('tbody tr[data-brand]').count()).toBe(30);
    expect(await page.locator('tr[data-brand^="Pace Batch"]').count()).toBe(30);
    expect(brandReads.length - before).toBe(1);

    await s.gql(`mutation ($i: [SpendInput!]!) { recordSpends(inputs: $i) { duplicate } }`, {
      i: campaigns.map((campaignId) => ({ campaignId, amount: '1.00' })),
    });
    await expect.poll(() => paceReads.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(30);
    // the first 25 together, the other 5 a second later: never more than 25 within a second
    for (const t0 of paceReads) expect(paceReads.filter((t) => t >= t0 && t < t0 + 900).length).toBeLessThanOrEqual(25);
    await page.context().close();
  });

  it('a brand page: an operator records spends (an error at its field), pauses and resumes; a viewer sees no edit controls', async () => {
    const b = (
      await s.gql(`mutation { createBrand(input: { name: "Paris Brand", dailyBudget: "50.00", timezone: "Europe/Paris" }) { id } }`)
    ).data.createBrand.id;
    for (const name of ['Search', 'Display'])
      await s.gql(`mutation ($b: ID!) { createCampaign(input: { brandId: $b, name: "${name}" }) { id } }`, { b });
    const page = await signedIn(await key('operator'));
    await page.getByRole('link', { name: 'Paris Brand' }).click();
    await expect.poll(() => page.locator('.tz').textContent()).toContain('Europe/Paris');
    const form = page.locator('form.record');
    await form.getByLabel('Amount').fill('1.234');
    await form.getByRole('button', { name: 'Record' }).click();
    await expect.poll(() => page.locator('#spend-amount-error').textContent()).toContain('at most 2 decimals for USD');
    await form.getByLabel('Amount').fill('50.00');
    await form.getByRole('button', { name: 'Record' }).click();
    const search = page.locator('tr[data-campaign="Search"]');
    await expect.poll(() => search.locator('.status').textContent(), { timeout: 10_000 }).toBe('paused: daily budget');
    await expect.poll(() => page.locator('table.spends').textContent()).toContain('50.00');
    // the engine's preview: both resume at the brand's next midnight
    await expect
      .poll(() => page.locator('.upcoming').textContent(), { timeout: 10_000 })
      .toMatch(/Search resumes at \w{3} 00:00 Europe\/Paris/);
    await page.screenshot({ path: `${SHOTS}/dashboard-brand.png`, fullPage: true });
    // paused by an operator too: both rules shown; resumed, the budget's pause remains
    await search.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => search.locator('.status').textContent()).toBe('paused: manual (also daily budget)');
    await search.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => search.locator('.status').textContent()).toBe('paused: daily budget');
    // alert thresholds: a wrong one is named at the field, a right list is saved
    await page.getByText('Change budgets, timezone or alerts').click();
    const alertsAt = page.getByLabel('Alert at (% of each budget)');
    await expect.poll(() => alertsAt.inputValue()).toBe('80, 95');
    await alertsAt.fill('50, 101');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.locator('#edit-alertThresholds-error').textContent()).toContain('from 1 to 100');
    await alertsAt.fill('50, ninety');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.locator('#edit-alertThresholds-error').textContent()).toContain('"ninety" is not a whole percent');
    await alertsAt.fill('50 90');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved' }).count()).toBe(1);
    expect((await s.gql(`query ($b: ID!) { brand(id: $b) { alertThresholds } }`, { b })).data.brand.alertThresholds).toEqual([50, 90]);
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

  it('an operator lets a paused campaign run on an override, sees why it runs and until when, and cancels it; a viewer only sees it', async () => {
    // the override's two hours end on the day they start: across the brand's midnight the new day's
    // budget is fresh, and nothing would pause when it ends
    const zone = make.middayZone();
    const b = (
      await s.gql(`mutation { createBrand(input: { name: "Override Brand", dailyBudget: "10.00", timezone: "${zone}" }) { id } }`)
    ).data.createBrand.id;
    const [launch] = await Promise.all(
      ['Launch', 'Steady'].map(
        async (name) =>
          (await s.gql(`mutation ($b: ID!) { createCampaign(input: { brandId: $b, name: "${name}" }) { id } }`, { b })).data.createCampaign
            .id,
      ),
    );
    await s.gql(`mutation ($c: ID!) { recordSpend(input: { campaignId: $c, amount: "10.00" }) { duplicate } }`, { c: launch });
    // two hours from now on the brand's clock (the same day, so the same month: an override's limit)
    const local = (at: Date) =>
      new Intl.DateTimeFormat('sv-SE', { timeZone: zone, dateStyle: 'short', timeStyle: 'short' }).format(at).replace(' ', 'T');
    const now = new Date();
    const wall = local(new Date(now.getTime() + 2 * 3_600_000));

    const operatorKey = await key('operator');
    const page = await signedIn(operatorKey);
    await page.goto(`${s.url}/#/brands/${b}`);
    const row = page.locator('tr[data-campaign="Launch"]');
    await expect.poll(() => row.locator('.status').textContent(), { timeout: 10_000 }).toBe('paused: daily budget');
    await page.getByText('Start an override').click();
    const form = page.locator('form.override');
    await form.getByLabel('Campaign').selectOption({ label: 'Launch' });
    expect(await form.getByLabel('its daily budget').isChecked()).toBe(true);
    // a time already past is refused at its field
    await form.getByLabel('Until').fill(local(new Date(now.getTime() - 3_600_000)));
    await form.getByLabel('Reason').fill('launch day');
    await form.getByRole('button', { name: 'Start override' }).click();
    await expect.poll(() => page.locator('#override-until-error').textContent()).toContain('until must be in the future');
    await form.getByLabel('Until').fill(wall);
    await form.getByRole('button', { name: 'Start override' }).click();
    await expect
      .poll(() => row.locator('.status').textContent(), { timeout: 10_000 })
      .toMatch(new RegExp(`^running on override until (\\w{3} \\d+ \\w{3}, )?\\d\\d:\\d\\d ${zone} — launch day, by operator `));
    expect(await page.locator('tr[data-campaign="Steady"] .status').textContent()).toBe('paused: daily budget');
    const listed = page.locator('ul.overrides li');
    await expect.poll(() => listed.textContent()).toMatch(/^Launch may run despite its daily budget until .* — launch day, by operator/);
    // the engine says when it ends on its own
    await expect
      .poll(() => page.locator('.upcoming').textContent(), { timeout: 10_000 })
      .toMatch(/Launch pauses for daily budget at .* \(its override ends\)/);
    await page.screenshot({ path: `${SHOTS}/dashboard-override.png`, fullPage: true });
    await expectAccessible(page, 'a brand page with an override in force');

    // a viewer: the overview says the brand has one in force, and the live feed why Launch resumed
    const viewer = await signedIn(await key('viewer'));
    await expect
      .poll(() => viewer.locator('tr[data-brand="Override Brand"] .campaigns').textContent(), { timeout: 10_000 })
      .toBe('1 active · 1 paused · 1 override in force');
    await expect
      .poll(() => viewer.locator('.feed ol.events').textContent())
      .toContain('Launch resumed on an override Override Brand, by operator');
    await viewer.goto(`${s.url}/#/brands/${b}`);
    await expect
      .poll(() => viewer.locator('tr[data-campaign="Launch"] .status').textContent(), { timeout: 10_000 })
      .toMatch(/^running on override until/);
    expect(await viewer.getByText('Start an override').count()).toBe(0);
    expect(await viewer.getByRole('button', { name: /Cancel the override/ }).count()).toBe(0);
    await viewer.context().close();

    await page.getByRole('button', { name: 'Cancel the override of Launch' }).click();
    await expect.poll(() => row.locator('.status').textContent(), { timeout: 10_000 }).toBe('paused: daily budget');
    await expect.poll(() => page.locator('.overrides, p.hint').filter({ hasText: 'None in force' }).count()).toBe(1);
    await page.context().close();
  });

  it('the tail of last night’s window: a campaign inside it shows it pauses when the window ends (02:00 brand-local), not "nothing changes"', async () => {
    // A brand whose wall clock now reads 00:xx: a whole-hour zone (Etc/GMT-N is UTC+N, no DST), so
    // "now" is in the tail of a window on yesterday's weekday 18:00–02:00 (end ≤ start: it runs
    // from yesterday 18:00 to today 02:00), at least an hour before it ends.
    const now = new Date();
    const hours = now.getUTCHours();
    const offset = hours <= 12 ? -hours : 24 - hours; // UTC+offset reads 00:xx now (−12 … +11)
    const timezone = offset === 0 ? 'UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
    const local = (at: Date, options: Intl.DateTimeFormatOptions) =>
      new Intl.DateTimeFormat('en-GB', { timeZone: timezone, ...options }).format(at);
    expect(local(now, { hour: '2-digit', hourCycle: 'h23' })).toBe('00');
    const weekday = (at: Date) => local(at, { weekday: 'long' }).toUpperCase();
    const yesterday = weekday(new Date(now.getTime() - 86_400_000));
    const today = weekday(now);
    const b = (
      await s.gql(`mutation ($tz: TimeZone!) { createBrand(input: { name: "Night Owl", timezone: $tz }) { id } }`, { tz: timezone })
    ).data.createBrand.id;
    const c = (await s.gql(`mutation ($b: ID!) { createCampaign(input: { brandId: $b, name: "Late show" }) { id } }`, { b })).data
      .createCampaign.id;
    await s.gql(
      `mutation ($c: ID!, $day: DayOfWeek!) { setSchedules(campaignId: $c, windows: [{ dayOfWeek: $day, startTime: "18:00", endTime: "02:00" }]) { id } }`,
      { c, day: yesterday },
    );
    // inside last night's window: active, no rule holds
    expect((await s.gql(`query ($c: ID!) { campaign(id: $c) { status pauseReasons } }`, { c })).data.campaign).toEqual({
      status: 'ACTIVE',
      pauseReasons: [],
    });
    const page = await signedIn(await key('viewer'));
    await page.goto(`${s.url}/#/brands/${b}`);
    await page.locator('tr[data-campaign="Late show"]').waitFor();
    const upcoming = page.locator('.upcoming li', { hasText: 'Late show' });
    await expect
      .poll(() => upcoming.textContent(), { timeout: 10_000 })
      .toBe(`Late show pauses for dayparting at ${local(now, { weekday: 'short' })} 02:00 ${timezone} (its window closes)`);
    expect(await page.locator('main.brand').textContent()).not.toContain('Nothing changes');
    // the week draws the same window: yesterday 18:00–24:00, and its tail today 00:00–02:00
    expect(await page.locator(`.track[data-day="${yesterday}"] .slot`).getAttribute('style')).toMatch(/^left: 75%; width: 25%/);
    expect(await page.locator(`.track[data-day="${today}"] .slot.tail`).getAttribute('style')).toMatch(/^left: 0%; width: 8\.333\d*%/);
    await page.screenshot({ path: `${SHOTS}/dashboard-last-night.png`, fullPage: true });
    await page.context().close();
  });

  it('a brand stored with a zone the browser does not know (from before such zones were refused) breaks neither its page nor the live feed', async () => {
    const b = (await s.gql(`mutation { createBrand(input: { name: "Old Zone Brand", dailyBudget: "10.00" }) { id } }`)).data.createBrand.id;
    const c = (await s.gql(`mutation ($b: ID!) { createCampaign(input: { brandId: $b, name: "Old zone campaign" }) { id } }`, { b })).data
      .createCampaign.id;
    const page = await signedIn(await key('operator'));
    // a zone this PostgreSQL knows and this browser does not (posixrules, localtime…: which ones
    // depends on the server's zone data and the browser's), asked of the browser itself
    const zones = (await t.sql<{ name: string }>(`select name from pg_timezone_names order by name`)).map((z) => z.name);
    const zone = await page.evaluate(
      (names) =>
        names.find((timeZone) => {
          try {
            new Intl.DateTimeFormat('en', { timeZone });
            return false;
          } catch {
            return true;
          }
        }),
      zones,
    );
    if (zone === undefined) {
      // every zone this server knows, the browser knows too (PostgreSQL 18's own zone data): the
      // case cannot arise here; test/web/upcoming.test.ts holds the page's side of it
      await page.context().close();
      return;
    }
    await t.sql(`update brands set timezone = $2 where id = $1`, [b, zone]);
    await page.reload();
    await page.locator('tr[data-brand="Old Zone Brand"]').waitFor();
    await expect.poll(() => page.locator('.live').textContent()).toBe('● live');
    await s.gql(`mutation ($c: ID!) { pauseCampaign(id: $c) { status } }`, { c });
    await expect
      .poll(() => page.locator('.feed ol.events li').first().textContent())
      .toContain('Old zone campaign paused (manual) Old Zone Brand');
    await page.goto(`${s.url}/#/brands/${b}`);
    await expect
      .poll(() => page.locator('p.tz').textContent())
      .toContain(`UTC (this browser does not know the brand's time zone "${zone}")`);
    await page.getByRole('heading', { name: 'Old Zone Brand' }).waitFor();
    await page.context().close();
  });

  it('an operator makes a brand, a campaign and its windows in the page; errors show at their fields; an overnight window is drawn across midnight', async () => {
    const page = await signedIn(await key('operator'));
    await page.getByText('New brand').click();
    const form = page.locator('details.create form');
    await form.getByLabel('Name').fill('Made In The Page');
    await form.getByLabel('Timezone').fill('America/New_York');
    await form.getByLabel('Daily budget').fill('1.234');
    await form.getByRole('button', { name: 'Create brand' }).click();
    await expect.poll(() => page.locator('#brand-dailyBudget-error').textContent()).toContain('at most 2 decimals for USD');
    expect(await form.getByLabel('Daily budget').getAttribute('aria-invalid')).toBe('true');
    // a yen brand's budgets are whole yen: the form says so, and the service refuses a fraction at its field
    await form.getByLabel('Currency').fill('JPY');
    await expect.poll(() => form.textContent()).toContain('whole JPY, no decimals');
    await form.getByLabel('Daily budget').fill('1234.5');
    await form.getByRole('button', { name: 'Create brand' }).click();
    await expect.poll(() => page.locator('#brand-dailyBudget-error').textContent()).toContain('at most 0 decimals for JPY');
    await form.getByLabel('Daily budget').fill('200');
    await form.getByLabel('Timezone').fill('Mars/Olympus');
    await form.getByRole('button', { name: 'Create brand' }).click();
    await expect.poll(() => page.locator('#brand-timezone-error').textContent()).toMatch(/timezone/i);
    await form.getByLabel('Timezone').fill('America/New_York');
    // the same brand form as "Change budgets, timezone or alerts": its alert thresholds too
    expect(await form.getByLabel('Alert at (% of each budget)').inputValue()).toBe('80, 95');
    await form.getByLabel('Alert at (% of each budget)').fill('70, 90');
    await form.getByRole('button', { name: 'Create brand' }).click();
    await expect.poll(() => page.locator('main.brand h2').textContent()).toBe('Made In The Page');
    await expect.poll(() => page.locator('.budgets').textContent()).toContain('0 / 200 JPY');
    await page.getByText('Change budgets, timezone or alerts').click();
    expect(await page.getByLabel('Alert at (% of each budget)').inputValue()).toBe('70, 90');
    expect(await page.getByLabel('Timezone').inputValue()).toBe('America/New_York');

    await page.getByText('New campaign').click();
    await page.locator('details.create form').getByLabel('Name').fill('Evenings');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await page.locator('tr[data-campaign="Evenings"]').waitFor();
    // the form stays open: a second one with the same name is refused at its field
    await page.locator('details.create form').getByLabel('Name').fill('Evenings');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await expect.poll(() => page.locator('#campaign-name-error').textContent()).toMatch(/already/i);

    const editor = page.locator('.week-editor');
    await editor.getByRole('button', { name: 'Add window' }).click();
    await editor.getByLabel('Window 1 day').selectOption('FRIDAY');
    await editor.getByLabel('Window 1 start').fill('22:00');
    await editor.getByLabel('Window 1 end').fill('02:00');
    // a spend arriving meanwhile re-reads the page live, and leaves the draft alone
    const made = await s.gql(
      `{ brands(nameContains: "Made In The Page", first: 1) { edges { node { campaigns(first: 5) { edges { node { id } } } } } } }`,
    );
    const evenings = made.data.brands.edges[0].node.campaigns.edges[0].node.id;
    await s.gql(`mutation ($c: ID!) { recordSpend(input: { campaignId: $c, amount: "5" }) { duplicate } }`, { c: evenings });
    await expect.poll(() => page.locator('.budgets').textContent(), { timeout: 5_000 }).toContain('5 / 200 JPY');
    expect(await editor.getByLabel('Window 1 end').inputValue()).toBe('02:00');
    await editor.getByRole('button', { name: 'Add window' }).click();
    await editor.getByLabel('Window 2 start').fill('');
    await editor.getByRole('button', { name: 'Save windows' }).click();
    await expect.poll(() => page.locator('#w1-startTime-error').textContent()).toMatch(/startTime|time/i);
    await editor.getByRole('button', { name: 'Remove window 2' }).click();
    await editor.getByRole('button', { name: 'Save windows' }).click();
    await expect.poll(() => editor.getByRole('status').textContent()).toBe('Windows saved.');
    await expect.poll(() => page.locator('tr[data-campaign="Evenings"]').textContent()).toContain('1 window');
    // a Monday window added after Friday's: saved, the editor has nothing left to save (the service answers by day)
    await editor.getByRole('button', { name: 'Add window' }).click();
    await editor.getByRole('button', { name: 'Save windows' }).click();
    await expect.poll(() => page.locator('tr[data-campaign="Evenings"]').textContent()).toContain('2 windows');
    await expect.poll(() => editor.getByRole('status').textContent()).toBe('Windows saved.');
    expect(await editor.getByRole('button', { name: 'Save windows' }).isDisabled()).toBe(true);
    await editor.getByRole('button', { name: 'Remove window 1' }).click(); // Monday's, sorted first
    await editor.getByRole('button', { name: 'Save windows' }).click();
    await expect.poll(() => page.locator('tr[data-campaign="Evenings"]').textContent()).toContain('1 window');
    // Friday 22:00–02:00: two hours on Friday's row, its two-hour tail at the start of Saturday's
    const friday = editor.locator('.track[data-day="FRIDAY"] .slot');
    const saturday = editor.locator('.track[data-day="SATURDAY"] .slot.tail');
    expect(await friday.getAttribute('style')).toMatch(/^left: 91\.666\d*%; width: 8\.333\d*%/);
    expect(await saturday.getAttribute('style')).toMatch(/^left: 0%; width: 8\.333\d*%/);
    expect(await editor.textContent()).toContain('America/New_York wall-clock time');
    await page.screenshot({ path: `${SHOTS}/dashboard-windows.png`, fullPage: true });
    // the engine holds it: the campaign has exactly that window
    const windows = await s.gql(
      `{ brands(nameContains: "Made In The Page", first: 1) { edges { node { campaigns(first: 5) { edges { node { schedules { dayOfWeek startTime endTime } } } } } } } }`,
    );
    expect(windows.data.brands.edges[0].node.campaigns.edges[0].node.schedules).toEqual([
      { dayOfWeek: 'FRIDAY', startTime: '22:00', endTime: '02:00' },
    ]);
    await page.context().close();
  });

  it('can be used by keyboard alone, and every control has a label', async () => {
    const b = (await s.gql(`mutation { createBrand(input: { name: "Keyboard Brand", dailyBudget: "10.00" }) { id } }`)).data.createBrand.id;
    await s.gql(`mutation ($b: ID!) { createCampaign(input: { brandId: $b, name: "Keys" }) { id } }`, { b });
    const context = await offlineContext(browser, offsite);
    const page = await context.newPage();
    await page.goto(s.url);
    await tabTo(page, (el) => el.tag === 'INPUT' && el.label === 'API key');
    await page.keyboard.type(await key('operator'));
    await page.keyboard.press('Enter');
    await page.locator('tr[data-brand="Keyboard Brand"]').waitFor();
    const unlabelled = () =>
      page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('input, select, button, textarea')]
          .filter(
            (el) =>
              !(
                el.getAttribute('aria-label') ||
                (el as HTMLInputElement).labels?.length ||
                (el.tagName === 'BUTTON' && el.textContent?.trim())
              ),
          )
          .map((el) => el.outerHTML.slice(0, 80)),
      );
    expect(await unlabelled()).toEqual([]);
    await tabTo(page, (el) => el.tag === 'A' && el.text === 'Keyboard Brand', 400);
    await page.keyboard.press('Enter');
    await page.locator('tr[data-campaign="Keys"]').waitFor();
    await page.getByText('Change budgets, timezone or alerts').waitFor();
    for (const summary of await page.locator('details summary').all()) await summary.click(); // open every form to check its labels
    expect(await unlabelled()).toEqual([]);
    await tabTo(page, (el) => el.tag === 'BUTTON' && el.label === 'Pause Keys');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('tr[data-campaign="Keys"] .status').textContent()).toBe('paused: manual');
    await page.locator('tr[data-campaign="Keys"] button', { hasText: 'Resume' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('tr[data-campaign="Keys"] .status').textContent()).toBe('active');
    await context.close();
  });

  it('after the server restarts it says "reconnecting…", then resumes after the last event it showed: none missed', async () => {
    const first = await startServer({
      ...DEFAULTS,
      host: '127.0.0.1',
      port: 0,
      databaseUrl: t.url,
      adminKey: TEST_ADMIN_KEY,
      rateLimit: 100_000,
    });
    const port = Number(new URL(first.url).port);
    const asAdmin = (query: string, variables = {}) =>
      fetch(`${first.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_ADMIN_KEY}` },
        body: JSON.stringify({ query, variables }),
      }).then((r) => r.json() as Promise<{ data: any }>);
    const b = (await asAdmin(`mutation { createBrand(input: { name: "Restarted", dailyBudget: "5.00" }) { id } }`)).data.createBrand.id;
    const c = (await asAdmin(`mutation ($b: ID!) { createCampaign(input: { brandId: $b, name: "Through the restart" }) { id } }`, { b }))
      .data.createCampaign.id;
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
    const second = await startServer({
      ...DEFAULTS,
      host: '127.0.0.1',
      port,
      databaseUrl: t.url,
      adminKey: TEST_ADMIN_KEY,
      rateLimit: 100_000,
    });
    try {
      await expect.poll(() => page.locator('.live').textContent(), { timeout: 15_000 }).toBe('● live');
      await expect
        .poll(() => page.locator('.feed ol.events li').first().textContent(), { timeout: 10_000 })
        .toContain('Through the restart paused (daily budget)');
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
