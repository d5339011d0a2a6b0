// Issue 26, "say one thing at a time, and say it right", in headless Chromium: a bar is amber when
// its pacing says the budget runs out (however little is used), the overview says the pace too; an
// alert that jumps past two thresholds is one line saying where the spend is; the feed's times are
// on the viewer's clock with the brand's beside them; on a phone the feed is one tap away; a form
// names every wrong field after one submit; "0 paused" is not red; the favicon loads; the overview
// and a brand page pass the accessibility check at desktop and phone width.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { closeServer, serverForFile, type TestServer } from '../helpers/server.ts';
import type { TestDb } from '../helpers/db.ts';
import { expectAccessible } from '../helpers/axe.ts';
import { CHROMIUM, signedIn as signIn, SHOTS, browserReady } from '../helpers/browser.ts';

let t: TestDb;
let s: TestServer;
let browser: Browser;
const offsite: string[] = [];

/** A fixed-offset zone whose wall clock reads `hour` o'clock (give or take the minutes) now. */
function zoneAt(hour: number): string {
  let offset = (((hour - new Date().getUTCHours()) % 24) + 24) % 24;
  if (offset > 11) offset -= 24;
  return offset === 0 ? 'UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`; // Etc/GMT-3 is UTC+3
}

describe.skipIf(!browserReady)('the dashboard says one thing at a time, and says it right', () => {
  let operator: string;
  beforeAll(async () => {
    ({ t, s } = await serverForFile());
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    mkdirSync(SHOTS, { recursive: true });
    operator = (await s.gql(`mutation { createApiKey(name: "wording", role: operator) { key } }`)).data.createApiKey.key;
  });
  afterAll(async () => {
    await browser?.close();
    await closeServer(t, s);
  });

  const signedIn = (width?: number) => signIn(browser, offsite, s.url, operator, width);
  const brandWith = async (name: string, timezone: string, spent: string) => {
    const b = (
      await s.gql(
        `mutation ($n: String!, $tz: TimeZone) { createBrand(input: { name: $n, timezone: $tz, dailyBudget: "100.00" }) { id } }`,
        {
          n: name,
          tz: timezone,
        },
      )
    ).data.createBrand.id as string;
    const c = (await s.gql(`mutation ($b: ID!) { createCampaign(input: { brandId: $b, name: "${name} search" }) { id } }`, { b })).data
      .createCampaign.id as string;
    await s.gql(`mutation ($c: ID!, $a: Money!) { recordSpend(input: { campaignId: $c, amount: $a }) { duplicate } }`, { c, a: spent });
    return { b, c };
  };

  it('30 % used at 03:00 is projected to run out: amber, with the pace beside it, on the overview and its page; at 20:00 it is green', async () => {
    const early = await brandWith('Early Spender', zoneAt(3), '30.00');
    await brandWith('Late Spender', zoneAt(20), '30.00');
    const page = await signedIn();
    const row = (name: string) => page.locator(`tr[data-brand="${name}"] .budget`).first();
    await expect
      .poll(() => row('Early Spender').textContent(), { timeout: 10_000 })
      .toMatch(/30\.00 \/ 100\.00 USD · 70\.00 left · runs out ~\d\d:\d\d/);
    expect(await row('Early Spender').getAttribute('data-level')).toBe('warn');
    await expect.poll(() => row('Late Spender').textContent()).toMatch(/70\.00 left · under pace/);
    expect(await row('Late Spender').getAttribute('data-level')).toBe('ok');
    // the meter itself is amber (suboptimal: its value between low and high, the optimum below low), not green
    const meter = await page
      .locator('tr[data-brand="Early Spender"] meter')
      .first()
      .evaluate((m: HTMLMeterElement) => ({ optimum: m.optimum, low: m.low, value: m.value, high: m.high }));
    expect(meter.optimum < meter.low && meter.low < meter.value && meter.value <= meter.high).toBe(true);
    await page.goto(`${s.url}/#/brands/${early.b}`);
    const today = page.locator('.budgets .budget').first();
    await expect.poll(() => today.getAttribute('data-level')).toBe('warn');
    expect(await page.locator('ul.pace li').first().textContent()).toMatch(/OVER · at this rate: \d\d:\d\d/);
    await page.screenshot({ path: `${SHOTS}/wording-pace.png` });
    await page.context().close();
  });

  it('a jump past 80 % and 95 % at once is one alert line saying where the spend is; times on the viewer’s clock, the brand’s beside', async () => {
    const page = await signedIn();
    await expect.poll(() => page.locator('.live').first().textContent(), { timeout: 10_000 }).toBe('● live');
    const viewer = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(await page.locator('#feed-heading').textContent()).toContain(`times in ${viewer}`);
    const elsewhere = viewer === 'UTC' ? zoneAt((new Date().getUTCHours() + 5) % 24) : 'UTC';
    const { c } = await brandWith('Jumping Brand', elsewhere, '30.00');
    await s.gql(`mutation ($c: ID!) { recordSpend(input: { campaignId: $c, amount: "162.40" }) { duplicate } }`, { c });
    const lines = page.locator('.feed ol.alerts li', { hasText: 'Jumping Brand' });
    await expect
      .poll(() => lines.first().textContent(), { timeout: 10_000 })
      .toMatch(/^\d\d:\d\d \(\d\d:\d\d [^)]+ brand time\) Jumping Brand reached 192 % of its daily budget \(192\.40 of 100\.00 USD\)$/);
    expect(await lines.count()).toBe(1);
    // the time shown first is the viewer's clock
    const [shown, at] = await lines
      .first()
      .locator('time')
      .evaluate((el) => [el.textContent, el.getAttribute('datetime')] as const);
    expect(shown).toBe(
      new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: viewer }).format(new Date(at!)),
    );
    await page.context().close();
  });

  it('on a phone (375 px) the feed is one tap away, by keyboard too; on a desktop the button is not there', async () => {
    // enough brands that the feed, after them on a phone, is well out of view
    for (let i = 0; i < 12; i++) await s.gql(`mutation { createBrand(input: { name: "Phone filler ${i}", dailyBudget: "50.00" }) { id } }`);
    const phone = await signedIn(375);
    const button = phone.getByRole('button', { name: /^Live feed/ });
    await phone.locator('tr[data-brand="Phone filler 9"]').waitFor();
    expect((await button.boundingBox())!.y).toBeLessThan(200);
    const feed = phone.locator('aside.feed');
    expect((await feed.boundingBox())!.y).toBeGreaterThan(850); // below the brands, out of view
    await button.focus();
    await phone.keyboard.press('Enter');
    // in view: at the top of the screen, or as far up as the page's end lets it come
    await expect.poll(async () => (await feed.boundingBox())!.y).toBeLessThan(850);
    const shown = (await feed.boundingBox())!;
    expect(shown.y).toBeGreaterThanOrEqual(0);
    expect(shown.y + Math.min(shown.height, 400)).toBeLessThanOrEqual(851); // its top 400 px (or all of it) on screen
    expect(await phone.evaluate(() => document.activeElement?.id)).toBe('feed');
    await phone.screenshot({ path: `${SHOTS}/wording-feed-375.png` });
    await expectAccessible(phone, 'the overview at 375 px');
    await phone.context().close();
    const desktop = await signedIn(1300);
    await desktop.locator('aside.feed').waitFor();
    expect(await desktop.getByRole('button', { name: /^Live feed/ }).isVisible()).toBe(false);
    await expectAccessible(desktop, 'the overview at 1300 px');
    await desktop.context().close();
  });

  it('the brand form names all three wrong fields after one submit, writes nothing, and upper-cases the currency as typed', async () => {
    const page = await signedIn();
    await page.getByText('New brand').click();
    await page.locator('#brand-name').fill('Three Mistakes');
    await page.locator('#brand-currency').fill('dollars');
    await page.locator('#brand-timezone').fill('Europe/Pariss');
    await page.locator('#brand-dailyBudget').fill('12,50');
    await page.getByRole('button', { name: 'Create brand' }).click();
    await expect.poll(() => page.locator('#brand-currency-error').textContent()).toMatch(/ISO 4217/);
    expect(await page.locator('#brand-timezone-error').textContent()).toMatch(/Europe\/Pariss/);
    expect(await page.locator('#brand-dailyBudget-error').textContent()).toMatch(/dailyBudget/);
    for (const field of ['currency', 'timezone', 'dailyBudget'])
      expect(await page.locator(`#brand-${field}`).getAttribute('aria-invalid')).toBe('true');
    expect(await t.sql(`select 1 from brands where name = 'Three Mistakes'`)).toEqual([]);
    // typed lower-case, shown and sent upper-case; the rest put right: saved
    await page.locator('#brand-currency').fill('eur');
    expect(await page.locator('#brand-currency').inputValue()).toBe('EUR');
    await page.locator('#brand-timezone').fill('Europe/Paris');
    await page.locator('#brand-dailyBudget').fill('12.50');
    await page.getByRole('button', { name: 'Create brand' }).click();
    await page.getByRole('heading', { name: 'Three Mistakes' }).waitFor();
    expect(await t.sql(`select currency, daily_budget::text from brands where name = 'Three Mistakes'`)).toEqual([
      { currency: 'EUR', daily_budget: '12500' },
    ]);
    await page.context().close();
  });

  it('"0 paused" is not red; the favicon loads without a 404; a brand page passes the accessibility check at 1300 and 375 px', async () => {
    const { b } = await brandWith('Calm Brand', 'UTC', '1.00');
    for (const width of [1300, 375]) {
      const page = await signedIn(width);
      const failed: string[] = [];
      page.on('response', (r) => r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`));
      page.on('console', (m) => m.type() === 'error' && failed.push(m.text()));
      const none = page.locator('tr[data-brand="Calm Brand"] .campaigns span', { hasText: '0 paused' });
      await none.waitFor({ timeout: 10_000 });
      expect(await none.evaluate((el) => getComputedStyle(el).color)).not.toBe('rgb(179, 38, 30)');
      const icon = await page.evaluate(async () => {
        const href = document.querySelector<HTMLLinkElement>('link[rel="icon"]')!.href;
        const res = await fetch(href);
        return [res.status, res.headers.get('content-type')];
      });
      expect(icon).toEqual([200, 'image/svg+xml']);
      await page.goto(`${s.url}/#/brands/${b}`);
      await page.getByRole('heading', { name: 'Calm Brand' }).waitFor();
      await page.locator('.scroll').first().waitFor();
      await expectAccessible(page, `a brand page at ${width} px`);
      await page.screenshot({ path: `${SHOTS}/wording-brand-${width}.png`, fullPage: width === 375 });
      expect(failed).toEqual([]);
      await page.context().close();
    }
  });

  it('asked for nothing from another host', () => {
    expect(offsite).toEqual([]);
  });
});
