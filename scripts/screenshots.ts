// `npm run screenshots`: docs/dashboard.png, docs/brand.png and docs/windows.png, the dashboard of a
// running `budget demo` (seeded brands, three of them spending live on simulated Google Ads and Meta
// accounts), taken by headless Chromium (/usr/bin/chromium or CHROMIUM_PATH) once the demo's first
// brand has used up its daily budget and is paused on the platforms. The demo runs on a fresh
// database (embedded, or a new one on DATABASE_URL's server) and is stopped afterwards.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { ADMIN_KEY, benchDatabase, graphql } from '../bench/lib.ts';
import { freePort } from '../src/db/embedded.ts';
import { CHROMIUM } from '../test/helpers/browser.ts';

const db = await benchDatabase();
try {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const demo = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'demo', '--pace', '30'], {
    env: { ...process.env, DATABASE_URL: db.url, PORT: String(port), LOG_LEVEL: 'warn', BUDGET_ADMIN_KEY: ADMIN_KEY },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  demo.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => demo.once('exit', () => resolve()));
  try {
    // the demo's first brand, once it is paused on the platforms (its line in the demo's report)
    const deadline = Date.now() + 180_000;
    let brand: string | undefined;
    while (!(brand = /\] of the daily budget: (.+?) [0-9]+ % \([0-9]+ paused on the platforms\)/.exec(output)?.[1])) {
      if (Date.now() > deadline || demo.exitCode !== null) throw new Error(`the demo did not pause a brand:\n${output}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const key = (await graphql(url, 'mutation { createApiKey(name: "ops desk", role: operator) { key } }')).createApiKey.key as string;
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
      await page.goto(url);
      await page.getByLabel('API key').fill(key);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('tbody tr').first().waitFor();
      await page.locator('.live.live').waitFor();
      // the brands furthest into their daily budgets first: the demo's, moving
      await page.getByLabel('Sort').selectOption('daily');
      mkdirSync('docs', { recursive: true });
      await page.screenshot({ path: 'docs/dashboard.png' });
      // the demo's paused brand, tall enough to show its campaigns "PAUSED (by us)" on Google Ads and Meta
      await page.getByRole('link', { name: brand, exact: true }).first().click();
      await page.setViewportSize({ width: 1360, height: 1400 });
      await page.locator('tr[data-campaign]').first().waitFor();
      await page.waitForFunction(() => !document.body.textContent?.includes('Asking the engine'));
      await page.screenshot({ path: 'docs/brand.png' });
      // the week of its campaign with the most windows
      const links = page.getByRole('button', { name: /: windows of / });
      const counts = await links.allTextContents();
      const most = counts.map((t) => Number(/^(\d+) window/.exec(t)?.[1] ?? 0)).reduce((best, n, i, all) => (n > all[best]! ? i : best), 0);
      await links.nth(most).click();
      await page.locator('#windows').screenshot({ path: 'docs/windows.png' });
    } finally {
      await browser.close();
    }
  } finally {
    demo.kill('SIGINT'); // Ctrl-C: the demo disconnects its accounts and stops
    await exited;
  }
} finally {
  await db.drop();
}
