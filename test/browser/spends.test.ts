// The dashboard's Spends page (`#/spends`) in headless Chromium, every request to another host
// blocked: every brand's spends paged through all of them (second and last page, with their
// counts), searched and filtered with the filters kept in the link, exported as CSV (the file read
// back), at desktop and phone width with the accessibility check, and filtered and paged by
// keyboard alone; and the Export CSV buttons of the overview, a brand's campaigns and its audit trail.
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { expectAccessible } from '../helpers/axe.ts';
import { CHROMIUM, signedIn as signIn, SHOTS, browserReady, built, tabTo } from '../helpers/browser.ts';
import type { TestDb } from '../helpers/db.ts';
import { closeServer, okData, serverForFile, type TestServer } from '../helpers/server.ts';

if (!browserReady)
  process.stderr.write(`spends browser tests skipped: ${built ? `no Chromium at ${CHROMIUM}` : 'web/dist not built (npm run build)'}\n`);

let t: TestDb;
let s: TestServer;
let browser: Browser;
const offsite: string[] = [];
let viewerKey: string;
let boots: string;
let acme: string;

/** Saves what `button` downloads and answers its rows (RFC 4180, as the service writes it). */
async function downloaded(page: Page, button: Locator): Promise<{ name: string; rows: string[][] }> {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const text = readFileSync((await download.path())!, 'utf8');
  const rows: string[][] = [];
  const cell = /("(?:[^"]|"")*"|[^,\r\n"]*)(,|\r\n)/g;
  let row: string[] = [];
  for (let m = cell.exec(text); m; m = cell.exec(text)) {
    row.push(m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replaceAll('""', '"') : m[1]!);
    if (m[2] === '\r\n') (rows.push(row), (row = []));
    if (cell.lastIndex === text.length) break;
  }
  return { name: download.suggestedFilename(), rows };
}

describe.skipIf(!browserReady)('the Spends page', () => {
  beforeAll(async () => {
    ({ t, s } = await serverForFile());
    const gql = (q: string, v?: Record<string, unknown>) => okData(s, q, v);
    const brand = async (name: string, currency: string, timezone: string, campaign: string) => {
      const b = (await gql(`mutation ($i: CreateBrandInput!) { createBrand(input: $i) { id } }`, { i: { name, currency, timezone } }))
        .createBrand.id as string;
      const c = (
        await gql(`mutation ($i: CreateCampaignInput!) { createCampaign(input: $i) { id } }`, { i: { brandId: b, name: campaign } })
      ).createCampaign.id as string;
      return { b, c };
    };
    const shoes = await brand('Acme Shoes', 'USD', 'America/New_York', 'Winter Boots');
    const noodles = await brand('Tokyo Noodles', 'JPY', 'Asia/Tokyo', 'Ramen Week');
    acme = shoes.b;
    boots = shoes.c;
    // 120 of Acme's (newest: row 120), 30 of Tokyo's from a sync, a day apart in November
    await t.sql(
      `insert into spends (brand_id, campaign_id, amount, occurred_at, source, recorded_by, description)
       select brand_id, id, 1000 * g + 50, timestamptz '2026-11-01T12:00:00Z' + g * interval '2 hours', 'api', 'ops', 'boots ' || g
       from campaigns, generate_series(1, 120) g where id = $1`,
      [shoes.c],
    );
    await t.sql(
      `insert into spends (brand_id, campaign_id, amount, occurred_at, source, recorded_by, description)
       select brand_id, id, 1000 * (1000 + g), timestamptz '2026-11-01T13:00:00Z' + g * interval '3 hours', 'meta-sync', 'meta-importer', 'ramen ' || g
       from campaigns, generate_series(1, 30) g where id = $1`,
      [noodles.c],
    );
    // the oldest: a correction with a comma and quotes
    await gql(`mutation ($i: SpendInput!) { recordSpend(input: $i) { duplicate } }`, {
      i: { campaignId: shoes.c, amount: '-1.25', occurredAt: '2026-10-31T08:00:00Z', description: 'refund, "boots" returned' },
    });
    viewerKey = (await gql(`mutation { createApiKey(name: "buyer", role: viewer) { key } }`)).createApiKey.key as string;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    mkdirSync(SHOTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await closeServer(t, s);
  });

  const status = (page: Page) => page.getByRole('status').filter({ hasText: /Spends|No spends|Loading/ });

  it('pages through all 151 spends, searches and filters (kept in the link), and exports what it shows, at desktop width', async () => {
    const page = await signIn(browser, offsite, s.url, viewerKey, 1300);
    await page.getByRole('link', { name: 'Spends' }).click();
    await expect.poll(() => status(page).textContent()).toBe('Spends 1–50 of 151');
    const firstRow = page.locator('table.spends tbody tr').first();
    await expect.poll(() => firstRow.textContent()).toContain('boots 120');
    // the brand's clock and zone; exact money with its currency
    expect(await firstRow.textContent()).toMatch(/Acme Shoes.*Winter Boots.*120\.05 USD.*America\/New_York.*2026-11-11.*daily.*api.*ops/);
    await expectAccessible(page, 'the Spends page at 1300 px');
    await page.screenshot({ path: `${SHOTS}/dashboard-spends.png`, fullPage: true });

    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => status(page).textContent()).toBe('Spends 51–100 of 151');
    expect(page.url()).toContain('start=51');
    // the last 50, and the 50 before them
    await page.getByRole('button', { name: 'Last' }).click();
    await expect.poll(() => status(page).textContent()).toBe('Spends 102–151 of 151');
    expect(page.url()).toMatch(/#\/spends\?last=1$/);
    expect(await page.locator('table.spends tbody tr').last().textContent()).toContain('-1.25 USD');
    await page.getByRole('button', { name: 'Previous' }).click();
    await expect.poll(() => status(page).textContent()).toBe('Spends 52–101 of 151');

    // a filter goes back to the first page
    await page.getByLabel('Search').fill('TOKYO');
    await expect.poll(() => status(page).textContent()).toBe('Spends 1–30 of 30');
    expect(page.url()).toMatch(/#\/spends\?search=TOKYO$/);
    await page.getByLabel('Source').fill('meta-sync');
    await page.getByLabel('From').fill('2026-11-04');
    await expect.poll(() => status(page).textContent()).toBe('Spends 1–14 of 14');
    await page.getByLabel('Recorded by').fill('ops');
    await expect.poll(() => status(page).textContent()).toBe('No spends match.');
    await page.getByLabel('Recorded by').fill('meta-importer');
    await expect.poll(() => status(page).textContent()).toBe('Spends 1–14 of 14');
    const file = await downloaded(page, page.getByRole('button', { name: 'Export CSV: spends' }));
    expect(file.name).toBe('spends.csv');
    const [header, ...rows] = file.rows;
    expect(rows).toHaveLength(14);
    const col = (name: string) => header!.indexOf(name);
    expect(rows.map((r) => r[col('amount')])).toEqual(Array.from({ length: 14 }, (_, i) => String(1030 - i)));
    expect(rows[0]![col('occurred_at_local')]).toBe('2026-11-05T16:00:00+09:00');
    expect(new Set(rows.map((r) => r[col('source')]))).toEqual(new Set(['meta-sync']));

    // the link is shared: another tab opens on the same filters
    const shared = page.url();
    const other = await signIn(browser, offsite, shared, viewerKey, 1300);
    await expect.poll(() => status(other).textContent()).toBe('Spends 1–14 of 14');
    expect(await other.getByLabel('Search').inputValue()).toBe('TOKYO');
    await other.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => status(other).textContent()).toBe('Spends 1–50 of 151');

    // a brand's own campaign, and a description with a comma and quotes in the file
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('Brand').selectOption({ label: 'Acme Shoes' });
    await page.getByLabel('Campaign').selectOption({ label: 'Winter Boots' });
    await expect.poll(() => status(page).textContent()).toBe('Spends 1–50 of 121');
    const acmeFile = await downloaded(page, page.getByRole('button', { name: 'Export CSV: spends' }));
    expect(acmeFile.rows).toHaveLength(122);
    expect(acmeFile.rows.at(-1)).toContain('refund, "boots" returned');
    expect(acmeFile.rows.at(-1)).toContain('-1.25');
  }, 90_000);

  it('at phone width: accessible, and Export CSV of the overview, a brand’s campaigns and its audit trail', async () => {
    const page = await signIn(browser, offsite, s.url, viewerKey, 375);
    const brands = await downloaded(page, page.getByRole('button', { name: 'Export CSV: brands' }));
    expect(brands.name).toBe('brands.csv');
    expect(brands.rows.slice(1).map((r) => r[brands.rows[0]!.indexOf('name')])).toEqual(['Acme Shoes', 'Tokyo Noodles']);
    await page.getByRole('link', { name: 'Spends' }).click();
    await expect.poll(() => status(page).textContent()).toBe('Spends 1–50 of 151');
    await expectAccessible(page, 'the Spends page at 375 px');

    await page.goto(`${s.url}/#/brands/${acme}`);
    const campaigns = await downloaded(page, page.getByRole('button', { name: 'Export CSV: campaigns' }));
    expect(campaigns.rows.slice(1).map((r) => r[campaigns.rows[0]!.indexOf('name')])).toEqual(['Winter Boots']);
    const audit = await downloaded(page, page.getByRole('button', { name: 'Export CSV: audit trail' }));
    expect(audit.name).toBe('audit-trail.csv');
    expect(audit.rows.slice(1).map((r) => r[audit.rows[0]!.indexOf('action')])).toEqual(['brand.create', 'campaign.create']); // oldest first, as the list answers
  }, 60_000);

  it('keyboard only: search, then page', async () => {
    const page = await signIn(browser, offsite, `${s.url}/#/spends`, viewerKey, 1300);
    await expect.poll(() => status(page).textContent()).toBe('Spends 1–50 of 151');
    await tabTo(page, page.getByLabel('Search'));
    await page.keyboard.type('acme');
    await expect.poll(() => status(page).textContent()).toBe('Spends 1–50 of 121');
    await tabTo(page, page.getByRole('button', { name: 'Next' }));
    await page.keyboard.press('Enter');
    await expect.poll(() => status(page).textContent()).toBe('Spends 51–100 of 121');
    await page.keyboard.press('Enter');
    await expect.poll(() => status(page).textContent()).toBe('Spends 101–121 of 121');
    await tabTo(page, page.getByRole('button', { name: 'Previous' }));
    await page.keyboard.press('Space');
    await expect.poll(() => status(page).textContent()).toBe('Spends 51–100 of 121');
  }, 60_000);

  // last: it adds a spend
  it('a spend that arrives while paging neither repeats a row on the next page nor skips one', async () => {
    const page = await signIn(browser, offsite, `${s.url}/#/spends`, viewerKey, 1300);
    await expect.poll(() => status(page).textContent()).toBe('Spends 1–50 of 151');
    const rows = page.locator('table.spends tbody tr');
    const lastShown = await rows.last().textContent();
    await okData(s, `mutation ($c: ID!) { recordSpend(input: { campaignId: $c, amount: "7.00" }) { duplicate } }`, { c: boots });
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => status(page).textContent()).toBe('Spends 51–100 of 152');
    expect(await rows.first().textContent()).not.toBe(lastShown);
    await page.getByRole('button', { name: 'Previous' }).click();
    await expect.poll(() => status(page).textContent()).toBe('Spends 1–50 of 152');
    expect(await rows.first().textContent()).toContain('7.00 USD');
    await page.context().close();
  });
});
