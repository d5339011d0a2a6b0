// `npm run screenshots`: docs/dashboard.png, docs/brand.png and docs/windows.png, the dashboard over `budget seed`'s
// demo data, taken by headless Chromium (/usr/bin/chromium or CHROMIUM_PATH) from a service on a
// fresh database (embedded, or a new one on DATABASE_URL's server).
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { benchDatabase, cli, graphql, startService } from '../bench/lib.ts';
import { CHROMIUM } from '../test/helpers/browser.ts';

const db = await benchDatabase();
try {
  cli(db.url, 'seed', '--brands', '30', '--campaigns-per-brand', '6', '--spends-per-campaign', '12');
  const service = await startService(db.url);
  const key = (await graphql(service.url, 'mutation { createApiKey(name: "ops desk", role: operator) { key } }')).createApiKey
    .key as string;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
    await page.goto(service.url);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('tbody tr').first().waitFor();
    await page.locator('.live.live').waitFor();
    mkdirSync('docs', { recursive: true });
    await page.screenshot({ path: 'docs/dashboard.png' });
    // the brand furthest into its daily budget
    await page.getByLabel('Sort').selectOption('daily');
    await page.locator('tbody tr th a').first().click();
    await page.locator('tr[data-campaign]').first().waitFor();
    await page.waitForFunction(() => !document.body.textContent?.includes('Asking the engine'));
    await page.screenshot({ path: 'docs/brand.png' });
    // the week of its campaign with the most windows
    const links = page.getByRole('button', { name: /^Windows of / });
    const counts = await links.allTextContents();
    const most = counts.map((t) => Number(/^(\d+) window/.exec(t)?.[1] ?? 0)).reduce((best, n, i, all) => (n > all[best]! ? i : best), 0);
    await links.nth(most).click();
    await page.locator('#windows').screenshot({ path: 'docs/windows.png' });
  } finally {
    await browser.close();
    await service.stop();
  }
} finally {
  await db.drop();
}
