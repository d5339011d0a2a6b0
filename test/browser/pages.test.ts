// GraphiQL and Swagger UI in a real browser (Debian's Chromium, headless) with every request to a
// host other than this machine blocked, as on a network without internet: the pages must work
// from this server alone. Screenshots go to test-results/.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { closeServer, serverForFile, type TestServer } from '../helpers/server.ts';
import type { TestDb } from '../helpers/db.ts';
import { CHROMIUM, hasChromium, offlineContext, SHOTS } from '../helpers/browser.ts';
import { waitFor } from '../helpers/wait.ts';
import { startedSubscriptions } from '../helpers/ws.ts';

const present = hasChromium;
if (!present) process.stderr.write(`browser tests skipped: no Chromium at ${CHROMIUM} (.ci/run installs it; apt-get install chromium)\n`);

let t: TestDb;
let s: TestServer;
let browser: Browser;
let key: string;
const offsite: string[] = [];

describe.skipIf(!present)('the service’s own pages, offline', () => {
  beforeAll(async () => {
    ({ t, s } = await serverForFile());
    key = (await s.gql(`mutation { createApiKey(name: "graphiql user", role: admin) { key } }`)).data.createApiKey.key;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await closeServer(t, s);
  });

  /** A page where anything not from this machine is refused (and remembered). */
  async function offline(viewport?: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await offlineContext(browser, offsite, viewport);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    return { context, page, errors };
  }

  it('serves HTML that names no other host, under a CSP allowing this origin only', async () => {
    for (const path of ['/graphql', '/api/docs']) {
      const res = await fetch(`${s.url}${path}`, { headers: { accept: 'text/html' } });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'.*script-src 'self'/);
    }
  });

  it('GraphiQL renders, introspects with the key from the address, runs a query and shows the answer', async () => {
    const { context, page, errors } = await offline();
    try {
      await s.gql(`mutation { createBrand(input: { name: "Shown In GraphiQL" }) { id } }`);
      await page.goto(`${s.url}/graphql#key=${key}`);
      await page.locator('.graphiql-container').first().waitFor({ timeout: 30_000 });
      expect(page.url()).not.toContain(key); // taken out of the address bar
      await run(page, '{ brands(first: 5) { edges { node { name } } } }');
      await expect.poll(() => result(page), { timeout: 20_000 }).toContain('Shown In GraphiQL');
      // introspection with the key: the documentation explorer lists the schema's types
      await page.locator('button[aria-label="Show Documentation Explorer"]').click();
      await page.getByText('Query', { exact: true }).first().waitFor();
      await page.screenshot({ path: `${SHOTS}/graphiql.png` });
      expect(errors.filter((e) => !/favicon/.test(e))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('GraphiQL is usable at phone width (375 px): the editor above the answer, each as wide as the page, and a query runs', async () => {
    const { context, page, errors } = await offline({ width: 375, height: 740 });
    try {
      await s.gql(`mutation { createBrand(input: { name: "Seen On A Phone" }) { id } }`);
      await page.goto(`${s.url}/graphql#key=${key}`);
      await page.locator('.graphiql-container').first().waitFor({ timeout: 30_000 });
      // a short answer: the response editor renders only the lines in view
      await run(page, '{ brand: brands(nameContains: "On A Phone") { totalCount } }');
      await expect.poll(() => result(page), { timeout: 20_000 }).toMatch(/"totalCount": 1/);
      const box = async (selector: string) => (await page.locator(selector).first().boundingBox())!;
      const [editors, answer] = [await box('.graphiql-editors'), await box('.graphiql-response')];
      expect(editors.width).toBeGreaterThan(250);
      expect(answer.width).toBeGreaterThan(250);
      expect(answer.y).toBeGreaterThanOrEqual(editors.y + editors.height - 1); // below, not beside
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await page.screenshot({ path: `${SHOTS}/graphiql-375.png` });
      expect(errors.filter((e) => !/favicon/.test(e))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a subscription in GraphiQL receives a pause', async () => {
    const { context, page } = await offline();
    try {
      const brand = (await s.gql(`mutation { createBrand(input: { name: "Watched", dailyBudget: "1.00" }) { id } }`)).data.createBrand.id;
      const campaign = (
        await s.gql(`mutation ($b: ID!) { createCampaign(input: { brandId: $b, name: "Watched campaign" }) { id } }`, { b: brand })
      ).data.createCampaign.id;
      await page.goto(`${s.url}/graphql#key=${key}`);
      await page.locator('.graphiql-container').first().waitFor({ timeout: 30_000 });
      const before = await startedSubscriptions(s.url);
      await run(page, `subscription { campaignStatusChanged(brandId: "${brand}") { campaignName toStatus toReason } }`);
      await waitFor(async () => (await startedSubscriptions(s.url)) > before, { what: 'the server to register the subscription' });
      await s.gql(`mutation ($c: ID!) { recordSpend(input: { campaignId: $c, amount: "1.00" }) { duplicate } }`, { c: campaign });
      await expect.poll(() => result(page), { timeout: 20_000 }).toContain('DAILY_BUDGET');
      expect(await result(page)).toContain('Watched campaign');
      await page.screenshot({ path: `${SHOTS}/graphiql-subscription.png` });
    } finally {
      await context.close();
    }
  });

  it('Swagger UI renders and lists the REST operations, by resource', async () => {
    const { context, page, errors } = await offline();
    try {
      await page.goto(`${s.url}/api/docs`);
      await page.locator('.opblock').first().waitFor({ timeout: 30_000 });
      const paths = await page.locator('.opblock-summary-path').allTextContents();
      expect(paths.map((p) => p.replace(/\u200b/g, ''))).toEqual(
        expect.arrayContaining(['/api/brands/', '/api/spends/', '/api/schedules/{id}/']),
      );
      expect(await page.locator('.opblock-tag').allTextContents()).toEqual(
        ['Brands', 'Campaigns', 'Spends', 'Schedules', 'Overrides', 'Audit trail', 'Enforcement'].map((tag) =>
          expect.stringContaining(tag),
        ),
      );
      await page.screenshot({ path: `${SHOTS}/swagger.png`, fullPage: false });
      // Authorize with a key, then try GET /api/brands/: the answer comes from this server, with the key
      await page.getByRole('button', { name: 'Authorize' }).first().click();
      await page.locator('#auth-bearer-value').fill(key);
      await page.locator('.modal-ux').getByRole('button', { name: 'Apply credentials' }).click();
      await page.locator('.modal-ux').getByRole('button', { name: 'Close' }).click();
      const brands = page.locator('#operations-Brands-brands_list');
      await brands.locator('.opblock-summary').click();
      await brands.getByRole('button', { name: 'Try it out' }).click();
      await brands.getByRole('button', { name: 'Execute' }).click();
      await expect
        .poll(() => brands.locator('.live-responses-table tbody .response-col_status').first().textContent(), { timeout: 10_000 })
        .toContain('200');
      await page.screenshot({ path: `${SHOTS}/swagger-try.png`, fullPage: false });
      expect(errors).toEqual([]);
      // the service's icon, at the address the page names and the one a browser asks for by itself
      for (const icon of ['/favicon.svg', '/favicon.ico']) {
        const res = await fetch(`${s.url}${icon}`);
        expect([res.status, res.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);
        expect(await res.text()).toMatch(/^<svg /);
      }
    } finally {
      await context.close();
    }
  });

  it('asked for nothing from another host', () => {
    expect(offsite).toEqual([]);
  });
});

/** Replaces the operation in GraphiQL's editor and runs it. */
async function run(page: Page, query: string) {
  const editor = page.locator('.graphiql-query-editor .monaco-editor').first();
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(query);
  // GraphiQL reads the operation (and its name) from the editor a moment after an edit, as it stores the text
  await page.waitForFunction((q) => localStorage.getItem('graphiql:query') === q, query);
  await page.locator('button.graphiql-execute-button').click();
}

async function result(page: Page): Promise<string> {
  // the response editor renders spaces as no-break spaces
  return ((await page.locator('.graphiql-response').first().textContent()) ?? '').replace(/\u00a0/g, ' ');
}
